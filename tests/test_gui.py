"""The desktop app, driven offscreen through its real widgets (pytest-qt).

Models are tiny and hand-weighted (`tests/gui_helpers.py`), so every expected answer is
known exactly; every thread the window starts is joined before a test ends.
"""

import csv
import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PyQt5 import QtCore, QtGui, QtWidgets

from tests import gui_helpers
from tests.gui_helpers import BLUE, RED, drop, shows_whole

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
LOAD_TIMEOUT_MS = 90_000  # The first load in a process waits for TensorFlow's import.
STEP_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def material(tmp_path_factory):
    """Models and images shared by the tests (made once: building a model costs seconds)."""
    folder = tmp_path_factory.mktemp("gui_material")
    corrupt = folder / "broken.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    not_model = folder / "notes.keras"
    not_model.write_text("just some text, not a zip archive", encoding="utf-8")
    return {
        "color": gui_helpers.color_model(folder / "color.keras"),
        "warm": gui_helpers.color_model(folder / "warm.keras", class_names=("cool", "warm"), conv_layers=1),
        "red": gui_helpers.solid_image(folder / "red.png", RED),
        "blue": gui_helpers.solid_image(folder / "blue.png", BLUE),
        "corrupt": corrupt,
        "not_model": not_model,
        "folder": folder,
    }


def predicted(window):
    return window.image_panel.prediction_panel.predicted_label()


def test_dropping_an_image_shows_its_class(make_window, material, qtbot):
    window = make_window(material["color"])
    assert window.model_label.text() == "Model: color.keras"
    assert "blue, red" in window.classes_label.text() and "32×32×3" in window.input_label.text()

    assert drop(window, [material["red"]])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)
    bars = window.image_panel.prediction_panel.bars.top()
    assert [bar["label"] for bar in bars] == ["red", "blue"] and bars[0]["probability"] > 0.99
    assert window.image_panel.image_view.image_size() == (32, 32)
    assert "ms" in window.image_panel.prediction_panel.timing.text()

    assert drop(window, [material["blue"]])
    qtbot.waitUntil(lambda: predicted(window) == "blue", timeout=STEP_TIMEOUT_MS)
    assert window.current_image() == str(material["blue"])


def test_a_narrow_window_leaves_the_status_bar_room_for_messages(make_window, material, qtbot):
    window = make_window(material["color"])
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: window.classes_label.isVisible(), timeout=STEP_TIMEOUT_MS)

    window.resize(1024, 700)

    # The class names' field goes (at 1,024 px passing messages read "Model l"); the model's tooltip has them.
    qtbot.waitUntil(lambda: not window.classes_label.isVisible(), timeout=STEP_TIMEOUT_MS)
    assert "blue, red" in window.model_label.toolTip()
    window.statusBar().showMessage("Saved 6 results to /home/someone/results.csv")
    status_bar = window.statusBar()
    fields = sum(label.width() for label in (window.model_label, window.input_label))
    assert status_bar.width() - fields > status_bar.fontMetrics().horizontalAdvance(status_bar.currentMessage())
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: window.classes_label.isVisible(), timeout=STEP_TIMEOUT_MS)


def test_exporting_the_one_photo_shown_writes_its_reading_and_the_model(make_window, material, qtbot, tmp_path):
    window = make_window(material["color"])
    assert drop(window, [material["red"]])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)

    assert window.export_results(tmp_path / "one.csv") == 1

    with open(tmp_path / "one.csv", encoding="utf-8-sig", newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["path"], row["label_1"], row["model"]) == (str(material["red"]), "red", str(material["color"]))


def test_a_dropped_photo_runs_one_forward_pass_for_its_prediction_and_every_layer(make_window, material, qtbot):
    from gui.model_worker import LOAD

    window = make_window(material["color"])
    panel = window.inspect_panel
    qtbot.waitUntil(lambda: not window.manager.is_busy(LOAD), timeout=STEP_TIMEOUT_MS)  # Traced at load.
    before = window.manager.forward_passes()

    assert drop(window, [material["red"]])
    qtbot.waitUntil(lambda: predicted(window) == "red" and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    assert panel.feature_maps.feature_maps().layer == "conv1" and panel.feature_maps.shown_channel() is not None
    panel.layer_table.select_layer("conv2")
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.feature_maps(), "layer", "") == "conv2",
                    timeout=STEP_TIMEOUT_MS)
    qtbot.waitUntil(window.is_settled, timeout=STEP_TIMEOUT_MS)

    assert window.manager.forward_passes() - before == 1  # Probabilities, maps and channels: one pass.


def test_a_dropped_file_whose_name_is_not_utf8_is_classified(make_window, material, qtbot, tmp_path):
    import os
    import shutil

    # "中.png" in GBK, as a zip made on Chinese Windows leaves it: not valid UTF-8.
    path = os.path.join(os.fsencode(tmp_path), b"\xd6\xd0.png")
    shutil.copyfile(os.fsencode(material["red"]), path)
    window = make_window(material["color"])
    assert drop(window, [os.fsdecode(path)])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)
    assert window.current_image() == os.fsdecode(path)


def test_drag_enter_refuses_files_it_cannot_open(make_window, tmp_path):
    window = make_window()
    text_file = tmp_path / "readme.txt"
    text_file.write_text("hello", encoding="utf-8")
    assert not drop(window, [text_file])
    assert drop(window, [tmp_path])  # A folder is accepted (batch).


def test_dropping_a_model_switches_models(make_window, material, qtbot):
    window = make_window(material["color"])
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)

    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS) as switched:
        assert drop(window, [material["warm"]])
    assert switched.args[0].class_names == ["cool", "warm"]
    assert window.model_label.text() == "Model: warm.keras"
    assert [row.name for row in window.inspect_panel.layer_table.layers() if row.is_conv] == ["conv1"]
    # The image on screen is classified again by the new model.
    qtbot.waitUntil(lambda: predicted(window) == "warm", timeout=STEP_TIMEOUT_MS)
    assert str(Path(material["warm"]).resolve()) == window.settings.recent("models")[0]


def test_the_layer_table_has_each_layers_multiply_adds_and_memory_as_main_py_arch(make_window, material, qtbot):
    from core import modelfile
    from models import table as tables

    window = make_window(material["color"])
    layer_table = window.inspect_panel.layer_table
    expected = {row.name: row for row in tables.architecture_table(modelfile.load_model(material["color"]).model).rows}

    rows = {row.name: row for row in layer_table.layers()}
    assert {name: row.macs for name, row in rows.items()} == {name: row.macs for name, row in expected.items()}
    assert {name: row.values for name, row in rows.items()} == {
        name: row.activation_values if row.counted else None for name, row in expected.items()}
    conv = [row.name for row in layer_table.layers()].index("conv1")
    headers = [layer_table.horizontalHeaderItem(column).text() for column in range(layer_table.columnCount())]
    assert headers == ["Layer", "Type", "Output", "Params", "Mult-\nadds", "Values", "RF", "F/S P"]
    assert layer_table.horizontalHeaderItem(6).toolTip().startswith("Receptive field: ")
    assert rows["conv1"].window == expected["conv1"].window and layer_table.item(conv, 7).text() == "3×3/1 P=1"
    macs = expected["conv1"].macs  # 32x32x4 outputs of 3x3x3 windows: 110,592.
    assert layer_table.item(conv, 4).text() == "111 k" and layer_table.item(conv, 4).toolTip() == f"{macs:,}"
    assert layer_table.item(conv, 5).text() == "4.1 k"  # 32x32x4 values.


def test_choosing_a_layer_shows_its_feature_maps(make_window, material, qtbot):
    window = make_window(material["color"])
    panel = window.inspect_panel
    window.open_image(material["red"])
    # The first convolution is chosen at once, and its maps appear with the prediction.
    qtbot.waitUntil(lambda: panel.feature_maps.feature_maps() is not None, timeout=STEP_TIMEOUT_MS)
    assert panel.feature_maps.feature_maps().layer == "conv1"

    panel.layer_table.select_layer("conv2")
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.feature_maps(), "layer", "") == "conv2",
                    timeout=STEP_TIMEOUT_MS)
    maps = panel.feature_maps.feature_maps()
    assert maps.channels == 4 and maps.shape == (16, 16, 4) and maps.grid.ndim == 3
    assert panel.feature_maps.legend.toolTip().startswith("Each channel on its own scale")  # What the colours say.
    assert panel.feature_maps.legend.isVisible() and panel.feature_maps.legend_low.text() == "low"
    assert "conv2" in panel.feature_maps.heading.text()

    # The first tile is enlarged at once; clicking the second tile of the grid enlarges channel 1.
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.shown_channel(), "layer", "") == "conv2",
                    timeout=STEP_TIMEOUT_MS)
    assert panel.feature_maps.shown_channel().channel == 0
    grid_view = panel.feature_maps.grid
    rect = grid_view.image_rect()
    height, width = maps.grid.shape[:2]
    scale = rect.width() / width
    x = rect.left() + (width * 0.75) * scale
    y = rect.top() + (height * 0.25) * scale
    qtbot.mouseClick(grid_view, QtCore.Qt.LeftButton, pos=QtCore.QPoint(int(x), int(y)))
    qtbot.waitUntil(lambda: panel.feature_maps.shown_channel().channel == 1, timeout=STEP_TIMEOUT_MS)
    assert panel.feature_maps.channel_view.has_image()

    # The Filters tab shows the selected conv layer's kernels, and says why a pooling layer has none.
    panel.tabs.setCurrentWidget(panel.filter_view)
    qtbot.waitUntil(lambda: panel.filter_view.filters() is not None, timeout=STEP_TIMEOUT_MS)
    assert panel.filter_view.filters().layer == "conv2" and panel.filter_view.filters().pixels is not None
    panel.layer_table.select_layer("pool1")
    qtbot.waitUntil(lambda: getattr(panel.filter_view.filters(), "layer", "") == "pool1", timeout=STEP_TIMEOUT_MS)
    assert panel.filter_view.filters().pixels is None and panel.filter_view.note.text()
    assert not window.message_bar.message()

    # A vector output (the class scores) is shown as one tile per unit.
    panel.layer_table.select_layer("predictions")
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.feature_maps(), "layer", "") == "predictions",
                    timeout=STEP_TIMEOUT_MS)
    assert panel.feature_maps.feature_maps().channels == 2
    # One unit large is a bar among the layer's units, with its value and rank (a one-colour tile said nothing).
    qtbot.waitUntil(lambda: getattr(panel.feature_maps.shown_channel(), "layer", "") == "predictions",
                    timeout=STEP_TIMEOUT_MS)
    unit = panel.feature_maps.shown_channel()
    assert (unit.channel, unit.units, unit.rank) == (0, 2, 2)  # Unit 0 scores blue: the smaller of the two.
    assert len(np.unique(unit.pixels.reshape(-1, 3), axis=0)) > 2
    assert panel.feature_maps.channel_caption.text().startswith("Unit 0: blue\nvalue ")  # The class it scores.
    assert panel.feature_maps.legend.toolTip().startswith("Class probabilities, one tile per class, on one scale")
    assert panel.feature_maps.max_channels_label.text() == "Units:"
    assert "rank 2 of 2" in panel.feature_maps.channel_caption.text()


def test_feature_maps_of_units_and_1x1_maps_give_the_numbers_of_their_one_scale(make_window, material, qtbot):
    window = make_window(gui_helpers.gray_model(material["folder"] / "gray.keras"))
    panel, view = window.inspect_panel, window.inspect_panel.feature_maps
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: view.feature_maps() is not None, timeout=STEP_TIMEOUT_MS)

    def choose(layer):
        panel.layer_table.select_layer(layer)
        qtbot.waitUntil(lambda: getattr(view.feature_maps(), "layer", "") == layer, timeout=STEP_TIMEOUT_MS)
        return view.feature_maps()

    # Class probabilities: from 0 to 1, so that 34 % and 33 % are not drawn as opposite ends.
    maps = choose("predictions")
    assert maps.value_range == (0.0, 1.0) and (view.legend_low.text(), view.legend_high.text()) == ("0", "1")
    # Other units: their lowest and highest value, on the legend and in its tooltip.
    maps = choose("fc4")
    low, high = maps.value_range
    assert low < high and view.legend_high.text() not in ("high", "1")
    assert float(view.legend_low.text()) == pytest.approx(low, rel=1e-2, abs=1e-3)
    assert float(view.legend_high.text()) == pytest.approx(high, rel=1e-2)
    assert view.legend.toolTip() == (f"One tile per unit, all on one scale from {view.legend_low.text()} (dark) "
                                     f"to {view.legend_high.text()} (yellow)")
    # A Dense layer has units: the heading says so, as the box beside it does.
    view.max_channels.setValue(4)
    qtbot.waitUntil(lambda: len(view.feature_maps().shown) == 4, timeout=STEP_TIMEOUT_MS)
    assert view.heading.text() == "fc4  ·  6  ·  4 of 6 units" and view.max_channels_label.text() == "Units:"
    assert view.max_channels.toolTip() == "How many units the grid shows at most"
    maps = choose("conv3")  # 1x1 maps: one number per channel, on one scale too.
    assert maps.value_range is not None and view.legend.toolTip().startswith("One tile per channel, each a single")
    assert view.heading.text() == "conv3  ·  1×1×8  ·  4 of 8 channels" and view.max_channels_label.text() == "Channels:"
    maps = choose("conv2")
    assert maps.value_range is None and (view.legend_low.text(), view.legend_high.text()) == ("low", "high")
    qtbot.waitUntil(window.is_settled, timeout=STEP_TIMEOUT_MS)


def test_gradcam_overlay_follows_the_class_picker(make_window, material, qtbot):
    window = make_window(material["color"])
    image = window.image_panel
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)

    window.set_gradcam(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None, timeout=STEP_TIMEOUT_MS)
    shown = window.gradcam_shown()
    assert shown.class_index == 1 and shown.heatmap.shape == (32, 32) and image.image_view.has_overlay()
    assert "red" in image.gradcam_controls.caption.text() and image.gradcam_controls.legend_box.isVisible()
    qtbot.waitUntil(window.is_settled, timeout=STEP_TIMEOUT_MS)

    image.gradcam_controls.set_chosen_class(0)  # Explain "blue" instead.
    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "class_index", None) == 0, timeout=STEP_TIMEOUT_MS)

    window.set_gradcam(False)
    assert not image.image_view.has_overlay() and window.gradcam_shown() is None


def test_grad_cam_from_a_layer_chosen_in_the_inspect_tab(make_window, material, qtbot):
    window = make_window(material["color"])
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)
    table = window.inspect_panel.layer_table
    names = [row.name for row in table.layers()]

    def menu_at(name):
        return table.gradcam_menu(table.visualRect(table.model().index(names.index(name), 0)).center())

    # A layer without a map of height and width (the class scores) cannot be chosen; a convolution can.
    assert not menu_at("predictions").actions()[0].isEnabled()
    here, default = menu_at("conv1").actions()
    assert here.text() == "Grad-CAM from layer conv1" and here.isEnabled()
    here.trigger()  # Turns the overlay on with the chosen layer's map.

    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "layer", "") == "conv1", timeout=STEP_TIMEOUT_MS)
    assert window.image_panel.gradcam_controls.is_on()
    assert window.image_panel.gradcam_controls.caption.text() == "Evidence for red, from layer conv1 (32×32 map)"
    default.trigger()
    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "layer", "") == "conv2", timeout=STEP_TIMEOUT_MS)


def test_gradcam_of_a_lenet_skips_its_1x1_map_and_says_a_1x1_map_cannot_show_where(make_window, material, qtbot):
    window = make_window(gui_helpers.gray_model(material["folder"] / "gray.keras"))
    image = window.image_panel
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: window.current_prediction() is not None, timeout=STEP_TIMEOUT_MS)

    window.set_gradcam(True)  # By default from conv2's 10x10 map, not conv3's 1x1.
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None, timeout=STEP_TIMEOUT_MS)
    assert window.gradcam_shown().layer == "conv2" and window.gradcam_shown().map_size == (10, 10)
    assert image.gradcam_controls.caption.text().endswith("from layer conv2 (10×10 map)")  # How coarse it is.
    image.set_gradcam_layer("conv3")  # As the layer table's right-click does.
    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "layer", "") == "conv3", timeout=STEP_TIMEOUT_MS)
    assert not window.gradcam_shown().heatmap.any()  # No place marked, rather than all of it.
    assert image.gradcam_controls.caption.text().endswith("from layer conv3 (1×1 map)\nA 1×1 map cannot show where: "
                                                          "no place is marked")
    qtbot.waitUntil(window.is_settled, timeout=STEP_TIMEOUT_MS)


def test_the_view_menu_and_its_shortcuts_switch_the_model_view_and_the_tongue_outline(make_window, material, qtbot):
    window = make_window(material["color"])
    panel, actions = window.image_panel, window.actions
    assert actions.model_view in window.view_menu.actions() and actions.outline in window.view_menu.actions()
    assert actions.model_view.shortcut().toString() == "Ctrl+Shift+M"
    assert actions.outline.shortcut().toString() == "Ctrl+U"

    actions.model_view.trigger()
    assert panel.model_view_toggle.box.isChecked()
    panel.tongue_panel.outline_box.setChecked(True)  # The checkbox and the menu say the same.
    assert actions.outline.isChecked()
    actions.outline.trigger()
    assert not panel.tongue_panel.is_outline_on()


def test_the_model_view_of_a_gray_model_is_the_gray_picture_it_is_fed(make_window, material, qtbot):
    from PIL import Image

    from core.images import match_channels

    window = make_window(gui_helpers.gray_model(material["folder"] / "gray.keras"))
    panel = window.image_panel
    panel.model_view_toggle.set_on(True)
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: panel.shows_model_view(), timeout=STEP_TIMEOUT_MS)

    view = window.current_prediction().model_view.astype(int)
    fed = match_channels(np.asarray(Image.open(material["red"]).convert("RGB")), 1)[..., 0]  # The luma it reads.
    assert view.shape == (32, 32, 3) and (view == fed[..., None]).all()
    # On screen too: a red photo is drawn gray, as LeNet sees it.
    centre = panel.image_view.image_rect().center().toPoint()
    colour = panel.image_view.grab().toImage().pixelColor(centre)
    assert colour.red() == colour.green() == colour.blue()
    assert panel.model_view_toggle.caption.text() == (
        "32×32, no colour correction in this model; in gray: the model reads one channel")


def test_the_model_view_shows_each_input_pixel_as_a_crisp_square(make_window, material, qtbot):
    from PIL import Image

    squares = np.kron(np.indices((8, 8)).sum(axis=0) % 2, np.ones((4, 4), dtype=int)) * 255  # 32x32, 4-px squares.
    board = material["folder"] / "board.png"
    Image.fromarray(np.repeat(squares[..., None], 3, axis=2).astype(np.uint8)).save(board)
    window = make_window(gui_helpers.gray_model(material["folder"] / "gray.keras"))
    panel = window.image_panel
    window.open_image(board)
    qtbot.waitUntil(lambda: window.current_prediction() is not None, timeout=STEP_TIMEOUT_MS)

    def greys_on_screen():
        rect = panel.image_view.image_rect().adjusted(3, 3, -3, -3).toRect()
        picture = panel.image_view.grab().toImage()
        return {picture.pixelColor(x, y).red() for x in range(rect.left(), rect.right(), 2)
                for y in range(rect.top(), rect.bottom(), 2)}

    assert panel.image_view.is_smooth() and len(greys_on_screen()) > 2  # The photo: filtered between pixels.
    panel.model_view_toggle.set_on(True)
    qtbot.waitUntil(lambda: panel.shows_model_view(), timeout=STEP_TIMEOUT_MS)
    assert greys_on_screen() == {0, 255}  # The model's 32x32 input: black and white squares, nothing between.
    panel.model_view_toggle.set_on(False)
    assert panel.image_view.is_smooth()


def test_the_tabs_and_the_user_guide_have_shortcuts_and_no_shortcut_is_taken_twice(make_window, material):
    window = make_window(material["color"])
    actions = window.actions
    assert actions.batch_tab.shortcut().toString() == "Ctrl+2" and actions.guide.shortcut().toString() == "F1"
    actions.batch_tab.trigger()
    assert window.right_tabs.currentWidget() is window.batch_table
    actions.inspect_tab.trigger()
    assert window.right_tabs.currentWidget() is window.inspect_panel
    assert actions.guide in window.help_menu.actions()
    guide = Path(window.open_user_guide().toLocalFile())
    assert guide.name == "README.md" and guide.read_text(encoding="utf-8").startswith("# TongueLens")
    shortcuts = [action.shortcut().toString() for action in window.findChildren(QtWidgets.QAction)
                 if not action.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), shortcuts


def test_bad_image_and_bad_model_show_errors_and_the_app_goes_on(make_window, material, qtbot):
    window = make_window(material["color"])
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)

    assert drop(window, [material["corrupt"]])
    qtbot.waitUntil(lambda: "broken.jpg" in window.message_bar.message(), timeout=STEP_TIMEOUT_MS)
    assert window.message_bar.level() == "error"
    assert window.current_image() == str(material["red"]) and predicted(window) == "red"

    assert drop(window, [material["not_model"]])
    qtbot.waitUntil(lambda: "notes.keras" in window.message_bar.message(), timeout=STEP_TIMEOUT_MS)
    assert "\n" not in window.message_bar.message() and "Traceback" not in window.message_bar.message()
    assert window.current_model().name == "color.keras"

    assert drop(window, [material["blue"]])
    qtbot.waitUntil(lambda: predicted(window) == "blue", timeout=STEP_TIMEOUT_MS)
    assert not window.message_bar.message()  # The next photo shown: the old error is gone.


def test_a_run_that_ends_behind_the_closed_train_dialog_is_said_in_the_message_bar(make_window, material, tmp_path):
    from training.config import TrainResult

    window = make_window(material["color"])
    dialog = window.show_train_dialog()
    model_path = str(tmp_path / "run" / "model.keras")
    dialog.training_finished.emit(TrainResult(str(tmp_path / "run"), model_path, {}, False))
    assert not window.message_bar.message()  # The open dialog shows it.

    dialog.close()
    dialog.training_finished.emit(TrainResult(str(tmp_path / "run"), model_path, {}, False))
    assert window.message_bar.message() == (f"Training finished: the model is saved as {model_path}. "
                                            "Open Train (Ctrl+T) for its evaluation and Use This Model")
    assert window.message_bar.level() == "info"
    dialog.training_finished.emit(None)
    assert window.message_bar.message() == "Training failed: open Train (Ctrl+T) to see why"
    assert window.message_bar.level() == "error"


def test_a_dropped_folder_is_classified_into_a_sortable_table_and_exported(make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    for index in range(3):
        gui_helpers.solid_image(folder / f"red_{index}.png", RED, seed=index)
    gui_helpers.solid_image(folder / "sub" / "blue_0.png", BLUE)
    (folder / "zz_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    (folder / "notes.txt").write_text("not an image", encoding="utf-8")
    window = make_window(material["color"])

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        assert drop(window, [folder])
    result = finished.args[0]
    table = window.batch_table
    assert table.row_count() == 6 and not result.cancelled
    by_name = {Path(row.path).name: row for row in result.rows}
    assert by_name["blue_0.png"].top[0]["label"] == "blue"
    assert all(by_name[f"red_{index}.png"].top[0]["label"] == "red" for index in range(3))
    assert "zz_broken.png" in by_name["zz_broken.png"].error and by_name["red_0.png"].thumbnail is not None
    assert by_name["notes.txt"].error and not by_name["notes.txt"].top
    assert window.right_tabs.currentWidget() is table

    table.table.sortItems(table.COLUMN_CLASS, QtCore.Qt.AscendingOrder)
    classes = [table.cell_text(row, table.COLUMN_CLASS) for row in range(table.row_count())]
    assert classes == sorted(classes)

    out = tmp_path / "results.csv"
    assert window.export_results(out) == 6
    with open(out, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {Path(row["path"]).name: row["label_1"] for row in rows}["blue_0.png"] == "blue"
    assert sorted(Path(row["path"]).name for row in rows if row["error"]) == ["notes.txt", "zz_broken.png"]


def test_dropping_a_mix_of_good_and_bad_files_lists_each_one(make_window, material, qtbot, tmp_path):
    folder_like_image = tmp_path / "scan.jpg"
    folder_like_image.mkdir()
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    window = make_window(material["color"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        assert drop(window, [material["red"], material["corrupt"], folder_like_image, text])
    rows = {Path(row.path).name: row for row in finished.args[0].rows}
    assert set(rows) == {"red.png", "broken.jpg", "scan.jpg", "notes.txt"}
    assert rows["red.png"].top[0]["label"] == "red"
    for name in ("broken.jpg", "scan.jpg", "notes.txt"):
        assert rows[name].error.startswith(str(tmp_path if name != "broken.jpg" else material["folder"]))
        assert not rows[name].top


def test_a_cancelled_folder_keeps_the_photos_classified_so_far_listed_in_file_order(
        make_window, material, qtbot, tmp_path):
    from gui import config

    folder = tmp_path / "photos"
    total = 3 * config.BATCH_SIZE
    for index in range(total):
        gui_helpers.solid_image(folder / f"IMG_{index:03d}.png", RED if index % 2 else BLUE, size=8, seed=index)
    window = make_window(material["color"])
    progress = []
    # Straight from the worker's thread, so that the cancel lands right after the first batch.
    window.manager.batch_progress.connect(
        lambda done, count: (progress.append(done), window.manager.cancel_batch()), QtCore.Qt.DirectConnection)
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.open_folder(folder)

    result = finished.args[0]
    assert result.cancelled and len(result.rows) == config.BATCH_SIZE  # Before: 0 rows, nothing to export.
    assert progress == [config.BATCH_SIZE, config.BATCH_SIZE]  # Not "96 of 96" once cancelled.
    table = window.batch_table
    names = [table.cell_text(row, table.COLUMN_FILE) for row in range(table.row_count())]
    assert names == [f"IMG_{index:03d}.png" for index in range(config.BATCH_SIZE)]  # Before: the last first.
    assert table.summary.text().startswith(f"{config.BATCH_SIZE} of {total} files in ")
    assert table.summary.text().endswith("cancelled")
    assert window.export_results(tmp_path / "so-far.csv") == config.BATCH_SIZE


def test_the_batch_filter_shows_the_photos_of_a_class_and_follows_a_sort(make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    for index in range(3):
        gui_helpers.solid_image(folder / f"red_{index}.png", RED, seed=index)
        gui_helpers.solid_image(folder / f"blue_{index}.png", BLUE, seed=index)
    window = make_window(material["color"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    table = window.batch_table

    qtbot.keyClicks(table.filter_edit, "RED")
    shown = {table.cell_text(row, table.COLUMN_FILE) for row in range(table.row_count())
             if not table.table.isRowHidden(row)}
    assert shown == {"red_0.png", "red_1.png", "red_2.png"} and table.summary.text().endswith("3 shown")
    table.table.sortByColumn(table.COLUMN_FILE, QtCore.Qt.DescendingOrder)
    shown = {table.cell_text(row, table.COLUMN_FILE) for row in range(table.row_count())
             if not table.table.isRowHidden(row)}
    assert shown == {"red_0.png", "red_1.png", "red_2.png"}
    table.filter_edit.clear()
    assert table.visible_rows() == 6
    assert window.export_results(tmp_path / "all.csv") == 6


def test_batch_probabilities_are_whole_numbers_and_a_file_without_reading_says_why_beside_it(
        make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    gui_helpers.solid_image(folder / "red_0.png", RED)
    gui_helpers.solid_image(folder / "blue_0.png", BLUE)
    (folder / "zz_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    (folder / "README.txt").write_text("not an image", encoding="utf-8")
    window = make_window(material["color"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    table = window.batch_table
    rows = {table.cell_text(row, table.COLUMN_FILE): row for row in range(table.row_count())}

    red = rows["red_0.png"]
    assert table.cell_text(red, table.COLUMN_PROBABILITY) == "100.0%"  # The widest a probability gets.
    assert table.cell_text(red, table.COLUMN_SECOND) == "blue"  # Its probability has a column of its own.
    header = table.table.horizontalHeader()
    for column in (table.COLUMN_PROBABILITY, table.COLUMN_SECOND_PROBABILITY):
        assert shows_whole(table, red, column)
        assert header.sectionResizeMode(column) == QtWidgets.QHeaderView.Fixed  # Nor can a user squeeze it.

    # Not an image: skipped, not counted as unreadable.
    assert "1 could not be read" in table.summary.text() and "1 skipped (not images)" in table.summary.text()
    # The reason stands right of the file name, across the reading columns, even after sorting.
    table.table.sortItems(table.COLUMN_PROBABILITY, QtCore.Qt.DescendingOrder)
    rows = {table.cell_text(row, table.COLUMN_FILE): row for row in range(table.row_count())}
    for name, reason in (("zz_broken.png", "cannot decode image"), ("README.txt", "not an image type")):
        row = rows[name]
        assert table.cell_text(row, table.COLUMN_CLASS).startswith(reason)
        assert table.table.columnSpan(row, table.COLUMN_CLASS) == table.COLUMN_ERROR
        assert reason in table.table.item(row, table.COLUMN_FILE).toolTip()
    assert table.table.columnSpan(rows["red_0.png"], table.COLUMN_CLASS) == 1


def test_a_long_offer_to_evaluate_is_cut_and_the_window_keeps_its_size(make_window, material, qtbot, tmp_path):
    folder = tmp_path / ("photos from the spring clinic of the department of traditional medicine " * 2).strip()
    gui_helpers.solid_image(folder / "red" / "red_0.png", RED)
    gui_helpers.solid_image(folder / "blue" / "blue_0.png", BLUE)
    window = make_window(material["color"])
    size = window.size()
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    link = window.batch_table.evaluate_link
    qtbot.waitUntil(link.isVisible, timeout=STEP_TIMEOUT_MS)
    qtbot.wait(100)  # Layout requests climb one widget level per event loop pass.
    assert window.size() == size and window.minimumSizeHint().width() <= size.width()
    assert link.shown_text().endswith("…") and link.text() in link.toolTip()  # Cut; the tooltip has it whole.


def test_another_model_classifies_the_batch_again_and_its_export_never_has_the_old_rows(
        make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    gui_helpers.solid_image(folder / "red_0.png", RED)
    gui_helpers.solid_image(folder / "blue_0.png", BLUE)
    window = make_window(material["color"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    table = window.batch_table
    assert {table.cell_text(row, table.COLUMN_CLASS) for row in range(2)} == {"red", "blue"}

    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(material["warm"])
    assert table.is_running() and table.result() is None  # The old model's rows are gone at once.
    out = tmp_path / "results.csv"
    assert window.export_results(out) == 0 and not out.exists()

    qtbot.waitUntil(lambda: table.result() is not None, timeout=STEP_TIMEOUT_MS)
    assert table.result().model_path == str(material["warm"])
    assert {table.cell_text(row, table.COLUMN_CLASS) for row in range(2)} == {"warm", "cool"}
    assert window.export_results(out) == 2
    with open(out, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["label_1"] for row in rows} == {"warm", "cool"}
    assert {row["model"] for row in rows} == {str(material["warm"])}  # The model that read them, named.


def test_a_tongue_segmenter_opened_as_the_model_is_refused_in_one_line(make_window, material, qtbot, tmp_path):
    from tests.segmentation_data import red_segmenter

    segmenter = red_segmenter(tmp_path / "segmenter.keras")
    window = make_window(material["color"])

    window.load_model(segmenter)

    qtbot.waitUntil(lambda: "segmenter.keras" in window.message_bar.message(), timeout=STEP_TIMEOUT_MS)
    message = window.message_bar.message()
    assert "a tongue segmenter, not a classifier" in message and "\n" not in message  # Not "tongue 100.0%".
    assert window.current_model().name == "color.keras"


def test_a_model_that_fails_to_load_leaves_no_loading_note(make_window, material, qtbot):
    window = make_window(material["color"])
    window.load_model(material["not_model"])
    qtbot.waitUntil(lambda: "notes.keras" in window.message_bar.message(), timeout=STEP_TIMEOUT_MS)
    assert window.statusBar().currentMessage() == ""
    assert window.current_model().name == "color.keras"


def _train_dialog(window, data, out, epochs):
    dialog = window.show_train_dialog()
    dialog.set_architecture("INPUT -> CONV(K=4) -> RELU -> POOL -> FC")
    dialog.size_spin.setValue(32)
    dialog.epochs_spin.setValue(epochs)
    dialog.batch_spin.setValue(8)
    dialog.augment_box.setChecked(False)
    dialog.out_edit.setText(str(out))
    dialog.set_data_folder(data)
    return dialog


def test_training_from_the_dialog_finishes_keeps_the_window_responsive_and_its_model_is_used(
        make_window, qtbot, tmp_path, monkeypatch):
    from core import images

    data = gui_helpers.color_dataset(tmp_path / "data", per_class=10)
    decoded, load_rgb = [], images.load_rgb
    monkeypatch.setattr(images, "load_rgb", lambda path: decoded.append(str(path)) or load_rgb(path))
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "run", epochs=2)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    assert dialog.scan().classes == ["blue", "red"] and dialog.scan().counts == {"blue": 10, "red": 10}
    assert dialog.arch_panel.error() == "" and dialog.start_button.isEnabled()

    # Event-loop latency on the GUI thread, sampled every 20 ms from the run's first report
    # (TensorFlow's own import, which holds the interpreter lock, is over by then) to its end.
    gaps = []
    timer = QtCore.QElapsedTimer()
    ticker = QtCore.QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: (gaps.append(timer.restart()) if timer.isValid() else timer.start()))
    # Live objects are frozen out of collections as the run starts: a full collection walking
    # the session's objects (here, every earlier test's) held the lock for 0.7 s mid-run.
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=STEP_TIMEOUT_MS)  # TensorFlow's import froze its own.
    session_object = ["made before the run"]  # A list: always tracked by the collector.
    assert any(item is session_object for item in gc.get_objects())
    with qtbot.waitSignal(dialog.training_finished, timeout=180_000) as finished:
        dialog.start_button.click()
        assert dialog.is_running() and not dialog.start_button.isEnabled()
        window.manager.training_message.connect(lambda _text: None if ticker.isActive() else ticker.start())
    ticker.stop()
    result = finished.args[0]
    assert result is not None and not result.cancelled and Path(result.model_path).is_file()
    assert len(gaps) > 10
    assert max(gaps) - 20 < 200, f"the GUI thread stalled for {max(gaps)} ms during training"
    assert not any(item is session_object for item in gc.get_objects())
    view = dialog.progress_view
    assert view.loss_plot.series("train") and view.confusion.matrix() and view.phase_text() == "Finished"
    assert view.loss_plot.x_range() == view.accuracy_plot.x_range() == (0.0, 2)  # Their epochs line up.
    assert all(view.loss_plot.series_color(key) == view.accuracy_plot.series_color(key) for key in ("train", "val"))
    assert sum(map(sum, view.confusion.matrix())) == result.report["val_images"]
    assert view.epoch_bar.value() == view.epoch_bar.maximum() == 2 and view.use_button.isEnabled()
    assert "Validation photos re-lit: warm light" in view.result_label.text()  # Accuracy under other light.
    # The dialog's scan was handed to the run: each image was decoded once, by the dialog.
    assert sorted(decoded) == sorted(str(path) for path in data.rglob("*.png"))

    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS) as loaded:
        view.use_button.click()
    assert loaded.args[0].path == result.model_path and loaded.args[0].class_names == ["blue", "red"]
    window.open_image(gui_helpers.solid_image(tmp_path / "probe.png", RED))
    qtbot.waitUntil(lambda: window.current_prediction() is not None, timeout=STEP_TIMEOUT_MS)


def test_cancel_stops_training_within_seconds(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=8)
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "run", epochs=500)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: getattr(dialog.progress(), "phase", "") == "training", timeout=120_000)
    clock = QtCore.QElapsedTimer()
    clock.start()
    with qtbot.waitSignal(dialog.training_finished, timeout=30_000) as finished:
        dialog.cancel_button.click()
    assert clock.elapsed() < 5_000, f"cancel took {clock.elapsed()} ms"
    assert finished.args[0].cancelled and dialog.progress_view.phase_text() == "Cancelled"
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)


def test_a_run_that_cannot_start_is_told_in_the_dialog_and_not_in_the_window(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=3)
    used = tmp_path / "run"
    used.mkdir()
    (used / "config.json").write_text("{}", encoding="utf-8")  # A run folder already.
    window = make_window()
    dialog = _train_dialog(window, data, used, epochs=1)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)

    with qtbot.waitSignal(dialog.training_finished, timeout=LOAD_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    assert finished.args[0] is None and "already holds a run" in dialog.progress_view.result_label.text()
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)
    assert window.errors == [] and not window.message_bar.message()


def test_a_folder_of_the_users_is_refused_in_one_line_and_left_untouched(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=3)
    users = tmp_path / "mine"
    users.mkdir()
    (users / "model.keras").write_bytes(b"the user's own model")  # No config.json: not a run of ours.
    window = make_window()
    dialog = _train_dialog(window, data, users, epochs=1)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)

    with qtbot.waitSignal(dialog.training_finished, timeout=LOAD_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    text = dialog.progress_view.result_label.text()
    assert finished.args[0] is None and "already holds other files" in text and "\n" not in text
    assert "Traceback" not in text and str(users) in text
    assert [path.name for path in users.iterdir()] == ["model.keras"]
    assert (users / "model.keras").read_bytes() == b"the user's own model"
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)
    assert window.errors == []
    assert f"Start Training again to save it in {users.with_name('mine-2')}" in text
    assert dialog.out_edit.text() == str(users.with_name("mine-2"))  # The next Start works.


def test_the_architecture_panel_says_which_windows_keras_rounds_down(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_architecture("resnext-mini")  # At its 64 px, ResNet's stride-2 shortcuts round 32.5 down.
    panel = dialog.arch_panel
    qtbot.waitUntil(lambda: panel.layer_table.rowCount() > 0, timeout=LOAD_TIMEOUT_MS)

    assert panel.notes_label.isVisible()
    assert panel.notes_label.text() == (
        "4 windows do not fit and are rounded down: conv3_block1_2_conv (66-3+2*0)/2+1 = 32.5 → 32; also "
        "conv3_block1_0_conv, conv4_block1_2_conv, conv4_block1_0_conv")
    note = "conv3_block1_0_conv: (W-F+2P)/S+1 = (64-1+2*0)/2+1 = 32.5, rounded down to 32 (Keras 'valid')"
    assert note in panel.notes_label.toolTip().split("\n")
    shortcut = [row.name for row in panel.layer_rows()].index("conv3_block1_0_conv")
    assert panel.layer_table.item(shortcut, 2).toolTip() == note
    grouped = [row.name for row in panel.layer_rows()].index("conv3_block1_2_conv")
    assert panel.layer_table.item(grouped, 7).text() == "3×3/2 P=0 G=8"
    assert "8 groups" in panel.layer_table.item(grouped, 0).toolTip()

    dialog.set_architecture("INPUT -> [CONV -> RELU -> POOL]*2 -> FC")  # Every window fits: no line.
    dialog.size_spin.setValue(32)
    panel.update_table()
    qtbot.waitUntil(lambda: not panel.is_computing() and panel.layer_table.rowCount() > 0, timeout=LOAD_TIMEOUT_MS)
    assert not panel.notes_label.isVisible() and panel.notes_label.text() == ""
    dialog.shutdown()


def test_the_pattern_table_updates_as_you_type(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    used = []
    dialog = TrainDialog(manager, on_use_model=used.append)
    qtbot.addWidget(dialog)
    assert dialog.architecture() == "vgg-mini"
    dialog.set_architecture("INPUT -> [CONV -> RELU -> POOL]*2 -> FC")
    dialog.size_spin.setValue(32)
    dialog.arch_panel.update_table()
    qtbot.waitUntil(lambda: not dialog.arch_panel.is_computing(), timeout=LOAD_TIMEOUT_MS)
    names = [row.name for row in dialog.arch_panel.layer_rows()]
    assert dialog.arch_panel.error() == "" and dialog.arch_panel.layer_table.rowCount() == len(names) > 4
    first_conv = names.index("block1_conv1")  # 32x32x32 outputs of 3x3x3 windows, as `main.py arch` says.
    assert dialog.arch_panel.layer_table.item(first_conv, 4).toolTip() == f"{32 * 32 * 32 * 27:,}"
    assert dialog.arch_panel.layer_table.item(first_conv, 5).text() == "32.8 k"
    classes = int(dialog.arch_panel.layer_rows()[-1].output_shape[-1])  # The totals say for how many classes.
    assert f"parameters for {classes} classes," in dialog.arch_panel.pattern_status.text()

    dialog.arch_panel.pattern_edit.setPlainText("INPUT -> CONV(F=5,S=2,P=0) -> FC")
    qtbot.waitUntil(lambda: dialog.arch_panel.error() != "", timeout=5_000)
    assert "(W-F+2P)/S" in dialog.arch_panel.error() or "32" in dialog.arch_panel.error()
    assert dialog.arch_panel.layer_table.rowCount() == 0 and not dialog.start_button.isEnabled()
    assert dialog.arch_panel.pattern_status.text() == dialog.arch_panel.error()

    dialog.set_architecture("vgg-mini")
    assert dialog.architecture() == "vgg-mini" and dialog.size_spin.value() == 64
    assert dialog.arch_panel.error() == ""
    dialog.shutdown()


def test_a_preset_shows_its_layer_table_and_refuses_a_size_it_cannot_take(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    assert not dialog.arch_panel.is_computing()  # No preset is built while the dialog is hidden.
    dialog.show()
    dialog.set_architecture("lenet5")
    qtbot.waitUntil(lambda: bool(dialog.arch_panel.layer_rows()), timeout=LOAD_TIMEOUT_MS)
    rows = {row.name: row for row in dialog.arch_panel.layer_rows()}
    assert dialog.arch_panel.layer_table.rowCount() == len(rows)
    assert rows["predictions"].params == 84 * 2 + 2  # Two classes while no folder is chosen.
    assert "parameters" in dialog.arch_panel.pattern_status.text()
    assert dialog.size_spin.value() == 32  # LeNet-5's own size.
    dialog.set_architecture("INPUT -> [CONV -> RELU -> POOL]*2 -> FC")  # Back to a pattern: the usual size.
    assert dialog.size_spin.value() == 64
    dialog.set_architecture("lenet5")
    qtbot.waitUntil(lambda: bool(dialog.arch_panel.layer_rows()), timeout=LOAD_TIMEOUT_MS)

    dialog.size_spin.setValue(16)  # LeNet-5's convolutions and pools do not fit 16 px.
    qtbot.waitUntil(lambda: dialog.arch_panel.error() != "", timeout=LOAD_TIMEOUT_MS)
    assert "lenet5" in dialog.arch_panel.error() and not dialog.arch_panel.error().startswith("error:")
    assert dialog.arch_panel.layer_table.rowCount() == 0
    dialog.shutdown()
    manager.shutdown()
    assert not dialog.arch_panel.is_computing()


def test_the_window_is_shown_before_tensorflow_is_imported_and_the_screenshot_is_saved(material, tmp_path):
    shot = tmp_path / "shot.png"
    script = textwrap.dedent(f"""
        import json, sys, time
        began = time.perf_counter()
        from gui import app
        seen = {{}}
        def shown(window):
            seen["tensorflow_at_show"] = "tensorflow" in sys.modules
            seen["seconds_to_show"] = time.perf_counter() - began
        code = app.run(model_path={str(material["color"])!r}, image_path={str(material["red"])!r},
                       screenshot_path={str(shot)!r}, on_shown=shown)
        seen["tensorflow_at_end"] = "tensorflow" in sys.modules
        print(json.dumps(seen))
        sys.exit(code)
    """)
    environment = dict(os.environ, TONGUELENS_SETTINGS=str(tmp_path / "settings.ini"))
    environment.pop("QT_QPA_PLATFORM", None)  # The app must choose offscreen by itself.
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    completed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
                               text=True, timeout=240)
    assert completed.returncode == 0, completed.stderr[-2000:]
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    assert seen["tensorflow_at_show"] is False and seen["tensorflow_at_end"] is True
    assert seen["seconds_to_show"] < 10  # About 1 s on an idle machine; generous for a busy one.
    image = QtGui.QImage(str(shot))
    assert image.width() == 1280 and image.height() == 800


def test_gui_command_refuses_a_missing_model_in_one_line(tmp_path):
    completed = subprocess.run(
        [sys.executable, "main.py", "gui", "--model", str(tmp_path / "missing.keras"), "--screenshot",
         str(tmp_path / "x.png")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"error: {tmp_path / 'missing.keras'}: model file not found"
    assert not (tmp_path / "x.png").exists()


class _MarkingTranslator(QtCore.QTranslator):
    """Translates every string to ⟦string⟧, so untranslated visible text stands out."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"⟦{source}⟧" if source else source

    def isEmpty(self):  # noqa: N802  Qt's name; Qt sends no LanguageChange for an empty translator.
        return False


def _visible_texts(root):
    """(where, text) for every visible label, button, tab, group title, header and menu action."""
    texts = []
    widgets = [root] + root.findChildren(QtWidgets.QWidget)
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QtWidgets.QLabel):
            texts.append((widget, widget.text()))
        elif isinstance(widget, QtWidgets.QAbstractButton):
            texts.append((widget, widget.text()))
        elif isinstance(widget, QtWidgets.QGroupBox):
            texts.append((widget, widget.title()))
        elif isinstance(widget, QtWidgets.QTabBar):
            texts.extend((widget, widget.tabText(index)) for index in range(widget.count()))
        elif isinstance(widget, QtWidgets.QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                if header is not None:
                    texts.append((widget, header.text()))
    if isinstance(root, QtWidgets.QMainWindow):
        for menu in root.menuBar().findChildren(QtWidgets.QMenu):
            texts.append((menu, menu.title()))
            texts.extend((menu, action.text()) for action in menu.actions() if not action.isSeparator())
    return texts


def test_every_visible_string_follows_a_live_language_switch(make_window, material, qtbot):
    window = make_window(material["color"])
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: window.inspect_panel.feature_maps.feature_maps() is not None, timeout=STEP_TIMEOUT_MS)
    dialog = window.show_train_dialog()
    app = QtWidgets.QApplication.instance()
    translator = _MarkingTranslator()
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: window.model_menu.title().startswith("⟦"), timeout=5_000)
        data = {"red", "blue", "English", "简体中文", "×", "", "Grad-CAM"}
        untranslated = []
        for root in (window, dialog):
            for where, text in _visible_texts(root):
                plain = text.replace("&", "")
                if plain in data or not any(character.isalpha() for character in plain):
                    continue
                if "⟦" not in text and type(where).__name__ not in ("QComboBox",):
                    untranslated.append((type(where).__name__, where.objectName(), text))
        # Class and layer names are data, shown as the model stores them.
        untranslated = [item for item in untranslated if item[2] not in ("conv1", "conv2", "vgg-mini")]
        assert not untranslated, untranslated
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: window.model_menu.title() == "&Model", timeout=5_000)


def test_settings_keep_recent_files_and_reset_an_old_layout(tmp_path):
    from gui import config
    from gui.settings import AppSettings

    path = tmp_path / "settings.ini"
    settings = AppSettings(path)
    models = [tmp_path / f"m{index}.keras" for index in range(config.MAX_RECENT + 2)]
    for model in models:
        model.write_bytes(b"")
        settings.add_recent("models", model)
    settings.add_recent("models", models[3])
    recent = settings.recent("models")
    assert recent[0] == str(models[3].resolve()) and len(recent) == config.MAX_RECENT == len(set(recent))
    models[-1].unlink()
    assert str(models[-1].resolve()) not in settings.recent("models")
    settings.set_language("zh_CN")
    settings.sync()

    assert AppSettings(path).language() == "zh_CN"
    stale = QtCore.QSettings(str(path), QtCore.QSettings.IniFormat)
    stale.setValue("version", config.SETTINGS_VERSION - 1)
    stale.sync()
    assert AppSettings(path).recent("models") == [] and AppSettings(path).language() == ""


def test_a_preset_with_long_layer_names_fits_without_scrolling_sideways(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_architecture("resnext-mini")
    qtbot.waitUntil(lambda: dialog.arch_panel.layer_table.rowCount() > 0, timeout=LOAD_TIMEOUT_MS)
    table, header = dialog.arch_panel.layer_table, dialog.arch_panel.layer_table.horizontalHeader()
    qtbot.waitUntil(lambda: table.viewport().width() > 0)

    widths = [header.sectionSize(column) for column in range(table.columnCount())]
    assert sum(widths) <= table.viewport().width(), widths
    names = [table.item(row, 0) for row in range(table.rowCount())]
    assert "conv3_block1_2_conv" in [item.text() for item in names]
    # The whole name and its type, however narrow the column (the type's column gives way first).
    assert all(item.toolTip().startswith(item.text() + " (") for item in names)
    dialog.shutdown()


def test_the_dialog_says_which_images_are_smaller_than_the_chosen_size(qtbot, manager, tmp_path):
    from gui.widgets.train_dialog import TrainDialog

    data = gui_helpers.color_dataset(tmp_path / "data", per_class=2)  # 32x32 images.
    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.size_spin.setValue(32)
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)

    def listed():
        skipped_list = dialog.data_panel.skipped_list
        return [skipped_list.item(row).text() for row in range(skipped_list.count())]

    assert not [text for text in listed() if "smaller than the input size" in text]
    assert "Warnings: 0" in dialog.data_panel.skipped_label.text()

    dialog.size_spin.setValue(64)  # The scan is not repeated: the sizes it read are compared again.

    small = [text for text in listed() if "smaller than the input size 64x64" in text]
    assert len(small) == 1 and small[0].startswith("4 images are smaller") and "(32x32)" in small[0]
    assert "Warnings: 1" in dialog.data_panel.skipped_label.text()
    dialog.shutdown()


def test_the_train_dialog_starts_with_the_command_line_s_defaults(make_window, tmp_path):
    from cli import build_parser
    from training.config import TrainConfig

    dialog = make_window().show_train_dialog()
    dialog.data_panel.folder_edit.setText(str(tmp_path))
    from_dialog = dialog.train_config()
    from_cli = build_parser().parse_args(["train", str(tmp_path)])

    # The dialog asked for 20 epochs while `main.py train` and every measurement in the README used 30.
    assert from_dialog.epochs == from_cli.epochs == TrainConfig.epochs
    assert from_dialog.batch_size == from_cli.batch
    for field in ("arch", "image_size", "batch_size", "val_split", "augment", "colour", "weights", "crop"):
        assert getattr(from_dialog, field) == getattr(TrainConfig, field), field

