"""`export`: ONNX, LiteRT and SavedModel exports that reproduce `classify`, or are refused (issue 16, part 3)."""

import json
import subprocess
import sys

import keras
import numpy as np
import pytest

import main
from core import export, modelfile
from core.predictor import Classifier
from tests.conftest import ROOT

DEMO = ROOT / "demo" / "tongue-colour-demo.keras"  # One head per attribute: one output each.
SAMPLES = sorted((ROOT / "samples").glob("*.jpg"))
EXPORT_MODULES = ("onnx", "onnxruntime", "tf2onnx", "ai_edge_litert")


def _needs_runtime(format):
    """Skips where the format's runtime has no wheel for this platform (LiteRT falls back to tf.lite)."""
    if format == "onnx":
        pytest.importorskip("onnxruntime", reason="onnxruntime has no wheel for this platform")


def _classify_probabilities(model_path, paths):
    """`classify`'s probabilities of each file, in the model's class order."""
    loaded = modelfile.load_model(model_path)
    results = Classifier(loaded).classify_files(paths, k=len(loaded.info.class_names))
    return np.array([[dict((row["label"], row["probability"]) for row in result["top"])[name]
                      for name in loaded.info.class_names] for result in results])


def _artifact_probabilities(result, paths, model_path):
    """The export's own runtime on the same images as `classify` reads them."""
    classifier = Classifier(modelfile.load_model(model_path))
    batch = np.stack([classifier.load_image(path) for path in paths]).astype("float32")
    (probabilities,), _ = export.RUNNERS[result.format](result.artifact, batch)
    return probabilities


def _assert_reproduces_classify(result, model_path, paths):
    expected = _classify_probabilities(model_path, paths)
    np.testing.assert_allclose(_artifact_probabilities(result, paths, model_path), expected, rtol=0, atol=1e-4)
    assert export.read_labels(result.path) == modelfile.load_model(model_path).info.class_names


@pytest.fixture(scope="module")
def body_colour_model(tmp_path_factory):
    """The demo's network with its body-colour head only: a one-output classifier, as export takes."""
    demo = modelfile.load_model(DEMO)
    head = demo.info.attributes[0]
    model = keras.Model(demo.model.inputs, demo.model.get_layer(head["output"]).output, name="body_colour")
    path = tmp_path_factory.mktemp("body") / "body-colour.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(list(head["classes"]), demo.info.input_shape,
                                                          arch=demo.info.arch))
    return path


def test_the_demo_with_a_head_per_attribute_exports_every_head_named_and_labelled(tmp_path, capsys):
    out = tmp_path / "demo-litert"
    assert main.main(["export", str(DEMO), "--format", "litert", "--out", str(out)]) == 0
    assert ("labels_predictions_body_colour.txt, labels_predictions_coating.txt, labels_predictions_cracks.txt, "
            "labels_predictions_tooth_marks.txt, metadata.json, model.tflite") in capsys.readouterr().out
    demo = modelfile.load_model(DEMO)
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert [output["attribute"] for output in metadata["outputs"]] == [head["name"] for head in demo.info.attributes]
    assert "labels.txt" not in {path.name for path in out.iterdir()}

    # Each output, looked up by the name metadata.json gives it, is its attribute's classify figures.
    classifier = Classifier(demo)
    batch = np.stack([classifier.load_image(path) for path in SAMPLES]).astype("float32")
    outputs, names = export.run_litert(out / "model.tflite", batch)
    by_name = dict(zip(names["outputs"], outputs))
    for output, head, expected in zip(metadata["outputs"], demo.info.attributes,
                                      classifier.attribute_probabilities(batch)):
        np.testing.assert_allclose(by_name[output["name"]], expected, rtol=0, atol=1e-4)
        assert export.read_labels(out, output["attribute"]) == head["classes"] == output["class_names"]
        assert output["shape"] == [None, len(head["classes"])]


def test_runtime_outputs_are_matched_to_heads_by_shape_and_values():
    rng = np.random.default_rng(0)
    heads = [rng.dirichlet(np.ones(4), 6), rng.dirichlet(np.ones(4), 6), rng.dirichlet(np.ones(2), 6)]
    listed = [heads[2], heads[1] + 1e-7, heads[0]]  # A runtime's own order.
    assert export.match_outputs(listed, heads) == [2, 1, 0]
    assert export.match_outputs(listed[:2], heads) is None
    assert export.match_outputs([heads[0], heads[1], heads[1]], heads) is None  # No output of the third's shape.


@pytest.mark.parametrize("format", ["onnx", "savedmodel"])
def test_demo_network_export_reproduces_classify_on_the_samples(format, body_colour_model, tmp_path):
    _needs_runtime(format)
    result = export.export_model(body_colour_model, format, tmp_path / f"demo-{format}")
    assert result.images == len(SAMPLES) + export.NOISE_IMAGES and result.max_difference <= 1e-4
    _assert_reproduces_classify(result, body_colour_model, SAMPLES)
    expected_files = {"onnx": {"model.onnx"}, "savedmodel": {"saved_model.pb", "variables"}}[format]
    assert expected_files | {"labels.txt", "metadata.json"} <= {path.name for path in result.path.iterdir()}


def test_cli_exports_the_demo_network_for_phones_with_labels_and_metadata(body_colour_model, tmp_path, capsys):
    out = tmp_path / "tongue-litert"
    assert main.main(["export", str(body_colour_model), "--format", "litert", "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{out}: litert export of {body_colour_model}") and "checked on 10 images" in line
    assert sorted(path.name for path in out.iterdir()) == ["labels.txt", "metadata.json", "model.tflite"]
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    names = ["淡白舌 pale", "淡红舌 light-red", "紫舌 purple", "红舌 red"]
    assert metadata["class_names"] == names and export.read_labels(out) == names
    assert metadata["input"] == {"name": metadata["input"]["name"], "shape": [None, 64, 64, 3], "height": 64,
                                 "width": 64, "channels": 3, "dtype": "float32", "layout": "NHWC", "color": "RGB"}
    assert metadata["preprocessing"].startswith("raw RGB pixel values 0-255")
    assert metadata["output"]["values"].startswith("probabilities")
    assert metadata["checked"]["max_difference"] <= 1e-4 and metadata["checked"]["runtime"] == "ai-edge-litert"
    result = export.ExportResult(out, "litert", out / "model.tflite", 0, 0.0, metadata)
    _assert_reproduces_classify(result, body_colour_model, SAMPLES)
    # Where ai-edge-litert has no wheel, TensorFlow's own interpreter runs the file the same.
    batch = export.check_images(Classifier(modelfile.load_model(body_colour_model)))
    ours, _ = export.run_litert(out / "model.tflite", batch)
    tensorflows, names = export.run_litert(out / "model.tflite", batch, use_tensorflow=True)
    np.testing.assert_allclose(tensorflows, ours, atol=1e-6)
    assert names["runtime"] == "tf.lite"


@pytest.fixture(scope="module")
def map_model(tmp_path_factory):
    """A small model with Keras's grouped Conv2D ending in a map of logits (as `to-fully-conv` makes)."""
    keras.utils.set_random_seed(5)
    inputs = keras.Input((24, 24, 3), name="input")
    x = keras.layers.Rescaling(1 / 255, name="rescaling")(inputs)
    x = keras.layers.Conv2D(8, 3, strides=2, activation="relu", name="conv1")(x)
    x = keras.layers.Conv2D(8, 3, groups=4, activation="relu", name="grouped")(x)
    x = keras.layers.Conv2D(3, 1, name="scores")(x)  # Logits at every position: no softmax.
    model = keras.Model(inputs, x)
    model.get_layer("scores").kernel.assign(np.random.default_rng(0).normal(0, 2, (1, 1, 8, 3)).astype("float32"))
    path = tmp_path_factory.mktemp("map") / "map.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(class_names=["a", "b", "c"], input_shape=(24, 24, 3)))
    return path


@pytest.mark.parametrize("format", export.FORMATS)
def test_grouped_convolutions_logits_and_score_maps_export_as_classify_sees_them(format, map_model, tmp_path):
    _needs_runtime(format)
    result = export.export_model(map_model, format, tmp_path / format)
    _assert_reproduces_classify(result, map_model, SAMPLES)
    spread = _classify_probabilities(map_model, SAMPLES)
    assert np.ptp(spread) > 0.2  # Probabilities far from alike: the comparison has something to catch.


def test_an_export_that_differs_is_refused_and_leaves_nothing(map_model, tmp_path):
    _needs_runtime("onnx")
    out = tmp_path / "refused"
    with pytest.raises(export.ExportError) as caught:
        export.export_model(map_model, "onnx", out, tolerance=-1.0)  # Any difference at all is too much.
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("export refused: the onnx export's probabilities differ from the model's by up to ")
    assert "on 10 images; nothing was written" in message
    assert list(tmp_path.iterdir()) == []  # Neither the folder nor its staging copy.


def test_destinations_are_checked_and_only_an_earlier_export_is_replaced(map_model, tmp_path, capsys):
    out = tmp_path / "again"
    export.export_model(map_model, "savedmodel", out)
    with pytest.raises(export.ExportError, match="already exists; choose another name or replace the earlier export"):
        export.export_model(map_model, "savedmodel", out)
    assert main.main(["export", str(map_model), "--format", "savedmodel", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().endswith("replace the earlier export (--force)")  # The command's way.
    first = (out / "saved_model.pb").stat().st_mtime_ns
    export.export_model(map_model, "litert", out, overwrite=True)
    assert sorted(path.name for path in out.iterdir()) == ["labels.txt", "metadata.json", "model.tflite"]
    assert not any(path.name.startswith(".") for path in tmp_path.iterdir()) and first
    (tmp_path / "mine").mkdir()
    with pytest.raises(export.ExportError, match="not an earlier export .* left untouched"):
        export.check_destination(tmp_path / "mine", overwrite=True)
    with pytest.raises(export.ExportError, match="an export is a folder"):
        export.check_destination(tmp_path / "model.onnx")
    with pytest.raises(export.ExportError, match="formats are: onnx, litert, savedmodel"):
        export.check_format("coreml")


def _contents(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_force_replaces_only_a_folder_that_is_an_earlier_export_beyond_doubt(map_model, tmp_path, capsys):
    earlier = tmp_path / "earlier"
    export.export_model(map_model, "litert", earlier)
    ours = (earlier / "metadata.json").read_text(encoding="utf-8")
    folders = {"dataset": "{}",  # A dataset's own metadata.json: the commonest name there is.
               "broken": "not json",
               "other_version": ours.replace('"tonguelens_export": 1', '"tonguelens_export": true'),
               "photos_added": ours}
    for name, metadata in folders.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "metadata.json").write_text(metadata, encoding="utf-8")
        (tmp_path / name / "patient_photo.jpg").write_bytes(b"a photo")
    (tmp_path / "photos_added" / "model.tflite").write_bytes((earlier / "model.tflite").read_bytes())
    (earlier / "notes").mkdir()  # An earlier export the user has since added to.
    (earlier / "notes" / "mine.txt").write_text("keep me")
    folders["earlier"] = None
    before = {name: _contents(tmp_path / name) for name in folders}
    for name in ("dataset", "broken", "other_version"):
        with pytest.raises(export.ExportError) as refused:
            export.check_destination(tmp_path / name, overwrite=True)
        assert str(refused.value) == (f"{tmp_path / name}: exists and is not an earlier export (its metadata.json was "
                                      "not written by an export); it is left untouched: choose another name")
    for name, extra in (("photos_added", "patient_photo.jpg"), ("earlier", "notes")):
        assert main.main(["export", str(map_model), "--format", "litert", "--out", str(tmp_path / name),
                          "--force"]) == 2
        assert capsys.readouterr().err.strip() == (
            f"error: {tmp_path / name}: exists and is not an earlier export (it holds '{extra}', which an export does "
            "not write); it is left untouched: choose another name")
    assert {name: _contents(tmp_path / name) for name in folders} == before
    assert not any(path.name.startswith(".") for path in tmp_path.iterdir())


def test_models_the_app_does_not_export_yet_are_refused_with_a_message(tmp_path):
    inputs = keras.Input((8, 8, 3), name="input")
    pooled = keras.layers.GlobalAveragePooling2D()(inputs)
    two = keras.Model(inputs, [keras.layers.Dense(2, activation="softmax")(pooled),
                               keras.layers.Dense(3, activation="softmax")(pooled)])
    info = modelfile.ModelInfo(class_names=["a", "b"], input_shape=(8, 8, 3))
    with pytest.raises(export.ExportError, match="1 inputs and 2 outputs"):
        export.exportable_model(modelfile.LoadedModel(model=two, info=info, path="two.keras"))
    single = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(pooled))
    cropped = tmp_path / "cropped.keras"
    modelfile.save_model(single, cropped, modelfile.ModelInfo(["a", "b"], (8, 8, 3), preprocessing="crop-tongue"))
    with pytest.raises(export.ExportError, match="preprocessing 'crop-tongue' before the network"):
        export.export_model(cropped, "onnx", tmp_path / "out")
    with pytest.raises(export.ExportError, match="not a model file"):
        export.export_model(ROOT / "README.md", "onnx", tmp_path / "out")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cropped.keras"]


@pytest.mark.slow
def test_a_pretrained_backbone_exports_for_phones(tmp_path):
    from models import backbones

    model = backbones.build_backbone_classifier("mobilenetv3small", (32, 32, 3), 3, pretrained=True)
    rng = np.random.default_rng(0)
    for weight in model.weights:  # Weights whose answers differ between images.
        scale = 3.0 if weight.path.startswith("predictions") else 0.05
        offset = 1.0 if weight.path.endswith(("variance", "gamma")) else 0.0
        weight.assign(rng.normal(offset, scale, weight.shape).astype("float32"))
    path = tmp_path / "mobile.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b", "c"], (32, 32, 3), arch="mobilenetv3small"))
    result = export.export_model(path, "litert", tmp_path / "mobile-litert")
    _assert_reproduces_classify(result, path, SAMPLES)
    assert np.ptp(_classify_probabilities(path, SAMPLES)) > 0.2


def test_export_libraries_are_imported_by_export_only():
    script = (
        "import sys, cli, core, models, training, main\n"
        "cli.build_parser()\n"
        "from core import export\n"
        f"main.main(['classify', {str(SAMPLES[0])!r}, '--model', {str(DEMO)!r}])\n"
        f"print(sorted(name for name in sys.modules if name.split('.')[0] in {EXPORT_MODULES!r}))\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                               cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "[]"
