"""`main.py inspect`: PNG files, the JSON answer, activation dumps and one-line errors."""

import json

import numpy as np
import pytest
from PIL import Image

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import main  # noqa: E402
from core.modelfile import ModelInfo, load_model, save_model  # noqa: E402
from inspection.engine import InspectionEngine  # noqa: E402

SIZE = 24


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    """A small model with a nested feature extractor, saved as a TongueLens file."""
    features = keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.Conv2D(6, 3, padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(8, 3, padding="same", activation="relu", name="conv2"),
    ], name="features")
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Rescaling(1 / 255, name="rescaling")(inputs)
    x = layers.GlobalAveragePooling2D(name="gap")(features(x))
    model = keras.Model(inputs, layers.Dense(3, activation="softmax", name="predictions")(x))
    path = tmp_path_factory.mktemp("model") / "tiny.keras"
    save_model(model, path, ModelInfo(["dry", "wet", "pale"], (SIZE, SIZE, 3)))
    return path


@pytest.fixture
def image_file(tmp_path):
    path = tmp_path / "tongue photo.png"
    pixels = np.random.default_rng(0).integers(0, 256, (40, 50, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def _run_json(capsys, *argv):
    code = main.main(["inspect", *map(str, argv), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _is_png(path):
    with Image.open(path) as image:
        return image.format == "PNG" and max(image.size) >= 256


def test_inspect_writes_the_default_pictures_and_answers_in_json(capsys, tmp_path, model_file, image_file):
    out = tmp_path / "out"
    result = _run_json(capsys, image_file, "--model", model_file, "--out", out)
    names = sorted(path.name for path in out.iterdir())
    assert names == ["features_conv1.png", "features_conv2.png", "features_pool1.png", "filters_conv1.png",
                     "gradcam.png", "saliency.png"]
    assert sorted(result["files"]) == sorted(str(out / name) for name in names)
    assert all(_is_png(out / name) for name in names)
    assert [entry["label"] for entry in result["prediction"]] and len(result["prediction"]) == 3
    assert sum(entry["probability"] for entry in result["prediction"]) == pytest.approx(1.0, abs=1e-5)
    layer_names = [layer["name"] for layer in result["layers"]]
    assert "conv1" in layer_names and "features" in layer_names
    assert {"name": "pool1", "type": "MaxPooling2D", "output_shape": [12, 12, 6]} in result["layers"]
    assert result["gradcam"] == {"class": result["prediction"][0]["label"], "layer": "conv2"}
    assert "RGB" in result["notes"]["filters_conv1.png"]


def test_named_layers_and_activation_dump_match_the_engine(capsys, tmp_path, model_file, image_file):
    out, dump = tmp_path / "out", tmp_path / "dump"
    result = _run_json(capsys, image_file, "--model", model_file, "--out", out, "--layer", "features/conv2",
                       "--layer", "gap", "--dump-activations", dump, "--class", "pale")
    assert sorted(path.name for path in out.iterdir()) == [
        "features_conv2.png", "features_gap.png", "filters_conv1.png", "filters_conv2.png", "gradcam.png",
        "saliency.png"]
    assert sorted(path.name for path in dump.iterdir()) == ["conv2.npy", "gap.npy"]
    assert result["gradcam"]["class"] == "pale"
    engine = InspectionEngine(load_model(model_file))
    image = engine.load_image(image_file)
    np.testing.assert_array_equal(np.load(dump / "conv2.npy"), engine.activations(image, "conv2"))
    assert np.load(dump / "gap.npy").shape == (1, 8)


def test_inspect_prints_a_readable_report(capsys, tmp_path, model_file, image_file):
    code = main.main(["inspect", str(image_file), "--model", str(model_file), "--out", str(tmp_path / "o")])
    output = capsys.readouterr().out
    assert code == 0
    assert "prediction:" in output and "%" in output and "gradcam.png" in output and "MaxPooling2D" in output


@pytest.mark.parametrize("problem", ["image", "model", "layer", "class"])
def test_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path, model_file, image_file, problem):
    argv = {"image": [tmp_path / "broken.png", "--model", model_file],
            "model": [image_file, "--model", tmp_path / "missing.keras"],
            "layer": [image_file, "--model", model_file, "--layer", "no_such_layer"],
            "class": [image_file, "--model", model_file, "--class", "purple"]}[problem]
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    code = main.main(["inspect", *map(str, argv), "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err.strip()
    assert code == 2
    assert len(error.splitlines()) == 1 and "Traceback" not in error
    expected = {"image": "broken.png", "model": "missing.keras", "layer": "no_such_layer", "class": "purple"}
    assert expected[problem] in error


def test_a_gray_models_pictures_show_the_gray_image_it_is_fed(capsys, tmp_path, image_file):
    path = tmp_path / "gray.keras"
    model = keras.Sequential([keras.Input((SIZE, SIZE, 1)), layers.Rescaling(1 / 255, name="rescaling"),
                              layers.Conv2D(4, 3, activation="relu", name="conv1"),
                              layers.GlobalAveragePooling2D(name="gap"),
                              layers.Dense(2, activation="softmax", name="predictions")])
    save_model(model, path, ModelInfo(["dry", "wet"], (SIZE, SIZE, 1)))

    _run_json(capsys, image_file, "--model", path, "--out", tmp_path / "out")

    # The left half of each picture is the image the model reads: gray, where the photo is in colour.
    for name in ("gradcam.png", "saliency.png"):
        with Image.open(tmp_path / "out" / name) as picture:
            pixels = np.asarray(picture.convert("RGB"), int)
        left = pixels[:, :pixels.shape[1] // 2 - 8]
        assert (left[..., 0] == left[..., 1]).all() and (left[..., 1] == left[..., 2]).all(), name


def test_grad_cam_of_a_1x1_map_says_it_cannot_show_where(capsys, tmp_path, image_file):
    path = tmp_path / "lenet.keras"
    model = keras.Sequential([keras.Input((SIZE, SIZE, 3)), layers.Rescaling(1 / 255, name="rescaling"),
                              layers.Conv2D(4, 5, activation="relu", name="conv1"),  # 20x20
                              layers.MaxPooling2D(name="pool1"),  # 10x10
                              layers.Conv2D(6, 10, activation="relu", name="conv2"),  # 1x1
                              layers.Flatten(name="flatten"),
                              layers.Dense(2, activation="softmax", name="predictions")])
    save_model(model, path, ModelInfo(["dry", "wet"], (SIZE, SIZE, 3)))

    default = _run_json(capsys, image_file, "--model", path, "--out", tmp_path / "default")
    chosen = _run_json(capsys, image_file, "--model", path, "--out", tmp_path / "chosen", "--gradcam-layer", "conv2")

    assert default["gradcam"]["layer"] == "conv1" and "red = most evidence" in default["notes"]["gradcam.png"]
    assert chosen["gradcam"]["layer"] == "conv2"
    assert chosen["notes"]["gradcam.png"].endswith("a 1x1 map cannot show where, so no place is marked")


def test_feature_notes_say_on_which_scale_each_picture_is(capsys, tmp_path, model_file, image_file):
    result = _run_json(capsys, image_file, "--model", model_file, "--out", tmp_path / "out",
                       "--layer", "conv2", "--layer", "gap", "--layer", "predictions")
    engine = InspectionEngine(load_model(model_file))
    gap = engine.activations(engine.load_image(image_file), "gap")[0]
    digits = max(3, next(d for d in range(3, 9) if f"{gap.min():.{d}g}" != f"{gap.max():.{d}g}"))

    notes = result["notes"]
    assert notes["features_conv2.png"] == ("conv2: 8 of 8 channels, each scaled to its own range "
                                          "(viridis: dark low, yellow high)")
    assert notes["features_gap.png"] == (f"gap: 8 of 8 units, all on one scale "
                                        f"(viridis: dark {gap.min():.{digits}g}, yellow {gap.max():.{digits}g})")
    assert notes["features_predictions.png"] == ("predictions: 3 of 3 units, class probabilities, all on one scale "
                                                "(viridis: dark 0, yellow 1)")
