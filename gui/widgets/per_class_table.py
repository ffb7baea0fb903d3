"""Per-class figures as a table: precision, recall with its count and 95 % interval, F1, images.

The training results and the evaluation dialog show the same table, from the same report
fields (`training.evaluate.classification_report`'s `per_class`).
"""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import shown
from gui.widgets.common import Retranslatable, format_count, format_percent, interval_cell, readonly_table, recall_cell


class PerClassTable(Retranslatable, QtWidgets.QTableWidget):
    """One row per class, named in the row header."""

    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        readonly_table(self)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self.retranslate()

    def retranslate(self):
        self.setHorizontalHeaderLabels([
            self.tr("Precision"), self.tr("Recall (right/images)"), self.tr("Recall: 95 % CI"), self.tr("F1"),
            self.tr("Images")])

    def set_classes(self, classes, per_class):
        """Shows `per_class` ({class: scores}) in the order of `classes`; a class without scores reads 0."""
        self.setRowCount(len(classes))
        self.setVerticalHeaderLabels([shown(name) for name in classes])
        for row, name in enumerate(classes):
            values = per_class.get(name, {})
            cells = (format_percent(values.get("precision", 0.0)), recall_cell(values), interval_cell(values),
                     f"{values.get('f1', 0.0):.3f}", format_count(values.get("support", 0)))
            for column, value in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(value)
                item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.setItem(row, column, item)
