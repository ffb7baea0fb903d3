"""Training with `--colour`: the layer and the lighting profile travel in the model file; a cast changes nothing."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import lighting, modelfile
from models import colour
from tests.training_helpers import train_tiny
from training import trainer

# Photo-like pictures: a coloured disc (the tongue) on a skin-coloured surround, under varying light.
DISCS = {"red": (200, 80, 85), "yellow": (205, 180, 100)}


def write_disc_photos(root, per_class=16, size=32, seed=0):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[:size, :size] / size
    for name, disc in DISCS.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            image = np.empty((size, size, 3))
            image[:] = (170, 130, 115)
            centre = 0.5 + rng.normal(0, 0.05, 2)
            image[(x - centre[0]) ** 2 + (y - centre[1]) ** 2 < 0.07] = disc
            light = 1 + rng.normal(0, 0.03, 3)
            pixels = np.clip(image * light * rng.uniform(0.85, 1.05) + rng.normal(0, 6, image.shape), 0, 215)
            Image.fromarray(pixels.astype(np.uint8)).save(folder / f"{index:02d}.png")
    return root


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    data = write_disc_photos(tmp_path_factory.mktemp("discs"))
    result = train_tiny(data, tmp_path_factory.mktemp("run") / "run", epochs=4, colour=colour.DEFAULT_MODE)
    return data, result


def test_the_default_mode_is_recorded_in_the_report_and_the_model_file(trained):
    _, result = trained

    loaded = modelfile.load_model(result.model_path)
    run = Path(result.run_dir)
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))

    assert report["colour"] == result.report["colour"] == colour.DEFAULT_MODE
    assert loaded.info.training["colour"] == colour.DEFAULT_MODE
    assert colour.effective_mode(loaded.model, colour.DEFAULT_MODE) == colour.DEFAULT_MODE
    profile = loaded.info.training["lighting"]
    assert profile == report["lighting"] and profile["images"] == report["train_images"]
    assert json.loads((run / "config.json").read_text(encoding="utf-8"))["colour"] == colour.DEFAULT_MODE


def test_the_report_and_the_model_file_give_the_validation_accuracy_under_each_light(trained):
    _, result = trained

    relit = result.report["val_relit_accuracy"]

    assert list(relit) == list(lighting.LIGHT_NAMES)
    # The colour layer divides a gain out: the re-lit validation photos score as photographed.
    assert all(abs(value - result.report["val_accuracy"]) <= 1 / result.report["val_images"] + 1e-9
               for value in relit.values())
    assert modelfile.load_model(result.model_path).info.training["val_relit_accuracy"] == relit


def test_a_colour_cast_copy_gets_the_same_answer_through_the_saved_model(trained):
    from core.predictor import Classifier

    data, result = trained
    classifier = Classifier(modelfile.load_model(result.model_path))
    photos = np.stack([classifier.load_image(path) for path in sorted(data.rglob("*.png"))])
    expected = classifier.probabilities(photos)

    assert colour.parse_mode(colour.DEFAULT_MODE).estimator  # The default puts the layer in the model.
    for light in lighting.LIGHT_NAMES:
        relit = classifier.probabilities(lighting.relight_named(photos, light))
        assert np.abs(relit - expected).max() < 0.02, light
        assert (relit.argmax(axis=1) == expected.argmax(axis=1)).all(), light


def test_the_lighting_check_fires_on_a_strong_cast_and_not_on_the_training_photos(trained):
    from core.predictor import Classifier

    data, result = trained
    loaded = modelfile.load_model(result.model_path)
    profile = loaded.info.training["lighting"]
    classifier = Classifier(loaded)
    photos = [classifier.load_image(path) for path in sorted(data.rglob("*.png"))]

    assert sum(lighting.check_lighting(profile, photo).unusual for photo in photos) <= 1
    for photo in photos[::4]:
        assert lighting.check_lighting(profile, lighting.relight(photo, (1.35, 1.0, 0.7))).unusual
        assert lighting.check_lighting(profile, lighting.relight(photo, exposure=0.45)).unusual


def test_colour_none_trains_todays_model(tmp_path):
    data = write_disc_photos(tmp_path / "discs", per_class=25)

    result = train_tiny(data, tmp_path / "run", epochs=1, colour="none")

    loaded = modelfile.load_model(result.model_path)
    assert colour.colour_layer(loaded.model) is None
    assert [layer.name for layer in loaded.model.layers][:2] == ["input", "rescaling"]
    assert result.report["colour"] == loaded.info.training["colour"] == "none"
    # Without a colour layer the report also says how the re-lit validation photos score once calibrated.
    assert result.report["val_images"] >= 10
    assert list(result.report["val_relit_calibrated_accuracy"]) == list(lighting.LIGHT_NAMES)
    assert loaded.info.training["val_relit_calibrated_accuracy"] == result.report["val_relit_calibrated_accuracy"]


def test_a_model_with_a_colour_layer_reports_no_calibrated_figures(trained):
    _, result = trained
    assert result.report["val_relit_calibrated_accuracy"] == {}


def test_run_folders_from_before_colour_modes_resume_without_one_and_bad_modes_are_refused(tmp_path):
    saved = trainer.TrainConfig("data", epochs=3).to_json()
    del saved["colour"]
    assert trainer.TrainConfig.from_json(saved).colour == "none"
    assert trainer.TrainConfig().colour == colour.DEFAULT_MODE
    with pytest.raises(trainer.TrainingError, match="unknown colour mode 'sepia'"):
        train_tiny(write_disc_photos(tmp_path / "discs", per_class=2), tmp_path / "run", colour="sepia")
    assert not (tmp_path / "run" / "config.json").exists()


def test_the_train_command_takes_colour_and_says_it(tmp_path, capsys):
    import main

    from tests.training_helpers import TINY_ARCH

    data = write_disc_photos(tmp_path / "discs", per_class=5)
    common = ["train", str(data), "--arch", TINY_ARCH, "--size", "32", "--epochs", "1", "--batch", "8"]

    code = main.main(common + ["--colour", "white-patch:97+augment", "--out", str(tmp_path / "run")])
    out = capsys.readouterr().out
    assert code == 0 and "Colour:      white-patch:97+augment" in out
    assert colour.mode_of_model(modelfile.load_model(tmp_path / "run" / "model.keras").model) == "white-patch:97"

    code = main.main(common + ["--color", "sepia", "--out", str(tmp_path / "bad")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "unknown colour mode 'sepia'" in err
