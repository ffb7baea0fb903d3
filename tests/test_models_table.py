"""`architecture_table` on Keras models we did not build: nested, frozen, shared, exotic layers."""

import ast
import math
from pathlib import Path

import keras
import pytest
from keras import layers

import models
from models.table import architecture_table


def assert_matches_keras(model, table):
    rows = {}
    for row in table.rows:
        rows.setdefault(row.name, row)
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            continue  # Its layers are listed one by one.
        assert rows[layer.name].output_shape == tuple(layer.output.shape[1:]), layer.name
        assert rows[layer.name].params == layer.count_params(), layer.name
    assert table.total_params == model.count_params()
    assert table.trainable_params == sum(math.prod(weight.shape) for weight in model.trainable_weights)


def test_sequential_model():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(8, 3, strides=2, padding="same"),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.MaxPooling2D(3, strides=2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ], name="seq")
    table = architecture_table(model)
    assert_matches_keras(model, table)
    assert table.name == "seq" and table.input_shape == (28, 28, 1) and table.classes == 10
    assert [row.output_shape for row in table.rows][:2] == [(28, 28, 1), (14, 14, 8)]
    # Keras rounds the pool down: (14-3)/2+1 = 6.5 -> 6, and the table says so.
    assert table.rows[4].output_shape == (6, 6, 8)
    assert any("6.5, rounded down to 6" in note for note in table.notes)
    assert table.warnings == []  # Keras's rounding is a fact of the built model, not a problem to fix.


def test_unbuilt_sequential_is_refused():
    with pytest.raises(ValueError, match="not built"):
        architecture_table(keras.Sequential([layers.Dense(3)]))


def test_nested_frozen_base_model_inside_a_model():
    base = models.build_model("vgg-mini", (32, 32, 3), 4)
    features = keras.Model(base.inputs, base.get_layer("block4_pool").output, name="features")
    features.trainable = False
    inputs = keras.Input((32, 32, 3))
    x = features(inputs)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = layers.Dense(3, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name="transfer")
    table = architecture_table(model)
    assert_matches_keras(model, table)
    assert table.row("block1_conv1").params == 864  # The nested layers are listed.
    assert table.trainable_params == 256 * 3 + 3
    assert table.row("block4_pool").receptive_field == 76
    assert table.row("gap").receptive_field == 76 + 1 * 16


def test_depthwise_separable_concat_crop_and_unknown_layers():
    inputs = keras.Input((17, 17, 4))
    a = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(inputs)
    b = layers.SeparableConv2D(6, 3, padding="same", depth_multiplier=1, name="sep")(inputs)
    c = layers.Conv2D(8, 3, dilation_rate=2, padding="same", name="dilated")(inputs)
    x = layers.Concatenate(name="cat")([a, b, c])
    x = layers.Cropping2D(((1, 0), (0, 1)), name="crop")(x)
    x = layers.UpSampling2D(2, name="up")(x)  # Nearest: repeats values, no multiply-adds.
    x = layers.Conv2D(4, 3, strides=3, name="strided")(x)
    x = layers.Reshape((-1, 4), name="reshape")(x)
    x = layers.Dense(5, name="per_position")(x)
    model = keras.Model(inputs, layers.Flatten(name="flat")(x))
    table = architecture_table(model)
    assert_matches_keras(model, table)
    assert table.row("cat").output_shape == (17, 17, 8 + 6 + 8)
    assert table.row("dilated").receptive_field == 5
    assert table.row("cat").receptive_field == 5
    assert table.row("dw").macs == 17 * 17 * 8 * 9
    assert table.row("sep").macs == 17 * 17 * 4 * 9 + 17 * 17 * 4 * 6
    assert table.row("up").macs == 0
    assert table.row("per_position").macs == 100 * 4 * 5


def test_shared_layer_is_counted_once_and_add_takes_the_larger_field():
    inputs = keras.Input((8, 8, 3))
    shared = layers.Conv2D(3, 3, padding="same", name="shared")
    deep = shared(shared(inputs))
    shallow = layers.Conv2D(3, 1, name="pointwise")(inputs)
    x = layers.Add(name="add")([deep, shallow])
    model = keras.Model(inputs, layers.GlobalMaxPooling2D(name="gmp")(x))
    table = architecture_table(model)
    assert [row.name for row in table.rows].count("shared") == 2
    assert table.total_params == model.count_params() == 84 + 12
    assert table.row("add").receptive_field == 5


def test_keras_application_with_zero_padding_and_depthwise_convs():
    model = keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), classes=7)
    assert_matches_keras(model, architecture_table(model))


def test_pattern_table_equals_the_built_model_table():
    text = "INPUT -> [[CONV -> RELU]*2 -> POOL(type=l2)]*2 -> NORM -> GAP -> DROPOUT -> FC -> RELU -> FC"
    from models.table import spec_table

    planned = spec_table(text, (32, 32, 3), 6)
    model = models.build_model(text, (32, 32, 3), 6)
    built = architecture_table(model)
    assert_matches_keras(model, built)
    assert [(row.name, row.type, row.output_shape, row.params, row.macs, row.receptive_field)
            for row in planned.rows] == [
        (row.name, row.type, row.output_shape, row.params, row.macs, row.receptive_field) for row in built.rows]


def test_pattern_padding_that_keras_same_cannot_express_gets_an_explicit_pad_layer():
    from models.table import spec_table

    text = "CONV(F=3, S=2, P=1) -> CONV(F=5, P=1) -> FC"
    model = models.build_model(text, (9, 9, 3), 2)
    assert model.get_layer("block1_conv1_pad").output.shape[1:3] == (11, 11)
    assert model.get_layer("block1_conv1").output.shape[1:3] == (5, 5)
    assert model.get_layer("block1_conv2").output.shape[1:3] == (3, 3)
    planned = spec_table(text, (9, 9, 3), 2)
    assert planned.row("block1_conv1").output_shape == (5, 5, 32)
    assert planned.row("block1_conv2").output_shape == (3, 3, 32)
    assert planned.total_params == model.count_params()


def _imported_modules(path):
    """The modules a source file imports, at any depth (`from models import x` gives `models.x`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_table_depends_on_the_graph_walker_and_the_formulas_on_neither():
    models_dir = Path(__file__).resolve().parents[1] / "models"
    walker = _imported_modules(models_dir / "keras_graph.py")
    formulas = _imported_modules(models_dir / "layer_formulas.py")

    assert "models.layer_formulas" in walker and "models.table" not in walker
    assert not formulas & {"models.table", "models.keras_graph", "keras"}
    assert "models.keras_graph" in _imported_modules(models_dir / "table.py")


def test_keras_same_padding_and_groups_are_read_off_the_built_layers():
    model = keras.Sequential([
        keras.Input((110, 110, 4)),
        layers.MaxPooling2D(3, strides=2, padding="same", name="pool1"),
        layers.Conv2D(8, 3, padding="same", groups=2, name="grouped"),
        layers.Conv2D(8, 3, dilation_rate=2, name="dilated"),
    ], name="windows")
    table = architecture_table(model)
    assert_matches_keras(model, table)
    pool1, grouped, dilated = table.row("pool1"), table.row("grouped"), table.row("dilated")
    # 110 -> 55 only with the pixel Keras adds after: (110-3+0+1)/2+1.
    assert pool1.output_shape == (55, 55, 4) and pool1.window.pads == (0, 1, 0, 1) and pool1.window.mode == "same"
    assert [str(note) for note in pool1.notes] == table.notes == [
        "pool1: Keras 'same' pads 0 before and 1 after (top/left, bottom/right): (W-F+P1+P2)/S+1 = "
        "(110-3+0+1)/2+1 = 55"]
    assert grouped.window.text() == "3x3/1 P=1 G=2" and grouped.notes == ()
    assert dilated.window.text() == "3x3/1 P=0 D=2" and dilated.output_shape == (51, 51, 8)  # (55-5)/1+1.
