"""Every preset builds, and our formulas agree with Keras layer by layer and with the papers' figures.

Big networks are built once each and never run forward here.
"""

import math

import keras
import pytest

import models
from models.geometry import GeometryError
from models.table import architecture_table

# Sizes small enough to build fast; the weights of the big three are built in the figure tests.
SMALL_SHAPES = {
    "lenet5": (32, 32, 1), "alexnet": (67, 67, 3), "zfnet": (64, 64, 3), "vgg11": (32, 32, 3),
    "vgg13": (32, 32, 3), "googlenet": (32, 32, 3), "resnet50": (32, 32, 3), "resnext50": (32, 32, 3),
    "vgg-mini": (32, 32, 3), "resnext-mini": (32, 32, 3),
}
BUILT_IN_FIGURE_TESTS = ("vgg16", "vgg19", "resnext101")


def assert_table_matches_keras(model, table):
    """Our shape and parameters of every layer equal Keras's, and so do the totals."""
    rows = {row.name: row for row in table.rows}
    for layer in model.layers:
        row = rows[layer.name]
        assert row.output_shape == tuple(layer.output.shape[1:]), layer.name
        assert row.params == layer.count_params(), layer.name
    assert table.total_params == model.count_params()
    assert table.trainable_params == sum(math.prod(weight.shape) for weight in model.trainable_weights)


def test_preset_list_is_complete():
    assert set(SMALL_SHAPES) | set(BUILT_IN_FIGURE_TESTS) == set(models.PRESET_NAMES)
    assert len(models.PRESET_NAMES) == 13


@pytest.mark.parametrize("preset", sorted(SMALL_SHAPES))
def test_preset_builds_and_matches_keras_layer_by_layer(preset):
    model = models.build_model(preset, SMALL_SHAPES[preset], num_classes=5)
    assert_table_matches_keras(model, architecture_table(model))
    assert isinstance(model.layers[1], keras.layers.Rescaling)
    assert model.layers[1].scale == pytest.approx(1 / 255)
    assert model.layers[-1].name == "predictions"
    assert model.layers[-1].get_config()["activation"] == "softmax"
    assert tuple(model.output.shape) == (None, 5)


def test_default_input_shapes():
    assert models.default_input_shape("alexnet") == (227, 227, 3)
    assert models.default_input_shape("lenet5") == (32, 32, 1)
    assert models.default_input_shape("vgg-mini") == (64, 64, 3)
    assert models.default_input_shape("resnext101") == (224, 224, 3)
    assert models.default_input_shape("CONV -> FC") == (32, 32, 3)
    with pytest.raises(ValueError, match="'vgg17'"):
        models.default_input_shape("vgg17")


def test_bad_arguments_are_refused_before_building():
    with pytest.raises(ValueError, match="unknown architecture 'resnet18'"):
        models.build_model("resnet18", (224, 224, 3), 10)
    with pytest.raises(GeometryError, match="vgg-mini: input 15x15 is too small"):
        models.build_model("vgg-mini", (15, 15, 3), 10)
    with pytest.raises(GeometryError, match="lenet5"):
        models.build_model("lenet5", (31, 31, 1), 10)
    with pytest.raises(ValueError, match="num_classes=0"):
        models.build_model("vgg-mini", (32, 32, 3), 0)
    with pytest.raises(ValueError, match="input_shape"):
        models.build_model("vgg-mini", (32, 32), 3)


def test_vgg_mini_is_keras_vgg_shaped_and_names_layers():
    model = models.build_model("vgg-mini", (32, 32, 3), 4, name="mine")
    assert model.name == "mine"
    names = [layer.name for layer in model.layers]
    assert names[:5] == ["input", "rescaling", "block1_conv1", "block1_bn1", "block1_relu1"]
    assert "block4_pool" in names and "fc1" in names


def test_vgg16_layers_equal_keras_applications():
    ours = models.build_model("vgg16", (32, 32, 3), 10)
    reference = keras.applications.VGG16(weights=None, input_shape=(32, 32, 3), classes=10)
    ours_layers = {layer.name: layer for layer in ours.layers}
    for layer in reference.layers[1:]:
        assert tuple(ours_layers[layer.name].output.shape) == tuple(layer.output.shape), layer.name
        assert ours_layers[layer.name].count_params() == layer.count_params(), layer.name
    assert ours.count_params() == reference.count_params()


def test_lenet5_figure():
    table = architecture_table(models.build_model("lenet5", (32, 32, 1), 10))
    assert table.total_params == 61706
    assert table.row("conv3").output_shape == (1, 1, 120)


def test_alexnet_figure_two_column_layout():
    model = models.build_model("alexnet", (227, 227, 3), 1000)
    table = architecture_table(model)
    assert table.total_params == 60965224
    conv1 = table.row("conv1")
    assert (conv1.output_shape, conv1.params) == ((55, 55, 96), 34944)
    assert [model.get_layer(f"conv{index}").groups for index in range(1, 6)] == [1, 2, 1, 2, 2]
    assert table.row("pool5").output_shape == (6, 6, 256)
    assert_table_matches_keras(model, table)


def test_zfnet_follows_the_paper_sizes():
    table = architecture_table(models.build_model("zfnet", (224, 224, 3), 1000))
    sides = [table.row(name).output_shape[0] for name in ("conv1", "pool1", "conv2", "pool2", "conv5", "pool5")]
    assert sides == [110, 55, 26, 13, 13, 6]


def test_googlenet_has_nine_inception_modules_and_no_auxiliary_heads():
    model = models.build_model("googlenet", (224, 224, 3), 1000)
    table = architecture_table(model)
    outputs = [row for row in table.rows if row.type == "Concatenate"]
    assert len(outputs) == 9
    assert table.row("inception_3a_output").output_shape == (28, 28, 256)
    assert table.row("inception_5b_output").output_shape == (7, 7, 1024)
    assert len(model.outputs) == 1
    assert table.total_params == 6998552  # The reference Caffe model without its auxiliary classifiers.
    assert_table_matches_keras(model, table)


def test_resnet50_is_keras_applications_resnet50():
    ours = models.build_model("resnet50", (224, 224, 3), 1000)
    reference = keras.applications.ResNet50(weights=None)
    table = architecture_table(ours)
    assert table.total_params == reference.count_params() == 25636712
    rows = {row.name: row for row in table.rows}
    for layer in reference.layers[1:]:
        assert rows[layer.name].output_shape == tuple(layer.output.shape[1:]), layer.name
        assert rows[layer.name].params == layer.count_params(), layer.name


def test_resnext50_figures():
    model = models.build_model("resnext50", (224, 224, 3), 1000)
    table = architecture_table(model)
    assert table.trainable_params == 25028904
    assert table.non_trainable_params == 68224
    assert round(table.macs / 1e9, 2) == 4.23
    assert model.get_layer("conv3_block1_2_conv").groups == 32
    assert table.row("conv5_block3_out").output_shape == (7, 7, 2048)
    assert_table_matches_keras(model, table)


def test_vgg16_figures():
    model = models.build_model("vgg16", (224, 224, 3), 1000)
    table = architecture_table(model)
    assert table.total_params == 138357544
    assert table.row("block5_conv3").receptive_field == 196
    assert table.row("block5_pool").receptive_field == 212
    assert round(table.activation_values / 1e6, 1) == 15.2
    assert_table_matches_keras(model, table)


def test_vgg19_figure():
    model = models.build_model("vgg19", (224, 224, 3), 1000)
    assert architecture_table(model).total_params == model.count_params() == 143667240


def test_resnext101_figure():
    model = models.build_model("resnext101", (224, 224, 3), 1000)
    table = architecture_table(model)
    assert table.trainable_params == 88791336
    assert_table_matches_keras(model, table)


def test_lenet5_is_made_for_ten_classes_as_in_the_paper():
    import models

    assert models.default_num_classes("lenet5") == 10 and models.default_num_classes("alexnet") == 1000
    assert models.layer_table("lenet5").total_params == 61_706  # 145,856 with 1000 classes.
