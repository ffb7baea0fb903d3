"""The last resort for an exception nobody caught: log it and show one message box.

The log is also a file beside the settings file (`install_log_file`), so that a user who started
the app from a desktop shortcut, with no terminal, has the details to send; the box names it.
"""

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import shown

log = logging.getLogger("tonguelens")

LOG_FILE_NAME = "tonguelens.log"
# The log file is kept small: this many bytes, then one older file beside it.
_LOG_FILE_BYTES = 1 << 20

_showing = False
_log_file = None  # The log file's path once `install_log_file` made it.


def install_log_file(settings_file):
    """Writes warnings and errors to `tonguelens.log` beside the settings file (rotated at 1 MB).

    Args:
        settings_file: the `AppSettings` file's path.

    Returns:
        The log file's path, or None when it cannot be written (the log then stays on stderr only).
    """
    global _log_file
    path = Path(settings_file).with_name(LOG_FILE_NAME)
    if path == _log_file:
        return path  # One handler per file, however often the app is started in one process.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=_LOG_FILE_BYTES, backupCount=1,
                                                       encoding="utf-8")
    except OSError as error:
        log.warning("no log file: %s", error)
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    _log_file = path
    return path


def log_file():
    """The log file's path, or None when there is none."""
    return _log_file


def install_excepthook():
    """Replaces `sys.excepthook`: the traceback goes to the log, the user sees one short dialog.

    PyQt5 aborts the process on an exception in a slot unless a hook is installed, so this
    also keeps the app alive after a programming error.
    """
    sys.excepthook = _excepthook


def _excepthook(kind, value, trace):
    global _showing
    log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, trace)))
    app = QtWidgets.QApplication.instance()
    # Offscreen (tests, --screenshot) nobody could close a dialog: the log must do.
    if _showing or app is None or kind is KeyboardInterrupt or app.platformName() == "offscreen":
        return
    _showing = True
    try:
        error_box(" ".join(str(value).split()) or kind.__name__, QtWidgets.QApplication.activeWindow()).exec_()
    finally:
        _showing = False


def error_box(message, parent=None):
    """The dialog that tells of an unexpected error, not shown yet.

    Args:
        message: what went wrong, in one line; it can quote a file (a name, a path), so the
            box shows it as plain text, bounded (`gui.plaintext`).
        parent: the window it belongs to.
    """
    translate = QtCore.QCoreApplication.translate
    if _log_file is not None:
        text = translate("errors", "Something went wrong: {message}\n\nThe details are in the log, {path}. "
                                   "Your files were not changed.").format(message=shown(message),
                                                                          path=shown(str(_log_file)))
    else:
        text = translate("errors", "Something went wrong: {message}\n\nThe details are in the log. "
                                   "Your files were not changed.").format(message=shown(message))
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Critical, translate("errors", "Unexpected error"), text,
                                QtWidgets.QMessageBox.Ok, parent)
    box.setTextFormat(QtCore.Qt.PlainText)
    return box
