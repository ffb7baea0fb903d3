"""The lighting check for many photos at once: `classify` and `Classifier.classify_files` say which photos'
light is far from the training photos', and calibration takes the warning away.

The model reads absolute colour (`tests.calibration_helpers`), so a photo under another lamp really is
read wrongly: the warning is about a real failure.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import lighting, modelfile
from core.predictor import Classifier
from tests import calibration_helpers

ROOT = Path(__file__).resolve().parents[1]
# A warm lamp and a camera that does not correct it: every photo far from the training light.
STRONG_WARM = (1.3, 1.0, 0.75)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    root = tmp_path_factory.mktemp("clinic")
    found = calibration_helpers.make_clinic(root)
    later = calibration_helpers.class_photos(8, seed=1)
    strong = root / "strong"
    for name, photos in later.items():
        (strong / name).mkdir(parents=True)
        for index, photo in enumerate(photos):
            Image.fromarray(lighting.relight(photo, STRONG_WARM)).save(strong / name / f"{index}.png")
    found["strong"] = strong
    return found


def _files(folder):
    return sorted(str(path) for path in folder.rglob("*.png"))


def test_each_classified_photo_says_how_far_its_light_is_from_the_training_photos(clinic):
    classifier = Classifier(modelfile.load_model(clinic["model"]))

    usual = classifier.classify_files(_files(clinic["plain"]))
    unusual = classifier.classify_files(_files(clinic["strong"]))

    assert all(result["lighting"]["unusual"] is False for result in usual)
    assert all(result["lighting"]["unusual"] is True and result["lighting"]["directions"][0] == "warmer"
               for result in unusual)
    assert min(result["lighting"]["distance"] for result in unusual) > unusual[0]["lighting"]["threshold"]
    # The warning is about a real failure: under the warm lamp every coolish photo reads warmish.
    assert [result["top"][0]["label"] for result in unusual if "coolish" in result["path"]] == ["warmish"] * 8


def test_calibrating_to_the_new_lamp_takes_the_warning_away(clinic):
    from core import calibration

    classifier = Classifier(modelfile.load_model(clinic["model"]))
    classifier.calibration, _ = calibration.calibrate_files(classifier, _files(clinic["strong"]))

    results = classifier.classify_files(_files(clinic["strong"]))

    assert not any(result["lighting"]["unusual"] for result in results)


def test_a_model_without_a_lighting_profile_gives_no_lighting_entry(clinic, tmp_path):
    loaded = modelfile.load_model(clinic["model"])
    bare = tmp_path / "bare.keras"
    modelfile.save_model(loaded.model, bare, modelfile.ModelInfo(loaded.info.class_names, loaded.info.input_shape))

    results = Classifier(modelfile.load_model(bare)).classify_files(_files(clinic["strong"]))

    assert results and not any("lighting" in result for result in results)


def _classify(*arguments):
    return _classify_or_evaluate("classify", *arguments)


def _classify_or_evaluate(command, *arguments):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), command, *map(str, arguments)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_classify_notes_each_unusual_photo_then_how_many_and_what_to_do(clinic, tmp_path):
    table = tmp_path / "results.csv"

    done = _classify(clinic["strong"], "--model", clinic["model"], "--csv", table)

    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "lighting" in line]
    assert len(notes) == 17
    assert notes[0].endswith("its lighting differs from the training photos' (warmer); "
                             "the colour reading may be unreliable")
    assert notes[-1].startswith("note: the lighting of 16 of 16 classified photos differs from the training "
                                "photos'; if they were taken under another lamp, calibrate the light from them: "
                                "--calibrate FOLDER")
    with open(table, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["lighting"] for row in rows] == ["differs: warmer"] * 16

    usual = _classify(clinic["plain"], "--model", clinic["model"], "--json")
    assert usual.returncode == 0 and "lighting" not in usual.stderr
    assert [result["lighting"]["unusual"] for result in json.loads(usual.stdout)] == [False] * 16


def test_classify_calibrated_to_the_lamp_gives_no_lighting_notes(clinic):
    done = _classify(clinic["strong"], "--model", clinic["model"], "--calibrate", clinic["strong"])

    assert done.returncode == 0, done.stderr
    assert "lighting" not in done.stderr
    readings = dict(line.rsplit(": ", 1) for line in done.stdout.splitlines())
    assert sum(path.split("/")[-2] == reading.split(" ")[0] for path, reading in readings.items()) >= 15


def test_evaluate_says_how_many_photos_have_unusual_light(clinic):
    from training.evaluate import evaluate

    loaded = modelfile.load_model(clinic["model"])

    under_the_new_lamp = evaluate(loaded, clinic["strong"])
    as_trained = evaluate(loaded, clinic["plain"])

    assert under_the_new_lamp["lighting_unusual"] == 16 and as_trained["lighting_unusual"] == 0
    assert [str(warning) for warning in under_the_new_lamp["warnings"] if "lighting" in str(warning)] == [
        f"{clinic['strong']}: the lighting of 16 of 16 photos differs from the training photos'; if they were "
        f"taken under another lamp, calibrate the light from them"]
    assert not any("lighting" in str(warning) for warning in as_trained["warnings"])
    # The warning comes with the failure it warns of; calibrated from the photos themselves, both go.
    assert under_the_new_lamp["accuracy"] == 0.5 and as_trained["accuracy"] == 1.0
    calibrated = evaluate(loaded, clinic["strong"], calibrate=True)
    assert calibrated["lighting_unusual"] == 0 and calibrated["accuracy"] >= 15 / 16


def test_the_photo_report_warns_when_the_photo_s_light_is_unusual(clinic, tmp_path):
    strong = _files(clinic["strong"])[0]
    usual = _files(clinic["plain"])[0]

    done = _classify(strong, usual, "--model", clinic["model"], "--report", tmp_path / "reports")

    assert done.returncode == 0, done.stderr
    warned = (tmp_path / "reports" / "0.html").read_text(encoding="utf-8")
    assert ('<p class="warn">This photo&#x27;s lighting differs from the training photos&#x27;: it is warmer (more '
            'red, less blue). The colour reading may be unreliable.</p>') in warned
    reports = sorted((tmp_path / "reports").glob("*.html"))
    assert len(reports) == 2 and 'class="warn"' not in reports[1].read_text(encoding="utf-8")


def test_the_relit_table_counts_the_photos_the_check_warns_about_under_each_light(clinic):
    from training import robustness

    loaded = modelfile.load_model(clinic["model"])

    rows = robustness.robustness_rows(robustness.evaluate_relit(loaded, clinic["plain"], ["warm", "dim"]))
    calibrated = robustness.robustness_rows(
        robustness.evaluate_relit(loaded, clinic["plain"], ["warm", "dim"], calibrate=True))

    profile = loaded.info.training["lighting"]
    photos = [np.asarray(Image.open(path)) for path in _files(clinic["plain"])]

    def warned_by_hand(light):
        return sum(lighting.check_lighting(profile, lighting.relight_named(photo, light)).unusual for photo in photos)

    assert [row["light"] for row in rows] == ["as photographed", "warm", "dim"]
    assert [row["warned"] for row in rows] == [0, warned_by_hand("warm"), warned_by_hand("dim")]
    assert rows[1]["warned"] >= 8 and rows[1]["accuracy"] == 0.5  # The warm lamp: the warmish half at least.
    assert [row["warned"] for row in calibrated] == [0, 0, 0]

    done = _classify_or_evaluate("evaluate", clinic["plain"], "--model", clinic["model"], "--relight", "warm")
    assert done.returncode == 0, done.stderr
    assert "accuracy  correct  warned   change" in done.stdout
    assert f"{rows[1]['warned']:>3d}/16 " in done.stdout.split("warm", 1)[1]


def test_inspect_notes_a_photo_of_unusual_light_and_reports_it_in_json(clinic, tmp_path):
    strong = _files(clinic["strong"])[-1]

    done = _classify_or_evaluate("inspect", strong, "--model", clinic["model"], "--out", tmp_path / "look", "--json")
    usual = _classify_or_evaluate("inspect", _files(clinic["plain"])[-1], "--model", clinic["model"],
                                  "--out", tmp_path / "usual", "--json")

    assert done.returncode == 0 and usual.returncode == 0, done.stderr + usual.stderr
    assert json.loads(done.stdout)["lighting"]["unusual"] is True
    assert f"note: {strong}: its lighting differs from the training photos' (warmer)" in done.stderr
    assert json.loads(usual.stdout)["lighting"]["unusual"] is False and "lighting" not in usual.stderr
