"""FC-to-conv conversion: the same scores at the trained size, a map of scores on larger images."""

import keras
import numpy as np
import pytest
from keras import layers

import main
import models
from core.modelfile import ModelInfo, read_info, save_model
from models.fully_conv import FullyConvError, to_fully_conv
from models.geometry import GeometryError


@pytest.fixture(scope="module")
def vgg_style():
    """vgg-mini at 32 px with batch-norm statistics moved off their initial values, as after training."""
    model = models.build_model("vgg-mini", (32, 32, 3), 3)
    rng = np.random.default_rng(1)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            layer.set_weights([weight + rng.uniform(0.1, 0.5, weight.shape).astype("float32")
                               for weight in layer.get_weights()])
    return model


def images(count, height, width):
    return np.random.default_rng(2).uniform(0, 255, (count, height, width, 3)).astype("float32")


def test_same_outputs_at_the_trained_size(vgg_style):
    converted = to_fully_conv(vgg_style)
    assert tuple(converted.output.shape) == (None, 1, 1, 3)
    assert [layer.name for layer in converted.layers[-3:]] == ["fc1", "fc1_dropout", "predictions"]
    assert converted.get_layer("fc1").kernel.shape == (2, 2, 256, 256)  # F = the 2x2 volume before Flatten.
    assert converted.get_layer("predictions").kernel.shape == (1, 1, 256, 3)
    batch = images(4, 32, 32)
    np.testing.assert_allclose(converted(batch).numpy().reshape(4, 3), vgg_style(batch).numpy(), atol=1e-5)


def test_larger_image_gives_a_map_of_scores(vgg_style):
    converted = to_fully_conv(vgg_style, (64, 48))
    assert tuple(converted.output.shape) == (None, 3, 2, 3)  # (64/16 - 2 + 1) x (48/16 - 2 + 1), 3 classes.
    probabilities = converted(images(1, 64, 48)).numpy()
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, rtol=1e-5)  # Softmax at every position.


def test_sequential_model_map_cells_are_the_original_model_on_crops():
    # Without zero padding each cell sees exactly one crop of the big image (with padding only
    # the cells whose receptive field stays inside the image would).
    model = keras.Sequential([
        keras.Input((12, 12, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Flatten(),
        layers.Dense(16, activation="relu"), layers.Dropout(0.5), layers.Dense(5, activation="softmax")])
    batch = np.random.default_rng(3).random((3, 12, 12, 1)).astype("float32")
    same_size = to_fully_conv(model)
    np.testing.assert_allclose(same_size(batch).numpy().reshape(3, 5), model(batch).numpy(), atol=1e-5)
    big = np.random.default_rng(4).random((2, 20, 16, 1)).astype("float32")
    scores = to_fully_conv(model, (20, 16))(big).numpy()
    assert scores.shape == (2, 5, 3, 5)
    stride = 2  # One 2x2 pool.
    for row, col in ((0, 0), (4, 2), (3, 1)):
        crop = big[:, row * stride:row * stride + 12, col * stride:col * stride + 12]
        np.testing.assert_allclose(scores[:, row, col], model(crop).numpy(), atol=1e-5)


def test_vgg16_head_on_384_gives_a_6x6_map_per_class():
    converted = to_fully_conv(models.build_model("vgg16", (224, 224, 3), 1000), (384, 384))
    assert tuple(converted.output.shape) == (None, 6, 6, 1000)
    assert converted.get_layer("fc1").kernel.shape == (7, 7, 512, 4096)
    assert converted.get_layer("fc2").kernel.shape == (1, 1, 4096, 4096)


def test_models_without_a_flatten_head_or_too_small_inputs_are_refused(vgg_style):
    with pytest.raises(FullyConvError, match="global pooling"):
        to_fully_conv(models.build_model("resnext-mini", (32, 32, 3), 3))
    with pytest.raises(GeometryError, match="first FC becomes a 2x2 conv"):
        to_fully_conv(vgg_style, (16, 16))


def test_cli_writes_the_converted_model_with_its_class_names(vgg_style, tmp_path, capsys):
    source = tmp_path / "tongue.keras"
    save_model(vgg_style, source, ModelInfo(class_names=["pale", "red", "purple"], input_shape=(32, 32, 3),
                                            arch="vgg-mini"))
    destination = tmp_path / "out" / "tongue_fc.keras"
    destination.parent.mkdir()
    assert main.main(["to-fully-conv", str(source), str(destination), "--input", "64x64"]) == 0
    assert "3x3 map of 3 class scores" in capsys.readouterr().out
    info = read_info(destination)
    assert info.class_names == ["pale", "red", "purple"]
    assert tuple(info.input_shape) == (64, 64, 3)
    loaded = keras.saving.load_model(destination, compile=False, safe_mode=True)
    assert tuple(loaded.output.shape) == (None, 3, 3, 3)
    assert sorted(path.name for path in destination.parent.iterdir()) == ["tongue_fc.keras"]


def test_cli_refusals_exit_2_with_one_line(vgg_style, tmp_path, capsys):
    source = tmp_path / "tongue.keras"
    save_model(vgg_style, source, ModelInfo(class_names=["a", "b", "c"], input_shape=(32, 32, 3)))
    assert main.main(["to-fully-conv", str(source), str(source)]) == 2
    assert "new file" in capsys.readouterr().err
    assert main.main(["to-fully-conv", str(tmp_path / "missing.keras"), str(tmp_path / "o.keras")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "missing.keras: file not found" in error
    assert main.main(["to-fully-conv", str(source), str(tmp_path / "o.keras"), "--input", "8x8"]) == 2
    assert "block4_pool: output size (W-F)/S+1 = (1-2)/2+1 = 0.5 is smaller than 1" in capsys.readouterr().err
    assert not (tmp_path / "o.keras").exists()


@pytest.fixture
def converted_file(vgg_style, tmp_path):
    """vgg_style converted to a 64x64 input: a 3x3 map of class scores per image."""
    source, destination = tmp_path / "tongue.keras", tmp_path / "tongue_fc.keras"
    save_model(vgg_style, source, ModelInfo(class_names=["pale", "red", "purple"], input_shape=(32, 32, 3)))
    assert main.main(["to-fully-conv", str(source), str(destination), "--input", "64x64"]) == 0
    return source, destination


def test_a_converted_model_classifies_by_the_mean_of_its_map(converted_file):
    from core.modelfile import load_model
    from core.predictor import Classifier
    from inspection import gradcam
    from inspection.engine import InspectionEngine

    _, destination = converted_file
    loaded = load_model(destination)  # A map of scores loads like any model (the app opens it too).
    batch = images(2, 64, 64)
    score_map = loaded.model.predict(batch, verbose=0)
    assert score_map.shape == (2, 3, 3, 3)
    positions = score_map if np.allclose(score_map.sum(axis=-1), 1, atol=1e-4) else \
        keras.ops.convert_to_numpy(keras.ops.softmax(score_map, axis=-1))
    expected = positions.mean(axis=(1, 2))

    probabilities = Classifier(loaded).probabilities(batch)

    np.testing.assert_allclose(probabilities, expected, rtol=1e-5, atol=1e-6)
    engine, photo = InspectionEngine(loaded), batch[0].astype("uint8")
    np.testing.assert_allclose(engine.predict(photo), Classifier(loaded).probabilities(photo)[0],
                               rtol=1e-4, atol=1e-6)
    heat = gradcam.gradcam(engine, photo)  # Of the class's score summed over the map.
    assert heat.shape == (64, 64) and np.isfinite(heat).all() and heat.max() == pytest.approx(1.0)


def test_classify_accepts_a_converted_model(converted_file, tmp_path, capsys):
    import json

    from PIL import Image

    _, destination = converted_file
    photo = tmp_path / "photo.png"
    Image.fromarray(images(1, 80, 80)[0].astype("uint8")).save(photo)
    capsys.readouterr()

    assert main.main(["classify", str(photo), "--model", str(destination), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert "error" not in result[0]
    assert sorted(entry["label"] for entry in result[0]["top"]) == ["pale", "purple", "red"]
    assert abs(sum(entry["probability"] for entry in result[0]["top"]) - 1) < 1e-4
