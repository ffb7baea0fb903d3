"""The Inspect tab's feature-map options, driven through the real window (pytest-qt).

The model has a narrow layer (16 channels) and a wide one (96), so the Channels box can be
seen capped at the chosen layer's width and the user's own number coming back.
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
