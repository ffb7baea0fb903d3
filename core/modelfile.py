"""The TongueLens model file: one `.keras` file that carries everything needed to use a model.

A TongueLens model file is a plain Keras `.keras` archive (a zip) with one extra member,
`tonguelens.json`, holding the class names, the input shape, the preprocessing and the
training summary. Keras ignores the extra member, so our files open in plain Keras too, and
any plain `.keras` model from elsewhere opens here (class names then come from a
`labels.txt` beside it, else `class_0`, `class_1`, ...).

Models are untrusted. Before Keras sees a file, the archive is read within size limits and
its configuration is checked against an allow-list of what image classifiers are made of
(`core.modelarchive`, `core.modelcheck`, `core.hdf5check`); Keras then loads only the
checked configuration and weights, in safe mode. A file that would run code (a Lambda
layer, a pickled function, a SavedModel) is refused before any of it runs.
"""

import dataclasses
import json
import re
import warnings
import zipfile
from pathlib import Path

from core import atomic
from core.messages import Message, at_path, verbatim
from core.modelcheck import Refused, json_type

METADATA_MEMBER = "tonguelens.json"
FORMAT_VERSION = 1

# The names TensorFlow accepts for the scope of a layer it runs in a graph (its own
# `_VALID_SCOPE_NAME_REGEX`); a model whose layers are named otherwise ("my conv", "卷积")
# loads, and then fails on its first prediction, in plain Keras too.
_RUNNABLE_NAME = re.compile(r"[A-Za-z0-9_.\\/>-]*")

# Limits on what `tonguelens.json` may hold (a real file is far below them).
MAX_CLASSES = 100_000
MAX_CLASS_NAME_CHARS = 256
MAX_TEXT_CHARS = 4_096
_MAX_TRAINING_DEPTH = 16
# The largest input a model may take, in pixels (a 2048x2048 photo): one that takes 20000x20000 needs
# gigabytes for its input alone, and its first prediction killed the app.
MAX_INPUT_PIXELS = 2048 * 2048

# How raw 0-255 RGB pixels are turned into the model's input.
# "none": the model takes raw pixels (ours start with a Rescaling layer).
PREPROCESSING_NONE = "none"


class ModelFileError(ValueError):
    """A model file that cannot be used; `str(error)` is `<path>: <reason>`, on one line.

    The reason can quote the file (a layer's name, Keras's own message about it): the control
    characters of its values are escaped here, once for every message (`core.safetext.one_line`),
    and so are those of a file name that holds some.

    Args:
        path: the file.
        reason: a `core.messages.Message` (a plain str is shown as written, `verbatim`).

    Attributes:
        path: the file's own name.
        reason: the reason, a `Message`.
        message: the whole `<path>: <reason>` message, which the app shows in its language.
    """

    def __init__(self, path, reason):
        from core.safetext import one_line

        self.path = str(path)
        self.reason = _one_line_values(reason if isinstance(reason, Message) else verbatim(reason))
        self.message = at_path(one_line(self.path), self.reason)
        super().__init__(self.message)


def _one_line_values(message):
    """The message with its text values (those of the messages in it too) as one line each."""
    from core.safetext import one_line

    def value(item):
        if isinstance(item, Message):
            return _one_line_values(item)
        return one_line(item) if isinstance(item, str) else item

    return Message(message.key, **{name: value(item) for name, item in message.values.items()})


class _MetadataError(ValueError):
    """What is wrong in `tonguelens.json`: `message` says it (a `Message`)."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


@dataclasses.dataclass
class ModelInfo:
    """What a model file says about its model, beside the network itself.

    Attributes:
        class_names: one name per output unit, in output order.
        input_shape: (height, width, channels) of one input image.
        preprocessing: how raw 0-255 RGB pixels become model input; `"none"` means the
            model takes raw pixels.
        arch: the architecture it was built from (preset name or pattern), if known.
        training: the training summary (report fields), if it was trained here.
        format_version: version of this metadata layout.
        attributes: for a model with one softmax head per attribute, [{"name", "classes",
            "output"}] in output order ("output" is the head's layer name); None for a model
            with one output. `class_names` is then the first attribute's classes, so that a
            reader that knows one label still reads the first head.
        task: "segmentation" for a tongue segmenter (`core.segmenter`); "" for a classifier.
        crop: a `core.crop.CropSpec` when the classifier sees photos cut to the tongue, else None.
        attached_segmenter: the bytes of that crop's segmenter file (saved as the member
            `core.crop.SEGMENTER_MEMBER`, not in the JSON); None without a crop.
    """

    class_names: list
    input_shape: tuple
    preprocessing: str = PREPROCESSING_NONE
    arch: str = ""
    training: dict = dataclasses.field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    attributes: list = None
    task: str = ""
    crop: object = None
    attached_segmenter: bytes = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def image_size(self):
        """(height, width) of the input."""
        return tuple(self.input_shape[:2])

    def to_json(self):
        """Returns the metadata as a JSON-ready dict (the segmenter's bytes are a member of their own)."""
        data = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)
                if field.name not in ("attached_segmenter", "crop", "task")}
        data = json.loads(json.dumps(data))  # Copies, as `dataclasses.asdict` did.
        data["input_shape"] = list(self.input_shape)
        if self.attributes is None:
            del data["attributes"]  # A one-output model's metadata stays as it always was.
        if self.task:
            data["task"] = self.task
        if self.crop is not None:
            data["crop"] = self.crop.to_json()
        return data

    @classmethod
    def from_json(cls, data):
        """Builds a `ModelInfo` from `to_json` output, ignoring unknown keys.

        Raises:
            ValueError: a field is missing, of the wrong type or too long (the message says which).
        """
        if not isinstance(data, dict):
            raise _MetadataError(Message("metadata.not_object", type=json_type(data)))
        fields = {field.name for field in dataclasses.fields(cls)} - {"attached_segmenter"}
        known = {key: value for key, value in data.items() if key in fields}
        for required in ("class_names", "input_shape"):
            if required not in known:
                raise _MetadataError(Message("metadata.missing", field=required))
        known["class_names"] = _checked_class_names(known["class_names"])
        known["input_shape"] = _checked_input_shape(known["input_shape"])
        for name in ("preprocessing", "arch", "training", "format_version", "task"):
            if known.get(name, 0) is None:
                del known[name]  # A null field takes its default.
        for name in ("preprocessing", "arch", "task"):
            if name in known:
                known[name] = _checked_text(known[name], name)
        if not isinstance(known.setdefault("training", {}), dict):
            raise _MetadataError(Message("metadata.training_not_object", type=json_type(known["training"])))
        _check_training(known["training"])
        if not isinstance(known.setdefault("format_version", FORMAT_VERSION), int):
            raise _MetadataError(Message("metadata.not_whole_number", field="format_version"))
        if known.get("attributes") is not None:
            known["attributes"] = _checked_attributes(known["attributes"])
        if known.get("crop") is not None:
            from core.crop import CropSpec

            known["crop"] = CropSpec.from_json(known["crop"])  # A ValueError names the field: the file is damaged.
        return cls(**known)


@dataclasses.dataclass
class LoadedModel:
    """A Keras model together with its `ModelInfo` and the file it came from.

    `segmenter` is the `LoadedModel` of the tongue segmenter a cropping classifier carries
    (`ModelInfo.crop`), else None.
    """

    model: object
    info: ModelInfo
    path: str = ""
    segmenter: object = None

    @property
    def name(self):
        """A short display name: the file name, else the Keras model name."""
        return Path(self.path).name if self.path else self.model.name


def save_model(model, path, info):
    """Saves `model` with `info` as one `.keras` file, atomically.

    The previous file at `path`, if any, stays intact until the new one is complete.

    Args:
        model: a `keras.Model`.
        path: destination; must end in `.keras`.
        info: the `ModelInfo` to embed.
    """
    path = Path(path)
    if path.suffix != ".keras":
        raise ModelFileError(path, Message("model.name_not_keras"))
    import models.layers

    with atomic.atomic_path(path) as temporary, models.layers.saved_as_keras_conv2d(model):
        model.save(temporary)  # Only Keras's own layers for grouped convolutions: plain Keras opens it.
        with zipfile.ZipFile(temporary, "a") as archive:
            text = json.dumps(info.to_json(), ensure_ascii=False, indent=2)
            # A folder name that is not valid UTF-8 (see `core.atomic.TEXT_ERRORS`) must not fail the save.
            archive.writestr(METADATA_MEMBER, text.encode("utf-8", atomic.TEXT_ERRORS))
            if info.crop is not None:
                _attach_segmenter(archive, path, info)


def _attach_segmenter(archive, path, info):
    from core.crop import SEGMENTER_MEMBER

    if not info.attached_segmenter:
        raise ModelFileError(path, "a model that crops photos to the tongue must be saved with its segmenter")
    archive.writestr(SEGMENTER_MEMBER, info.attached_segmenter)  # Stored: a .keras file compresses little.


def read_info(path):
    """Reads the embedded `ModelInfo` of a model file without loading the network.

    `tonguelens.json` is read only up to `core.modelarchive.MAX_METADATA_BYTES`, and every
    field is checked (types, number and length of class names, nesting).

    Returns:
        The `ModelInfo`, or None when the file is a plain `.keras` archive without one.

    Raises:
        ModelFileError: the file is not a readable `.keras` archive, or its metadata is damaged.
    """
    from core import modelarchive

    path = Path(path)
    try:
        with modelarchive.open_archive(path) as archive:
            text = modelarchive.read_member(archive, METADATA_MEMBER, modelarchive.MAX_METADATA_BYTES)
    except Refused as error:
        raise ModelFileError(path, error.message) from None
    if text is None:
        return None
    try:
        return ModelInfo.from_json(json.loads(text.decode("utf-8")))
    except RecursionError:
        reason = Message("metadata.nested")
    except _MetadataError as error:
        reason = error.message
    except (UnicodeDecodeError, ValueError) as error:  # JSON's own words about where it breaks, or the crop's.
        said = getattr(error, "message", None)  # `core.crop.CropError` says which field of the crop.
        reason = said if isinstance(said, Message) else verbatim(" ".join(str(error).split())[:200])
    raise ModelFileError(path, Message("model.metadata_damaged", reason=reason))


def load_model(path, as_classifier=True):
    """Loads a model file, checked and in Keras safe mode, with its class names and input shape.

    Args:
        path: a `.keras` file (ours or a plain Keras one).
        as_classifier: read a plain model's one-unit binary head as two classes, and refuse a head
            that gives no single class (multi-label sigmoid units); False keeps the layers as the
            file has them (for `main.py arch`).

    Returns:
        A `LoadedModel`.

    Raises:
        ModelFileError: missing, not a model, refused (code inside, or anything outside the
            allow-list), damaged, too large, or a model that does not take one image.
    """
    path = Path(path)
    _check_model_path(path)
    info = read_info(path)
    model = _load_keras_safely(path)
    _check_layer_names(path, model)
    input_shape = _image_input_shape(path, model)
    _check_weights_finite(path, model)
    if info is None:
        if as_classifier:
            model = _with_two_class_head(path, model)
        info = _plain_info(path, model, input_shape)
    else:
        info.input_shape = input_shape
    _check_class_count(path, model, info)
    loaded = LoadedModel(model=model, info=info, path=str(path))
    if info.crop is not None:
        loaded.segmenter = _load_attached_segmenter(path, info)
    return loaded


def read_attached_segmenter(path):
    """The bytes of the segmenter file a cropping classifier holds (read within the archive's limits).

    Raises:
        ModelFileError: the file holds none, or one that does not match its metadata's SHA-256.
    """
    import hashlib

    from core import modelarchive
    from core.crop import SEGMENTER_MEMBER

    info = read_info(path)
    try:
        with modelarchive.open_archive(path) as archive:
            data = modelarchive.read_member(archive, SEGMENTER_MEMBER, modelarchive.MAX_SEGMENTER_BYTES)
    except Refused as error:
        raise ModelFileError(path, error.message) from None
    if info is None or info.crop is None or data is None:
        raise ModelFileError(path, "it crops photos to the tongue but holds no segmenter")
    if hashlib.sha256(data).hexdigest() != info.crop.sha256:
        raise ModelFileError(path, "its segmenter is not the one its metadata names (SHA-256 differs)")
    return data


def _load_attached_segmenter(path, info):
    """The segmenter inside a cropping classifier's file, checked as a file of its own."""
    from core.crop import segmenter_from_bytes

    data = read_attached_segmenter(path)
    info.attached_segmenter = data
    try:
        return segmenter_from_bytes(data, f"{path} (its tongue segmenter)")
    except ModelFileError as error:
        raise ModelFileError(path, f"its tongue segmenter: {error.reason}") from None
    except ValueError as error:  # core.segmenter.SegmenterError: a model that gives no mask.
        raise ModelFileError(path, f"its tongue segmenter: {str(error).split(': ', 1)[-1]}") from None


def load_keras_model(path, compile=False):
    """Loads the Keras model of a `.keras` file alone, checked as `load_model` does.

    For a training checkpoint, which is compiled from its own optimizer and loss.

    Args:
        path: the `.keras` file.
        compile: compile the model from the file's training configuration.

    Returns:
        The `keras.Model`.

    Raises:
        ModelFileError: as `load_model`.
    """
    path = Path(path)
    _check_model_path(path)
    return _load_keras_safely(path, compile=compile)


def _check_model_path(path):
    if not path.exists():
        raise ModelFileError(path, Message("model.not_found"))
    if path.is_dir():
        raise ModelFileError(path, Message("model.is_folder"))
    if not path.is_file():  # Opening a named pipe would wait forever.
        raise ModelFileError(path, Message("model.not_regular"))
    if path.suffix.lower() in (".h5", ".hdf5"):
        from core import weightsfile  # Never handed to Keras's loader: see `core.weightsfile`.

        raise ModelFileError(path, weightsfile.refusal_reason(path))
    if path.suffix.lower() != ".keras":
        raise ModelFileError(path, Message("model.wrong_suffix"))


def _load_keras_safely(path, compile=False):
    """Checks the file (`core.modelarchive`) and loads what was checked, in Keras safe mode."""
    import keras

    import models.layers  # noqa: F401  Registers our few custom layers with Keras.
    from core import modelarchive

    try:
        with modelarchive.unpacked_for_keras(path, compile=compile) as folder:
            try:
                with warnings.catch_warnings():
                    # Keras warns once per object it skips; the one-line error below says it all.
                    warnings.simplefilter("ignore")
                    model = keras.saving.load_model(folder, compile=compile, safe_mode=True)
            except Exception as error:  # Keras raises many types for bad files; each becomes one line.
                raise ModelFileError(path, _load_failure_reason(error)) from None
    except Refused as error:
        raise ModelFileError(path, error.message) from None
    models.layers.swap_in_grouped_conv(model)  # Files hold Keras's Conv2D(groups=...); ours is faster.
    return model


def _load_failure_reason(error):
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "lambda" in lowered or "safe_mode" in lowered or "unsafe" in lowered:
        return Message("model.contains_code")
    if "zip" in lowered or "not a valid" in lowered or "truncated" in lowered:
        return Message("model.damaged_archive")
    if "unknown" in lowered or "could not locate" in lowered or "could not be deserialized" in lowered:
        return Message("model.unknown_object", detail=text[:200])
    return Message("model.cannot_load", detail=text[:300])


def _check_layer_names(path, model):
    from core.safetext import quoted

    stack = [model]
    while stack:
        layer = stack.pop()
        if not _RUNNABLE_NAME.fullmatch(layer.name):
            raise ModelFileError(path, Message("model.unrunnable_name", name=quoted(layer.name), letters="A-Z",
                                               marks="_ . - / >"))
        stack.extend(getattr(layer, "layers", ()))


def _image_input_shape(path, model):
    inputs = model.inputs
    if len(inputs) != 1:
        raise ModelFileError(path, Message("model.inputs", count=len(inputs)))
    shape = tuple(inputs[0].shape)
    if len(shape) != 4:
        raise ModelFileError(path, Message("model.input_not_image", shape=str(shape[1:])))
    height, width, channels = shape[1:]
    if channels not in (1, 3):
        raise ModelFileError(path, Message("model.input_channels", channels=channels))
    if height is None or width is None:
        raise ModelFileError(path, Message("model.input_not_fixed"))
    if int(height) * int(width) > MAX_INPUT_PIXELS:
        raise ModelFileError(path, Message("model.input_too_large", height=int(height), width=int(width),
                                           limit="2048×2048"))
    return (int(height), int(width), int(channels))


def _check_weights_finite(path, model):
    """Refuses weights that are not numbers: every prediction would read "nan %"."""
    import numpy as np

    for weight in model.weights:
        if not np.all(np.isfinite(np.asarray(weight.numpy(), dtype=np.float32))):
            raise ModelFileError(path, Message("model.weights_not_finite", name=weight.path))


def _with_two_class_head(path, model):
    """A plain Keras binary classifier (one output unit) as a two-class softmax; refuses other one-unit
    heads and multi-label sigmoid heads.

    `Dense(1, "sigmoid")` (or a linear unit, a logit) gives p for the second class. The same layer
    with two units, kernel [-w/2, w/2] and bias [-b/2, b/2], and a softmax gives exactly
    [1 - p, p] (softmax([-z/2, z/2]) = [sigmoid(-z), sigmoid(z)]), so every path (probabilities,
    Grad-CAM on the class logits, export) reads it as any two-class model.
    """
    if len(model.outputs) != 1 or len(model.outputs[0].shape) != 2:
        return model
    layer = model.outputs[0]._keras_history.operation  # noqa: SLF001  The layer that makes the output.
    activation = _activation_name(layer)
    units = model.outputs[0].shape[-1]
    if units is not None and units > 1 and activation == "sigmoid":
        raise ModelFileError(path, Message("model.multi_label", units=units))
    if units != 1:
        return model
    if type(layer).__name__ != "Dense" or activation not in ("sigmoid", "linear"):
        raise ModelFileError(path, Message("model.one_unit", activation=activation or type(layer).__name__))
    return _rebuilt_with_two_units(model, layer)


def _activation_name(layer):
    activation = getattr(layer, "activation", None)
    return str(getattr(activation, "__name__", "") or "").lower()


def _rebuilt_with_two_units(model, dense):
    import keras
    import numpy as np

    kernel, *bias = [np.asarray(weight.numpy(), dtype=np.float32) for weight in dense.weights]
    bias = bias[0] if bias else np.zeros(1, np.float32)
    head = keras.layers.Dense(2, activation="softmax", name=dense.name)
    outputs = head(dense.input)
    head.set_weights([np.concatenate([-kernel / 2, kernel / 2], axis=1), np.concatenate([-bias / 2, bias / 2])])
    return keras.Model(model.inputs, outputs, name=model.name)


def _plain_info(path, model, input_shape):
    """The metadata of a plain Keras model: one head per output when it has several."""
    if len(model.outputs) < 2:
        return ModelInfo(class_names=_plain_class_names(path, model), input_shape=input_shape, arch=model.name)
    attributes = [{"name": name, "classes": [f"class_{i}" for i in range(_units(tensor))], "output": name}
                  for name, tensor in zip(_output_layer_names(model), model.outputs)]
    return ModelInfo(class_names=attributes[0]["classes"], input_shape=input_shape, arch=model.name,
                     attributes=attributes)


def _output_layer_names(model):
    return [tensor._keras_history.operation.name for tensor in model.outputs]  # noqa: SLF001


def _units(tensor):
    """Classes of one (batch, classes) or (batch, rows, columns, classes) output; else 0."""
    if len(tensor.shape) not in (2, 4) or tensor.shape[-1] is None:
        return 0
    return int(tensor.shape[-1])


def _plain_class_names(path, model):
    """Names from a `labels.txt` beside the model when it fits (one name per output), else numbered."""
    count = _output_units(model)
    labels = path.with_name("labels.txt")
    try:
        if labels.is_file() and labels.stat().st_size <= (count + 1) * MAX_CLASS_NAME_CHARS * 4:
            names = [line.strip() for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
            if len(names) == count:
                return _checked_class_names(names)
    except (OSError, UnicodeDecodeError, ValueError):  # Unreadable, not UTF-8 or names too long.
        pass
    return [f"class_{index}" for index in range(count)]


def _checked_class_names(names):
    if not isinstance(names, list):
        raise _MetadataError(Message("metadata.not_list", field="class_names", type=json_type(names)))
    if len(names) > MAX_CLASSES:
        raise _MetadataError(Message("metadata.too_many_classes", count=f"{len(names):,}",
                                     limit=f"{MAX_CLASSES:,}"))
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise _MetadataError(Message("metadata.class_name_type", number=index + 1, type=json_type(name)))
        if len(name) > MAX_CLASS_NAME_CHARS:
            raise _MetadataError(Message("metadata.class_name_length", number=index + 1, length=f"{len(name):,}",
                                         limit=MAX_CLASS_NAME_CHARS))
        if not name.strip():
            raise _MetadataError(Message("metadata.class_name_blank", number=index + 1))
        if name in names[:index]:
            raise _MetadataError(Message("metadata.class_name_twice", number=index + 1, name=repr(name)))
    return list(names)


def _checked_input_shape(shape):
    if (not isinstance(shape, list) or len(shape) != 3
            or not all(isinstance(side, int) and not isinstance(side, bool) and side > 0 for side in shape)):
        raise _MetadataError(Message("metadata.input_shape", field="input_shape"))
    return tuple(shape)


def _checked_attributes(attributes):
    """A multi-attribute model's heads: [{"name", "classes", "output"}], each checked like class names."""
    if not isinstance(attributes, list) or not attributes:
        raise _MetadataError(Message("metadata.attributes_not_list", type=json_type(attributes)))
    if len(attributes) > MAX_CLASSES:
        raise _MetadataError(Message("metadata.too_many_attributes", count=f"{len(attributes):,}",
                                     limit=f"{MAX_CLASSES:,}"))
    checked = []
    for index, entry in enumerate(attributes):
        if not isinstance(entry, dict):
            raise _MetadataError(Message("metadata.attribute_not_object", number=index + 1, type=json_type(entry)))
        name = _checked_text(entry.get("name"), f"attribute {index + 1}'s name")
        checked.append({"name": name, "classes": _checked_class_names(entry.get("classes")),
                        "output": _checked_text(entry.get("output", ""), f"attribute {index + 1}'s output")})
    return checked


def _checked_text(value, name):
    if not isinstance(value, str):
        raise _MetadataError(Message("metadata.not_string", field=name, type=json_type(value)))
    if len(value) > MAX_TEXT_CHARS:
        raise _MetadataError(Message("metadata.too_long", field=name, length=f"{len(value):,}",
                                     limit=f"{MAX_TEXT_CHARS:,}"))
    return value


def _check_training(training):
    """The training summary is free-form JSON: only its depth and the length of its texts are limited."""
    stack = [(training, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_TRAINING_DEPTH:
            raise _MetadataError(Message("metadata.training_deep", depth=_MAX_TRAINING_DEPTH))
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise _MetadataError(Message("metadata.training_text_long", length=f"{len(value):,}",
                                         limit=f"{MAX_TEXT_CHARS:,}"))
        elif isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)



def _output_units(model):
    """The number of classes: the last axis of one (batch, classes) output, or of a
    (batch, rows, columns, classes) map of class scores (a `to-fully-conv` model); else 0."""
    outputs = model.outputs
    if len(outputs) != 1 or len(outputs[0].shape) not in (2, 4) or outputs[0].shape[-1] is None:
        return 0
    return int(outputs[0].shape[-1])


def _check_class_count(path, model, info):
    if info.attributes is not None or len(model.outputs) > 1:
        _check_heads(path, model, info)
        return
    count = _output_units(model)
    if count == 0:
        raise ModelFileError(path, Message("model.no_class_scores"))
    if len(info.class_names) != count:
        raise ModelFileError(path, Message("model.class_count", names=len(info.class_names), outputs=count))


def _check_heads(path, model, info):
    """A model with several outputs needs metadata naming one attribute per output, classes matching."""
    attributes = info.attributes or []
    if len(attributes) != len(model.outputs):
        raise ModelFileError(path, Message("model.attribute_count", names=len(attributes),
                                           outputs=len(model.outputs)))
    for attribute, tensor in zip(attributes, model.outputs):
        count = _units(tensor)
        if count == 0:
            raise ModelFileError(path, Message("model.attribute_not_scores", name=repr(attribute["name"])))
        if len(attribute["classes"]) != count:
            raise ModelFileError(path, Message("model.attribute_class_count", names=len(attribute["classes"]),
                                               name=repr(attribute["name"]), outputs=count))
    if not info.class_names:
        info.class_names = list(attributes[0]["classes"])
