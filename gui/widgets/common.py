"""Small helpers shared by the widgets: live language switching and number formatting."""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import set_plain_text

# Text colours for problems (errors) and things to check (warnings), readable on light grey.
ERROR_COLOR = "#b3261e"
WARNING_COLOR = "#8a5a00"


class Retranslatable:
    """Mixin for widgets: calls `self.retranslate()` whenever the UI language changes.

    Put it before the Qt base class: `class View(Retranslatable, QtWidgets.QWidget)`. The
    widget sets every visible text in `retranslate()` and calls it once from `__init__`.
    """

    def changeEvent(self, event):  # noqa: N802  Qt's name.
        if event.type() == QtCore.QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self):
        """Sets the widget's texts in the current language."""


def format_shape(shape):
    """Formats a shape without the batch axis: (32, 32, 16) -> "32×32×16"."""
    if not shape:
        return ""
    return "×".join("?" if side is None else str(side) for side in shape)


def format_count(value):
    """Formats a count with thousands separators in the user's locale; "" for None."""
    if value is None:
        return ""
    return QtCore.QLocale().toString(int(value))


def format_percent(probability):
    """Formats a probability in [0, 1] as a percentage with one decimal."""
    return QtCore.QLocale().toString(float(probability) * 100.0, "f", 1) + "%"


def readonly_table(table):
    """Sets up a `QTableWidget` for reading: whole-row selection, no editing, compact rows."""
    table.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(22)


def set_colored_text(label, text, color):
    """Sets a label's text as plain text (`gui.plaintext`), in `color` (None: the normal text colour)."""
    set_plain_text(label, text)
    label.setStyleSheet(f"color: {color};" if color else "")
