"""Our model files open in plain Keras (issue 12): a process that imports only Keras, with no
TongueLens module on its path, loads a resnext-mini trained here and the bundled demo model (a head
per attribute), and gives TongueLens's probabilities to 1e-5."""

import json
import subprocess
import sys

import numpy as np
import pytest

from core import modelfile
from core.predictor import Classifier
from tests.conftest import ROOT
from tests.training_helpers import train_tiny, write_colour_images

# Run with `python -I` (no current folder, no PYTHONPATH, no user site) from a folder outside the repository.
PLAIN_KERAS = r"""
import importlib.util, json, sys
import numpy as np
import keras

ours = ("core", "models", "training", "inspection", "gui", "cli", "tests")


def importable(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # Its package is not there either.
        return False


found = {name: importable(name) for name in ("core.modelfile", "models.grouped_conv")}
batches = np.load(sys.argv[1])
probabilities = {}
for index, path in enumerate(sys.argv[2:]):
    model = keras.saving.load_model(path)  # Safe mode, Keras's default.
    outputs = model.predict(batches[f"batch{index}"], verbose=0)
    heads = outputs if isinstance(outputs, (list, tuple)) else [outputs]  # A head per attribute, or one.
    probabilities[path] = [np.asarray(head).tolist() for head in heads]
print(json.dumps({"probabilities": probabilities, "project_importable": found,
                  "project_modules": sorted(name for name in sys.modules if name.split(".")[0] in ours)}))
"""


@pytest.fixture(scope="module")
def trained_resnext_mini(tmp_path_factory):
    root = tmp_path_factory.mktemp("resnext")
    write_colour_images(root / "data", per_class=12)
    result = train_tiny(root / "data", root / "run", arch="resnext-mini", epochs=1)
    return result.model_path


def _plain_keras_probabilities(tmp_path, models_and_batches):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    np.savez(outside / "batches.npz", **{f"batch{index}": batch for index, (_, batch) in enumerate(models_and_batches)})
    completed = subprocess.run(
        [sys.executable, "-I", "-c", PLAIN_KERAS, "batches.npz"] + [str(path) for path, _ in models_and_batches],
        cwd=outside, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    assert answer["project_importable"] == {"core.modelfile": False, "models.grouped_conv": False}
    assert answer["project_modules"] == []
    return [[np.asarray(head) for head in answer["probabilities"][str(path)]] for path, _ in models_and_batches]


def _batch(loaded, image_paths, seed):
    classifier = Classifier(loaded)
    pictures = [classifier.load_image(path) for path in image_paths]
    noise = np.random.default_rng(seed).uniform(0, 255, (4,) + tuple(loaded.info.input_shape))
    return classifier, np.concatenate([np.asarray(pictures, dtype="float32").reshape((-1,) + noise.shape[1:]),
                                       noise.astype("float32")])


def test_a_trained_resnext_mini_and_the_demo_model_predict_the_same_in_plain_keras(trained_resnext_mini, tmp_path):
    resnext = modelfile.load_model(trained_resnext_mini)
    assert resnext.info.arch == "resnext-mini"
    assert any(type(layer).__name__ == "GroupedConv2D" for layer in resnext.model.layers)  # Ours, once loaded here.
    demo = modelfile.load_model(ROOT / "demo" / "tongue-colour-demo.keras")
    assert len(demo.info.attributes) == 4  # One head per attribute: every head is compared.
    cases, expected = [], []
    for loaded, pictures in ((resnext, []), (demo, sorted((ROOT / "samples").glob("*.jpg")))):
        classifier, batch = _batch(loaded, pictures, seed=len(cases))
        cases.append((loaded.path, batch))
        expected.append(classifier.attribute_probabilities(batch))
    for plain, ours in zip(_plain_keras_probabilities(tmp_path, cases), expected):
        assert len(plain) == len(ours)
        for plain_head, our_head in zip(plain, ours):
            assert plain_head.shape == our_head.shape
            np.testing.assert_allclose(plain_head, our_head, atol=1e-5)
