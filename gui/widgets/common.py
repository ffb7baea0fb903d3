"""Small helpers shared by the widgets: live language switching and number formatting."""

from pathlib import Path

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


def compact_count(value):
    """A count in three digits and an SI prefix, in the user's locale ("3.86 G", "802 k"); "" for None.

    For columns of multiply-adds and values, which run to ten digits; the whole number goes in
    the cell's tooltip (`format_count`).
    """
    if value is None:
        return ""
    for factor, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= factor:
            return f"{QtCore.QLocale().toString(value / factor, 'g', 3)} {unit}"
    return QtCore.QLocale().toString(int(value))


def format_percent(probability):
    """Formats a probability in [0, 1] as a percentage with one decimal."""
    return QtCore.QLocale().toString(float(probability) * 100.0, "f", 1) + "%"


def readonly_table(table):
    """Sets up a `QTableWidget` for reading: whole-row selection, no editing, compact rows, and Tab
    moving on to the next control (arrows move between cells)."""
    table.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(22)


def set_colored_text(label, text, color):
    """Sets a label's text as plain text (`gui.plaintext`), in `color` (None: the normal text colour)."""
    set_plain_text(label, text)
    label.setStyleSheet(f"color: {color};" if color else "")


def recall_cell(scores):
    """'84.0% (21/25)': the recall with the images it counts."""
    recall = format_percent(scores.get("recall", 0.0))
    if scores.get("correct") is None:  # A report from before counts were kept.
        return recall
    return f"{recall} ({scores['correct']}/{scores.get('support', 0)})"


def interval_cell(scores):
    """'72.6% – 91.5%': the recall's 95 % interval, or a dash without images."""
    interval = scores.get("recall_ci95")
    if not interval or not scores.get("support"):
        return "–"
    return f"{format_percent(interval[0])} – {format_percent(interval[1])}"


def proportion_text(successes, n):
    """'84.2% (48/57 images right; 95 % CI 72.6%–91.5%)' in the current language: a proportion with its
    count and 95 % Wilson interval (`training.stats`)."""
    from training import stats  # Plain Python: no TensorFlow.

    low, high = stats.wilson_interval(successes, n)
    return QtCore.QCoreApplication.translate(
        "Figures", "{percent} ({right}/{images} images right; 95 % CI {low}–{high})").format(
        percent=format_percent(successes / n), right=successes, images=n, low=format_percent(low),
        high=format_percent(high))


def distinct_names(paths):
    """Short names that tell files apart: each file's name, with as many of its folders as it takes
    ("plain/model.keras" and "crop/model.keras" for two training runs' models).

    Args:
        paths: file paths (str or Path).

    Returns:
        One string per path, in order; a path listed twice gets its whole path.
    """
    parts = [Path(path).parts for path in paths]
    names = []
    for index, own in enumerate(parts):
        others = [other for position, other in enumerate(parts) if position != index]
        depth = next((depth for depth in range(1, len(own) + 1)
                      if all(other[-depth:] != own[-depth:] for other in others)), len(own))
        names.append(str(Path(*own[-depth:])) if own else "")
    return names


def fitting_size(size, available, margin=40):
    """`size` made smaller where the `available` screen area (a QRect, or None) is smaller, less `margin`.

    A 1366x768 laptop's taskbar leaves about 728 px: the dialog opens with its buttons in view.
    """
    if available is None:
        return size
    return QtCore.QSize(min(size.width(), available.width() - margin), min(size.height(), available.height() - margin))


def available_screen_area():
    """The primary screen's area free of taskbars, or None offscreen (its virtual 800x600 screen is no one's)."""
    screen = QtWidgets.QApplication.primaryScreen()
    if screen is None or QtWidgets.QApplication.platformName() == "offscreen":
        return None
    return screen.availableGeometry()
