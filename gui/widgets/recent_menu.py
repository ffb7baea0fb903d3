"""A menu of the recently opened models or folders, read from the settings each time it opens."""

from PyQt5 import QtCore, QtWidgets

from gui.actions import new_action
from gui.plaintext import action_text, plain_tooltip, shown
from gui.widgets.common import distinct_names

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.


class RecentMenu(QtWidgets.QMenu):
    """Recent files of one kind, newest first, then "Clear List", which forgets this list only.

    Args:
        settings: the `AppSettings` that remember them.
        kind: "models", "photos" or "folders".
        on_open: callable(path) run when one is chosen.
        parent: the parent widget.
    """

    def __init__(self, settings, kind, on_open, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._kind = kind
        self._on_open = on_open
        # Not the menu's child: `QMenu.clear()` deletes the actions the menu owns, at every `fill`.
        self.clear_action = new_action(None, "", lambda _checked: self._settings.clear_recent(self._kind))
        self._name_clear_action()
        self.setToolTipsVisible(True)  # Each file's whole path.
        self.aboutToShow.connect(self.fill)

    def _name_clear_action(self):
        self.clear_action.setText(translate("MainWindow", "Clear List"))
        tip = {"models": translate("MainWindow", "Forget the recent models"),
               "photos": translate("MainWindow", "Forget the recent photos")}.get(
            self._kind, translate("MainWindow", "Forget the recent folders"))
        self.clear_action.setToolTip(tip)
        self.clear_action.setStatusTip(tip)

    def fill(self):
        """Lists the recent files as the settings hold them now."""
        self.clear()
        paths = self._settings.recent(self._kind)
        # Two runs' "model.keras" are told apart by their folders ("plain/model.keras").
        for path, name in zip(paths, distinct_names(paths)):
            # Names and paths as written: "&" is no mnemonic, HTML no markup, a long one bounded.
            action = new_action(self, action_text(name), lambda _checked, path=path: self._on_open(path))
            action.setToolTip(plain_tooltip(path))
            action.setStatusTip(shown(path))
            self.addAction(action)
        if not paths:
            self.addAction(translate("MainWindow", "(none)")).setEnabled(False)
        self.addSeparator()
        self._name_clear_action()  # In the language of the moment.
        self.addAction(self.clear_action)
