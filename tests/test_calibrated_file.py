"""A light calibration written into a copy of the model file (`calibrate --out`, the app's Save Calibrated
Copy): the copy corrects photos under that lamp by itself, in plain Keras and in exports too (issue 13)."""

import hashlib
import json

import numpy as np
import pytest

from core import calibration, export, lighting, modelfile
from core.predictor import Classifier
from models.calibration_layer import LAYER_NAME, light_gains, with_light_gains
from tests import calibration_helpers


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return calibration_helpers.make_clinic(tmp_path_factory.mktemp("calibrated-file"))


@pytest.fixture(scope="module")
def warm_copy(clinic, tmp_path_factory):
    """The clinic's model calibrated to the warm lamp from the warm photos, saved as a copy."""
    loaded = modelfile.load_model(clinic["model"])
    found, skipped = calibration.calibrate_files(Classifier(loaded), sorted(clinic["warm"].rglob("*.png")),
                                                 source=str(clinic["warm"]))
    path = tmp_path_factory.mktemp("copy") / "warm.keras"
    calibration.save_calibrated(loaded, found, path)
    return {"path": path, "calibration": found, "skipped": skipped}


def _photos():
    photos = calibration_helpers.class_photos(8, seed=1)
    return np.concatenate([photos["warmish"], photos["coolish"]]), [1] * 8 + [0] * 8


def test_the_gains_become_the_models_first_layers_and_can_be_replaced_or_taken_out():
    model = calibration_helpers.redder_than_blue_model()

    calibrated = with_light_gains(model, (1.2, 1.0, 0.8))
    replaced = with_light_gains(calibrated, (0.9, 1.0, 1.1))
    removed = with_light_gains(replaced, None)

    assert [layer.name for layer in calibrated.layers][:3] == ["input", LAYER_NAME, "light_calibration_clip"]
    assert light_gains(calibrated) == (1.2, 1.0, 0.8) and light_gains(replaced) == (0.9, 1.0, 1.1)
    assert light_gains(removed) is None and len(removed.layers) == len(model.layers)
    photos, _ = _photos()
    under_lamp = photos.astype("float32")
    as_if_corrected = np.clip(np.rint(under_lamp * np.asarray([0.9, 1.0, 1.1])), 0, 255)
    np.testing.assert_allclose(replaced(under_lamp), model(as_if_corrected), atol=1e-4)
    np.testing.assert_array_equal(removed(under_lamp), model(under_lamp))
    assert with_light_gains(model, None) is model


def test_a_gray_model_carries_the_gains_luma_weighted_mean():
    import keras

    inputs = keras.Input((8, 8, 1), name="input")
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D(name="gap")(inputs))

    calibrated = with_light_gains(model, (1.2, 1.0, 0.8))

    expected = 0.299 * 1.2 + 0.587 * 1.0 + 0.114 * 0.8
    assert light_gains(calibrated) == pytest.approx((expected,) * 3)
    np.testing.assert_allclose(calibrated(np.full((1, 8, 8, 1), 100.0)), [[100.0 * expected]], rtol=1e-5)


def test_the_copy_reads_photos_under_its_lamp_by_itself_and_the_original_is_unchanged(clinic, warm_copy):
    original_bytes = hashlib.sha256(clinic["model"].read_bytes()).hexdigest()
    photos, truth = _photos()
    warm = lighting.relight_named(photos, "warm")

    classifier = Classifier(modelfile.load_model(warm_copy["path"]))

    assert classifier.file_calibration.gains == pytest.approx(warm_copy["calibration"].gains)
    assert classifier.file_calibration.photos == 16 and classifier.calibration == classifier.file_calibration
    assert classifier.file_calibration.source == "warm"  # The folder's name, not the path on this disk.
    assert classifier.probabilities(warm).argmax(axis=1).tolist() == truth
    assert np.abs(classifier.calibrated(warm).astype(int) - photos).max() <= 3  # The lighting check's view.
    original = Classifier(modelfile.load_model(clinic["model"]))
    assert original.file_calibration is None
    assert original.probabilities(warm).argmax(axis=1).tolist() == [1] * 16  # The lamp reads as red tongues.
    assert hashlib.sha256(clinic["model"].read_bytes()).hexdigest() == original_bytes


def test_plain_keras_in_safe_mode_applies_the_copys_calibration(warm_copy):
    import keras

    photos, truth = _photos()
    model = keras.saving.load_model(warm_copy["path"], safe_mode=True)

    predicted = np.asarray(model(lighting.relight_named(photos, "warm").astype("float32"))).argmax(axis=1)

    assert predicted.tolist() == truth


def test_another_calibration_replaces_the_files_own_and_clearing_gives_the_model_as_trained(clinic, warm_copy):
    photos, truth = _photos()
    cool = lighting.relight_named(photos, "cool")
    classifier = Classifier(modelfile.load_model(warm_copy["path"]))
    original = Classifier(modelfile.load_model(clinic["model"]))
    assert classifier.probabilities(cool).argmax(axis=1).tolist() == [0] * 16  # Cool photos, warm correction.

    classifier.calibration = calibration.calibrate(calibration.training_light(classifier.info), cool)

    assert classifier.probabilities(cool).argmax(axis=1).tolist() == truth  # Not the two lamps compounded.
    assert np.abs(classifier.calibrated(cool).astype(int) - photos).max() <= 3
    classifier.calibration = None
    np.testing.assert_allclose(classifier.probabilities(photos), original.probabilities(photos), atol=1e-3)
    assert classifier.calibrated(photos) is photos


def _bright_photos(blue_per_red):
    """Photos whose red runs up to 255 (rounding and clipping show), blue `blue_per_red` times red: on the
    class boundary once the gains that make the two equal are applied."""
    rng = np.random.default_rng(7)
    photos = rng.integers(150, 256, size=(6, 16, 16, 3)).astype(np.uint8)
    blue = photos[..., 0] * blue_per_red + rng.normal(0, 2, size=photos.shape[:3])
    photos[..., 2] = np.clip(np.rint(blue), 0, 255).astype(np.uint8)
    return photos


def test_the_apps_calibration_and_a_copy_carrying_it_give_the_same_probabilities(clinic, tmp_path):
    photos = _bright_photos(0.83 / 1.21)
    loaded = modelfile.load_model(clinic["model"])
    lamp = calibration.Calibration((0.83, 1.0, 1.21), 12, "lamp")
    in_app = Classifier(loaded)
    in_app.calibration = lamp
    calibration.save_calibrated(loaded, lamp, tmp_path / "copy.keras")

    copy = Classifier(modelfile.load_model(tmp_path / "copy.keras"))

    # The app rounded the corrected photo to whole levels before the network, the copy did not.
    np.testing.assert_allclose(in_app.probabilities(photos), copy.probabilities(photos), atol=1e-6)


def test_clearing_a_copys_calibration_reads_bright_photos_as_the_model_as_trained(clinic, tmp_path):
    photos = _bright_photos(1.0)
    loaded = modelfile.load_model(clinic["model"])
    calibration.save_calibrated(loaded, calibration.Calibration((0.8, 1.0, 1.25), 12, "lamp"),
                                tmp_path / "copy.keras")
    copy = Classifier(modelfile.load_model(tmp_path / "copy.keras"))

    copy.calibration = None

    # Undoing the copy's red gain of 0.8 before it must not clip red at 255 (to 204 after the gain).
    np.testing.assert_allclose(copy.probabilities(photos), Classifier(loaded).probabilities(photos), atol=1e-6)


def test_relit_accuracies_leave_the_files_own_calibration_in_place(warm_copy):
    from training import robustness

    photos, truth = _photos()
    classifier = Classifier(modelfile.load_model(warm_copy["path"]))

    accuracies = robustness.relit_accuracies(classifier, photos, np.arange(16), truth,
                                             profile=calibration.training_light(classifier.info))

    assert accuracies == {"warm": 1.0, "cool": 1.0, "dim": 1.0}
    assert classifier.calibration == classifier.file_calibration


def test_calibrate_command_writes_the_copy_that_classify_and_evaluate_use(clinic, capsys, tmp_path):
    import main

    out = tmp_path / "cool.keras"
    code = main.main(["calibrate", str(clinic["cool"]), "--model", str(clinic["model"]), "--out", str(out),
                      "--json"])
    captured = capsys.readouterr()

    assert code == 0 and f"wrote {out}" in captured.err
    gains = json.loads(captured.out)["gains"]
    assert gains[0] == pytest.approx(1 / 0.85, rel=0.03) and gains[2] == pytest.approx(1 / 1.15, rel=0.03)
    photos = sorted(clinic["cool"].rglob("*.png"))
    main.main(["classify", *map(str, photos), "--model", str(out), "--json"])
    captured = capsys.readouterr()
    labels = [result["top"][0]["label"] for result in json.loads(captured.out)]
    assert labels == [path.parent.name for path in photos]
    assert "note: Light calibrated from 16 photos (red x1.1" in captured.err
    assert captured.err.strip().endswith(", carried in the model file")
    main.main(["evaluate", str(clinic["cool"]), "--model", str(out)])
    printed = capsys.readouterr().out
    assert printed.startswith("Light calibrated from 16 photos") and "carried in the model file" in printed
    assert "Accuracy: 100.0% (16/16 images right" in printed

    cleared = tmp_path / "cleared.keras"
    assert main.main(["calibrate", "--clear", "--model", str(out), "--out", str(cleared)]) == 0
    assert light_gains(modelfile.load_model(cleared).model) is None
    assert "light_calibration" not in modelfile.read_info(cleared).training


@pytest.mark.parametrize("arguments, message", [
    (["--out", "{model}"], "--out must be a new file, not MODEL itself"),
    (["--out", "{existing}"], "already exists; add --force to replace it"),
    (["--out", "{tmp}/copy.h5"], "the copy must be a .keras file"),
    (["--clear"], "--clear takes no FOLDER"),
])
def test_calibrate_command_refusals_are_one_line_and_write_nothing(clinic, capsys, tmp_path, arguments, message):
    import main

    existing = tmp_path / "existing.keras"
    existing.write_bytes(b"keep me")
    arguments = [argument.format(model=clinic["model"], existing=existing, tmp=tmp_path) for argument in arguments]

    code = main.main(["calibrate", str(clinic["cool"]), "--model", str(clinic["model"]), *arguments])

    error = capsys.readouterr().err.strip()
    assert code == 2 and message in error and "\n" not in error
    assert existing.read_bytes() == b"keep me" and sorted(tmp_path.iterdir()) == [existing]


def test_an_onnx_export_of_the_copy_applies_the_calibration(warm_copy, tmp_path):
    pytest.importorskip("onnxruntime", reason="onnxruntime has no wheel for this platform")
    photos, truth = _photos()
    warm = lighting.relight_named(photos, "warm").astype("float32")

    result = export.export_model(warm_copy["path"], "onnx", tmp_path / "onnx", image_paths=[])

    (exported,), _ = export.RUNNERS["onnx"](result.artifact, warm)
    assert exported.argmax(axis=1).tolist() == truth
    classifier = Classifier(modelfile.load_model(warm_copy["path"]))
    np.testing.assert_allclose(exported, classifier.probabilities(warm), rtol=0, atol=1e-4)
    carried = result.metadata["light_calibration"]
    assert carried["gains"] == pytest.approx(list(warm_copy["calibration"].gains), abs=1e-5)


def test_fine_tuning_a_calibrated_copy_learns_the_new_photos_as_they_are(clinic, warm_copy, tmp_path):
    from training.trainer import TrainConfig, train

    result = train(TrainConfig(str(clinic["plain"]), from_model=str(warm_copy["path"]), epochs=1, batch_size=8,
                               augment=False, colour="none", out_dir=str(tmp_path / "run")))

    tuned = modelfile.load_model(result.model_path)
    assert light_gains(tuned.model) is None and Classifier(tuned).file_calibration is None
    assert "light_calibration" not in tuned.info.training and tuned.info.class_names == ["coolish", "warmish"]


def test_the_photo_report_of_a_calibrated_copy_says_the_file_carries_the_calibration(clinic, warm_copy, capsys,
                                                                                     tmp_path):
    import main

    photo = clinic["warm"] / "coolish" / "0.png"
    main.main(["classify", str(photo), "--model", str(warm_copy["path"]), "--report", str(tmp_path)])
    capsys.readouterr()

    page = (tmp_path / "0.html").read_text(encoding="utf-8")
    assert "<b>Light:</b> calibrated from 16 photos (red x0.8" in page
    assert ", carried in the model file</p>" in page and '<span class="reading">coolish</span>' in page
