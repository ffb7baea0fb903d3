"""Colour constancy inside the model: `--colour` modes, the layer, its file, and random light in training."""

import numpy as np
import pytest

import models
from core import lighting, modelfile
from models import colour
from models.layers import ColourConstancy
from tests.test_lighting import _photo

ESTIMATOR_MODES = ("grey-world", "shades-of-grey", "shades-of-grey:2", "white-patch")


def _photos(count=4, size=32):
    # Bright parts stay below 255 / 1.15, so no light here clips and the layer can undo it exactly.
    return np.stack([np.minimum(_photo(seed, size), 215) for seed in range(count)])


def _relative_change(model, images, light):
    """How much the features the classifier head reads move when the photos are re-lit (0: not at all)."""
    import keras

    features = keras.Model(model.inputs, model.get_layer("predictions").input)
    original = np.asarray(features(images.astype("float32")))
    relit = np.asarray(features(lighting.relight_named(images, light).astype("float32")))
    return float(np.linalg.norm(original - relit) / np.linalg.norm(original))


def test_modes_parse_to_one_canonical_name_and_bad_ones_are_refused():
    assert colour.parse_mode("none") == colour.ColourMode()
    assert colour.parse_mode(None).name == "none"
    assert colour.parse_mode("Shades-of-grey:6+augment").name == "shades-of-grey+augment"
    assert colour.parse_mode("shades-of-grey:4").layer_config() == {
        "estimator": "shades_of_grey", "exposure": True, "power": 4.0}
    assert colour.parse_mode("white-patch:97+keep-exposure").layer_config() == {
        "estimator": "white_patch", "exposure": False, "percentile": 97.0}
    assert colour.parse_mode("augment") == colour.ColourMode(augment=True)
    assert colour.parse_mode("augment").layer_config() is None
    for text in ("grey-world", "white-patch:97+augment", "shades-of-grey:2+keep-exposure+augment", "augment"):
        assert colour.parse_mode(text).name == text
    for bad in ("sepia", "augment+grey-world", "grey-world:3", "white-patch:20", "shades-of-grey:x",
                "none+augment", "augment+augment", "keep-exposure"):
        with pytest.raises(colour.ColourModeError, match="colour"):
            colour.parse_mode(bad)
    assert colour.check_mode(colour.DEFAULT_MODE) == colour.DEFAULT_MODE


@pytest.mark.parametrize("arch", ["vgg-mini", "resnext-mini", "INPUT -> [CONV -> RELU -> POOL]*2 -> FC"])
def test_the_layer_goes_right_after_the_input_of_any_architecture(arch):
    model = models.build_model(arch, (32, 32, 3), 3)

    wrapped = colour.with_colour_constancy(model, "white-patch+augment")

    names = [layer.name for layer in wrapped.layers]
    assert names[:3] == ["input", colour.LAYER_NAME, "rescaling"]
    assert names[3:] == [layer.name for layer in model.layers][2:]
    assert wrapped.name == model.name and wrapped.count_params() == model.count_params()
    assert all(np.array_equal(a, b) for a, b in zip(wrapped.get_weights(), model.get_weights()))
    assert colour.mode_of_model(wrapped) == "white-patch" and colour.mode_of_model(model) == "none"
    assert colour.with_colour_constancy(wrapped, "grey-world") is wrapped  # Never two layers.
    assert colour.with_colour_constancy(model, "augment") is model
    assert colour.with_colour_constancy(model, "none") is model


def test_shades_of_grey_2_is_built_from_keras_layers_and_opens_in_plain_keras(tmp_path):
    import subprocess
    import sys

    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), "shades-of-grey:2")
    assert [type(layer).__name__ for layer in model.layers[:4]] == [
        "InputLayer", "UnitNormalization", "Rescaling", "Rescaling"]
    assert colour.mode_of_model(model) == "shades-of-grey:2"
    path = tmp_path / "plain.keras"
    images = _photos()
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b", "c"], (32, 32, 3)))
    np.save(tmp_path / "images.npy", images)
    np.save(tmp_path / "expected.npy", np.asarray(model(images.astype("float32"))))
    # A fresh Python that imports nothing of TongueLens: plain Keras, safe mode.
    script = ("import sys, numpy as np, keras; m = keras.saving.load_model(sys.argv[1], safe_mode=True); "
              "x = np.load(sys.argv[2]).astype('float32'); "
              "print(float(np.abs(np.asarray(m(x)) - np.load(sys.argv[3])).max()))")
    completed = subprocess.run([sys.executable, "-c", script, str(path), str(tmp_path / "images.npy"),
                                str(tmp_path / "expected.npy")], capture_output=True, text=True, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert float(completed.stdout.strip().splitlines()[-1]) < 1e-5


def test_gray_models_get_no_layer():
    model = models.build_model("lenet5", (32, 32, 1), 10)
    assert colour.with_colour_constancy(model, "shades-of-grey") is model
    assert colour.effective_mode(model, "shades-of-grey+augment") == "augment"


@pytest.mark.parametrize("mode", ESTIMATOR_MODES)
def test_a_model_with_the_layer_answers_the_same_under_every_light(mode):
    model = models.build_model("vgg-mini", (32, 32, 3), 3)
    wrapped = colour.with_colour_constancy(model, mode)
    images = _photos()

    for light in lighting.LIGHT_NAMES:
        assert _relative_change(wrapped, images, light) < 0.01, light
        # Without the layer the same network's features move: the check above can fail.
        assert _relative_change(model, images, light) > 0.03, light


def test_keep_exposure_undoes_a_cast_but_keeps_brightness():
    layer = ColourConstancy("grey_world", exposure=False)
    images = _photos().astype("float32")
    gray = np.repeat(images[..., :1], 3, axis=-1)

    assert np.asarray(layer(gray)) == pytest.approx(gray, abs=1e-3)  # A gray photo has no cast to remove.
    warm = np.asarray(layer(lighting.relight_named(_photos(), "warm").astype("float32")))
    plain = np.asarray(layer(images))
    # The cast is gone: the same picture up to its brightness (warm light is a little brighter).
    assert warm / warm.mean() == pytest.approx(plain / plain.mean(), abs=0.01)
    dim = np.asarray(layer(lighting.relight_named(_photos(), "dim").astype("float32")))
    assert dim.mean() == pytest.approx(0.7 * np.asarray(layer(images)).mean(), rel=0.02)


def test_the_layer_normalises_brightness_and_refuses_bad_settings():
    output = np.asarray(ColourConstancy("shades_of_grey", brightness=110.0)(_photos().astype("float32")))
    assert output.mean(axis=(1, 2, 3)) == pytest.approx([110.0] * 4, rel=1e-4)
    black = np.zeros((1, 8, 8, 3), dtype="float32")
    assert np.array_equal(np.asarray(ColourConstancy("white_patch")(black)), black)
    for bad in (dict(estimator="median"), dict(power=0.5), dict(percentile=0), dict(brightness=300)):
        with pytest.raises(ValueError, match="Received"):
            ColourConstancy(**bad)


def test_white_patch_reads_a_high_percentile_not_the_maximum():
    image = np.full((1, 10, 10, 3), 100.0, dtype="float32")
    image[0, 0, 0] = (255, 10, 10)  # One hot pixel (a highlight or dead pixel) must not decide the light.
    layer = ColourConstancy("white_patch", percentile=95.0)
    assert np.asarray(layer.estimate(image)).ravel().tolist() == [100.0, 100.0, 100.0]
    assert np.asarray(ColourConstancy("white_patch", percentile=100.0).estimate(image)).ravel()[0] == 255.0


def test_the_saved_file_carries_the_layer_and_loads_in_safe_mode(tmp_path):
    from core.predictor import Classifier

    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), colour.DEFAULT_MODE)
    path = tmp_path / "colour.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b", "c"], (32, 32, 3), arch="vgg-mini"))

    loaded = modelfile.load_model(path)

    assert colour.mode_of_model(loaded.model) == colour.mode_of_model(model) != "none"
    classifier = Classifier(loaded)
    images = _photos()
    expected = np.asarray(model(images.astype("float32")))
    assert classifier.probabilities(images) == pytest.approx(expected, abs=1e-5)
    for light in lighting.LIGHT_NAMES:
        assert classifier.probabilities(lighting.relight_named(images, light)) == pytest.approx(expected, abs=0.01)


def test_bfloat16_training_copy_keeps_the_layer_in_float32_arithmetic():
    from training import precision

    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), "shades-of-grey")
    mixed = precision.with_policy(model, "mixed_bfloat16")
    back = precision.with_policy(mixed, "float32")

    assert colour.mode_of_model(mixed) == colour.mode_of_model(back) == "shades-of-grey"
    images = _photos().astype("float32")
    corrected = np.asarray(colour.colour_layer(mixed)(images)).astype("float32")
    # bfloat16 keeps 8 bits: its output is within 1 % of the float32 layer's, not whole units off.
    assert corrected == pytest.approx(np.asarray(colour.colour_layer(model)(images)), rel=0.01, abs=0.5)
    assert np.asarray(back(images)) == pytest.approx(np.asarray(model(images)), abs=1e-5)


def test_corrected_images_show_what_the_model_sees():
    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), "grey-world")
    images = _photos()

    view = colour.corrected_images(model, images[0])
    cast_view = colour.corrected_images(model, lighting.relight_named(images[0], "cool"))

    assert view.shape == images[0].shape and view.dtype == np.uint8
    assert np.abs(view.astype(int) - cast_view.astype(int)).max() <= 2
    assert view.reshape(-1, 3).mean(axis=0) == pytest.approx([110.0] * 3, abs=1.5)  # Grey-world: gray on average.
    plain = models.build_model("vgg-mini", (32, 32, 3), 3)
    assert np.array_equal(colour.corrected_images(plain, images), images)


def test_the_layer_table_lists_the_layer():
    from models.table import architecture_table

    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), "grey-world")
    rows = architecture_table(model).rows
    row = next(row for row in rows if row.name == colour.LAYER_NAME)
    assert tuple(row.output_shape)[-3:] == (32, 32, 3) and row.params == 0


def test_random_light_changes_each_image_by_one_gain_per_channel():
    from training import pipeline

    store = np.full((16, 8, 8, 3), 100, dtype=np.uint8)
    rows, labels = np.arange(16), np.zeros(16, dtype=np.int32)
    plain = next(iter(pipeline.make_dataset(store, rows, labels, 16, training=True, seed=3)))[0].numpy()
    relit = next(iter(pipeline.make_dataset(store, rows, labels, 16, training=True, seed=3,
                                            light_augment=True)))[0].numpy()

    assert np.array_equal(plain, store.astype("float32"))
    factors = relit / 100.0
    assert np.allclose(factors, factors[:, :1, :1, :], atol=1e-5)  # One factor per image and channel.
    per_image = factors[:, 0, 0, :]
    assert per_image.min() >= 0.6 / 1.25 - 1e-4 and per_image.max() <= 1.3 * 1.25 + 1e-4
    assert np.std(per_image[:, 0] / per_image[:, 2]) > 0.05  # Colour casts, not only exposure.
