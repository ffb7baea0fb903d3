"""One small factory for every `QAction` of the app, as labelme does, and menu helpers."""

import re

from PyQt5 import QtGui, QtWidgets

# A mnemonic written the CJK way, after the text: "打开模型(&M)…".
_TRAILING_MNEMONIC = re.compile(r"\s*[(（]&\w[)）]")

# Icons come from the platform style, so the app ships no image files.
_STANDARD_ICONS = {
    "model": QtWidgets.QStyle.SP_DriveHDIcon,
    "image": QtWidgets.QStyle.SP_FileIcon,
    "folder": QtWidgets.QStyle.SP_DirOpenIcon,
    "train": QtWidgets.QStyle.SP_MediaPlay,
    "evaluate": QtWidgets.QStyle.SP_DialogApplyButton,
    "export": QtWidgets.QStyle.SP_DialogSaveButton,
    "report": QtWidgets.QStyle.SP_FileDialogDetailedView,
    "stop": QtWidgets.QStyle.SP_BrowserStop,
    "about": QtWidgets.QStyle.SP_MessageBoxInformation,
    "quit": QtWidgets.QStyle.SP_DialogCloseButton,
    "heat": QtWidgets.QStyle.SP_DesktopIcon,
}


def new_icon(name):
    """Returns the icon called `name` (a key of the standard icon table), or an empty icon."""
    pixmap = _STANDARD_ICONS.get(name)
    if pixmap is None:
        return QtGui.QIcon()
    return QtWidgets.QApplication.style().standardIcon(pixmap)


def new_action(parent, text, slot=None, shortcut=None, icon=None, tip=None,
               checkable=False, checked=False, enabled=True):
    """Creates a `QAction`.

    Args:
        parent: the owning `QObject` (usually the main window).
        text: the menu text, already translated.
        slot: callable connected to `triggered` (for checkable actions it receives the state).
        shortcut: a key sequence string or a list of them.
        icon: a name from the standard icon table.
        tip: tool and status tip, already translated.
        checkable: whether the action toggles.
        checked: the initial state of a checkable action.
        enabled: the initial enabled state.

    Returns:
        The `QAction`.
    """
    action = QtWidgets.QAction(text, parent)
    if icon is not None:
        action.setIcon(new_icon(icon))
    if shortcut:
        if isinstance(shortcut, (list, tuple)):
            action.setShortcuts([QtGui.QKeySequence(key) for key in shortcut])
        else:
            action.setShortcut(QtGui.QKeySequence(shortcut))
    if tip is not None:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if checkable:
        action.setCheckable(True)
        action.setChecked(checked)
    if slot is not None:
        action.triggered.connect(slot)
    action.setEnabled(enabled)
    return action


def button_text(text):
    """A menu text without its mnemonic and ellipsis, for a toolbar button.

    Handles both "Open &Model…" and the CJK form "打开模型(&M)…", where the letter in
    brackets would otherwise stay on the button.
    """
    return _TRAILING_MNEMONIC.sub("", text).replace("&", "").rstrip("…").strip()


def add_actions(widget, actions):
    """Adds `actions` to a menu or toolbar; `None` adds a separator and a `QMenu` a submenu."""
    for action in actions:
        if action is None:
            widget.addSeparator()
        elif isinstance(action, QtWidgets.QMenu):
            widget.addMenu(action)
        else:
            widget.addAction(action)
