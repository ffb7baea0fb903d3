"""Feature-map grids, filter tiles and PNG rendering: right layout, right scaling, readable size."""

import numpy as np
import pytest
from PIL import Image

from inspection import colormaps, features, render

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from core.modelfile import LoadedModel, ModelInfo  # noqa: E402
from inspection import filters  # noqa: E402
from inspection.engine import InspectionEngine  # noqa: E402
from inspection.graph import LayerNotFoundError  # noqa: E402


def _tile(grid, index, count, tile_side, columns=None):
    columns = columns or features.grid_layout(count)[1]
    row, column = divmod(index, columns)
    top = render.GAP + row * (tile_side + render.GAP)
    left = render.GAP + column * (tile_side + render.GAP)
    return grid[top:top + tile_side, left:left + tile_side]


def test_grid_layout_is_near_square():
    assert features.grid_layout(1) == (1, 1)
    assert features.grid_layout(5) == (2, 3)
    assert features.grid_layout(16) == (4, 4)
    assert features.grid_layout(17) == (4, 5)


def test_feature_grid_scales_each_channel_to_its_own_range():
    activation = np.zeros((1, 8, 8, 5), np.float32)
    activation[0, :, :, 0] = np.linspace(100, 101, 64).reshape(8, 8)  # Weak but varied.
    activation[0, :, :, 1] = np.linspace(0, 1000, 64).reshape(8, 8)   # Strong.
    activation[0, :, :, 2] = 7.0                                      # Dead (constant).
    grid = features.feature_grid(activation)
    tile_side = features.MIN_TILE_SIDE  # 8x8 maps are enlarged 12 times, to 96 pixels.
    assert grid.dtype == np.uint8 and grid.shape == (2 * tile_side + 3 * render.GAP, 3 * tile_side + 4 * render.GAP, 3)
    table = colormaps.lookup_table("viridis")
    for channel in (0, 1):
        tile = _tile(grid, channel, 5, tile_side)
        np.testing.assert_array_equal(tile[0, 0], table[0])
        np.testing.assert_array_equal(tile[-1, -1], table[255])
    assert (_tile(grid, 2, 5, tile_side) == table[0]).all()
    assert (grid[0, :] == render.GAP_COLOR).all()  # Thin white gaps around the tiles.


def test_sorting_by_mean_puts_the_strongest_channel_first_and_keeps_the_strongest():
    activation = np.zeros((1, 4, 4, 6), np.float32)
    for channel, mean in enumerate([1, 5, 3, 0, 9, 2]):
        activation[..., channel] = mean + np.arange(16).reshape(4, 4)
    assert features.shown_channels(activation, sort_by_mean=True) == [4, 1, 2, 5, 0, 3]
    assert features.shown_channels(activation, sort_by_mean=True, max_channels=2) == [4, 1]
    assert features.shown_channels(activation, max_channels=2) == [0, 1]
    assert features.feature_grid(activation, max_channels=2).shape[1] == 2 * features.MIN_TILE_SIDE + 3 * render.GAP


def test_channel_at_maps_every_tile_back_and_gaps_to_none():
    activation = np.random.default_rng(0).normal(size=(1, 8, 8, 7))
    order = features.shown_channels(activation, sort_by_mean=True)
    grid = features.feature_grid(activation, sort_by_mean=True)
    _, columns = features.grid_layout(7)
    side = features.MIN_TILE_SIDE
    for index in range(7):
        row, column = divmod(index, columns)
        x = render.GAP + column * (side + render.GAP) + 30
        y = render.GAP + row * (side + render.GAP) + side - 1
        assert features.channel_at(grid.shape, 7, x, y) == index
        assert features.channel_at(grid.shape, 7, x, y, order) == order[index]
    assert features.channel_at(grid.shape, 7, 0, 0) is None  # The border gap.
    assert features.channel_at(grid.shape, 7, render.GAP + side, 10) is None  # Between tiles.
    assert features.channel_at(grid.shape, 7, grid.shape[1] - 10, grid.shape[0] - 10) is None  # Empty cell.


def test_tile_rects_cover_exactly_the_pixels_channel_at_gives_each_tile():
    activation = np.random.default_rng(0).normal(size=(1, 5, 7, 10))
    grid = features.feature_grid(activation)
    rects = features.tile_rects(grid.shape, 10)
    assert len(rects) == 10
    for index, (x, y, width, height) in enumerate(rects):
        assert features.channel_at(grid.shape, 10, x, y) == index
        assert features.channel_at(grid.shape, 10, x + width - 1, y + height - 1) == index
        assert features.channel_at(grid.shape, 10, x - 1, y) is None and features.channel_at(
            grid.shape, 10, x + width, y + height) is None  # The gaps around it.


def test_large_maps_shrink_to_keep_the_grid_readable_and_vectors_share_one_scale():
    big = features.feature_grid(np.random.default_rng(1).random((1, 112, 112, 64)))
    assert big.shape[1] <= features.MAX_GRID_WIDTH
    vector = features.feature_grid(np.array([[0.0, 1.0, 2.0, 4.0]], np.float32))
    table = colormaps.lookup_table("viridis")
    side = features.MIN_TILE_SIDE
    np.testing.assert_array_equal(_tile(vector, 0, 4, side)[5, 5], table[0])
    np.testing.assert_array_equal(_tile(vector, 1, 4, side)[5, 5], table[64])
    np.testing.assert_array_equal(_tile(vector, 3, 4, side)[5, 5], table[255])


def test_class_probabilities_are_drawn_from_0_to_1_and_a_shared_scale_gives_its_numbers():
    probabilities = np.array([[0.252, 0.251, 0.249, 0.248]], np.float32)  # Nearly even: nearly one colour.
    grid = features.feature_grid(probabilities, probabilities=True)
    table = colormaps.lookup_table("viridis")
    side = features.MIN_TILE_SIDE
    for index, value in enumerate(probabilities[0]):
        np.testing.assert_array_equal(_tile(grid, index, 4, side)[5, 5], table[round(value * 255)])
    assert features.shared_scale(probabilities, probabilities=True) == (0.0, 1.0)

    # Other units share the scale of their lowest and highest shown unit, with numbers that tell them apart.
    low, high = features.shared_scale(probabilities)
    assert (low, high) == pytest.approx((0.248, 0.252)) and features.scale_text(low, high) == ("0.248", "0.252")
    assert features.shared_scale(probabilities, channels=[1, 2]) == pytest.approx((0.249, 0.251))
    assert features.scale_text(0.25118, 0.25104) == ("0.2512", "0.251")
    assert features.scale_text(-3.0, 12.5) == ("-3", "12.5")
    assert features.shared_scale(np.zeros((1, 4, 4, 2))) is None  # Maps: each channel its own scale.


def test_channel_image_shows_one_channel_large():
    activation = np.zeros((1, 6, 6, 3), np.float32)
    activation[0, 0, 0, 2] = 5.0
    picture = features.channel_image(activation, 2, size=256)
    assert picture.shape == (258, 258, 3)  # Whole-number enlargement: 6 * 43.
    table = colormaps.lookup_table("viridis")
    np.testing.assert_array_equal(picture[0, 0], table[255])
    np.testing.assert_array_equal(picture[-1, -1], table[0])
    with pytest.raises(ValueError, match="out of range"):
        features.channel_image(activation, 3)


def _conv_model():
    inputs = keras.Input((8, 8, 3))
    x = layers.Conv2D(4, 3, padding="same", name="conv1")(inputs)
    x = layers.Conv2D(6, 3, padding="same", name="conv2")(x)
    x = layers.Conv2D(40, 1, name="wide")(x)
    x = layers.Conv2D(5, 3, padding="same", name="deep")(x)
    x = layers.MaxPooling2D(name="pool")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    return keras.Model(inputs, layers.Dense(2, activation="softmax", name="predictions")(x))


def test_first_conv_filters_are_rgb_pictures_each_scaled_to_its_range():
    model = _conv_model()
    kernel, bias = model.get_layer("conv1").get_weights()
    kernel[:] = 0.0
    kernel[:, :, 0, 0] = 0.3  # Filter 0: red everywhere.
    kernel[1, 1, :, 1] = -2.0  # Filter 1: a black centre on white.
    model.get_layer("conv1").set_weights([kernel, bias])
    grid, note = filters.filter_grid(model)  # Default: the first convolution.
    assert "conv1" in note and "RGB" in note and "4 filters" in note
    tile_side = 3 * 12  # 3x3 kernels enlarged to 36 pixels.
    tile = _tile(grid, 0, 4, tile_side)
    assert tile.shape == (tile_side, tile_side, 3)
    assert (tile == [255, 0, 0]).all()
    centre = _tile(grid, 1, 4, tile_side)[18, 18]
    assert (centre == [0, 0, 0]).all()  # The filter's minimum is black...
    assert (_tile(grid, 1, 4, tile_side)[2, 2] == [255, 255, 255]).all()  # ...and its maximum white.


def test_deeper_conv_filters_per_input_channel_or_their_mean():
    model = _conv_model()
    grid, note = filters.filter_grid(model, "conv2")
    assert "one grayscale tile per input channel" in note and "mid gray = 0" in note
    tile_side = 36
    assert grid.shape[:2] == (6 * tile_side + 7 * render.GAP, 4 * tile_side + 5 * render.GAP)
    grid, note = filters.filter_grid(model, "conv2", mode="mean")
    assert "mean over its 4 input channels" in note
    assert grid.shape[1] == 3 * tile_side + 4 * render.GAP  # 6 tiles: 2 rows of 3.
    _, note = filters.filter_grid(model, "deep")  # 40 inputs: too many rows, the mean is shown.
    assert "mean over its 40 input channels" in note
    kernel, bias = model.get_layer("conv2").get_weights()
    kernel[:] = 0.0
    kernel[0, 0, 1, 0] = 1.0
    model.get_layer("conv2").set_weights([kernel, bias])
    grid, _ = filters.filter_grid(model, "conv2")
    first_row_second_tile = _tile(grid, 1, 24, tile_side, columns=4)  # Filter 0, input channel 1.
    assert (first_row_second_tile[0, 0] == 255).all() and (first_row_second_tile[-1, -1] == 128).all()


def test_dense_after_flatten_shows_class_templates():
    inputs = keras.Input((6, 6, 3))
    flat = layers.Flatten(name="flatten")(inputs)
    model = keras.Model(inputs, layers.Dense(2, activation="softmax", name="classifier")(flat))
    kernel, bias = model.get_layer("classifier").get_weights()
    kernel[:] = 0.0
    kernel[0::3, 0] = 1.0  # Class "red": the red channel of every pixel.
    model.get_layer("classifier").set_weights([kernel, bias])
    loaded = LoadedModel(model, ModelInfo(["red", "blue"], (6, 6, 3)))
    grid, note = filters.filter_grid(loaded, "classifier")
    assert "class templates" in note and "6x6x3" in note
    assert (_tile(grid, 0, 2, 132)[10, 10] == [255, 0, 0]).all()  # 6x6 enlarged 22 times.
    unlabeled, _ = filters.filter_grid(model, "classifier")
    assert grid.shape[0] > unlabeled.shape[0]  # Room for the class names under the tiles.


def test_layers_without_pictures_are_refused_clearly():
    model = _conv_model()
    with pytest.raises(ValueError, match="'pool'.*no filters"):
        filters.filter_grid(model, "pool")
    with pytest.raises(ValueError, match="does not follow a Flatten"):
        filters.filter_grid(model, "predictions")
    with pytest.raises(LayerNotFoundError):
        filters.filter_grid(model, "nope")


def test_filters_of_a_layer_inside_a_nested_model_through_the_engine():
    base = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(3, 5, name="inner_conv")], name="base")
    inputs = keras.Input((8, 8, 3))
    x = layers.GlobalAveragePooling2D()(base(inputs))
    model = keras.Model(inputs, layers.Dense(2)(x))
    engine = InspectionEngine(LoadedModel(model, ModelInfo(["a", "b"], (8, 8, 3))))
    grid, note = filters.filter_grid(engine)
    assert note.startswith("inner_conv:") and "5x5x3" in note
    assert grid.shape[:2] == (2 * 40 + 3 * render.GAP, 2 * 40 + 3 * render.GAP)  # 5x5 enlarged 8 times.


def test_save_png_enlarges_small_images_adds_a_title_and_leaves_no_temporary(tmp_path):
    small = np.zeros((16, 32, 3), np.uint8)
    small[:, 16:] = 255
    path = render.save_png(small, tmp_path / "out.png")
    with Image.open(path) as saved:
        assert saved.size == (256, 128)  # The longer side enlarged to 256, by a whole number.
        pixels = np.asarray(saved)
    assert (pixels[:, :128] == 0).all() and (pixels[:, 128:] == 255).all()  # Nearest: crisp blocks.
    titled = render.save_png(small, tmp_path / "titled.png", title="a title")
    with Image.open(titled) as saved:
        assert saved.size[1] > 128
    assert sorted(item.name for item in tmp_path.iterdir()) == ["out.png", "titled.png"]
    assert render.upscale(small, 64, "bilinear").shape == (32, 64, 3)
    assert render.upscale(np.zeros((300, 300, 3), np.uint8)).shape == (300, 300, 3)


def test_titles_draw_chinese_class_names_with_real_glyphs():
    import numpy as np

    from inspection import render

    font = render._font(16)
    # A font without Chinese draws the same empty box for every character.
    purple, red = (np.asarray(font.getmask(char)) for char in ("紫", "红"))
    assert purple.any() and red.any()
    assert purple.shape != red.shape or not np.array_equal(purple, red)


def test_a_vector_unit_is_drawn_as_a_bar_among_the_layers_units_from_a_zero_line():
    activation = np.array([[0.5, -0.25, 1.0, 0.0]], np.float32)

    picture = features.unit_bars(activation, 2, size=101)

    assert picture.shape == (101, 100, 3) and features.is_vector(activation)
    bars = picture[:, ::25]  # One column of each unit's 25-pixel bar.
    zero_row = 80  # Values run from 1.0 (row 0) to -0.25 (row 100).
    assert (picture[zero_row] == (60, 60, 60)).all()
    filled = (bars != (245, 245, 245)).any(axis=-1)
    assert filled[40:zero_row, 0].all() and not filled[10:39, 0].any()  # 0.5: half way up.
    assert filled[zero_row:100, 1].all()  # -0.25: down to the bottom.
    assert (bars[5:zero_row, 2] == (230, 97, 1)).all()  # The chosen unit, to the top, highlighted.
    assert [features.unit_rank(activation, unit) for unit in range(4)] == [2, 4, 1, 3]
    with pytest.raises(ValueError, match="out of range"):
        features.unit_bars(activation, 4)
    assert not features.is_vector(np.zeros((1, 4, 4, 2)))
