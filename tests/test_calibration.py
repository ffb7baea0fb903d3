"""Light calibration (`core.calibration`): a model used under another lamp, corrected from photos taken under it."""

import json

import numpy as np
import pytest

from core import calibration, lighting, modelfile
from tests import calibration_helpers

WARM_AND_DIM = ((1.15, 1.0, 0.85), 0.7)


def _patients(count, seed=0, size=16):
    """Photos of `count` patients: mid-range colours (nothing clips under the lamps here), each its own."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(70, 150, size=(count, 1, 1, 3))
    return np.clip(base + rng.normal(0, 8, size=(count, size, size, 3)), 0, 255).astype(np.uint8)


def test_the_gains_undo_a_lamp_from_the_photos_taken_under_it():
    photos = _patients(40)
    profile = lighting.lighting_profile(photos)
    under_lamp = lighting.relight(photos, *WARM_AND_DIM)

    found = calibration.calibrate(profile, under_lamp)

    gains, exposure = WARM_AND_DIM
    assert found.gains == pytest.approx([1 / (gain * exposure) for gain in gains], rel=0.01)
    assert found.photos == 40
    restored = found.apply(under_lamp)
    assert restored.dtype == np.uint8 and restored.shape == photos.shape
    assert np.abs(restored.astype(int) - photos).max() <= 2  # The rounding of two relights.
    # As photographed, under the training lamp itself: nothing to undo.
    found = calibration.calibrate(profile, photos)
    assert found.gains == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)  # The profile keeps 6 decimals.


def test_other_patients_under_the_lamp_give_the_same_gains_within_a_few_percent():
    profile = lighting.lighting_profile(_patients(200, seed=1))
    others = lighting.relight(_patients(30, seed=2), *WARM_AND_DIM)

    found = calibration.calibrate(profile, others, source="clinic B")

    gains, exposure = WARM_AND_DIM
    assert found.gains == pytest.approx([1 / (gain * exposure) for gain in gains], rel=0.05)
    assert found.source == "clinic B"


def test_too_few_photos_or_no_profile_is_a_readable_refusal():
    photos = _patients(calibration.MIN_PHOTOS)
    profile = lighting.lighting_profile(photos)
    with pytest.raises(calibration.CalibrationError) as refused:
        calibration.calibrate(profile, photos[:calibration.MIN_PHOTOS - 1])
    assert refused.value.message.key == "calibration.too_few"
    assert str(refused.value) == "calibrating the light needs at least 10 photos taken under it; 9 could be read"
    assert calibration.calibrate(profile, photos).photos == calibration.MIN_PHOTOS

    for training in (None, {}, {"lighting": None}, {"lighting": {"version": 99}}):
        info = modelfile.ModelInfo(["a", "b"], (16, 16, 3), training=training)
        with pytest.raises(calibration.CalibrationError) as refused:
            calibration.training_light(info)
        assert refused.value.message.key == "calibration.no_profile"


def test_a_calibration_reads_back_from_json_and_says_what_it_does():
    found = calibration.Calibration((0.87, 1.0, 1.18), 24, "lamp")

    assert calibration.Calibration.from_json(json.loads(json.dumps(found.to_json()))) == found
    assert found.describe() == "Light calibrated from 24 photos (red x0.87, green x1.00, blue x1.18)"
    for bad in ({}, {"gains": [1, 2]}, {"gains": [1, 0, 1]}, {"gains": ["a", 1, 1]}, {"gains": [1, float("nan"), 1]}):
        with pytest.raises(calibration.CalibrationError) as refused:
            calibration.Calibration.from_json(bad)
        assert refused.value.message.key == "calibration.unreadable"


def test_a_gray_image_is_scaled_by_the_gains_luma():
    found = calibration.Calibration((2.0, 1.0, 1.0), 10)
    gray = np.full((4, 4, 1), 100, np.uint8)

    assert found.apply(gray)[0, 0, 0] == round(100 * (0.299 * 2 + 0.587 + 0.114))


# --- Through a saved model: prediction, evaluate, classify --------------------------------------


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return calibration_helpers.make_clinic(tmp_path_factory.mktemp("calibration"))


def test_a_colour_cast_copy_gets_the_original_prediction_once_calibrated(clinic):
    from core.predictor import Classifier

    classifier = Classifier(modelfile.load_model(clinic["model"]))
    photos = calibration_helpers.class_photos(8, seed=1)
    originals = np.concatenate([photos["warmish"], photos["coolish"]])
    warm = lighting.relight_named(originals, "warm")
    plain = classifier.probabilities(originals)
    assert plain.argmax(axis=1).tolist() == [1] * 8 + [0] * 8
    assert classifier.probabilities(warm).argmax(axis=1).tolist() == [1] * 16  # The lamp reads as red tongues.

    classifier.calibration = calibration.calibrate(calibration.training_light(classifier.info), warm)

    assert classifier.probabilities(warm).argmax(axis=1).tolist() == plain.argmax(axis=1).tolist()
    assert np.abs(classifier.calibrated(warm).astype(int) - originals).max() <= 3


def test_evaluate_calibrates_each_light_from_its_own_photos(clinic, capsys):
    import main

    code = main.main(["evaluate", str(clinic["plain"]), "--model", str(clinic["model"]), "--relight", "all",
                      "--calibrate", "--json"])
    report = json.loads(capsys.readouterr().out)

    assert code == 0 and report["accuracy"] == 1.0 and report["calibration"]["photos"] == 16
    assert [row["accuracy"] for row in report["relight"]["rows"]] == [1.0, 1.0, 1.0, 1.0]
    calibrations = report["relight"]["calibrations"]
    assert list(calibrations) == ["as photographed", "warm", "cool", "dim"]
    assert calibrations["warm"]["gains"][0] == pytest.approx(1 / 1.15, rel=0.03)
    assert calibrations["dim"]["gains"] == pytest.approx([1 / 0.7] * 3, rel=0.03)

    main.main(["evaluate", str(clinic["plain"]), "--model", str(clinic["model"]), "--relight", "warm", "--json"])
    uncalibrated = json.loads(capsys.readouterr().out)
    assert uncalibrated["relight"]["rows"][1]["accuracy"] == 0.5  # What the calibration saved.

    code = main.main(["evaluate", str(clinic["warm"]), "--model", str(clinic["model"]), "--calibrate"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("Light calibrated from 16 photos (red x0.8")
    assert "Accuracy: 100.0% (16/16 images right" in out


def test_classify_calibrates_from_a_folder_and_names_a_bad_photo(clinic, capsys, tmp_path):
    import main

    photos = sorted(clinic["cool"].rglob("*.png"))
    (clinic["cool"] / "broken.jpg").write_bytes(b"not a photo")
    try:
        code = main.main(["classify", *map(str, photos), "--model", str(clinic["model"]), "--calibrate",
                          str(clinic["cool"]), "--json"])
        captured = capsys.readouterr()
    finally:
        (clinic["cool"] / "broken.jpg").unlink()
    results = {result["path"]: result["top"][0]["label"] for result in json.loads(captured.out)}

    assert code == 0
    assert [results[str(path)] for path in photos] == [path.parent.name for path in photos]
    assert "note: Light calibrated from 16 photos (red x1.1" in captured.err
    assert f"skipped (calibration): {clinic['cool'] / 'broken.jpg'}: " in captured.err

    main.main(["classify", *map(str, photos), "--model", str(clinic["model"]), "--json"])
    uncalibrated = [result["top"][0]["label"] for result in json.loads(capsys.readouterr().out)]
    assert uncalibrated.count("coolish") == 16  # The cool lamp, uncorrected, reads every tongue as pale.


def test_a_model_without_a_profile_or_too_few_photos_is_a_one_line_error(clinic, capsys, tmp_path):
    import main

    plain = tmp_path / "plain.keras"
    info = modelfile.ModelInfo(["coolish", "warmish"], (16, 16, 3))
    modelfile.save_model(calibration_helpers.redder_than_blue_model(), plain, info)
    code = main.main(["evaluate", str(clinic["plain"]), "--model", str(plain), "--calibrate"])
    assert code != 0 and capsys.readouterr().err.strip().splitlines() == [
        "error: this model file keeps no lighting profile of its training photos, so the light cannot be "
        "calibrated; retrain it with TongueLens"]

    few = tmp_path / "few"
    few.mkdir()
    for path in sorted(clinic["warm"].rglob("*.png"))[:3]:
        (few / path.name).write_bytes(path.read_bytes())
    code = main.main(["classify", str(few), "--model", str(clinic["model"]), "--calibrate", str(few)])
    assert code != 0 and capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {few}: calibrating the light needs at least 10 photos taken under it; 3 could be read")


def test_relit_accuracies_calibrate_each_light_from_its_own_copies(clinic):
    from core.predictor import Classifier
    from training import robustness

    classifier = Classifier(modelfile.load_model(clinic["model"]))
    photos = calibration_helpers.class_photos(8, seed=1)
    store = np.concatenate([photos["coolish"], photos["warmish"]])
    truth = [0] * 8 + [1] * 8
    profile = calibration.training_light(classifier.info)

    plain = robustness.relit_accuracies(classifier, store, np.arange(16), truth)
    calibrated = robustness.relit_accuracies(classifier, store, np.arange(16), truth, profile=profile)

    assert plain == {"warm": 0.5, "cool": 0.5, "dim": 1.0}
    assert calibrated == {"warm": 1.0, "cool": 1.0, "dim": 1.0}
    assert classifier.calibration is None  # Put back for the caller.
    assert robustness.relit_accuracies(classifier, store, np.arange(9), truth[:9], profile=profile) == {}


def test_inspect_shows_the_photo_corrected_to_the_training_light(clinic, capsys, tmp_path):
    import main

    photo = clinic["warm"] / "coolish" / "0.png"
    main.main(["inspect", str(photo), "--model", str(clinic["model"]), "--out", str(tmp_path / "a"), "--json"])
    uncalibrated = json.loads(capsys.readouterr().out)
    code = main.main(["inspect", str(photo), "--model", str(clinic["model"]), "--out", str(tmp_path / "b"),
                      "--calibrate", str(clinic["warm"]), "--json"])
    calibrated = json.loads(capsys.readouterr().out)

    assert code == 0
    assert uncalibrated["prediction"][0]["label"] == "warmish"  # The warm lamp reads a pale tongue as red.
    assert calibrated["prediction"][0]["label"] == "coolish"


def test_the_photo_report_says_the_light_was_calibrated(clinic, capsys, tmp_path):
    import main

    photo = clinic["warm"] / "coolish" / "0.png"
    main.main(["classify", str(photo), "--model", str(clinic["model"]), "--report", str(tmp_path / "plain")])
    main.main(["classify", str(photo), "--model", str(clinic["model"]), "--report", str(tmp_path / "calibrated"),
               "--calibrate", str(clinic["warm"])])
    capsys.readouterr()

    plain = (tmp_path / "plain" / "0.html").read_text(encoding="utf-8")
    calibrated = (tmp_path / "calibrated" / "0.html").read_text(encoding="utf-8")
    assert "<b>Light:</b> as photographed (not calibrated)" in plain
    assert "<b>Light:</b> calibrated from 16 photos (red x0.8" in calibrated
    assert 'class="warn"' not in calibrated
    assert '<span class="reading">coolish</span>' in calibrated and '<span class="reading">warmish</span>' in plain

