"""keras.applications backbones as architectures: build, preprocessing, save and load (issue 16, part 1)."""

import json
import zipfile

import keras
import numpy as np
import pytest

import models
from core import modelfile
from models import backbones
from models.geometry import GeometryError
from models.table import architecture_table

# Small enough to build fast; not square, to catch a swapped height and width.
SHAPE = (32, 40, 3)


def _keras_constants():
    """{backbone: (file name, url, hash)} as keras/src/applications say, for Keras 3.15.1."""
    from keras.src.applications import (convnext, efficientnet, efficientnet_v2, mobilenet_v2, mobilenet_v3,
                                        resnet)

    v2_file = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"
    v3 = "weights_mobilenet_v3_{}_224_1.0_float_no_top_v2.h5"
    resnet_file = "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
    return {
        "mobilenetv2": (v2_file, mobilenet_v2.BASE_WEIGHT_PATH + v2_file, ""),
        "mobilenetv3small": (v3.format("small"), mobilenet_v3.BASE_WEIGHT_PATH + v3.format("small"),
                             mobilenet_v3.WEIGHTS_HASHES["small_224_1.0_float"][1]),
        "mobilenetv3large": (v3.format("large"), mobilenet_v3.BASE_WEIGHT_PATH + v3.format("large"),
                             mobilenet_v3.WEIGHTS_HASHES["large_224_1.0_float"][1]),
        "efficientnetb0": ("efficientnetb0_notop.h5", efficientnet.BASE_WEIGHTS_PATH + "efficientnetb0_notop.h5",
                           efficientnet.WEIGHTS_HASHES["b0"][1]),
        "efficientnetv2b0": ("efficientnetv2-b0_notop.h5",
                             efficientnet_v2.BASE_WEIGHTS_PATH + "efficientnetv2-b0_notop.h5",
                             efficientnet_v2.WEIGHTS_HASHES["b0"][1]),
        "convnexttiny": ("convnext_tiny_notop.h5", convnext.BASE_WEIGHTS_PATH + "convnext_tiny_notop.h5",
                         convnext.WEIGHTS_HASHES["convnext_tiny"][1]),
        "resnet50": (resnet_file, resnet.BASE_WEIGHTS_PATH + resnet_file, resnet.WEIGHTS_HASHES["resnet50"][1]),
    }


def test_the_issue_backbones_are_architectures_and_listing_them_needs_no_keras():
    assert set(backbones.BACKBONE_NAMES) == {"mobilenetv2", "mobilenetv3small", "mobilenetv3large", "efficientnetb0",
                                             "efficientnetv2b0", "convnexttiny", "resnet50"}
    assert set(models.ARCHITECTURE_NAMES) == set(models.PRESET_NAMES) | set(backbones.BACKBONE_NAMES)
    assert models.PRESET_NAMES.count("resnet50") == 1 and models.ARCHITECTURE_NAMES.count("resnet50") == 1
    assert models.default_input_shape("MobileNetV2") == (224, 224, 3)
    with pytest.raises(ValueError, match="backbones: .*mobilenetv2"):
        models.default_input_shape("mobilenetv4")


def test_weights_files_are_keras_own_names_urls_and_checksums():
    for key, (name, url, checksum) in _keras_constants().items():
        spec = backbones.get_backbone(key)
        assert (spec.weights_file, spec.weights_url + spec.weights_file, spec.weights_hash) == (name, url, checksum)


@pytest.mark.parametrize("key", backbones.BACKBONE_NAMES)
def test_backbone_builds_for_any_size_in_the_keras_applications_shape(key):
    builder = models.build_model if key != "resnet50" else backbones.build_backbone_classifier
    model = builder(key, SHAPE, 3)
    base = backbones.backbone_of(model)
    spec = backbones.get_backbone(key)
    names = [layer.name for layer in model.layers]
    assert names[0] == "input" and names[-3:] == ["avg_pool", "head_dropout", "predictions"]
    assert "backbone" in names and model.get_layer("predictions").get_config()["activation"] == "softmax"
    assert tuple(model.output.shape) == (None, 3)
    assert base.count_params() == spec.params  # The application without top, nothing added or lost.
    assert spec.unfreeze_from in [layer.name for layer in base.layers]
    assert not backbones.is_frozen_batchnorm_call(model)  # From scratch: batch norm learns.
    # The layer table (`main.py arch`) agrees with Keras inside the backbone too, squeeze-and-excite
    # gates (1x1xC times HxWxC) included.
    table = architecture_table(model)
    rows = {row.name: row for row in table.rows}
    for layer in base.layers:
        if layer.name in rows and not isinstance(layer, keras.Model):
            assert rows[layer.name].output_shape == tuple(layer.output.shape[1:]), layer.name
    assert table.total_params == model.count_params()


# Each kind of layer the applications hold: a Rescaling (v2), bare operations (v3), Normalization
# weights (EfficientNet), LayerScale and nested Sequential blocks (ConvNeXt), the caffe conv (ResNet).
@pytest.mark.parametrize("key", ["mobilenetv2", "mobilenetv3small", "efficientnetb0",
                                 pytest.param("convnexttiny", marks=pytest.mark.slow),
                                 pytest.param("resnet50", marks=pytest.mark.slow)])
def test_backbone_model_file_loads_in_safe_mode_and_in_plain_keras(key, tmp_path):
    model = backbones.build_backbone_classifier(key, SHAPE, 3, pretrained=True)
    path = tmp_path / f"{key}.keras"
    info = modelfile.ModelInfo(class_names=["a", "b", "c"], input_shape=SHAPE, arch=key)
    modelfile.save_model(model, path, info)
    ours = modelfile.load_model(path)  # Safe mode.
    plain = keras.saving.load_model(path)  # Plain Keras: no TongueLens layer inside.
    batch = np.random.default_rng(0).uniform(0, 255, (2,) + SHAPE).astype("float32")
    expected = model(batch, training=False).numpy()
    # Same weights, but a reloaded graph may sum in another order (oneDNN's threads): float32 rounding only.
    np.testing.assert_allclose(ours.model(batch, training=False).numpy(), expected, rtol=0, atol=1e-6)
    np.testing.assert_allclose(plain(batch, training=False).numpy(), expected, rtol=0, atol=1e-6)
    assert ours.info.arch == key and ours.info.input_shape == SHAPE


def test_pretrained_build_calls_the_backbone_in_inference_mode_and_the_file_keeps_it(tmp_path):
    model = backbones.build_backbone_classifier("mobilenetv3small", SHAPE, 2, pretrained=True)
    assert backbones.is_frozen_batchnorm_call(model)
    path = tmp_path / "m.keras"
    model.save(path)
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    node = next(layer for layer in config["config"]["layers"] if layer["name"] == "backbone")["inbound_nodes"][0]
    assert node["kwargs"]["training"] is False
    assert backbones.is_frozen_batchnorm_call(keras.saving.load_model(path))


def _preprocessed(model, raw):
    """What the backbone's first convolution sees: outer preprocessing, then the backbone's own."""
    base = backbones.backbone_of(model)
    index = model.layers.index(base)
    outer = keras.Model(model.input, model.layers[index - 1].output) if index > 1 else None
    x = outer(raw).numpy() if outer else raw
    inner = [layer for layer in base.layers if isinstance(layer, (keras.layers.Rescaling, keras.layers.Normalization))]
    if inner:
        x = keras.Model(base.input, inner[-1].output)(x).numpy()
    return x


def _keras_preprocess(mode, raw):
    """keras.applications' `preprocess_input` modes, written out (imagenet_utils)."""
    if mode == "tf":
        return raw / 127.5 - 1
    if mode == "torch":
        return (raw / 255 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225])
    return raw[..., ::-1] - np.array([103.939, 116.779, 123.68])  # caffe: BGR, minus the BGR mean.


@pytest.mark.parametrize("key", backbones.BACKBONE_NAMES)
def test_raw_pixels_become_what_the_backbone_expects(key):
    model = backbones.build_backbone_classifier(key, SHAPE, 2, pretrained=True)
    raw = np.random.default_rng(1).uniform(0, 255, (2,) + SHAPE).astype("float32")
    expected = _keras_preprocess(backbones.get_backbone(key).preprocessing, raw.astype("float64"))
    np.testing.assert_allclose(_preprocessed(model, raw), expected, atol=2e-4)
    assert all(not layer.trainable_weights for layer in model.layers[:model.layers.index(model.get_layer("backbone"))])


def test_keras_application_preprocess_input_agrees_with_our_modes():
    from keras.applications import mobilenet_v2, resnet50

    raw = np.random.default_rng(2).uniform(0, 255, (1, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(mobilenet_v2.preprocess_input(raw.copy()), _keras_preprocess("tf", raw), atol=1e-5)
    np.testing.assert_allclose(resnet50.preprocess_input(raw.copy()), _keras_preprocess("caffe", raw), atol=1e-4)


def test_too_small_or_grey_inputs_are_refused_before_building():
    with pytest.raises(GeometryError, match="32"):
        models.build_model("mobilenetv2", (31, 64, 3), 2)
    with pytest.raises(ValueError, match=r"\(3 channels\)\. Received: input_shape=\(64, 64, 1\)"):
        models.build_model("efficientnetb0", (64, 64, 1), 2)


def test_resnet50_preset_stays_ours_and_has_keras_resnet50_layers_for_its_weights():
    preset = models.build_model("resnet50", (32, 32, 3), 5)
    assert isinstance(preset.layers[1], keras.layers.Rescaling)  # The scratch preset is unchanged.
    application = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(32, 32, 3))

    def layers_with_weights(model, skip=()):
        return [(layer.name, [tuple(weight.shape) for weight in layer.weights]) for layer in model.layers
                if layer.weights and layer.name not in skip]

    # Keras's no-top file fits our preset layer for layer (same names, shapes and order).
    assert layers_with_weights(preset, skip=("predictions",)) == layers_with_weights(application)


def test_arch_table_of_a_backbone_expands_the_nested_application():
    from cli.arch_command import architecture_for

    table = architecture_for("mobilenetv2", "32x32", 3)
    model = models.build_model("mobilenetv2", (32, 32, 3), 3)
    names = [row.name for row in table.rows]
    assert "block_13_expand" in " ".join(names) and names[-1].endswith("predictions")
    assert table.total_params == model.count_params()
    assert architecture_table(model).total_params == model.count_params()
