"""Closing the window while work runs: one question names it all; No keeps it going, Yes stops it.

The work is held on its worker thread at its first progress (a slot connected straight on that
thread waits), so it is surely still running when the window is closed. The question is the
real message box, answered by clicking its button; offscreen the window would not ask (nobody
could answer), so each test lets it (`WindowDialogs.can_ask`).
"""

import threading

import pytest
from PyQt5 import QtCore, QtWidgets

from gui.evaluation_worker import EVALUATE
from gui.model_worker import BATCH
from tests import gui_helpers
from tests.gui_helpers import BLUE, RED

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
HOLD_SECONDS = 20  # A held worker goes on by itself after this, so a failing test cannot hang.


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quit_material")
    photos = folder / "photos"
    for index in range(4 * 32):  # Four batches: the worker checks for a stop between them.
        gui_helpers.solid_image(photos / f"IMG_{index:03d}.png", RED if index % 2 else BLUE, size=8, seed=index)
    return {"model": gui_helpers.color_model(folder / "color.keras"), "photos": photos,
            "labelled": gui_helpers.color_dataset(folder / "labelled", per_class=4)}


class Hold:
    """Holds a worker thread at the first emission of `signal` until `release` (the test's end at the latest)."""

    def __init__(self, signal):
        self.reached = threading.Event()
        self._released = threading.Event()
        signal.connect(self._wait, QtCore.Qt.DirectConnection)  # Runs on the worker's thread.

    def _wait(self, *_arguments):
        if not self.reached.is_set():
            self.reached.set()
            self._released.wait(HOLD_SECONDS)

    def release(self):
        self._released.set()


@pytest.fixture()
def holds():
    """Makes `Hold`s, released at the end whatever happens (a held thread would stop the window's closing)."""
    made = []

    def make(signal):
        made.append(Hold(signal))
        return made[-1]

    yield make
    for hold in made:
        hold.release()


@pytest.fixture()
def window(make_window, material, qtbot):
    window = make_window(material["model"])
    window.dialogs.can_ask = True
    yield window
    window.dialogs.can_ask = False  # The teardown closes it: nobody is left to answer.


def answer_question(button, before=lambda: None):
    """Clicks `button` of the next message box once it is shown (calling `before` first); returns [its text]."""
    asked = []

    def answer(tries=500):
        box = QtWidgets.QApplication.activeModalWidget()
        if isinstance(box, QtWidgets.QMessageBox):
            asked.append(box.text())
            before()
            box.button(button).click()
        elif tries:
            QtCore.QTimer.singleShot(10, lambda: answer(tries - 1))

    QtCore.QTimer.singleShot(0, answer)
    return asked


def test_closing_during_a_folder_classification_asks_no_keeps_it_and_yes_stops_it(window, material, qtbot, holds):
    hold = holds(window.manager.batch_progress)
    finished = []
    window.manager.batch_finished.connect(finished.append, QtCore.Qt.DirectConnection)
    window.open_folder(material["photos"])
    qtbot.waitUntil(hold.reached.is_set, timeout=STEP_TIMEOUT_MS)

    # It quit at once: the classification was lost without a word.
    asked = answer_question(QtWidgets.QMessageBox.No)
    assert not window.close()
    assert asked == ["A folder is being classified. Stop the classification and quit?"]
    assert window.isVisible() and window.batch_table.is_running() and window.manager.is_busy(BATCH)

    asked = answer_question(QtWidgets.QMessageBox.Yes, before=hold.release)
    assert window.close()
    assert len(asked) == 1 and not window.isVisible()
    assert not window.manager.is_running() and not window.manager.is_busy(BATCH)
    assert finished and finished[0].cancelled and len(finished[0].rows) < finished[0].total


def test_one_question_names_everything_still_running(window, material, qtbot, holds):
    batch = holds(window.manager.batch_progress)
    evaluation = holds(window.manager.evaluation_progress)
    window.open_folder(material["photos"])
    dialog = window.evaluate_folder(material["labelled"])
    qtbot.waitUntil(lambda: batch.reached.is_set() and evaluation.reached.is_set(), timeout=STEP_TIMEOUT_MS)

    asked = answer_question(QtWidgets.QMessageBox.No)
    assert not window.close()
    assert asked == ["Still running:\n• Classifying a folder\n• Evaluating a model on labelled photos\n\n"
                     "Stop all of it and quit?"]
    assert window.batch_table.is_running() and dialog.is_running()

    batch.release()
    qtbot.waitUntil(lambda: not window.batch_table.is_running(), timeout=STEP_TIMEOUT_MS)
    asked = answer_question(QtWidgets.QMessageBox.No)
    assert not window.close()
    assert asked == ["An evaluation is running. Stop the evaluation and quit?"]
    assert dialog.is_running() and window.manager.is_busy(EVALUATE)

    evaluation.release()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=STEP_TIMEOUT_MS)
    assert dialog.result() is not None  # Evaluated to the end: No stopped nothing.
    asked = answer_question(QtWidgets.QMessageBox.Yes)  # Should one be asked, answered: a failure must not hang.
    assert window.close() and not window.isVisible()
    assert asked == []  # Nothing runs: no question.
