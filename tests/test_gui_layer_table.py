"""The layer list: long layer names that share a prefix stay told apart on screen."""

import numpy as np
from PyQt5 import QtCore, QtGui, QtWidgets

from gui.messages import LayerRow
from gui.widgets.layer_table import LayerTable


def _cell_pixels(table, row):
    """The name cell of `row` as the user sees it (RGB array)."""
    rect = table.visualRect(table.model().index(row, 0))
    image = table.viewport().grab(rect).toImage().convertToFormat(QtGui.QImage.Format_RGB888)
    bits = image.constBits()
    bits.setsize(image.byteCount())
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    # Inside the cell's border, where the current cell's focus frame is drawn.
    return rows[3:-3, 3 * 3:(image.width() - 3) * 3].copy()


def _narrow_the_name_column(table, to):
    """Shrinks the table until its stretching name column is narrower than `to` pixels (fonts differ)."""
    width = 800
    while table.columnWidth(0) >= to and width > 200:
        table.resize(width, 160)
        QtWidgets.QApplication.processEvents()
        width -= 10
    assert 0 < table.columnWidth(0) < to


def test_two_long_names_with_one_prefix_are_drawn_differently_in_a_narrow_list(qtbot):
    table = LayerTable()
    qtbot.addWidget(table)
    table.set_layers([
        LayerRow("light_calibration", "Rescaling", (64, 64, 3), 0, 1, inspectable=True, spatial=True),
        LayerRow("light_calibration_clip", "ReLU", (64, 64, 3), 0, 1, inspectable=True, spatial=True),
    ])
    # Same background for both rows (no alternate colours, no current cell), so only the text can differ.
    table.setAlternatingRowColors(False)
    table.setFocusPolicy(QtCore.Qt.NoFocus)
    table.show()
    qtbot.waitExposed(table)
    _narrow_the_name_column(table, to=table.fontMetrics().horizontalAdvance("light_calibration") * 0.8)
    first, second = _cell_pixels(table, 0), _cell_pixels(table, 1)
    # Cut at the end, both read "light_calibr…"; cut in the middle, their ends differ.
    assert first.shape == second.shape
    assert not np.array_equal(first, second)
