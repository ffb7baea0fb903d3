"""The Inspect tab's feature-map options, driven through the real window (pytest-qt).

The model has a narrow layer (16 channels) and a wide one (96), so the Channels box can be
seen capped at the chosen layer's width and the user's own number coming back; a batch
norm gives it non-trainable parameters for the totals under the layer table.
"""

import pytest

from tests import gui_helpers

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
NARROW, WIDE = 16, 96


def widths_model(path):
    """Saves a small conv net whose layers "narrow" and "wide" have `NARROW` and `WIDE` channels."""
    import keras

    from core.modelfile import ModelInfo, save_model

    side = gui_helpers.SIZE
    inputs = keras.Input((side, side, 3), name="image")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    x = keras.layers.Conv2D(NARROW, 3, padding="same", activation="relu", name="narrow")(x)
    x = keras.layers.BatchNormalization(name="bn")(x)  # Non-trainable parameters, for the totals.
    x = keras.layers.Conv2D(WIDE, 3, padding="same", activation="relu", name="wide")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name="widths_net")
    save_model(model, path, ModelInfo(class_names=["blue", "red"], input_shape=(side, side, 3), arch="widths-test"))
    return path


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inspect_material")
    return {"model": widths_model(folder / "widths.keras"),
            "red": gui_helpers.solid_image(folder / "red.png", gui_helpers.RED)}


def choose_layer(window, qtbot, name):
    """Picks layer `name` in the layer list, as a click does, and waits for its feature maps."""
    panel = window.inspect_panel
    assert panel.layer_table.select_layer(name)
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.feature_maps(), "layer", "") == name, timeout=STEP_TIMEOUT_MS)
    return panel.feature_maps.feature_maps()


def test_the_channels_box_is_capped_at_the_layers_channels_and_the_users_number_comes_back(
        make_window, material, qtbot):
    from gui import config

    window = make_window(material["model"])
    view = window.inspect_panel.feature_maps
    box = view.max_channels
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: view.feature_maps() is not None, timeout=STEP_TIMEOUT_MS)

    # The box offered 1,024 and showed 64 for a layer of 16 channels.
    maps = choose_layer(window, qtbot, "narrow")
    assert (box.maximum(), box.value()) == (NARROW, NARROW) and len(maps.shown) == NARROW
    maps = choose_layer(window, qtbot, "wide")
    assert (box.maximum(), box.value()) == (WIDE, config.MAX_CHANNELS)  # The default comes back.
    assert len(maps.shown) == config.MAX_CHANNELS

    box.setValue(90)  # The user's own number, wider than the narrow layer.
    qtbot.waitUntil(lambda: len(view.feature_maps().shown) == 90, timeout=STEP_TIMEOUT_MS)
    choose_layer(window, qtbot, "narrow")
    assert box.value() == NARROW and view.wanted_channels() == 90
    maps = choose_layer(window, qtbot, "wide")
    assert box.value() == 90 and len(maps.shown) == 90

    box.setValue(10)  # Narrower than both: shown for both.
    choose_layer(window, qtbot, "narrow")
    assert (box.maximum(), box.value()) == (NARROW, 10)
    maps = choose_layer(window, qtbot, "predictions")
    assert (box.maximum(), box.value()) == (2, 2) and len(maps.shown) == 2  # A vector's units cap it too.
    choose_layer(window, qtbot, "wide")
    assert box.value() == 10


def white_pixels(image, rect):
    """How many near-white pixels `image` (a QImage) has inside `rect` (a QRectF): a number's text."""
    count = 0
    for x in range(int(rect.left()) + 1, int(rect.right()) - 1):
        for y in range(int(rect.top()) + 1, int(rect.bottom()) - 1):
            colour = image.pixelColor(x, y)
            count += min(colour.red(), colour.green(), colour.blue()) > 230
    return count


def test_sorted_tiles_carry_their_channel_numbers_and_the_enlarged_channel_says_when_it_left_the_grid(
        make_window, material, qtbot):
    from PyQt5 import QtCore, QtGui, QtWidgets

    window = make_window(material["model"])
    view = window.inspect_panel.feature_maps
    window.resize(1400, 900)
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: view.feature_maps() is not None, timeout=STEP_TIMEOUT_MS)
    maps = choose_layer(window, qtbot, "wide")
    view.max_channels.setValue(8)  # Large tiles: room for a number in each.
    qtbot.waitUntil(lambda: len(view.feature_maps().shown) == 8, timeout=STEP_TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.shown_channel() is not None, timeout=STEP_TIMEOUT_MS)
    grid = view.grid
    # In the channels' own order the tiles need no number (tile k is channel k), and none is drawn.
    first = grid.screen_rects()[0]
    corner = QtCore.QRectF(first.left(), first.top(), first.width() / 2, first.height() / 3)
    assert not grid.numbers_drawn() and white_pixels(grid.grab().toImage(), corner) == 0

    view.sort_by_mean.setChecked(True)
    qtbot.waitUntil(lambda: view.feature_maps().is_sorted(), timeout=STEP_TIMEOUT_MS)
    maps = view.feature_maps()
    assert grid.numbers_drawn() and white_pixels(grid.grab().toImage(), corner) > 0  # The number, in white.
    # The tooltip names every tile, at any size.
    centre = grid.screen_rects()[1].center().toPoint()
    QtWidgets.QApplication.sendEvent(grid, QtGui.QHelpEvent(QtCore.QEvent.ToolTip, centre, grid.mapToGlobal(centre)))
    assert grid.tile_tip_at(centre) == f"Channel {maps.shown[1]}"
    assert QtWidgets.QToolTip.text() == f"Channel {maps.shown[1]}"

    # The last tile's channel, enlarged, is outlined in the grid.
    last = grid.screen_rects()[7].center().toPoint()
    qtbot.mouseClick(grid, QtCore.Qt.LeftButton, pos=last)
    qtbot.waitUntil(lambda: view.shown_channel().channel == maps.shown[7], timeout=STEP_TIMEOUT_MS)
    assert grid.outlined_tile() == 7 and "Not in the grid" not in view.channel_caption.text()
    # Fewer channels: it stays enlarged (the user chose it), and its caption says it left the grid.
    view.max_channels.setValue(4)
    qtbot.waitUntil(lambda: len(view.feature_maps().shown) == 4, timeout=STEP_TIMEOUT_MS)
    assert view.shown_channel().channel == maps.shown[7] and grid.outlined_tile() is None
    assert view.channel_caption.text().endswith("\nNot in the grid")
    view.max_channels.setValue(8)
    qtbot.waitUntil(lambda: len(view.feature_maps().shown) == 8, timeout=STEP_TIMEOUT_MS)
    assert grid.outlined_tile() == 7 and "Not in the grid" not in view.channel_caption.text()
    qtbot.waitUntil(window.is_settled, timeout=STEP_TIMEOUT_MS)


def test_tile_numbers_give_way_to_the_map_on_small_tiles(qtbot):
    import numpy as np

    from gui.widgets.feature_map_view import TileGridView
    from inspection.features import tile_rects

    grid = TileGridView()
    qtbot.addWidget(grid)
    pixels = np.zeros((98, 98, 3), np.uint8)  # 16 tiles of 22x22 with 2-pixel gaps.
    rects = tile_rects(pixels.shape, 16)
    grid.set_image(pixels)
    grid.set_tiles(rects, [str(99 - index) for index in range(16)], [""] * 16, numbered=True)
    grid.resize(400, 400)  # Tiles of about 90 px: numbers fit.
    assert grid.numbers_drawn()
    grid.resize(130, 130)  # Tiles of about 30 px: still.
    assert grid.numbers_drawn()
    grid.setMinimumSize(0, 0)
    grid.resize(60, 60)  # Tiles of about 12 px: a number would hide the map; the tooltip gives it.
    assert not grid.numbers_drawn()


def test_the_layer_table_has_the_totals_main_py_arch_prints_under_it(make_window, material, qtbot):
    from cli.arch_command import architecture_for
    from models.table import format_count

    window = make_window(material["model"])
    line = window.inspect_panel.layer_totals
    table = architecture_for(str(material["model"]))
    assert table.non_trainable_params == 2 * NARROW  # The batch norm's moving mean and variance.
    assert line.isVisible() and line.text() == (
        f"Total: {format_count(table.total_params)} params · {format_count(table.macs)} mult-adds · "
        f"{format_count(table.activation_values)} values")  # As the columns say; "per image" in the tooltip.
    assert (f"Parameters: {table.total_params:,} (trainable {table.trainable_params:,}, non-trainable "
            f"{table.non_trainable_params:,})\n") in line.toolTip()
    assert f"Multiply-adds per image: {table.macs:,}\n" in line.toolTip()
    assert f"Activation values per image: {table.activation_values:,} (" in line.toolTip()
    # Under the table, in the same pane of the splitter.
    assert line.parentWidget() is window.inspect_panel.layer_table.parentWidget()
    assert line.geometry().top() >= window.inspect_panel.layer_table.geometry().bottom()
