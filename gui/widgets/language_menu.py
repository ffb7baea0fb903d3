"""The View > Language menu: one checkable entry per interface language."""

from PyQt5 import QtWidgets

from gui import i18n
from gui.actions import new_action


class LanguageMenu(QtWidgets.QMenu):
    """The languages of `gui.i18n.LANGUAGES`, the current one checked.

    Args:
        on_choose: callable(code) run when a language is chosen.
        parent: the parent widget.
    """

    def __init__(self, on_choose, parent=None):
        super().__init__(parent)
        self._group = QtWidgets.QActionGroup(self)
        current = i18n.current_language()  # What --lang, the settings or the system chose.
        for code, name in i18n.LANGUAGES:
            language = new_action(self, name, lambda _checked, code=code: on_choose(code), checkable=True,
                                  checked=code == current)
            language.setData(code)
            self._group.addAction(language)
            self.addAction(language)

    def check(self, code):
        """Checks the entry of language `code`."""
        for action in self._group.actions():
            action.setChecked(action.data() == code)
