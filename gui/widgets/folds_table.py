"""The per-fold table of a cross-validation: each fold's accuracy with its count and interval, each
class's recall, then the mean, standard deviation and range over the folds and the pooled figures.

It shows `training.folds.FoldsResult.summary` (folds.json), the same numbers `main.py train
--folds K` prints.
"""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import shown
from gui.widgets.common import format_percent, readonly_table

# Columns before the per-class recall columns.
_FIXED_COLUMNS = 4


class FoldsTable(QtWidgets.QTableWidget):
    """A read-only table of a cross-validation's folds (rows) and figures (columns)."""

    def __init__(self, parent=None):
        super().__init__(0, _FIXED_COLUMNS, parent)
        readonly_table(self)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self._summary = None
        self.retranslate()

    def retranslate(self):
        """Sets the headers in the current language (and refills the cells)."""
        self.show_summary(self._summary)

    def show_summary(self, summary):
        """Fills the table from a folds.json summary (None: empty)."""
        self._summary = summary
        classes = list((summary or {}).get("classes") or [])
        folds = list((summary or {}).get("per_fold") or [])
        self.setColumnCount(_FIXED_COLUMNS + len(classes))
        self.setHorizontalHeaderLabels(
            [self.tr("Accuracy"), self.tr("Right / images"), self.tr("95 % CI"), self.tr("Kept epoch")]
            + [self.tr("Recall: {name}").format(name=shown(name)) for name in classes])
        if not folds:
            self.setRowCount(0)
            return
        rows = [(self.tr("Fold {number}").format(number=fold["fold"]), _fold_cells(fold, classes)) for fold in folds]
        rows += self._summary_rows(summary, classes)
        self.setRowCount(len(rows))
        self.setVerticalHeaderLabels([label for label, _cells in rows])
        for row, (_label, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.setItem(row, column, item)

    def cell_text(self, row, column):
        """The text of a cell ("" when empty)."""
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def row_labels(self):
        """The row headers, top to bottom."""
        return [self.verticalHeaderItem(row).text() for row in range(self.rowCount())]

    def _summary_rows(self, summary, classes):
        accuracy, per_class = summary["accuracy"], summary.get("per_class") or {}
        blank = ["", "", ""]
        rows = [
            (self.tr("Mean"), [_percent(accuracy["mean"])] + blank
             + [_percent(per_class.get(name, {}).get("mean")) for name in classes]),
            (self.tr("Standard deviation"), [self._points(accuracy["std"])] + blank
             + [self._points(per_class.get(name, {}).get("std")) for name in classes]),
            (self.tr("Lowest – highest"), [_range(accuracy)] + blank
             + [_range(per_class.get(name, {})) for name in classes]),
        ]
        pooled = summary.get("pooled")
        if pooled and pooled.get("n"):
            pooled_per_class = summary.get("pooled_per_class") or {}
            rows.append((self.tr("All images"), [
                _percent(pooled["value"]), f"{pooled['successes']}/{pooled['n']}",
                _interval(pooled["successes"], pooled["n"]), ""]
                + [_count_cell(pooled_per_class.get(name)) for name in classes]))
        return rows

    def _points(self, value):
        if value is None:
            return ""
        return self.tr("{value} points").format(value=QtCore.QLocale().toString(100.0 * value, "f", 1))


def _fold_cells(fold, classes):
    correct, images = fold.get("correct"), fold.get("images")
    count = f"{correct}/{images}" if correct is not None else ""
    interval = _interval(correct, images) if correct is not None else ""
    kept = f"{fold.get('best_epoch')}/{fold.get('epochs_run')}"
    recalls = []
    for name in classes:
        scores = fold["per_class"].get(name) or {}
        if not scores.get("images"):
            recalls.append("–")
        elif scores.get("correct") is None:
            recalls.append(_percent(scores["recall"]))
        else:
            recalls.append(f"{_percent(scores['recall'])} ({scores['correct']}/{scores['images']})")
    return [_percent(fold.get("accuracy")), count, interval, kept] + recalls


def _count_cell(proportion):
    if not proportion or not proportion.get("n"):
        return "–"
    return f"{_percent(proportion['value'])} ({proportion['successes']}/{proportion['n']})"


def _percent(value):
    return format_percent(value) if value is not None else ""


def _range(spread):
    if spread.get("min") is None:
        return ""
    return f"{_percent(spread['min'])} – {_percent(spread['max'])}"


def _interval(successes, n):
    from training import stats  # Plain Python: no TensorFlow.

    low, high = stats.wilson_interval(successes, n)
    return f"{_percent(low)} – {_percent(high)}"
