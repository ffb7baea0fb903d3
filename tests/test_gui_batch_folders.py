"""Folders to classify are listed on the model thread, in the batch, never on the GUI thread (pytest-qt).

A photo archive on a network drive takes seconds to list; the window stays usable meanwhile, the
batch table says it is looking for photos, and Cancel stops the listing.
"""

import threading
from pathlib import Path

import pytest
from PyQt5 import QtCore

from core.images import IMAGE_EXTENSIONS
from tests import gui_helpers
from tests.gui_helpers import BLUE, RED, drop

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
MODEL_THREAD = "tonguelens-model"  # `gui.model_manager.ModelManager`'s model lane.


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    return {"color": gui_helpers.color_model(folder / "color.keras"),
            "warm": gui_helpers.color_model(folder / "warm.keras", class_names=("cool", "warm"), conv_layers=1)}


@pytest.fixture()
def listing_threads(monkeypatch):
    """The names of the threads the folder listing ran on, the real listing wrapped (it still runs)."""
    from core import imagefiles

    threads = []
    for name in ("images_to_classify", "list_image_files"):
        monkeypatch.setattr(imagefiles, name, _recording(getattr(imagefiles, name), threads))
    return threads


@pytest.fixture()
def held_listing(monkeypatch):
    """Holds each folder's listing until `release` is set, as a slow network drive would; `listed` names them."""
    from core import imagefiles

    real = imagefiles.images_to_classify
    held = {"listing": threading.Event(), "release": threading.Event(), "listed": []}

    def listing(folder, should_stop=None):
        held["listed"].append(str(folder))
        held["listing"].set()
        held["release"].wait(STEP_TIMEOUT_MS / 1000)
        return real(folder, should_stop=should_stop)

    monkeypatch.setattr(imagefiles, "images_to_classify", listing)
    yield held
    held["release"].set()  # Never leaves the model thread waiting, whatever the test did.


def _recording(function, threads):
    def recorded(*args, **kwargs):
        threads.append(QtCore.QThread.currentThread().objectName())
        return function(*args, **kwargs)

    return recorded


def _photos(folder, reds=2, blues=1):
    """Writes small red photos in `folder` and blue ones in its sub-folder `more`; returns the folder."""
    for index in range(reds):
        gui_helpers.solid_image(folder / f"red_{index}.png", RED, size=8, seed=index)
    for index in range(blues):
        gui_helpers.solid_image(folder / "more" / f"blue_{index}.png", BLUE, size=8, seed=index)
    return folder


def _labels(result):
    return {Path(row.path).name: (row.top[0]["label"] if row.top else row.error) for row in result.rows}


def test_the_table_looks_for_photos_with_a_busy_bar_then_counts_them(qtbot, tmp_path):
    from gui.widgets.batch_table import BatchTable

    table = BatchTable()
    qtbot.addWidget(table)
    table.show()

    table.start(None, folder=tmp_path / "archive")
    assert table.summary.text() == "Looking for photos in archive…"
    assert table.is_running() and table.is_listing() and table.cancel_button.isVisible()
    assert table.progress.isVisible() and (table.progress.minimum(), table.progress.maximum()) == (0, 0)  # Busy.
    table.start(None)
    assert table.summary.text() == "Looking for photos…"

    table.start(12, folder=tmp_path / "archive")
    assert table.summary.text() == "Classifying 0 of 12 files…" and not table.is_listing()
    assert (table.progress.minimum(), table.progress.maximum()) == (0, 12)


def test_an_opened_folder_is_listed_on_the_model_thread_and_every_photo_classified(
        make_window, models, qtbot, tmp_path, listing_threads):
    folder = _photos(tmp_path / "archive")
    window = make_window(models["color"])

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.open_folder(folder)
        assert window.batch_table.is_listing()  # Returned at once, the photos not counted yet.

    assert listing_threads and set(listing_threads) == {MODEL_THREAD}
    assert _labels(finished.args[0]) == {"red_0.png": "red", "red_1.png": "red", "blue_0.png": "blue"}
    table = window.batch_table
    assert table.row_count() == 3 and table.summary.text().startswith("3 files in ")
    assert window.right_tabs.currentWidget() is table and window.errors == []
    assert window.settings.recent("folders") == [str(folder)]


def test_while_a_folder_is_listed_the_table_says_so_then_counts_the_photos_found(
        make_window, models, qtbot, tmp_path, held_listing):
    folder = _photos(tmp_path / "archive")
    window = make_window(models["color"])
    table = window.batch_table
    started = []
    # After the window's own slot: what the table shows once the photos are counted.
    window.manager.batch_started.connect(
        lambda total: started.append((table.is_listing(), table.progress.maximum(), table.summary.text())))

    window.open_folder(folder)
    qtbot.waitUntil(held_listing["listing"].is_set, timeout=STEP_TIMEOUT_MS)  # The window answers meanwhile.
    assert table.summary.text() == "Looking for photos in archive…" and table.progress.maximum() == 0
    assert table.isVisible() and table.progress.isVisible() and window.actions.cancel.isEnabled()

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        held_listing["release"].set()
    assert started == [(False, 3, "Classifying 0 of 3 files…")]
    assert table.row_count() == 3 and not table.progress.isVisible()


def test_cancel_while_the_folders_are_listed_ends_the_batch_with_nothing_classified(
        make_window, models, qtbot, tmp_path, held_listing):
    from gui.model_worker import LOAD

    first, second = _photos(tmp_path / "first"), _photos(tmp_path / "second")
    window = make_window(models["color"])
    table = window.batch_table
    qtbot.waitUntil(lambda: not window.manager.is_busy(LOAD), timeout=STEP_TIMEOUT_MS)  # Traced at load.
    passes = window.manager.forward_passes()

    assert drop(window, [first, second])
    qtbot.waitUntil(held_listing["listing"].is_set, timeout=STEP_TIMEOUT_MS)
    assert table.summary.text() == "Looking for photos…"  # Two folders: no one name to give.
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        table.cancel_button.click()
        held_listing["release"].set()

    result = finished.args[0]
    assert result.cancelled and result.rows == [] and result.total == 0
    assert held_listing["listed"] == [str(first)]  # The second folder is never listed once cancelled.
    assert not table.is_running() and table.summary.text().endswith("cancelled")
    assert not window.actions.cancel.isEnabled() and window.errors == []  # Stopped, not "no image files found".
    assert window.manager.forward_passes() == passes  # Nothing was classified.


def test_an_empty_folder_says_so_once_its_listing_is_done(make_window, models, qtbot, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a photo", encoding="utf-8")
    window = make_window(models["color"])

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(empty)
        assert window.errors == []  # Not known yet: the folder is listed on the model thread.

    message = f"{empty}: no image files found (looked for {' '.join(IMAGE_EXTENSIONS)})"
    assert window.errors == [message] and window.message_bar.message() == message
    table = window.batch_table
    assert table.row_count() == 1 and "1 skipped (not images)" in table.summary.text()  # notes.txt, with why.
    assert window.settings.recent("folders") == []  # Nothing to open again.


def test_a_dropped_folder_and_a_dropped_photo_are_both_classified_and_again_with_another_model(
        make_window, models, qtbot, tmp_path, listing_threads):
    folder = _photos(tmp_path / "archive", reds=1)
    photo = gui_helpers.solid_image(tmp_path / "loose.png", BLUE, size=8)
    window = make_window(models["color"])

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        assert drop(window, [folder, photo])
    assert _labels(finished.args[0]) == {"loose.png": "blue", "red_0.png": "red", "blue_0.png": "blue"}
    assert set(listing_threads) == {MODEL_THREAD}

    gui_helpers.solid_image(folder / "red_9.png", RED, size=8)  # Added since: found by the new listing.
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.load_model(models["warm"])
    assert _labels(finished.args[0]) == {"loose.png": "cool", "red_0.png": "warm", "red_9.png": "warm",
                                         "blue_0.png": "cool"}
    assert set(listing_threads) == {MODEL_THREAD}


def test_a_folder_too_large_to_list_is_refused_in_one_line_and_the_window_goes_on(
        make_window, models, qtbot, tmp_path, monkeypatch):
    from core import imagefiles

    huge = _photos(tmp_path / "huge", reds=6)
    window = make_window(models["color"])
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 4)  # As `/` or a home folder would go past the real one.

    with qtbot.waitSignal(window.manager.failed, timeout=STEP_TIMEOUT_MS) as failed:
        window.open_folder(huge)

    message = window.message_bar.message()
    assert failed.args[0] == "batch" and "\n" not in message
    assert message == (f"{huge}: holds more than 4 files and folders, far more than a folder of photos; not read "
                       "(choose the folder of your photos)")
    table = window.batch_table
    assert not table.is_running() and not window.actions.cancel.isEnabled()
    assert window.settings.recent("folders") == []

    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 2_000_000)
    small = _photos(tmp_path / "small", reds=1, blues=0)
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.open_folder(small)
    assert _labels(finished.args[0]) == {"red_0.png": "red"} and table.row_count() == 1


def test_a_folder_opened_while_another_is_classified_replaces_it(make_window, models, qtbot, tmp_path, held_listing):
    first, second = _photos(tmp_path / "first", reds=3), _photos(tmp_path / "second", reds=1, blues=0)
    window = make_window(models["color"])
    table = window.batch_table
    finished, shown = [], []
    window.manager.batch_finished.connect(finished.append)
    window.view_updated.connect(lambda: shown.append(table.result()))

    window.open_folder(first)
    qtbot.waitUntil(held_listing["listing"].is_set, timeout=STEP_TIMEOUT_MS)  # The first is being listed.
    window.open_folder(second)
    held_listing["release"].set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=STEP_TIMEOUT_MS)

    assert finished[0].cancelled  # The first stopped as soon as the second was asked for...
    shown_names = [set(_labels(result)) for result in shown if result is not None]
    assert shown_names and all(names == {"red_0.png"} for names in shown_names)  # ...and was never shown.
    assert table.classified_folder() == str(second) and _labels(table.result()) == {"red_0.png": "red"}
    assert not table.is_running() and not window.actions.cancel.isEnabled() and window.errors == []
    assert window.settings.recent("folders") == [str(second)]


def test_the_offer_to_evaluate_a_folder_laid_out_by_class_reads_no_folder_on_the_gui_thread(
        make_window, models, qtbot, tmp_path, monkeypatch):
    import os

    folder = tmp_path / "labelled"
    for name, colour in (("red", RED), ("blue", BLUE)):
        gui_helpers.solid_image(folder / name / "a.png", colour, size=8)
    (folder / "notes").mkdir()  # Neither a class nor holding photos.
    window = make_window(models["color"])
    gui_thread, read_on_gui_thread = QtCore.QThread.currentThread(), []
    real_scandir = os.scandir

    def scandir(*args):
        if QtCore.QThread.currentThread() is gui_thread:
            read_on_gui_thread.append(args)
        return real_scandir(*args)

    monkeypatch.setattr(os, "scandir", scandir)  # os.walk and listdir-like reads all go through it.
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.open_folder(folder)
    qtbot.waitUntil(lambda: not window.batch_table.is_running(), timeout=STEP_TIMEOUT_MS)
    monkeypatch.setattr(os, "scandir", real_scandir)

    assert (finished.args[0].photos_at_top, finished.args[0].photo_subfolders) == (0, ["blue", "red"])
    assert not window.batch_table.evaluate_link.isHidden()
    assert "(blue, red)…" in window.batch_table.evaluate_link.text()
    assert read_on_gui_thread == []
