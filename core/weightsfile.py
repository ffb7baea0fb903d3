"""HDF5 files (`.h5`, `.weights.h5`): legacy full models are refused, plain weights can be imported.

A legacy Keras HDF5 *model* stores its architecture as a `model_config` attribute that Keras
turns back into Python objects when it loads the file; a Lambda layer in it is marshalled
bytecode that then runs, and Keras applied no safe mode to `.h5` files before 3.11.3. So
TongueLens never hands an `.h5` file to Keras's loader. A *weights* file holds arrays only,
one group per layer, in one of two layouts:

- Keras 3 `model.save_weights("x.weights.h5")`: `layers/<key>/vars/0, 1, ...`, each `vars`
  group carrying the layer's name as its `name` attribute;
- Keras 2 `model.save_weights("x.h5")`: the layer names in the root attribute `layer_names`,
  each layer group listing its arrays in a `weight_names` attribute.

Weights are read with h5py alone (datasets of numbers, nothing deserialised) and copied
into a model built from one of our architectures, after every layer's array shapes have
been checked against it, so a file meant for another network is refused with the layers
that differ named.

The file is untrusted: before any array is read, its structure is checked
(`core.hdf5check`: no links, external storage or virtual datasets that would pull in
other files, no absurd sizes, names that are text), and all reading happens in a child
process with a time limit (`core.timelimit`), so a damaged file that hangs or crashes
libhdf5 ends in one line, not in a frozen app.

    loaded = import_weights("old.weights.h5", "model.keras", "vgg-mini", (64, 64, 3), ["a", "b", "c"])
"""

import tempfile
import zipfile
from pathlib import Path

import numpy as np

from core import hdf5check, messages, timelimit
from core.messages import Message, verbatim
from core.modelcheck import Refused
from core.modelfile import LoadedModel, ModelFileError, ModelInfo, save_model
from core.safetext import one_line

# What an HDF5 file holds, as told by `hdf5_kind`.
KIND_FULL_MODEL = "full model"
KIND_WEIGHTS = "weights"

# At most this many differing layers are named in one refusal.
_SHOWN_PROBLEMS = 4

# The time reading a file may take: this much, plus `_SECONDS_PER_GIB` for each GiB of it.
BASE_TIME_LIMIT_S = 30.0
_SECONDS_PER_GIB = 20.0
_ARRAYS_FILE = "arrays.npz"


def hdf5_kind(path, time_limit_s=None):
    """Tells whether an HDF5 file is a legacy full model or plain weights, without loading it.

    Args:
        path: the file.
        time_limit_s: seconds the reading may take (None: `time_limit(path)`).

    Returns:
        `KIND_FULL_MODEL` or `KIND_WEIGHTS`.

    Raises:
        ModelFileError: missing, not an HDF5 file, damaged, refused, taking too long, or
            holding no Keras weights.
    """
    return _read_in_child(path, None, time_limit_s)["kind"]


def time_limit(path):
    """The seconds reading `path` may take: `BASE_TIME_LIMIT_S`, more for a file of gigabytes."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    return BASE_TIME_LIMIT_S + _SECONDS_PER_GIB * size / (1 << 30)


def refusal_reason(path):
    """Why `core.modelfile.load_model` does not open this HDF5 file, and what to do instead (a `Message`).

    Raises:
        ModelFileError: the file is not a usable HDF5 file at all (the reason says why).
    """
    command = (f"python main.py import-weights {Path(path).name} --arch ARCH --input HxWxC "
               "--classes NAME1,NAME2,... OUT.keras")
    if hdf5_kind(path) == KIND_FULL_MODEL:
        return Message("weights.legacy_model")
    return Message("weights.only", command=command)


def import_weights(weights_path, out_path, arch, input_shape, class_names, time_limit_s=None):
    """Builds `arch`, copies the weights of `weights_path` into it and saves a TongueLens model file.

    Args:
        weights_path: the HDF5 weights file.
        out_path: the `.keras` file to write (atomically).
        arch: a preset name or a cs231n pattern (see `models.build_model`).
        input_shape: (height, width, channels) the weights were trained for.
        class_names: one name per output, in output order.
        time_limit_s: seconds reading the file may take (None: `time_limit(weights_path)`).

    Returns:
        The `LoadedModel` that was saved.

    Raises:
        ModelFileError: the file is not plain weights, is refused (links, external storage,
            absurd sizes, names that are not text), takes too long to read, or its weights
            do not fit the architecture (the message names the layers that differ).
        ValueError: the architecture cannot be built for this input (from `models`).
    """
    import models

    class_names = [str(name) for name in class_names]
    if len(class_names) < 2:
        raise ModelFileError(weights_path, Message("weights.too_few_names", names=one_line(class_names, 200)))
    if len(set(class_names)) != len(class_names):
        raise ModelFileError(weights_path, Message("weights.same_names", names=one_line(class_names, 200)))
    input_shape = tuple(int(side) for side in input_shape)
    datasets = _read_weights(weights_path, time_limit_s)
    model = models.build_model(arch, input_shape, len(class_names))
    expected = _expected_shapes(model)
    problems = _shape_problems(expected, datasets)
    if problems:
        raise ModelFileError(weights_path, _mismatch_message(arch, input_shape, class_names, problems,
                                                             expected, datasets))
    for layer in _layers_with_weights(model):
        layer.set_weights([_checked_array(weights_path, layer.name, array) for array in datasets[layer.name]])
    info = ModelInfo(class_names=class_names, input_shape=input_shape, arch=arch,
                     training={"imported_weights": str(weights_path)})
    save_model(model, out_path, info)
    return LoadedModel(model=model, info=info, path=str(out_path))


# --- Reading the file (in a child process) ----------------------------------------------


def _read_weights(path, time_limit_s):
    """{layer name: [arrays]} of a weights file, read in a child process within the time limit."""
    with tempfile.TemporaryDirectory(prefix="tonguelens-weights-") as folder:
        answer = _read_in_child(path, folder, time_limit_s)
        if answer["kind"] == KIND_FULL_MODEL:
            raise ModelFileError(path, refusal_reason(path))
        with np.load(Path(folder, _ARRAYS_FILE), allow_pickle=False) as arrays:
            return {name: [arrays[key] for key in keys] for name, keys in answer["layers"]}


def _read_in_child(path, folder, time_limit_s):
    """Runs `_read_file` in a child process; every way it can fail becomes one `ModelFileError`."""
    path = Path(path)
    _check_regular_file(path)
    limit = time_limit(path) if time_limit_s is None else time_limit_s
    try:
        answer = timelimit.run_in_child(_read_file, (str(path), folder), limit)
    except timelimit.ChildFailed as error:
        if error.timed_out:
            raise ModelFileError(path, Message("weights.timed_out", reason=error.message)) from None
        reason = error.message if len(error.message) <= 300 else verbatim(one_line(error, 300))
        raise ModelFileError(path, Message("weights.cannot_read", reason=reason)) from None
    if "refused" in answer:
        raise ModelFileError(path, messages.from_json(answer["refused"]))
    return answer


def _read_file(path, folder):
    """In the child: checks the file's structure, then reads its arrays into `folder` (if given).

    Returns:
        {"kind": ..., "layers": [[name, [array keys]], ...]}, or {"refused": reason} (a `Message`
        as `core.messages.to_json` writes it: the answer crosses to the parent in JSON).
    """
    try:
        with _open_hdf5(path) as handle:
            try:
                hdf5check.check_structure(handle)
            except Refused as error:
                return {"refused": messages.to_json(Message("weights.refused", reason=error.message))}
            kind = _kind(path, handle)
            if folder is None or kind == KIND_FULL_MODEL:
                return {"kind": kind}
            arrays, layers = {}, []
            for name, datasets in _layer_datasets(path, handle).items():
                keys = [f"array_{len(arrays) + index}" for index in range(len(datasets))]
                arrays.update((key, np.asarray(dataset[()])) for key, dataset in zip(keys, datasets))
                layers.append([name, keys])
        np.savez(Path(folder, _ARRAYS_FILE), **arrays)
        return {"kind": kind, "layers": layers}
    except ModelFileError as error:
        return {"refused": messages.to_json(error.reason)}
    except Refused as error:  # A name that is not text, read from an attribute.
        return {"refused": messages.to_json(error.message)}
    except UnicodeDecodeError:
        return {"refused": messages.to_json(Message("weights.layer_not_text", encoding="UTF-8"))}


def _check_regular_file(path):
    if not path.exists():
        raise ModelFileError(path, Message("model.not_found"))
    if path.is_dir():
        raise ModelFileError(path, Message("model.is_folder"))
    if not path.is_file():
        raise ModelFileError(path, Message("weights.not_regular"))


class _open_hdf5:  # noqa: N801  Used as a `with` statement.
    """Opens an HDF5 file read-only; every way it can fail becomes one `ModelFileError`.

    A truncated file can open and then fail on any group or array read inside the block:
    h5py raises OSError, KeyError or RuntimeError then, turned here into one line.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.handle = None

    def __enter__(self):
        import h5py

        path = self.path
        _check_regular_file(path)
        try:
            if not h5py.is_hdf5(str(path)):
                if zipfile.is_zipfile(path):  # A whole .keras model: nothing to import, it opens as it is.
                    raise ModelFileError(path, Message("weights.keras_model"))
                raise ModelFileError(path, Message("weights.not_hdf5"))
            self.handle = h5py.File(str(path), "r")
        except OSError as error:
            raise ModelFileError(path, Message("weights.cannot_open", detail=_one_line(error))) from None
        return self.handle

    def __exit__(self, kind, error, traceback):
        if self.handle is not None:
            self.handle.close()
        if kind is not None and issubclass(kind, (OSError, KeyError, RuntimeError)):
            raise ModelFileError(self.path, Message("weights.damaged", detail=_one_line(error))) from None
        return False


def _kind(path, handle):
    if "model_config" in handle.attrs or "model_weights" in handle or "model_config" in handle:
        return KIND_FULL_MODEL
    if "layer_names" in handle.attrs or "layers" in handle:
        return KIND_WEIGHTS
    raise ModelFileError(path, Message("weights.no_layers"))


def _layer_datasets(path, handle):
    """{layer name: [h5py datasets]} of a weights file (nothing read yet)."""
    if _kind(path, handle) == KIND_FULL_MODEL:
        raise ModelFileError(path, refusal_reason(path))
    if "layer_names" in handle.attrs:
        return _keras2_datasets(path, handle)
    return _keras3_datasets(path, handle["layers"])


def _keras2_datasets(path, handle):
    import h5py

    layers = {}
    for name in _strings(handle.attrs["layer_names"]):
        group = handle.get(name)
        if not isinstance(group, h5py.Group):
            raise ModelFileError(path, Message("weights.no_group", name=repr(name)))
        weight_names = _strings(group.attrs.get("weight_names", []))
        if weight_names:
            layers[name] = [_dataset(path, group, weight_name) for weight_name in weight_names]
    return layers


def _keras3_datasets(path, root):
    import h5py

    layers = {}

    def visit(_, item):
        if not (isinstance(item, h5py.Group) and item.name.endswith("/vars") and len(item)):
            return
        name = _string(item.attrs.get("name", item.parent.name.rsplit("/", 1)[-1]))
        if name in layers:
            raise ModelFileError(path, Message("weights.two_layers", name=repr(name)))
        keys = sorted(item.keys(), key=lambda key: int(key) if key.isdigit() else -1)
        layers[name] = [_dataset(path, item, key) for key in keys]

    root.visititems(visit)
    return layers


def _dataset(path, group, name):
    import h5py

    dataset = group.get(name)
    where = f"{one_line(group.name, 200)}/{one_line(name, 200)}"
    if not isinstance(dataset, h5py.Dataset):
        raise ModelFileError(path, Message("weights.not_array", name=where))
    if dataset.dtype.kind not in "fiub":
        raise ModelFileError(path, Message("hdf5.not_numbers", name=where, dtype=str(dataset.dtype)))
    return dataset


def _checked_array(path, layer, array):
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ModelFileError(path, Message("weights.not_finite", name=one_line(layer, 200)))
    return array


def _strings(values):
    return [_string(value) for value in np.asarray(values).reshape(-1)]


def _string(value):
    """A name read from the file; one that is not UTF-8 text or absurdly long is refused.

    h5py gives names as bytes, or as str with the bytes that are not UTF-8 escaped as lone
    surrogates; either way such a name is refused, shown with those bytes as `\\xff`.
    """
    try:
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape")
        value = raw.decode("utf-8")
    except UnicodeEncodeError:  # A lone surrogate that stands for no byte.
        raise Refused(Message("weights.name_not_text", encoding="UTF-8")) from None
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", "backslashreplace")
        raise Refused(Message("weights.name_not_text_shown", name=one_line(shown, 80), encoding="UTF-8")) from None
    if len(value) > hdf5check.MAX_NAME_CHARS:
        raise Refused(Message("weights.long_name", length=f"{len(value):,}"))
    return value


# --- Comparing with the architecture ----------------------------------------------------


def _layers_with_weights(model):
    """Every layer that owns weights, nested models walked into."""
    for layer in model.layers:
        if hasattr(layer, "layers") and layer.weights:
            yield from _layers_with_weights(layer)
        elif layer.weights:
            yield layer


def _expected_shapes(model):
    return {layer.name: [tuple(weight.shape) for weight in layer.weights] for layer in _layers_with_weights(model)}


def _shape_problems(expected, datasets):
    """One message per layer whose arrays differ between the architecture and the file."""
    problems = []
    for name, shapes in expected.items():
        if name not in datasets:
            problems.append(Message("weights.layer_missing", name=name))
            continue
        found = [tuple(dataset.shape) for dataset in datasets[name]]
        if found != shapes:
            problems.append(Message("weights.layer_shapes", name=name, found=_shapes(found), needed=_shapes(shapes)))
    problems.extend(Message("weights.layer_extra", name=name) for name in datasets if name not in expected)
    return problems


def _mismatch_message(arch, input_shape, class_names, problems, expected, datasets):
    head = {"arch": arch, "input": "x".join(map(str, input_shape)), "classes": len(class_names)}
    missing = [name for name in expected if name not in datasets]
    if len(missing) * 2 >= len(expected):
        found = ", ".join(list(datasets)[:_SHOWN_PROBLEMS]) + (", ..." if len(datasets) > _SHOWN_PROBLEMS else "")
        return Message("weights.other_architecture", **head, missing=len(missing), layers=len(expected), found=found)
    shown = problems[:_SHOWN_PROBLEMS]
    if len(problems) > _SHOWN_PROBLEMS:
        shown.append(Message("weights.and_more", count=len(problems) - _SHOWN_PROBLEMS))
    listed = shown[-1]
    for problem in reversed(shown[:-1]):  # "a; b; c" as one message, each part said in the app's language.
        listed = Message("weights.list", first=problem, rest=listed)
    outputs = _file_class_count(expected, datasets, class_names)
    if outputs is None:
        return Message("weights.mismatch", **head, problems=listed)
    return Message("weights.mismatch_classes", **head, problems=listed, found=outputs, given=len(class_names))


def _file_class_count(expected, datasets, class_names):
    """The file's class count when only the last layer differs in its number of outputs, else None."""
    differing = [name for name in expected if name in datasets
                 and [tuple(d.shape) for d in datasets[name]] != expected[name]]
    if len(differing) != 1 or differing[0] != list(expected)[-1]:
        return None
    outputs = {dataset.shape[-1] for dataset in datasets[differing[0]] if dataset.ndim}
    if len(outputs) != 1 or outputs == {len(class_names)}:
        return None
    return outputs.pop()


def _shapes(shapes):
    return "[" + ", ".join("x".join(map(str, shape)) or "scalar" for shape in shapes) + "]"


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__
