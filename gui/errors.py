"""The last resort for an exception nobody caught: log it and show one message box."""

import logging
import sys
import traceback

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import shown

log = logging.getLogger("tonguelens")

_showing = False


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
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Critical, QtCore.QCoreApplication.translate("errors", "Unexpected error"),
        QtCore.QCoreApplication.translate(
            "errors", "Something went wrong: {message}\n\nThe details are in the log. "
                      "Your files were not changed.").format(message=shown(message)),
        QtWidgets.QMessageBox.Ok, parent)
    box.setTextFormat(QtCore.Qt.PlainText)
    return box
