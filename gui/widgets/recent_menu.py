"""A menu of the recently opened models or folders, read from the settings each time it opens."""

from PyQt5 import QtCore, QtWidgets

from gui.actions import new_action
from gui.plaintext import action_text, plain_tooltip, shown
from gui.widgets.common import distinct_names

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.


class RecentMenu(QtWidgets.QMenu):
    """Recent files of one kind, newest first, then a shared "Clear List" action.

    Args:
        settings: the `AppSettings` that remember them.
        kind: "models" or "folders".
        on_open: callable(path) run when one is chosen.
        clear_action: the action that forgets the lists.
        parent: the parent widget.
    """

    def __init__(self, settings, kind, on_open, clear_action, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._kind = kind
        self._on_open = on_open
        self._clear_action = clear_action
        self.setToolTipsVisible(True)  # Each file's whole path.
        self.aboutToShow.connect(self.fill)

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
        self.addAction(self._clear_action)
