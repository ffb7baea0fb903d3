"""A confusion matrix as a shaded table: rows are true classes, columns predicted ones."""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.plaintext import shown
from gui.widgets.common import Retranslatable


class ConfusionMatrixView(Retranslatable, QtWidgets.QTableWidget):
    """Counts in each cell, shaded by the row-normalised fraction (so small classes read too)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab moves on; arrows move between cells.
        self._lists_photos = False  # Whether a click on a cell lists its photos (`set_lists_photos`).
        self._classes = []
        self._matrix = []
        self.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self.retranslate()

    def retranslate(self):
        if self._lists_photos:
            self.setToolTip(self.tr("Rows: true class. Columns: predicted class. Shading: share of the row. Click a "
                                    "cell to list its photos."))
        else:
            self.setToolTip(self.tr("Rows: true class. Columns: predicted class. Shading: share of the row."))

    def set_lists_photos(self, lists):
        """Says in the tooltip that a click on a cell lists its photos (the owner connects `cellClicked`)."""
        self._lists_photos = bool(lists)
        self.setCursor(QtCore.Qt.PointingHandCursor if lists else QtCore.Qt.ArrowCursor)
        self.retranslate()

    def set_matrix(self, classes, matrix):
        """Shows `matrix` (list of rows of counts) with `classes` on both axes."""
        self._classes = list(classes)
        self._matrix = [list(row) for row in matrix]
        size = len(self._classes)
        self.setRowCount(size)
        self.setColumnCount(size)
        names = [shown(name) for name in self._classes]
        self.setHorizontalHeaderLabels(names)
        self.setVerticalHeaderLabels(names)
        accent = self.palette().color(QtGui.QPalette.Highlight)
        for row, counts in enumerate(self._matrix):
            total = sum(counts) or 1
            for column, count in enumerate(counts):
                share = count / total
                item = QtWidgets.QTableWidgetItem(str(int(count)))
                item.setTextAlignment(QtCore.Qt.AlignCenter)
                shade = QtGui.QColor(accent)
                shade.setAlphaF(0.08 + 0.75 * share if count else 0.0)
                item.setBackground(shade)
                if share > 0.6:
                    item.setForeground(QtGui.QColor("white"))
                self.setItem(row, column, item)

    def matrix(self):
        """The shown counts."""
        return [list(row) for row in self._matrix]
