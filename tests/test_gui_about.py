"""Help > About: what the app is, and where its settings and log files are, as text a user can copy.

The settings live in a folder whose name reads as markup ("a&b <b>c"): the box must show the
path as it is, not as HTML.
"""

import logging
from pathlib import Path

import pytest
from PyQt5 import QtCore, QtGui, QtWidgets

pytestmark = pytest.mark.gui


@pytest.fixture()
def settings(tmp_path):
    """The window's settings (`make_window` uses them), in a folder whose name looks like HTML."""
    from gui.settings import AppSettings

    folder = tmp_path / "a&b <b>c"
    folder.mkdir()
    return AppSettings(folder / "settings.ini")


@pytest.fixture()
def log_file(settings, monkeypatch):
    """The log file beside the settings, as the app makes it at start; its handler is taken off after."""
    from gui import errors

    monkeypatch.setattr(errors, "_log_file", None)
    before = list(logging.getLogger().handlers)
    yield errors.install_log_file(settings.file_name)
    for handler in set(logging.getLogger().handlers) - set(before):
        logging.getLogger().removeHandler(handler)
        handler.close()


def about_box(window):
    """Opens Help > About with the window's own action and closes it; returns (its text, its label's flags)."""
    read = []

    def read_and_close():
        box = QtWidgets.QApplication.activeModalWidget()
        if isinstance(box, QtWidgets.QMessageBox):
            label = box.findChild(QtWidgets.QLabel, "qt_msgbox_label")
            read.append((box.text(), label.textInteractionFlags()))
            box.accept()

    QtCore.QTimer.singleShot(0, read_and_close)
    window.actions.about.trigger()
    assert read, "the About box did not open"
    return read[0]


def plain(html):
    """The text a rich text shows."""
    return QtGui.QTextDocumentFragment.fromHtml(html).toPlainText()


def test_the_about_box_names_the_settings_and_the_log_file_as_text_to_copy(make_window, settings, log_file):
    window = make_window()

    text, flags = about_box(window)

    assert log_file == Path(settings.file_name).with_name("tonguelens.log")
    shown = plain(text)
    assert f"Settings file:\n{settings.file_name}" in shown  # The real paths, "&" and "<b>" as they are.
    assert f"Log file:\n{log_file}" in shown
    assert "not a medical device" in shown
    assert flags & QtCore.Qt.TextSelectableByMouse and flags & QtCore.Qt.TextSelectableByKeyboard


def test_without_a_log_file_the_about_box_says_where_warnings_go(make_window, settings, monkeypatch):
    from gui import errors

    monkeypatch.setattr(errors, "_log_file", None)  # The log file could not be made.
    window = make_window()

    text, _ = about_box(window)

    shown = plain(text)
    assert f"Settings file:\n{settings.file_name}" in shown
    assert "No log file: warnings go to the terminal." in shown and "Log file:" not in shown
