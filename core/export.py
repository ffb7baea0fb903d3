"""Exports a model file for phones (LiteRT), servers (SavedModel) and other runtimes (ONNX), checked.

An export is a new folder holding the artifact, `labels.txt` (class names in output order,
one per line; a model with one head per attribute has one output and one `labels_<head>.txt` per
attribute, named by its Keras output layer) and `metadata.json` (input size and channels, preprocessing, each output with its
runtime name, attribute, class names and labels file, and how the export was checked):

- onnx: `model.onnx` (run with onnxruntime);
- litert: `model.tflite` (the LiteRT interpreter, on Android or in Python);
- savedmodel: the folder itself is a TensorFlow SavedModel (`saved_model.pb`, `variables/`),
  signature `serving_default`, ready for TensorFlow Serving as a version folder.

Every export is written by Keras's own `model.export`, then checked before it is kept: the
artifact is run in its own runtime on the bundled sample images (resized as `classify` does)
and must give `classify`'s probabilities within 1e-4, else it is refused and nothing is left
at the destination (it is written beside it and renamed into place only once checked).

The exported model takes raw 0-255 RGB pixels (float32, NHWC) and gives probabilities: a model
ending in logits gets a Softmax, and a fully-convolutional model (`to-fully-conv`) the mean over
its map, exactly as `classify` computes them; a runtime may list several outputs in its own
order, so each is matched to its head by shape and values (`match_outputs`). Models with other
outputs or preprocessing are refused with a message. The export libraries (tf2onnx, onnx, onnxruntime, ai-edge-litert) are
imported here only, inside the functions that need them.

    result = export_model("demo/tongue-colour-demo.keras", "litert", "exports/tongue-litert")
"""

import dataclasses
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from core import atomic, images, tfruntime
from core.messages import Message, at_path, verbatim
from core.safetext import quoted

FORMATS = ("onnx", "litert", "savedmodel")
ARTIFACTS = {"onnx": "model.onnx", "litert": "model.tflite", "savedmodel": "saved_model.pb"}
KERAS_FORMATS = {"onnx": "onnx", "litert": "litert", "savedmodel": "tf_saved_model"}
LABELS_FILE = "labels.txt"
METADATA_FILE = "metadata.json"
METADATA_VERSION = 1
# Largest difference in any probability allowed between the export and `classify`.
TOLERANCE = 1e-4
SAMPLES_FOLDER = Path(__file__).resolve().parents[1] / "samples"
# Random-pixel images added to the samples, for values the samples do not reach.
NOISE_IMAGES = 2
PREPROCESSING_TEXT = ("raw RGB pixel values 0-255 as float32, NHWC, resized to the input size (bilinear); "
                      "no scaling or mean subtraction: the model does it")


class ExportError(ValueError):
    """An export that was refused or failed; `str(error)` is one line.

    Args:
        message: a `core.messages.Message` (a plain str is shown as written, `verbatim`).

    Attributes:
        message: the `Message`, which the app shows in its language (`str(error)` is its English text).
    """

    def __init__(self, message):
        self.message = message if isinstance(message, Message) else verbatim(message)
        super().__init__(self.message)


@dataclasses.dataclass
class ExportResult:
    """What `export_model` wrote.

    Attributes:
        path: the export folder.
        format: "onnx", "litert" or "savedmodel".
        artifact: the file a runtime opens (for a SavedModel, the folder itself).
        images: how many images the check ran.
        max_difference: the largest probability difference against the `.keras` model.
        metadata: what `metadata.json` holds.
    """

    path: Path
    format: str
    artifact: Path
    images: int
    max_difference: float
    metadata: dict


def export_model(model_path, format, out_path, image_paths=None, overwrite=False, tolerance=TOLERANCE,
                 on_stage=None):
    """Exports the model file `model_path` as `format` into the new folder `out_path`, checked.

    Args:
        model_path: a `.keras` model file (loaded in safe mode).
        format: one of `FORMATS`.
        out_path: the folder to create; it must not exist, unless `overwrite` and it is an
            earlier export (a folder with our `metadata.json` and only what an export writes).
        image_paths: the images to check with; default the bundled samples. Two random-pixel
            images are always added.
        overwrite: replace an earlier export at `out_path`.
        tolerance: the largest probability difference accepted.
        on_stage: optional callable(text) told what is being done ("exporting", "checking"), a
            `core.messages.Message` (its English text, or `gui.core_text.localize` for the app).

    Returns:
        An `ExportResult`.

    Raises:
        ExportError: a bad format or destination, a model that cannot be exported, a failed
            conversion, or an export whose probabilities differ (one line, with the difference).
    """
    from core import modelfile, predictor, segmenter

    format = check_format(format)
    out = check_destination(out_path, overwrite)
    try:
        loaded = modelfile.load_model(model_path)
    except modelfile.ModelFileError as error:
        raise ExportError(getattr(error, "message", None) or verbatim(_one_line(error))) from None
    try:
        segmenter.refuse_as_classifier(loaded)
    except segmenter.SegmenterError as error:
        raise ExportError(error.message) from None
    model = exportable_model(loaded)
    classifier = predictor.Classifier(loaded)
    batch = check_images(classifier, image_paths)
    expected = classifier.attribute_probabilities(batch)  # One array per head.
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        _tell(on_stage, Message("export.writing", model=Path(model_path).name, format=format))
        artifact = _write_artifact(model, format, staging)
        _tell(on_stage, Message("export.checking", format=format, count=len(batch)))
        with tfruntime.quiet_stderr():  # "Created TensorFlow Lite XNNPACK delegate for CPU."
            outputs, names = RUNNERS[format](artifact, batch)
        order = match_outputs(outputs, expected)
        if order is None:
            raise ExportError(Message("export.other_shape", format=format, shape=_shapes(outputs),
                                      expected=_shapes(expected)))
        difference = max(float(np.max(np.abs(outputs[index] - wanted))) for index, wanted in zip(order, expected))
        if not difference <= tolerance:
            raise ExportError(Message("export.differs", format=format, difference=f"{difference:.3g}",
                                      tolerance=f"{tolerance:g}", count=len(batch)))
        names["outputs"] = [names["outputs"][index] for index in order]  # In the heads' order.
        metadata = _metadata(loaded, format, model_path, names, len(batch), difference, tolerance)
        _write_sidecars(staging, metadata)
        _move_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    artifact = out if format == "savedmodel" else out / ARTIFACTS[format]
    return ExportResult(path=out, format=format, artifact=artifact, images=len(batch), max_difference=difference,
                        metadata=metadata)


def check_format(format):
    """Returns `format` lower-cased; raises ExportError unless it is one of `FORMATS`."""
    value = str(format).strip().lower()
    if value not in FORMATS:
        raise ExportError(Message("export.unknown_format", format=repr(format), formats=", ".join(FORMATS)))
    return value


def check_destination(out_path, overwrite=False):
    """Returns `out_path` as a `Path` if an export may be written there.

    Raises:
        ExportError: it exists (without `overwrite`, or it is not an earlier export: no
            `metadata.json`, one export did not write, or a file an export does not write), or
            its name is a file name (`x.onnx`): an export is a folder.
    """
    out = Path(out_path)
    if out.suffix.lower() in (".onnx", ".tflite", ".keras", ".json", ".txt", ".pb"):
        raise ExportError(at_path(out, Message("export.file_name", suffix=out.suffix,
                                               example=str(out.with_suffix("")))))
    if out.exists() or out.is_symlink():
        if not overwrite:
            raise ExportError(at_path(out, Message("export.exists")))
        if not (out.is_dir() and not out.is_symlink() and (out / METADATA_FILE).is_file()):
            raise ExportError(at_path(out, Message("export.not_an_export", file=METADATA_FILE)))
        problem = _not_an_earlier_export(out)
        if problem is not None:
            raise ExportError(at_path(out, problem))
    return out


# What an export writes besides metadata.json and its labels files: the artifact (a SavedModel's
# files and folders, as Keras's `model.export` writes them).
_EXPORT_NAMES = {"onnx": {"model.onnx"}, "litert": {"model.tflite"},
                 "savedmodel": {"saved_model.pb", "fingerprint.pb", "variables", "assets", "assets.extra"}}
_LABELS_NAME = re.compile(r"labels(_[^/\\]+)?\.txt")


def _not_an_earlier_export(out):
    """Why the folder `out` is not an earlier export (a `Message`), or None when it is one.

    Replacing an export deletes the folder, so it must be ours beyond doubt: a `metadata.json`
    that export wrote (a dataset's own metadata.json is common) and nothing an export does not write.
    """
    try:
        metadata = json.loads((out / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        metadata = None
    if not _is_our_metadata(metadata):
        return Message("export.foreign_metadata", file=METADATA_FILE)
    labels = {head.get("labels") for head in metadata.get("outputs") or [] if isinstance(head, dict)}
    allowed = {METADATA_FILE, LABELS_FILE} | _EXPORT_NAMES[metadata["format"]]
    allowed |= {name for name in labels if isinstance(name, str) and _LABELS_NAME.fullmatch(name)}
    try:
        other = sorted(entry.name for entry in out.iterdir() if entry.name not in allowed)
    except OSError as error:
        return verbatim(_one_line(error))
    if other:
        return Message("export.other_files", name=quoted(other[0]))
    return None


def _is_our_metadata(metadata):
    """Whether `metadata` is what `_metadata` writes: our version mark, a format and its artifact."""
    if not isinstance(metadata, dict) or metadata.get("format") not in FORMATS:
        return False
    version = metadata.get("tonguelens_export")
    artifact = "." if metadata["format"] == "savedmodel" else ARTIFACTS[metadata["format"]]
    return type(version) is int and version == METADATA_VERSION and metadata.get("artifact") == artifact


def exportable_model(loaded):
    """The Keras model to export: `loaded.model`, each output given probabilities and float32 if needed.

    A model with one head per attribute (`ModelInfo.attributes`) keeps one output per attribute,
    in the attributes' order.

    Raises:
        ExportError: the model needs something an export cannot carry (a preprocessing step
            outside the network, a crop to the tongue, several outputs that are not one head per
            attribute, an output that is not class scores).
    """
    import keras

    from core import modelfile, predictor

    model, info = loaded.model, loaded.info
    name = loaded.name
    if info.preprocessing != modelfile.PREPROCESSING_NONE:
        raise ExportError(at_path(name, Message("export.preprocessing", preprocessing=repr(info.preprocessing))))
    if info.crop is not None:
        raise ExportError(at_path(name, Message("export.crop")))
    heads = len(info.attributes) if info.attributes else 1
    if len(model.inputs) != 1 or len(model.outputs) != heads:
        raise ExportError(at_path(name, Message("export.inputs_outputs", inputs=len(model.inputs),
                                                outputs=len(model.outputs))))
    for output in model.outputs:
        if len(output.shape) not in (2, 4):
            raise ExportError(at_path(name, Message("export.not_scores", shape=str(tuple(output.shape)[1:]))))
    model = _in_float32(model)
    if heads == 1:
        softmaxed = [predictor.ends_in_softmax(model)]
    else:
        softmaxed = predictor.output_is_probability(model)
    if all(softmaxed) and all(len(output.shape) == 2 for output in model.outputs):
        return model
    outputs = [_as_probabilities(output, is_probability, "" if heads == 1 else f"_{index + 1}")
               for index, (output, is_probability) in enumerate(zip(model.outputs, softmaxed))]
    return keras.Model(model.inputs, outputs[0] if heads == 1 else outputs, name=model.name)


def _as_probabilities(output, is_probability, suffix):
    """One output as probabilities per class, as `classify` computes them."""
    import keras

    if not is_probability:
        output = keras.layers.Softmax(name=f"probabilities{suffix}")(output)
    if len(output.shape) == 4:  # A map of class scores: the mean over its positions, as `classify` gives.
        output = keras.layers.GlobalAveragePooling2D(name=f"mean_over_positions{suffix}")(output)
    return output


def check_images(classifier, image_paths=None):
    """The batch the export is checked on: sample images at the model's size, plus noise.

    Raises:
        ExportError: an image given cannot be read.
    """
    if image_paths is None:
        image_paths = sorted(path for path in SAMPLES_FOLDER.glob("*") if images.is_image_name(path))
    arrays = []
    for path in image_paths:
        try:
            arrays.append(classifier.load_image(path))
        except images.ImageError as error:
            raise ExportError(Message("export.image_unreadable", error=error.message)) from None
    height, width, channels = classifier.info.input_shape
    rng = np.random.default_rng(0)
    arrays.extend(rng.integers(0, 256, (height, width, channels), dtype=np.uint8) for _ in range(NOISE_IMAGES))
    return np.stack(arrays).astype(np.float32)


def read_labels(folder, attribute=None):
    """The class names of an export, from its `labels.txt` (or, for `attribute` of a model with one head
    per attribute, from that head's labels file, named in `metadata.json`)."""
    folder = Path(folder)
    name = LABELS_FILE
    if attribute is not None:
        metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
        name = next(output["labels"] for output in metadata["outputs"] if output["attribute"] == attribute)
    return (folder / name).read_text(encoding="utf-8").splitlines()


def match_outputs(outputs, expected):
    """Which runtime output is which head: for each expected array, the index of its output, or None.

    A runtime may list a model's outputs in its own order (LiteRT, SavedModel signatures), so
    each head takes the output of its shape closest to what Keras computed (heads of one shape
    give different probabilities on the check images).
    """
    if len(outputs) != len(expected):
        return None
    free = set(range(len(outputs)))
    order = []
    for wanted in expected:
        candidates = [index for index in sorted(free) if np.shape(outputs[index]) == np.shape(wanted)]
        if not candidates:
            return None
        best = min(candidates, key=lambda index: float(np.max(np.abs(outputs[index] - wanted))))
        order.append(best)
        free.remove(best)
    return order


def _shapes(arrays):
    return ", ".join(str(np.shape(array)) for array in arrays)


# --- Writing the artifact ----------------------------------------------------------------


def _write_artifact(model, format, folder):
    """Writes the artifact with Keras's `model.export`; returns the path a runtime opens."""
    import tensorflow as tf

    model = _without_xla_grouped_convolutions(model)
    target = folder if format == "savedmodel" else folder / ARTIFACTS[format]
    # Given, not guessed by Keras: a cloned model has never been called, which Keras requires then.
    signature = [tf.TensorSpec((None,) + tuple(model.inputs[0].shape[1:]), tf.float32, name=_input_name(model))]
    try:
        with warnings.catch_warnings(), _quiet_loggers("tf2onnx", "absl", "tensorflow"), tfruntime.quiet_stderr():
            # The converters log every step, from Python and from C++; their errors are raised.
            warnings.simplefilter("ignore")
            model.export(str(target), format=KERAS_FORMATS[format], verbose=False, input_signature=signature)
    except ImportError as error:
        raise ExportError(Message("export.needs_package", format=format, package=str(error.name or error),
                                  command="pip install -r requirements.txt")) from None
    except Exception as error:  # Converters raise many types; each becomes one line.
        raise ExportError(Message("export.converter_failed", format=format, model=model.name,
                                  detail=_one_line(error)[:300])) from None
    return target


def _input_name(model):
    import keras

    first = model.layers[0] if model.layers else None
    return first.name if isinstance(first, keras.layers.InputLayer) else "input"


def _without_xla_grouped_convolutions(model):
    """A copy whose grouped `Conv2D` layers are our `GroupedConv2D` (same weights and outputs).

    Keras's TensorFlow backend runs a grouped convolution on CPU as a separately compiled XLA
    function, which tf2onnx cannot convert (ConvNeXt's depthwise convolutions, ResNeXt); ours
    is TensorFlow's plain grouped convolution, which every converter reads.
    """
    import keras

    from models.layers import GroupedConv2D

    def grouped(layer):
        return type(layer) is keras.layers.Conv2D and layer.groups > 1

    if not any(grouped(layer) for layer in _all_layers(model)):
        return model

    def clone(layer):
        if grouped(layer):
            return GroupedConv2D.from_config(layer.get_config())
        return layer.__class__.from_config(layer.get_config())

    copy = keras.models.clone_model(model, clone_function=clone, recursive=True)
    copy.set_weights(model.get_weights())
    return copy


def _in_float32(model):
    from training import precision

    if precision.policy_name(model) == precision.FLOAT32:
        return model
    return precision.with_policy(model, precision.FLOAT32)  # ONNX and LiteRT export float32 models.


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _all_layers(layer)


class _quiet_loggers:  # noqa: N801  Used as a `with` statement.
    """Raises the named Python loggers to ERROR for the block (converters log every step)."""

    def __init__(self, *names):
        self.loggers = [logging.getLogger(name) for name in names]
        self.levels = []

    def __enter__(self):
        self.levels = [logger.level for logger in self.loggers]
        for logger in self.loggers:
            logger.setLevel(logging.ERROR)
        return self

    def __exit__(self, *exception):
        for logger, level in zip(self.loggers, self.levels):
            logger.setLevel(level)
        return False


# --- Running the artifact in its own runtime ---------------------------------------------


def run_onnx(path, batch):
    """Probabilities of `batch` from an ONNX file, with onnxruntime; returns ([array per output], names)."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    outputs = session.run(None, {input_name: batch})
    return [np.asarray(output) for output in outputs], {
        "input": input_name, "outputs": [output.name for output in session.get_outputs()],
        "runtime": f"onnxruntime {onnxruntime.__version__}"}


def run_litert(path, batch, use_tensorflow=False):
    """Probabilities of `batch` from a `.tflite` file, with the LiteRT interpreter; ([array per output], names).

    ai-edge-litert has no wheel for some platforms (Linux on ARM, Intel Macs): there, and with
    `use_tensorflow`, TensorFlow's own copy of the interpreter runs it (deprecated, still in 2.21).
    """
    interpreter_class, runtime = _litert_interpreter(use_tensorflow)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tf.lite.Interpreter's deprecation notice.
        interpreter = interpreter_class(model_path=str(path))
    source = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(source["index"], list(batch.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(source["index"], batch)
    interpreter.invoke()
    targets = interpreter.get_output_details()
    return [np.array(interpreter.get_tensor(target["index"])) for target in targets], {
        "input": source["name"], "outputs": [target["name"] for target in targets], "runtime": runtime}


def _litert_interpreter(use_tensorflow):
    if not use_tensorflow:
        try:
            from ai_edge_litert.interpreter import Interpreter

            return Interpreter, "ai-edge-litert"
        except ImportError:
            pass
    import tensorflow as tf

    return tf.lite.Interpreter, "tf.lite"


def run_savedmodel(path, batch):
    """Probabilities of `batch` from a SavedModel's `serving_default` signature; ([array per output], names)."""
    import tensorflow as tf

    signature = tf.saved_model.load(str(path)).signatures["serving_default"]
    (input_name,) = signature.structured_input_signature[1]
    outputs = signature(**{input_name: tf.constant(batch)})
    names = sorted(outputs)  # "output_0", "output_1", ...: the model's order.
    return [outputs[name].numpy() for name in names], {"signature": "serving_default", "input": input_name,
                                                       "outputs": names, "runtime": f"tensorflow {tf.__version__}"}


RUNNERS = {"onnx": run_onnx, "litert": run_litert, "savedmodel": run_savedmodel}


# --- Labels, metadata and the final rename -----------------------------------------------


def _metadata(loaded, format, model_path, names, image_count, difference, tolerance):
    from core import calibration

    height, width, channels = loaded.info.input_shape
    carried = calibration.carried(loaded)
    return {
        "tonguelens_export": METADATA_VERSION,
        "format": format,
        "artifact": "." if format == "savedmodel" else ARTIFACTS[format],
        "source_model": Path(model_path).name,
        "arch": loaded.info.arch,
        "input": {"name": names.get("input"), "shape": [None, height, width, channels], "height": height,
                  "width": width, "channels": channels, "dtype": "float32", "layout": "NHWC",
                  "color": "RGB" if channels == 3 else "grey"},
        "preprocessing": PREPROCESSING_TEXT,
        # A light calibration inside the network: photos go in as taken under its lamp.
        **({"light_calibration": {**carried.to_json(), "applied": "inside the model"}} if carried else {}),
        **_outputs_metadata(loaded.info, names["outputs"]),
        **({"signature": names["signature"]} if "signature" in names else {}),
        "checked": {"images": image_count, "max_difference": difference, "tolerance": tolerance,
                    "runtime": names.get("runtime")},
    }


def _outputs_metadata(info, output_names):
    """What each output is (`outputs`: its runtime name, attribute, classes and labels file) and, for a
    one-output model, `output`, `class_names` and `labels` as well."""
    values = "probabilities (softmax), one per class, in the order of {labels}"
    heads = info.attributes or [{"name": None, "classes": list(info.class_names)}]
    outputs = []
    for head, name in zip(heads, output_names):
        labels = LABELS_FILE if len(heads) == 1 else f"labels_{head['output']}.txt"  # The head's Keras layer.
        outputs.append({"attribute": head["name"], "name": name, "shape": [None, len(head["classes"])],
                        "values": values.format(labels=labels), "class_names": list(head["classes"]),
                        "labels": labels})
    if len(outputs) > 1:
        return {"outputs": outputs}
    (only,) = outputs
    return {"output": {key: only[key] for key in ("name", "shape", "values")}, "class_names": only["class_names"],
            "labels": LABELS_FILE, "outputs": outputs}


def _write_sidecars(folder, metadata):
    """labels.txt (or one labels file per head) and metadata.json."""
    for head in metadata["outputs"]:
        atomic.write_text(folder / head["labels"], "".join(f"{name}\n" for name in head["class_names"]))
    atomic.write_text(folder / METADATA_FILE, json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")


def _move_into_place(staging, out):
    """Renames the checked folder to `out`; an earlier export there is replaced only now."""
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; an export is shared.
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask():
    value = os.umask(0)
    os.umask(value)
    return value


def _tell(on_stage, text):
    if on_stage:
        on_stage(text)


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__
