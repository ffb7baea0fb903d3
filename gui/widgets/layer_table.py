"""The model's layers: name, type, output shape, parameters, receptive field and window; pick one to inspect.

`LayerColumnsTable` sizes the columns of any such table (this one and the Train dialog's):
the numbers whole, then the names before the types, and a horizontal scroll bar when even
short names and types do not fit. Long Keras class names are shown by their usual short
names (`short_type`: BatchNorm, MaxPool2D), whole in the cell's tooltip.
"""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.core_text import localize
from gui.plaintext import plain_tooltip, shown
from gui.widgets.common import WARNING_COLOR, Retranslatable, compact_count, format_count, format_shape

translate = QtCore.QCoreApplication.translate

# Column widths in average characters of the table's font (so they follow its size and script).
# Each column first gets its minimum; then a name up to NAME_FIRST_CHARS, a type up to TYPE_FIRST_CHARS
# (BatchNormalization), a name whole, a type whole (GlobalAveragePooling2D), in that order.
NAME_FIRST_CHARS = 24
TYPE_FIRST_CHARS = 16
# Below these a name or a type cannot be told from another: the table scrolls instead.
NAME_MIN_CHARS = 12
TYPE_MIN_CHARS = 10
# Pixels between a number column and the one before it.
NUMBER_GAP = 4
# What a layer name is made of: the average width of its characters, for the minimums above.
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz_0123456789"
# Keras class names too long for a narrow column, by the short names papers and PyTorch use.
SHORT_TYPES = {
    "BatchNormalization": "BatchNorm",
    "LayerNormalization": "LayerNorm",
    "InputLayer": "Input",
    "MaxPooling2D": "MaxPool2D",
    "AveragePooling2D": "AvgPool2D",
    "GlobalAveragePooling2D": "GlobalAvgPool",
    "GlobalMaxPooling2D": "GlobalMaxPool",
    "ZeroPadding2D": "ZeroPad2D",
    "LocalResponseNormalization": "LRN",  # AlexNet's, as its paper names it.
}


def short_type(name):
    """A layer type as the table shows it: `SHORT_TYPES`' short name, or the name itself."""
    return SHORT_TYPES.get(name, name)


# Name, type, output, params, multiply-adds, values, receptive field, window.
COLUMN_COUNT = 8
# The column of a convolution's or pool's window (`models.layer_formulas.Window`): "3×3/1 P=1".
WINDOW_COLUMN = 7
# The output shape's column: its tooltip gives the table's notes about the layer (a window rounded down).
OUTPUT_COLUMN = 2


def number_cells(output_shape, params, macs, values, receptive_field, window=None, notes=(), input_side=None):
    """The number columns of a layer's row, as (text, tooltip) pairs: output shape (the layer's notes in
    its tooltip), parameters, multiply-adds and values (short, whole in the tooltip), receptive field
    (what a field larger than the image is, in its tooltip), window F/S P ("" for what is unknown)."""
    field_tip = ""
    if isinstance(receptive_field, (list, tuple)):
        receptive_field = "×".join(str(side) for side in receptive_field)
    elif receptive_field is not None and input_side and receptive_field > input_side:
        field_tip = translate("LayerTable", "{field} px, larger than the {side} px image: the whole input plus "
                                            "padding").format(field=receptive_field, side=input_side)
    return [(format_shape(output_shape), "\n".join(localize(note) for note in notes)), (format_count(params), ""),
            (compact_count(macs), format_count(macs)), (compact_count(values), format_count(values)),
            ("" if receptive_field is None else str(receptive_field), field_tip),
            (window.text("×") if window else "", window_description(window))]


def window_description(window):
    """A window in words, for tooltips: "Filter F 3×3, stride S 1, zero padding P 1; Keras padding 'same'"."""
    if window is None:
        return ""
    top, bottom, left, right = window.pads
    padding = str(top) if top == bottom == left == right else translate(
        "LayerTable", "{top} top, {bottom} bottom, {left} left, {right} right").format(
        top=top, bottom=bottom, left=left, right=right)
    strides = window.strides[0] if window.strides[0] == window.strides[1] else "×".join(map(str, window.strides))
    parts = [translate("LayerTable", "Filter F {filter}, stride S {stride}, zero padding P {padding}").format(
        filter="×".join(map(str, window.kernel)), stride=strides, padding=padding)]
    if window.mode != "explicit":  # Keras's word, as the model's config has it.
        parts.append(translate("LayerTable", "Keras padding '{mode}'").format(mode=window.mode))
    if window.groups != 1:
        parts.append(translate("LayerTable", "{groups} groups").format(groups=window.groups))
    if window.dilation != (1, 1):
        parts.append(translate("LayerTable", "dilation {dilation}").format(
            dilation="×".join(map(str, window.dilation))))
    return "; ".join(parts)


def mark_noted(item, notes):
    """Colours the output cell of a layer the table has notes about (its tooltip gives them)."""
    if notes:
        item.setForeground(QtGui.QColor(WARNING_COLOR))


def name_tooltip(name, window, notes):
    """A layer's name cell's tooltip: its name and type, its window in words, the table's notes about it."""
    lines = [name, window_description(window)] + [localize(note) for note in notes]
    return "\n".join(line for line in lines if line)


class LayerColumnsTable(QtWidgets.QTableWidget):
    """A table whose first two columns are a layer's name and type, then numbers.

    The numbers are sized to their contents. Of the width left, the names come first: each
    column gets its minimum, then names up to `NAME_FIRST_CHARS`, types up to `TYPE_FIRST_CHARS`,
    names whole, types whole; what remains widens the names. Where whole names and a short type
    do not both fit, the type column is hidden (the name's tooltip gives the type). A cut name
    or type is shortened in the middle (whole in its tooltip). Before, the type column stretched
    and names read "bl…v1".
    """

    def __init__(self, rows=0, columns=5, parent=None):
        super().__init__(rows, columns, parent)
        self.setWordWrap(False)
        # Tab leaves the table for the next control; arrows move between layers. With Qt's default,
        # Tab walked the cells round and round: the controls after the table could not be reached.
        self.setTabKeyNavigation(False)
        # Long names often share a prefix ("light_calibration", "light_calibration_clip"): keep both ends.
        self.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.setHorizontalScrollMode(QtWidgets.QAbstractItemView.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(columns):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.Interactive)

    def fit_columns(self):
        """Sizes every column to the rows shown and the table's width (called after a fill and a resize)."""
        header = self.horizontalHeader()
        # Right-aligned numbers sized to their contents touch their neighbour ("448 1.77 M"): a gap.
        numbers = {column: self._content_width(column) + NUMBER_GAP for column in range(2, self.columnCount())}
        # Measured on names' own characters, with the cell's margins: the font's average character
        # (9 px here) left 12 of them "bloc…onv1".
        char = self.fontMetrics().horizontalAdvance(_NAME_CHARACTERS) / len(_NAME_CHARACTERS)
        margins = 2 * (self.style().pixelMetric(QtWidgets.QStyle.PM_FocusFrameHMargin, None, self) + 1) + 2
        name, kind = self._content_width(0), self._content_width(1)
        widths = [min(name, round(NAME_MIN_CHARS * char) + margins), min(kind, round(TYPE_MIN_CHARS * char) + margins)]
        window = numbers.pop(WINDOW_COLUMN, 0)
        room = self.viewport().width() - sum(numbers.values())
        # The type gives way first, then the window (F/S P): beside whole names and the numbers (multiply-adds
        # and values included) they may not fit, and the name's tooltip gives both.
        show_window = bool(window) and room >= name + window
        if show_window:
            numbers[WINDOW_COLUMN] = window
            room -= window
        self.setColumnHidden(WINDOW_COLUMN, bool(window) and not show_window)
        show_type = room >= name + widths[1]
        self.setColumnHidden(1, not show_type)
        if not show_type:
            widths[1] = 0
        left = room - sum(widths)
        for column, target in ((0, min(name, round(NAME_FIRST_CHARS * char) + margins)),
                               (1, min(kind, round(TYPE_FIRST_CHARS * char) + margins)), (0, name), (1, kind)):
            grant = max(0, min(left, target - widths[column])) if column == 0 or show_type else 0
            widths[column] += grant
            left -= grant
        widths[0] += max(0, left)
        sizes = {0: widths[0], **({1: widths[1]} if show_type else {}), **numbers}
        for column, width in sizes.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def retranslate_headers(self):
        """The column headers and their tooltips in the app's language: one text for every layer table."""
        self.setHorizontalHeaderLabels([
            translate("LayerTable", "Layer"), translate("LayerTable", "Type"), translate("LayerTable", "Output"),
            translate("LayerTable", "Params"), translate("LayerTable", "Mult-\nadds"),
            translate("LayerTable", "Values"), translate("LayerTable", "RF"), translate("LayerTable", "F/S P")])
        self.horizontalHeaderItem(4).setToolTip(translate("LayerTable", "Multiply-adds for one image"))
        self.horizontalHeaderItem(5).setToolTip(translate(
            "LayerTable", "Activation values this layer's output holds per image (times 4 bytes in float32). As in "
                          "the cs231n notes, the input, CONV, POOL, FC and add outputs count; activations and batch "
                          "norm reuse them."))
        self.horizontalHeaderItem(6).setToolTip(translate(
            "LayerTable", "Receptive field: how many input pixels one output unit sees (main.py arch's RF)") + "\n" +
            translate("LayerTable", "Larger than the image: the whole input plus padding."))
        self.horizontalHeaderItem(WINDOW_COLUMN).setToolTip(translate(
            "LayerTable", "A convolution's or pool's window: filter F×F / stride S, zero padding P, as in "
                          "(W-F+2P)/S+1. P=0+1: 0 before and 1 after (top or left, bottom or right), as Keras "
                          "'same' pads; G: groups; D: dilation"))
        self.fit_columns()  # The headers' widths differ by language.

    def _content_width(self, column):
        """The width that shows every cell and the header of `column` whole.

        Every row counts, not only those in view as with `sizeHintForColumn`: a name scrolled
        into view later is whole too.
        """
        option, delegate, model = self.viewOptions(), self.itemDelegate(), self.model()
        cells = [delegate.sizeHint(option, model.index(row, column)).width() for row in range(self.rowCount())]
        grid = 1 if self.showGrid() else 0
        return max(cells + [self.horizontalHeader().sectionSizeHint(column)]) + grid

    def resizeEvent(self, event):  # noqa: N802  Qt's name.
        super().resizeEvent(event)
        self.fit_columns()


class LayerTable(Retranslatable, LayerColumnsTable):
    """A read-only table of `gui.messages.LayerRow`s.

    Signals:
        layer_selected(str): the user (or `select_layer`) chose an inspectable layer.
        gradcam_layer_chosen(str): from the context menu, Grad-CAM from this layer (a map of height and
            width), or "" for the model's default (its last convolutional block).
    """

    layer_selected = QtCore.pyqtSignal(str)
    gradcam_layer_chosen = QtCore.pyqtSignal(str)

    COLUMNS = COLUMN_COUNT

    def __init__(self, parent=None):
        super().__init__(0, self.COLUMNS, parent)
        self._rows = []
        self._input_side = None
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.itemSelectionChanged.connect(self._on_selection)
        self.setContextMenuPolicy(QtCore.Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda position: self.gradcam_menu(position).popup(
            self.viewport().mapToGlobal(position)))
        self.retranslate()

    def retranslate(self):
        for row, layer in enumerate(self._rows):  # Windows and notes in words: in the new language.
            for column, (_value, tooltip) in enumerate(self._cells(layer)):
                self.item(row, column).setToolTip(tooltip)
        self.retranslate_headers()

    def set_layers(self, rows, input_side=None):
        """Shows `rows` (a list of `LayerRow`); layers that cannot be inspected are greyed.

        Args:
            rows: the `LayerRow`s.
            input_side: the model's larger input side, to say which receptive fields exceed the image.
        """
        self._rows = list(rows)
        self._input_side = input_side
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(len(self._rows))
        disabled = self.palette().color(QtGui.QPalette.Disabled, QtGui.QPalette.Text)
        for row, layer in enumerate(self._rows):
            for column, (value, tooltip) in enumerate(self._cells(layer)):
                item = QtWidgets.QTableWidgetItem(value)
                item.setToolTip(tooltip)
                if column >= 2:
                    item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                if not layer.inspectable:
                    item.setForeground(disabled)
                    item.setFlags(item.flags() & ~QtCore.Qt.ItemIsSelectable)
                elif column == OUTPUT_COLUMN:
                    mark_noted(item, layer.notes)
                self.setItem(row, column, item)
        self.blockSignals(False)
        self.fit_columns()

    def _cells(self, layer):
        """(text, tooltip) of each cell of `layer`'s row; the tooltips plain (`gui.plaintext`)."""
        cells = [(shown(layer.name), self._tooltip(layer)), (shown(short_type(layer.type)), layer.type)]
        cells += number_cells(layer.output_shape, layer.params, layer.macs, layer.values, layer.receptive_field,
                              layer.window, layer.notes, self._input_side)
        return [(value, plain_tooltip(tooltip) if tooltip else "") for value, tooltip in cells]

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

    def gradcam_menu(self, position):
        """The context menu at `position` (viewport pixels): Grad-CAM from the layer there, or from the
        model's default layer. A layer without a map of height and width cannot be chosen."""
        menu = QtWidgets.QMenu(self)
        row = self.rowAt(position.y())
        layer = self._rows[row] if 0 <= row < len(self._rows) else None
        here = menu.addAction(self.tr("Grad-CAM from layer {name}").format(name=shown(layer.name)) if layer
                              else self.tr("Grad-CAM from this layer"))
        here.setEnabled(bool(layer and layer.inspectable and layer.spatial))
        if layer is not None:
            here.triggered.connect(lambda _checked, name=layer.name: self.gradcam_layer_chosen.emit(name))
        menu.addAction(self.tr("Grad-CAM from the last convolutional block")).triggered.connect(
            lambda _checked: self.gradcam_layer_chosen.emit(""))
        return menu

    def _on_selection(self):
        name = self.selected_layer()
        if name:
            self.layer_selected.emit(name)

    def _tooltip(self, layer):
        """The name cell's tooltip: a layer name from the file, shown as written (`gui.plaintext`)."""
        name = f"{shown(layer.name)} ({shown(layer.type)})"  # The type too: its column gives way when narrow.
        if not layer.inspectable:
            name = self.tr("{name}: its output cannot be shown as feature maps").format(name=name)
        return plain_tooltip(name_tooltip(name, layer.window, layer.notes))


class LayerTotals(Retranslatable, QtWidgets.QLabel):
    """One line under the Inspect tab's layer table: the model's totals, the numbers `main.py arch MODEL` prints.

    Short, as the table's columns give them, so it keeps to one line and leaves the rows their room;
    whole in the tooltip, with the trainable and non-trainable parameters.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._totals = None
        self.setObjectName("secondaryText")
        self.setWordWrap(True)
        self.setTextFormat(QtCore.Qt.PlainText)
        self.retranslate()

    def set_totals(self, totals):
        """Shows a `gui.messages.ModelTotals`; None hides the line (a model whose table failed)."""
        self._totals = totals
        self.retranslate()

    def retranslate(self):
        totals = self._totals
        self.setVisible(totals is not None)
        if totals is None:
            self.setText("")
            self.setToolTip("")
            return
        self.setText(self.tr("Total: {params} params · {macs} mult-adds · {values} values").format(
            params=compact_count(totals.params), macs=compact_count(totals.macs), values=compact_count(totals.values)))
        self.setToolTip(self.tr("As main.py arch prints them for this model file:\nParameters: {params} (trainable "
                                "{trainable}, non-trainable {frozen})\nMultiply-adds per image: {macs}\nActivation "
                                "values per image: {values} (the input, CONV, POOL, FC and add outputs, as in the "
                                "cs231n notes)").format(
            params=format_count(totals.params), trainable=format_count(totals.trainable),
            frozen=format_count(totals.non_trainable), macs=format_count(totals.macs),
            values=format_count(totals.values)))
