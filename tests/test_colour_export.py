"""Exports carry the colour correction: an ONNX, LiteRT or SavedModel export of a model with a
colour-constancy layer answers like `classify`, under any light (issue 13: every path applies it)."""

import numpy as np
import pytest

import models
from core import export, lighting, modelfile
from core.predictor import Classifier
from models import colour

pytestmark = pytest.mark.slow


def _photos(count=6, size=32, seed=0):
    from synthetic.drawing import draw_tongue

    bodies = ("pale", "light-red", "red", "purple")
    return np.stack([np.asarray(draw_tongue(np.random.default_rng(seed + index), size, bodies[index % 4]))
                     for index in range(count)])


# The default (the registered layer's power and pixel sums) in every format; white-patch's top_k once.
@pytest.mark.parametrize("mode, format", [(colour.DEFAULT_MODE, format) for format in export.FORMATS] +
                         [("white-patch", "onnx")])
def test_an_export_of_a_colour_corrected_model_reproduces_classify_under_every_light(mode, format, tmp_path):
    if format == "onnx":
        pytest.importorskip("onnxruntime", reason="onnxruntime has no wheel for this platform")
    model = colour.with_colour_constancy(models.build_model("vgg-mini", (32, 32, 3), 3), mode)
    path = tmp_path / "colour.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b", "c"], (32, 32, 3), arch="vgg-mini"))

    result = export.export_model(path, format, tmp_path / format)

    classifier = Classifier(modelfile.load_model(path))
    photos = _photos()
    for light in (None,) + lighting.LIGHT_NAMES:
        batch = photos if light is None else lighting.relight_named(photos, light)
        (exported,), _ = export.RUNNERS[format](result.artifact, batch.astype("float32"))
        np.testing.assert_allclose(exported, classifier.probabilities(batch), rtol=0, atol=1e-4)
