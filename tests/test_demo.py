"""The bundled demo model: it classifies the bundled samples and fresh synthetic images (issue 6)."""

import json
import re
from pathlib import Path

import pytest

import synthetic
from core import modelfile
from core.predictor import Classifier
from tests.conftest import ROOT
from training import evaluate

DEMO = ROOT / "demo"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def demo_model():
    models = sorted(DEMO.glob("*.keras"))
    assert len(models) == 1, "demo/ holds exactly one model"
    return modelfile.load_model(models[0])


def test_demo_model_is_small_and_says_it_is_synthetic(demo_model):
    assert Path(demo_model.path).stat().st_size < 5 * 1024 * 1024
    assert "synthetic" in demo_model.info.training.get("data", "").lower()
    assert demo_model.info.class_names == synthetic.CLASS_SETS["color"] or \
        sorted(demo_model.info.class_names) == sorted(synthetic.CLASS_SETS["color"])


def test_demo_model_classifies_every_bundled_sample_correctly(demo_model):
    classifier = Classifier(demo_model)
    samples = sorted(SAMPLES.glob("*.jpg"))
    assert len(samples) >= 6
    for sample in samples:
        body = re.sub(r"_\d+$", "", sample.stem)  # pale_01 -> pale, light-red_02 -> light-red
        expected = next(name for name in demo_model.info.class_names if name.split()[-1] == body)
        top = classifier.classify_image(sample, k=1)["top"][0]
        assert top["label"] == expected, f"{sample.name}: {top}"


def test_heldout_accuracy_on_fresh_synthetic_images_matches_what_readme_states(demo_model, tmp_path):
    stated = json.loads((DEMO / "heldout.json").read_text(encoding="utf-8"))["heldout_accuracy"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{stated:.1%}" in readme, "README states the demo's held-out accuracy"

    # Another seed than training (0) and than the stated measurement (1).
    synthetic.generate_dataset(tmp_path / "fresh", per_class=25, size=96, seed=7)
    result = evaluate.evaluate(demo_model, tmp_path / "fresh")
    assert result["n"] == 100
    assert result["accuracy"] >= min(stated, 1.0) - 0.06
