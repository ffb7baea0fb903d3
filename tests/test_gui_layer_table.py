"""The layer list: names are readable at the app's size, and long names that share a prefix stay told apart."""

import numpy as np
from PyQt5 import QtCore, QtGui

from gui.messages import LayerRow
from gui.widgets.layer_table import LayerTable


def _row(name, kind="Conv2D"):
    return LayerRow(name, kind, (64, 64, 16), 448, 3, inspectable=True, spatial=True)


def _table(qtbot, names, width=560):
    """The layer list at `width` pixels (about its width in a 1,280-pixel window), showing `names`."""
    table = LayerTable()
    qtbot.addWidget(table)
    table.set_layers([_row(name) for name in names])
    # Same background for every row (no alternate colours, no current cell), so only the text can differ.
    table.setAlternatingRowColors(False)
    table.setFocusPolicy(QtCore.Qt.NoFocus)
    table.resize(width, 240)
    table.show()
    qtbot.waitExposed(table)
    return table


def _cell_pixels(table, row):
    """The name cell of `row` as the user sees it (RGB array)."""
    rect = table.visualRect(table.model().index(row, 0))
    image = table.viewport().grab(rect).toImage().convertToFormat(QtGui.QImage.Format_RGB888)
    bits = image.constBits()
    bits.setsize(image.byteCount())
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[3:-3, 3 * 3:(image.width() - 3) * 3].copy()  # Inside the border, where a focus frame goes.


def test_usual_layer_names_are_shown_whole_beside_a_batch_normalization_type(qtbot):
    names = ["input", "block1_conv1", "block1_norm1", "block4_relu2", "predictions"]
    table = _table(qtbot, names, width=720)  # Room for whole names, a type and the five number columns.
    table.set_layers([_row(name, "BatchNormalization") for name in names])

    widest = max(table.fontMetrics().horizontalAdvance(name) for name in names)
    assert table.columnWidth(0) > widest  # Before, the type column took the room and names read "blo…".
    assert not table.isColumnHidden(1) and table.columnWidth(1) >= table.fontMetrics().horizontalAdvance("BatchNorm")
    assert table.horizontalScrollBar().maximum() == 0


def test_where_names_and_types_do_not_both_fit_the_type_gives_way_to_the_tooltip(qtbot):
    names = ["input", "block1_conv1", "block1_norm1", "block4_relu2", "predictions"]
    table = _table(qtbot, names, width=560)  # The Inspect tab in a 1,280-pixel window: seven columns.
    table.set_layers([_row(name, "BatchNormalization") for name in names])

    assert table.isColumnHidden(1)
    assert table.columnWidth(0) > max(table.fontMetrics().horizontalAdvance(name) for name in names)
    assert table.item(1, 0).toolTip() == "block1_conv1 (BatchNormalization)"
    table.resize(760, 240)
    qtbot.waitUntil(lambda: not table.isColumnHidden(1))


def test_two_long_names_with_one_prefix_are_drawn_differently(qtbot):
    names = ["light_calibration_of_the_second_lamp", "light_calibration_of_the_second_lamp_clip"]
    table = _table(qtbot, names)

    assert table.columnWidth(0) < table.fontMetrics().horizontalAdvance(names[0])  # Both are cut.
    first, second = _cell_pixels(table, 0), _cell_pixels(table, 1)
    # Cut at the end, both read "light_calibr…"; cut in the middle, their ends differ.
    assert first.shape == second.shape
    assert not np.array_equal(first, second)


def test_names_keep_priority_over_types_and_the_table_scrolls_when_too_narrow(qtbot):
    names = ["block_16_expand_relu", "predictions_tooth_marks", "predictions_body_colour"]
    table = _table(qtbot, names, width=800)
    table.set_layers([_row(name, kind) for name, kind in zip(names, ("BatchNormalization", "DepthwiseConv2D",
                                                                      "Dense"))])
    metrics = table.fontMetrics()

    # With room, every name reads whole beside its type (before: "predic…colour", the types had the room).
    assert table.columnWidth(0) > max(metrics.horizontalAdvance(name) for name in names)
    assert not table.isColumnHidden(1) and table.horizontalScrollBar().maximum() == 0

    table.resize(300, 240)  # Too narrow for even short names beside the numbers: it scrolls.
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0)
    assert table.isColumnHidden(1)
    assert _cell_pixels(table, 0).shape[1] // 3 + 6 >= metrics.horizontalAdvance("block1_conv1")  # 12 characters.


def test_long_keras_types_are_shown_by_their_short_names(qtbot):
    names = ["block1_conv1", "block1_norm1", "global_pool"]
    table = _table(qtbot, names, width=760)
    table.set_layers([_row(name, kind) for name, kind in zip(names, ("Conv2D", "BatchNormalization",
                                                                      "GlobalAveragePooling2D"))])

    assert [table.item(row, 1).text() for row in range(3)] == ["Conv2D", "BatchNorm", "GlobalAvgPool"]
    from gui.widgets.layer_table import short_type

    assert short_type("LocalResponseNormalization") == "LRN"  # AlexNet's, 26 characters, hid the column.
    assert table.item(1, 1).toolTip() == "BatchNormalization"  # The Keras class, whole.
    assert not table.isColumnHidden(1)
    assert table.columnWidth(1) > table.fontMetrics().horizontalAdvance("GlobalAvgPool")


def test_tab_leaves_the_table_for_the_next_control(qtbot):
    from PyQt5 import QtWidgets

    from gui.widgets.common import readonly_table

    window = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(window)
    table, other_table, after = LayerTable(), QtWidgets.QTableWidget(3, 3), QtWidgets.QLineEdit()
    readonly_table(other_table)
    for widget in (table, other_table, after):
        layout.addWidget(widget)
    table.set_layers([_row(name) for name in ("conv1", "conv2", "conv3")])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)

    qtbot.keyClick(table, QtCore.Qt.Key_Tab)  # Before, Tab walked the cells round and round: a keyboard trap.
    qtbot.waitUntil(other_table.hasFocus)
    qtbot.keyClick(other_table, QtCore.Qt.Key_Tab)
    qtbot.waitUntil(after.hasFocus)



def _windowed_rows():
    """AlexNet's conv1 on its 227 px, as the model worker lists it (window and notes from the table)."""
    from models import table as tables

    rows = tables.spec_table("INPUT -> CONV(K=4, F=11, S=4, P=0) -> FC", (227, 227, 3), 2).rows
    return [LayerRow(row.name, row.type, row.output_shape, row.params, row.receptive_field, inspectable=True,
                     spatial=len(row.output_shape) == 3, window=row.window, notes=row.notes) for row in rows]


def test_each_convolution_shows_its_f_s_and_p_and_says_them_in_its_tooltips(qtbot):
    from gui.widgets.layer_table import WINDOW_COLUMN

    table = _table(qtbot, [], width=760)
    table.set_layers(_windowed_rows(), input_side=227)
    conv = [row.name for row in table.layers()].index("block1_conv1")

    assert table.horizontalHeaderItem(WINDOW_COLUMN).text() == "F/S P"
    assert "(W-F+2P)/S+1" in table.horizontalHeaderItem(WINDOW_COLUMN).toolTip()
    assert not table.isColumnHidden(WINDOW_COLUMN) and table.item(conv, WINDOW_COLUMN).text() == "11×11/4 P=0"
    words = "Filter F 11×11, stride S 4, zero padding P 0"
    assert table.item(conv, WINDOW_COLUMN).toolTip() == words
    assert table.item(conv, 0).toolTip() == f"block1_conv1 (Conv2D)\n{words}"
    assert table.item(0, WINDOW_COLUMN).text() == ""  # The input has no window.
    # The FC after the flatten sees the whole 55x55 volume: 11 + 54*4 = 227 px, the image and no more.
    assert table.layers()[-1].receptive_field == 227 and table.item(len(table.layers()) - 1, 6).toolTip() == ""


def test_the_window_column_gives_way_to_whole_names_and_its_tooltip_keeps_it(qtbot):
    from gui.widgets.layer_table import WINDOW_COLUMN

    rows = _windowed_rows()
    rows[2].name = "a_convolution_with_a_long_name"
    table = _table(qtbot, [], width=1000)
    table.set_layers(rows, input_side=227)
    assert not table.isColumnHidden(WINDOW_COLUMN)
    name = table.fontMetrics().horizontalAdvance(rows[2].name)
    numbers, window = sum(table.columnWidth(column) for column in range(2, 7)), table.columnWidth(WINDOW_COLUMN)
    table.resize(numbers + name + 30 + window // 2 + 2 * table.frameWidth(), 240)  # Whole names, half a window.
    qtbot.waitUntil(lambda: table.isColumnHidden(WINDOW_COLUMN))
    assert table.columnWidth(0) > name
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    assert "stride S 4" in table.item(2, 0).toolTip()


def test_a_field_larger_than_the_image_is_explained_in_its_tooltip(qtbot):
    rows = [LayerRow("conv1", "Conv2D", (54, 54, 96), 34944, 11, inspectable=True, spatial=True),
            LayerRow("fc", "Dense", (2,), 10, 323, inspectable=True)]
    table = _table(qtbot, [], width=760)
    table.set_layers(rows, input_side=224)
    assert table.item(0, 6).toolTip() == ""
    assert table.item(1, 6).toolTip() == "323 px, larger than the 224 px image: the whole input plus padding"
    assert table.horizontalHeaderItem(6).toolTip().endswith(
        "\nLarger than the image: the whole input plus padding.")


def test_a_window_keras_rounds_down_is_marked_and_its_note_in_the_tooltips(qtbot):
    from core.messages import Message
    from gui.widgets.common import WARNING_COLOR

    note = Message("geometry.rounded_down", where="conv1", formula="(W-F+2P)/S+1 = (224-11+2*0)/4+1",
                   exact="54.25", rounded=54)
    rows = [LayerRow("conv1", "Conv2D", (54, 54, 96), 34944, 11, inspectable=True, spatial=True, notes=(note,)),
            LayerRow("fc", "Dense", (2,), 10, 323, inspectable=True)]
    table = _table(qtbot, [], width=760)
    table.set_layers(rows, input_side=224)
    assert table.item(0, 2).toolTip() == str(note)
    assert table.item(0, 2).foreground().color().name() == WARNING_COLOR
    assert table.item(1, 2).foreground().color().name() != WARNING_COLOR
    assert str(note) in table.item(0, 0).toolTip()
