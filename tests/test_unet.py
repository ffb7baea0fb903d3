"""The U-Net segmenters: layer names, output, and our table (up-convolutions, upsampling, skips) against Keras."""

import json

import keras
import pytest
from keras import layers

import main
import models
from models.geometry import GeometryError
from models.table import architecture_table
from tests.test_models_presets import assert_table_matches_keras


def test_unet_mini_is_a_segmenter_with_readable_names_and_a_mask_output():
    model = models.build_model("unet-mini", (32, 32, 3))
    assert models.is_segmenter("unet-mini") and not models.is_segmenter("vgg-mini")
    assert "unet-mini" in models.SEGMENTER_NAMES and "unet-mini" not in models.PRESET_NAMES
    assert models.default_input_shape("unet-mini") == (128, 128, 3)
    assert tuple(model.output.shape) == (None, 32, 32, 1)
    names = [layer.name for layer in model.layers]
    assert names[:4] == ["input", "rescaling", "enc1_conv1", "enc1_bn1"]
    assert model.get_layer("rescaling").scale == pytest.approx(1 / 255)
    assert {"enc2_conv1", "enc4_pool", "enc5_conv2", "dec4_up", "dec1_up", "dec1_concat"} <= set(names)
    assert "enc5_pool" not in names  # The bottom of the "U" is not pooled.
    assert names[-1] == "mask" and model.get_layer("mask").get_config()["activation"] == "sigmoid"
    # The skip joins the encoder's map of the same size: 16 channels from enc1 and 16 from dec1_up.
    concat = model.get_layer("dec1_concat")
    assert [tuple(tensor.shape[1:]) for tensor in concat.input] == [(32, 32, 16), (32, 32, 16)]


def test_unet_mini_table_matches_keras_and_its_receptive_fields():
    model = models.build_model("unet-mini", (128, 128, 3))
    table = architecture_table(model)
    assert_table_matches_keras(model, table)
    assert table.row("dec4_up").macs == 8 * 8 * 2 * 2 * 128 * 96  # Every input value spreads a 2x2x96 patch.
    assert table.row("dec4_up").params == 2 * 2 * 128 * 96 + 96
    assert table.row("enc4_pool").receptive_field == 76  # As VGG's block4_pool with 2 convs per block.
    assert table.row("enc5_conv2").receptive_field == 140
    assert table.row("dec4_up").receptive_field == 140  # A 2x2/2 up-conv reads one input unit per output.
    assert table.row("dec4_conv1").receptive_field == 140 + 2 * 8  # Its jump is back to 8 px.
    assert table.row("mask").receptive_field == 200
    assert table.row("mask").output_shape == (128, 128, 1)
    assert model.count_params() * 4 < 5_000_000  # Float32 weights under 5 MB.


def test_two_classes_give_a_softmax_mask():
    model = models.build_model("unet-mini", (16, 16, 3), num_classes=2)
    assert tuple(model.output.shape) == (None, 16, 16, 2)
    assert model.get_layer("mask").get_config()["activation"] == "softmax"


def test_the_papers_unet_widths():
    model = models.build_model("unet", (32, 32, 3))
    table = architecture_table(model)
    assert_table_matches_keras(model, table)
    assert table.total_params == 31_031_745  # 64..1024 filters, no batch norm, 1x1 conv to one channel.
    assert table.row("enc5_conv2").output_shape == (2, 2, 1024)
    assert not any(isinstance(layer, layers.BatchNormalization) for layer in model.layers)


@pytest.mark.parametrize("shape, message", [
    ((100, 128, 3), "input height 100 is not a multiple of 16"),
    ((128, 40, 3), "input width 40 is not a multiple of 16"),
])
def test_sides_that_cannot_halve_and_double_back_are_refused(shape, message):
    with pytest.raises(GeometryError, match=message):
        models.build_model("unet-mini", shape)


@pytest.mark.parametrize("kwargs", [
    dict(kernel_size=3, strides=2, padding="valid"),
    dict(kernel_size=3, strides=2, padding="same"),
    dict(kernel_size=2, strides=3, padding="valid"),
    dict(kernel_size=3, strides=2, padding="valid", output_padding=1),
    dict(kernel_size=4, strides=2, padding="same", output_padding=1),
    dict(kernel_size=3, strides=1, padding="valid", dilation_rate=2),
])
def test_transposed_convolution_shapes_follow_keras(kwargs):
    inputs = keras.Input((5, 7, 4))
    outputs = layers.Conv2DTranspose(6, name="up", **kwargs)(inputs)
    model = keras.Model(inputs, outputs)
    table = architecture_table(model)
    assert table.row("up").output_shape == tuple(outputs.shape[1:])
    assert table.row("up").params == model.count_params()


def test_upsampling_shapes_fields_and_costs():
    inputs = keras.Input((16, 16, 2))
    x = layers.Conv2D(2, 3, strides=2, padding="same", name="down")(inputs)  # Field 3, jump 2.
    near = layers.UpSampling2D(2, name="near")(x)
    smooth = layers.UpSampling2D(2, interpolation="bilinear", name="smooth")(x)
    x = layers.Concatenate(name="cat")([near, smooth])
    x = layers.Conv2D(1, 3, padding="same", name="after")(x)
    model = keras.Model(inputs, x)
    table = architecture_table(model)
    assert_table_matches_keras(model, table)
    assert table.row("near").receptive_field == 3 and table.row("near").macs == 0
    assert table.row("smooth").receptive_field == 3 + 2  # It mixes two neighbours 2 px apart.
    assert table.row("smooth").macs == 16 * 16 * 2 * 4
    assert table.row("after").receptive_field == 5 + 2 * 1  # Back at one unit per input pixel.


def test_arch_command_shows_a_segmenter(capsys):
    assert main.main(["arch", "unet-mini"]) == 0
    text = capsys.readouterr().out
    assert 'Model: "unet_mini"  input 128x128x3, output 128x128x1' in text
    assert "dec1_up (Conv2DTranspose)" in text and "dec1_concat (Concatenate)" in text
    assert main.main(["arch", "unet-mini", "--input", "160x160", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["classes"] == 1 and data["layers"][-1]["output_shape"] == [160, 160, 1]
    assert data["total_params"] == sum(layer["params"] for layer in data["layers"])
