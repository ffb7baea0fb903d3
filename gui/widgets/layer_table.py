"""The model's layers: name, type, output shape, parameters and receptive field; pick one to inspect."""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.plaintext import plain_tooltip, shown
from gui.widgets.common import Retranslatable, format_count, format_shape


class LayerTable(Retranslatable, QtWidgets.QTableWidget):
    """A read-only table of `gui.messages.LayerRow`s.

    Signals:
        layer_selected(str): the user (or `select_layer`) chose an inspectable layer.
    """

    layer_selected = QtCore.pyqtSignal(str)

    COLUMNS = 5
    # The name column is as wide as the longest name, up to this; the type column takes what is left.
    MAX_NAME_WIDTH = 130

    def __init__(self, parent=None):
        super().__init__(0, self.COLUMNS, parent)
        self._rows = []
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # Long names often share a prefix ("light_calibration", "light_calibration_clip"): keep both ends.
        self.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.Interactive)  # Sized to the names (`_fit_names`).
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.Stretch)
        for column in range(2, self.COLUMNS):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeToContents)
        self.itemSelectionChanged.connect(self._on_selection)
        self.retranslate()

    def retranslate(self):
        self.setHorizontalHeaderLabels([
            self.tr("Layer"), self.tr("Type"), self.tr("Output"), self.tr("Params"), self.tr("Receptive\nfield")])
        for row, layer in enumerate(self._rows):
            self.item(row, 0).setToolTip(self._tooltip(layer))

    def set_layers(self, rows):
        """Shows `rows` (a list of `LayerRow`); layers that cannot be inspected are greyed."""
        self._rows = list(rows)
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(len(self._rows))
        disabled = self.palette().color(QtGui.QPalette.Disabled, QtGui.QPalette.Text)
        for row, layer in enumerate(self._rows):
            receptive = layer.receptive_field
            if isinstance(receptive, (list, tuple)):
                receptive = "×".join(str(side) for side in receptive)
            values = (shown(layer.name), shown(layer.type), format_shape(layer.output_shape),
                      format_count(layer.params), "" if receptive is None else str(receptive))
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                if not layer.inspectable:
                    item.setForeground(disabled)
                    item.setFlags(item.flags() & ~QtCore.Qt.ItemIsSelectable)
                self.setItem(row, column, item)
            self.item(row, 0).setToolTip(self._tooltip(layer))
        self.blockSignals(False)
        self._fit_names()

    def _fit_names(self):
        """Widens the name column to the longest name (at most `MAX_NAME_WIDTH`): names matter more than types."""
        metrics = self.fontMetrics()
        widest = max([metrics.horizontalAdvance(self.item(row, 0).text()) for row in range(self.rowCount())] +
                     [metrics.horizontalAdvance(self.horizontalHeaderItem(0).text())])
        self.horizontalHeader().resizeSection(0, min(widest + 2 * metrics.averageCharWidth(), self.MAX_NAME_WIDTH))

    def layers(self):
        """The shown `LayerRow`s."""
        return list(self._rows)

    def select_layer(self, name):
        """Selects the layer called `name` (emits `layer_selected`); returns whether it was found."""
        for row, layer in enumerate(self._rows):
            if layer.name == name and layer.inspectable:
                self.selectRow(row)
                self.scrollToItem(self.item(row, 0), QtWidgets.QAbstractItemView.PositionAtCenter)
                return True
        return False

    def selected_layer(self):
        """The selected layer's name, or ""."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self._rows[rows[0].row()].name if rows else ""

    def _on_selection(self):
        name = self.selected_layer()
        if name:
            self.layer_selected.emit(name)

    def _tooltip(self, layer):
        """The name cell's tooltip: a layer name from the file, shown as written (`gui.plaintext`)."""
        if layer.inspectable:
            return plain_tooltip(layer.name)
        return plain_tooltip(self.tr("{name}: its output cannot be shown as feature maps").format(
            name=shown(layer.name)))
