"""The bundled demo model: four attributes of a tongue, on the bundled samples and on fresh synthetic images."""

import json
from pathlib import Path

import pytest

import synthetic
from core import modelfile
from core.predictor import Classifier
from synthetic import attributes as synthetic_attributes
from synthetic.samples import _SAMPLE_SPECS
from tests.conftest import ROOT
from training.attribute_evaluate import evaluate_table

DEMO = ROOT / "demo"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def demo_model():
    from gui.config import DEMO_MODEL_NAME  # The file the app opens (demo/ also holds the tongue segmenter).

    return modelfile.load_model(DEMO / DEMO_MODEL_NAME)


def test_demo_model_is_small_says_it_is_synthetic_and_names_four_attributes(demo_model):
    assert Path(demo_model.path).stat().st_size < 2.5 * 1024 * 1024
    assert "synthetic" in demo_model.info.training.get("data", "").lower()
    attributes = demo_model.info.attributes
    assert [entry["name"] for entry in attributes] == list(synthetic_attributes.COLUMNS)
    assert attributes[0]["classes"] == sorted(synthetic.CLASS_SETS["color"])
    assert attributes[1]["classes"] == sorted(synthetic_attributes.COATING_CLASSES.values())
    assert demo_model.info.class_names == attributes[0]["classes"]  # A one-label reader reads the body colour.


def test_demo_model_reads_every_attribute_of_the_bundled_samples(demo_model):
    classifier = Classifier(demo_model)
    wrong = []
    for stem, body, coating, cracks, tooth_marks, _ in _SAMPLE_SPECS:
        expected = synthetic_attributes.cells({"body": body, "coating": coating, "cracks": cracks,
                                               "tooth_marks": tooth_marks})
        result = classifier.classify_image(SAMPLES / f"{stem}.jpg", k=1)
        for name, value in zip(synthetic_attributes.COLUMNS, expected):
            found = result["attributes"][name]["top"][0]["label"]
            if found != value:
                wrong.append(f"{stem} {name}: {found}, drawn {value}")
    assert wrong == []


def test_heldout_accuracy_per_attribute_on_fresh_images_matches_what_readme_states(demo_model, tmp_path):
    stated = json.loads((DEMO / "heldout.json").read_text(encoding="utf-8"))["heldout_accuracy"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, accuracy in stated.items():
        assert f"{accuracy:.1%}" in readme, f"README states the demo's held-out accuracy for {name}"

    # Another seed than training (0) and than the stated measurement (1), blank cells included.
    synthetic.generate_attribute_table(tmp_path / "fresh", per_class=25, size=96, seed=7, blank=0.1)
    result = evaluate_table(demo_model, tmp_path / "fresh" / "images", tmp_path / "fresh" / "labels.csv")
    assert list(result["attributes"]) == list(stated)
    for name, scores in result["attributes"].items():
        assert 80 <= scores["n"] + scores["blank"] == 100
        assert scores["accuracy"] >= stated[name] - 0.08, name


def test_demo_model_keeps_a_lighting_profile_so_the_app_can_check_and_calibrate_the_light(demo_model, tmp_path):
    import numpy as np

    from core import calibration, lighting

    profile = calibration.training_light(demo_model.info)
    assert profile["images"] == 1200 and "drawn again" in profile["measured"]
    synthetic.generate_attribute_table(tmp_path / "fresh", per_class=5, size=96, seed=7)
    classifier = Classifier(demo_model)
    photos = np.stack([classifier.load_image(path) for path in sorted((tmp_path / "fresh" / "images").iterdir())])

    as_drawn = calibration.calibrate(profile, photos).gains
    warm = calibration.calibrate(profile, lighting.relight_named(photos, "warm")).gains

    # The same pictures under a warm lamp: the gains take the lamp out, whatever these 20 pictures' own mix.
    assert [after / before for after, before in zip(warm, as_drawn)] == pytest.approx([1 / 1.15, 1, 1 / 0.85], rel=0.02)
