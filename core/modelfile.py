"""The TongueLens model file: one `.keras` file that carries everything needed to use a model.

A TongueLens model file is a plain Keras `.keras` archive (a zip) with one extra member,
`tonguelens.json`, holding the class names, the input shape, the preprocessing and the
training summary. Keras ignores the extra member, so our files open in plain Keras too, and
any plain `.keras` model from elsewhere opens here (class names then come from a
`labels.txt` beside it, else `class_0`, `class_1`, ...).

Models are untrusted: they are always loaded with Keras safe mode, so a file that would run
code (a Lambda layer, a pickled function) is refused before any of its code runs.
"""

import dataclasses
import json
import zipfile
from pathlib import Path

from core import atomic

METADATA_MEMBER = "tonguelens.json"
FORMAT_VERSION = 1

# How raw 0-255 RGB pixels are turned into the model's input.
# "none": the model takes raw pixels (ours start with a Rescaling layer).
PREPROCESSING_NONE = "none"


class ModelFileError(ValueError):
    """A model file that cannot be used; `str(error)` is `<path>: <reason>`."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


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
    """

    class_names: list
    input_shape: tuple
    preprocessing: str = PREPROCESSING_NONE
    arch: str = ""
    training: dict = dataclasses.field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    @property
    def image_size(self):
        """(height, width) of the input."""
        return tuple(self.input_shape[:2])

    def to_json(self):
        """Returns the metadata as a JSON-ready dict."""
        data = dataclasses.asdict(self)
        data["input_shape"] = list(self.input_shape)
        return data

    @classmethod
    def from_json(cls, data):
        """Builds a `ModelInfo` from `to_json` output, ignoring unknown keys."""
        fields = {field.name for field in dataclasses.fields(cls)}
        known = {key: value for key, value in data.items() if key in fields}
        known["input_shape"] = tuple(known["input_shape"])
        known["class_names"] = [str(name) for name in known["class_names"]]
        return cls(**known)


@dataclasses.dataclass
class LoadedModel:
    """A Keras model together with its `ModelInfo` and the file it came from."""

    model: object
    info: ModelInfo
    path: str = ""

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
        raise ModelFileError(path, "a model file name must end in .keras")
    import models.layers

    with atomic.atomic_path(path) as temporary, models.layers.saved_as_keras_conv2d(model):
        model.save(temporary)  # Only Keras's own layers for grouped convolutions: plain Keras opens it.
        with zipfile.ZipFile(temporary, "a") as archive:
            text = json.dumps(info.to_json(), ensure_ascii=False, indent=2)
            # A folder name that is not valid UTF-8 (see `core.atomic.TEXT_ERRORS`) must not fail the save.
            archive.writestr(METADATA_MEMBER, text.encode("utf-8", atomic.TEXT_ERRORS))


def read_info(path):
    """Reads the embedded `ModelInfo` of a model file without loading the network.

    Returns:
        The `ModelInfo`, or None when the file is a plain `.keras` archive without one.

    Raises:
        ModelFileError: the file is not a readable `.keras` archive.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            if METADATA_MEMBER not in archive.namelist():
                return None
            return ModelInfo.from_json(json.loads(archive.read(METADATA_MEMBER).decode("utf-8")))
    except (zipfile.BadZipFile, EOFError):
        raise ModelFileError(path, "not a Keras .keras model file (not a zip archive, or truncated)") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(path, f"the TongueLens metadata in this file is damaged ({error})") from None
    except OSError as error:
        raise ModelFileError(path, f"cannot read file ({error.strerror or error})") from None


def load_model(path):
    """Loads a model file in Keras safe mode, with its class names and input shape.

    Args:
        path: a `.keras` file (ours or a plain Keras one).

    Returns:
        A `LoadedModel`.

    Raises:
        ModelFileError: missing, not a model, unsafe (code inside), damaged, or a model that
            does not take one image.
    """
    path = Path(path)
    if not path.exists():
        raise ModelFileError(path, "file not found")
    if path.is_dir():
        raise ModelFileError(path, "is a folder, not a model file")
    if not path.is_file():  # Opening a named pipe would wait forever.
        raise ModelFileError(path, "not a regular file (a named pipe, socket or device), not a model file")
    if path.suffix.lower() in (".h5", ".hdf5"):
        from core import weightsfile  # Never handed to Keras's loader: see `core.weightsfile`.

        raise ModelFileError(path, weightsfile.refusal_reason(path))
    if path.suffix.lower() != ".keras":
        raise ModelFileError(path, "not a model file: TongueLens opens Keras .keras files")
    info = read_info(path)
    model = _load_keras_safely(path)
    input_shape = _image_input_shape(path, model)
    if info is None:
        info = ModelInfo(class_names=_plain_class_names(path, model), input_shape=input_shape, arch=model.name)
    else:
        info.input_shape = input_shape
    _check_class_count(path, model, info)
    return LoadedModel(model=model, info=info, path=str(path))


def _load_keras_safely(path):
    import keras

    import models.layers  # noqa: F401  Registers our few custom layers with Keras.

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises many types for bad files; each becomes one line.
        raise ModelFileError(path, _load_failure_reason(error)) from None
    models.layers.swap_in_grouped_conv(model)  # Files hold Keras's Conv2D(groups=...); ours is faster.
    return model


def _load_failure_reason(error):
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "lambda" in lowered or "safe_mode" in lowered or "unsafe" in lowered:
        return ("refused: the model contains code (a Lambda layer or other Python object) that could run "
                "on your computer; TongueLens loads models in Keras safe mode only")
    if "zip" in lowered or "not a valid" in lowered or "truncated" in lowered:
        return "not a Keras .keras model file (damaged or truncated archive)"
    if "unknown" in lowered or "could not locate" in lowered or "could not be deserialized" in lowered:
        return f"the model uses a layer or object TongueLens does not know ({text[:200]})"
    return f"cannot load model ({text[:300]})"


def _image_input_shape(path, model):
    inputs = model.inputs
    if len(inputs) != 1:
        raise ModelFileError(path, f"the model has {len(inputs)} inputs; TongueLens needs one image input")
    shape = tuple(inputs[0].shape)
    if len(shape) != 4:
        raise ModelFileError(
            path, f"the model's input has shape {shape[1:]}; TongueLens needs an image (height, width, channels)")
    height, width, channels = shape[1:]
    if channels not in (1, 3):
        raise ModelFileError(path, f"the model's input has {channels} channels; TongueLens needs 1 or 3")
    if height is None or width is None:
        raise ModelFileError(path, "the model's input size is not fixed (None); TongueLens needs a fixed size")
    return (int(height), int(width), int(channels))


def _plain_class_names(path, model):
    count = _output_units(model)
    labels = path.with_name("labels.txt")
    if labels.is_file():
        names = [line.strip() for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(names) == count:
            return names
    return [f"class_{index}" for index in range(count)]


def _output_units(model):
    """The number of classes: the last axis of one (batch, classes) output, or of a
    (batch, rows, columns, classes) map of class scores (a `to-fully-conv` model); else 0."""
    outputs = model.outputs
    if len(outputs) != 1 or len(outputs[0].shape) not in (2, 4) or outputs[0].shape[-1] is None:
        return 0
    return int(outputs[0].shape[-1])


def _check_class_count(path, model, info):
    count = _output_units(model)
    if count == 0:
        raise ModelFileError(path, "the model does not end in one vector (or one map) of class scores")
    if len(info.class_names) != count:
        raise ModelFileError(
            path, f"the file names {len(info.class_names)} classes but the model has {count} outputs")
