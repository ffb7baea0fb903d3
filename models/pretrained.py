"""Pretrained weights for the backbones: `imagenet`, `none` or a weights FILE.

- `imagenet`: Keras's ImageNet weights without top, downloaded once into Keras's own cache
  (`~/.keras/models`, or `$KERAS_HOME/models`) under the file name Keras uses, so Keras and
  TongueLens share one copy. A file already there is used without any network access. Before
  downloading, the network is probed with a short timeout: offline, this fails within seconds
  with one line naming `--weights FILE` (Keras's own downloader retries and can hang).
  `TONGUELENS_WEIGHTS_URL` may name another folder (a hospital's mirror) holding the files
  under Keras's names.
- `FILE`: a weights file for that backbone without its top, for machines without network
  access: Keras's cached `.h5` as downloaded (`where_to_get_weights` says where from), or a
  `.weights.h5` saved from the same `keras.applications` model. It is loaded into the
  `backbone` part only, by Keras's own loader (arrays only; nothing in the file runs).
- `none`: no weights; the network trains from scratch.

    model = build_pretrained("mobilenetv2", (224, 224, 3), 4, "imagenet", on_progress=print)
"""

import dataclasses
import hashlib
import os
import tempfile
import threading
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import numpy as np

from core.messages import Message, at_path, verbatim
from models import backbones

WEIGHTS_IMAGENET = "imagenet"
WEIGHTS_NONE = "none"
MIRROR_VARIABLE = "TONGUELENS_WEIGHTS_URL"

# Seconds to wait for the weights server to answer the probe, and then for each read.
PROBE_TIMEOUT = 4.0
READ_TIMEOUT = 30.0
_CHUNK = 1 << 16


class WeightsError(ValueError):
    """Weights that cannot be had or used; `str(error)` is one line saying what to do.

    Args:
        message: a `core.messages.Message` (a plain str is shown as written, `verbatim`).

    Attributes:
        message: the `Message`, which the app shows in its language (`str(error)` is its English text).
    """

    def __init__(self, message):
        self.message = message if isinstance(message, Message) else verbatim(message)
        super().__init__(self.message)


class DownloadCancelled(WeightsError):
    """The download was cancelled (`should_stop` said so); nothing was left in the cache."""


@dataclasses.dataclass(frozen=True)
class LoadedWeights:
    """What `load_backbone_weights` loaded (the trainer records it in report.json).

    Attributes:
        source: "imagenet" or "file".
        path: the weights file that was read.
        layers: how many backbone layers received weights.
    """

    source: str
    path: str
    layers: int

    def to_json(self):
        """A JSON-ready dict."""
        return dataclasses.asdict(self)


def parse_weights(text):
    """Returns "imagenet", "none" or the `Path` of a weights file, from what the user typed.

    Raises:
        WeightsError: a path that is not an existing file.
    """
    value = str(text).strip()
    if value.lower() in (WEIGHTS_IMAGENET, WEIGHTS_NONE):
        return value.lower()
    path = Path(value).expanduser()
    if path.is_dir():
        raise WeightsError(Message("config.weights_is_folder", weights=value))
    if not path.is_file():
        raise WeightsError(Message("weights.arg_not_found", weights=value))
    return path


def build_pretrained(arch, input_shape, num_classes, weights=WEIGHTS_NONE, name=None, on_progress=None,
                     should_stop=None):
    """Builds `arch` and gives its backbone the requested weights; the one call for the trainer.

    With `weights` "none" this is `models.build_model(arch, ...)` (for `resnet50`, our own
    preset). Otherwise `arch` must be a backbone: the model is built with its batch norm in
    inference mode (`pretrained=True`, see `models.backbones`) and the weights are loaded.

    Args:
        arch: an architecture name (a backbone when `weights` is not "none").
        input_shape: (height, width, channels) of raw 0-255 images.
        num_classes: units of `predictions`.
        weights: "imagenet", "none" or a weights file path (see `parse_weights`).
        name: the model's name.
        on_progress: optional callable(done_bytes, total_bytes or None) during a download.
        should_stop: optional callable returning True to cancel a download.

    Returns:
        (model, loaded): the `keras.Model` and a `LoadedWeights`, or None for "none".

    Raises:
        WeightsError: offline for "imagenet", a file that does not fit, or an architecture
            that has no pretrained form (one line each).
        ValueError: the architecture cannot be built for this input (as `models.build_model`).
    """
    import models

    if weights is None or str(weights).lower() == WEIGHTS_NONE:
        return models.build_model(arch, input_shape, num_classes, name=name), None
    if not backbones.is_backbone(arch):
        raise WeightsError(Message("weights.not_a_backbone", weights=str(weights), arch=str(arch),
                                   backbones=", ".join(backbones.BACKBONE_NAMES)))
    spec = backbones.get_backbone(arch)
    if str(weights).lower() == WEIGHTS_IMAGENET:  # First: offline, say so before seconds of building.
        path = imagenet_weights_path(spec.key, on_progress=on_progress, should_stop=should_stop)
        source = WEIGHTS_IMAGENET
    else:
        path, source = Path(weights), "file"
    model = backbones.build_backbone_classifier(spec.key, input_shape, num_classes, name=name, pretrained=True)
    layers = load_backbone_weights(model, spec.key, path)
    return model, LoadedWeights(source=source, path=str(path), layers=layers)


def check_weights_file(arch, path):
    """Loads a weights file into a throwaway `arch` backbone, as a run would, to say at once whether it fits.

    The backbone is built small (`backbones.MIN_SIDE` pixels): its weights do not depend on the
    input size.

    Args:
        arch: a backbone name.
        path: the weights file.

    Returns:
        How many backbone layers received weights.

    Raises:
        WeightsError: `arch` is not a backbone, or the file does not fit (the run's own one line).
    """
    if not backbones.is_backbone(arch):
        raise WeightsError(Message("weights.not_a_backbone", weights=str(path), arch=str(arch),
                                   backbones=", ".join(backbones.BACKBONE_NAMES)))
    spec = backbones.get_backbone(arch)
    side = backbones.MIN_SIDE
    model = backbones.build_backbone_classifier(spec.key, (side, side, 3), 2, pretrained=True)
    return load_backbone_weights(model, spec.key, path)


# --- Keras's cache and the download ------------------------------------------------------


def keras_models_cache():
    """The folder Keras caches application weights in, as `keras.utils.get_file` chooses it.

    `$KERAS_HOME/models`, else `~/.keras/models`; where that cannot be written, Keras falls
    back to `/tmp/.keras/models`, and so do we.
    """
    base = Path(os.environ.get("KERAS_HOME") or Path("~/.keras")).expanduser()
    existing = base
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # Keras makes the folder when it is missing.
    if not os.access(existing, os.W_OK):
        base = Path(tempfile.gettempdir()) / ".keras"
    return base / "models"


def weights_url(key):
    """Where the ImageNet weights file of backbone `key` is downloaded from (mirror honoured)."""
    spec = backbones.get_backbone(key)
    base = os.environ.get(MIRROR_VARIABLE) or spec.weights_url
    return base.rstrip("/") + "/" + spec.weights_file


def where_to_get_weights(key):
    """One sentence for offline machines: which file to fetch, from where, and where to put it."""
    spec = backbones.get_backbone(key)
    return Message("weights.where_to_get", url=weights_url(key), megabytes=spec.download_megabytes,
                   folder=str(keras_models_cache()))


def cached_imagenet_weights(key):
    """The ImageNet weights file of backbone `key` in Keras's cache, or None when a download is needed.

    For the Train dialog: "needs a download of 9 MB" or "ImageNet weights already here".
    """
    spec = backbones.get_backbone(key)
    cached = keras_models_cache() / spec.weights_file
    if cached.is_file() and (not spec.weights_hash or _hash_matches(cached, spec.weights_hash)):
        return cached
    return None


def imagenet_weights_path(key, on_progress=None, should_stop=None, probe_timeout=PROBE_TIMEOUT):
    """Returns the cached ImageNet weights file of backbone `key`, downloading it once if needed.

    Args:
        key: a backbone name.
        on_progress: optional callable(done_bytes, total_bytes or None), called as it downloads.
        should_stop: optional callable returning True to cancel the download.
        probe_timeout: seconds the network probe may take.

    Returns:
        The `Path` of the file in Keras's cache.

    Raises:
        WeightsError: offline (within about `probe_timeout` seconds), a failed or damaged
            download, or a cache that cannot be written; one line naming `--weights FILE`.
        DownloadCancelled: `should_stop` returned True.
    """
    spec = backbones.get_backbone(key)
    found = cached_imagenet_weights(key)
    if found:
        return found
    cached = keras_models_cache() / spec.weights_file
    url = weights_url(key)
    problem = probe_network(url, probe_timeout)
    if problem:
        said = {"backbone": key, "host": urllib.parse.urlsplit(url).netloc, "problem": problem,
                "where": where_to_get_weights(key)}
        if cached.is_file():  # There, but its checksum is not Keras's.
            raise WeightsError(Message("weights.offline_damaged_copy", path=str(cached), **said))
        raise WeightsError(Message("weights.offline", **said))
    _download(url, cached, spec, on_progress, should_stop)
    return cached


def probe_network(url, timeout=PROBE_TIMEOUT):
    """Tries to open a TCP connection to the server of `url` (or to the proxy that serves it).

    Name lookup has no timeout of its own, so the probe runs on a thread that is given up
    after `timeout` seconds.

    Returns:
        "" when the server answers, else a short reason ("timed out after 4 s", a `Message`, or the
        system's own words).
    """
    import socket

    parts = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    target = urllib.parse.urlsplit(proxy if "://" in str(proxy) else f"http://{proxy}") if proxy else parts
    host = target.hostname or ""
    port = target.port or (443 if target.scheme == "https" else 80)
    result = []

    def connect():
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result.append("")
        except OSError as error:
            result.append(_one_line(error))

    thread = threading.Thread(target=connect, name="weights-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    if not result:
        return Message("weights.probe_timed_out", seconds=f"{timeout:g}")
    return result[0]


def _download(url, destination, spec, on_progress, should_stop):
    """Streams `url` into `destination` through a temporary file; checks Keras's hash."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{spec.weights_file}.", suffix=".part",
                                             dir=destination.parent)
    except OSError as error:
        raise WeightsError(Message("weights.cannot_write_cache", folder=str(destination.parent),
                                   detail=_one_line(error), where=where_to_get_weights(spec.key))) from None
    temporary = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            _copy_url(url, stream, on_progress, should_stop, spec)
        if spec.weights_hash and not _hash_matches(temporary, spec.weights_hash):
            raise WeightsError(Message("weights.download_damaged", backbone=spec.key,
                                       where=where_to_get_weights(spec.key)))
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_url(url, stream, on_progress, should_stop, spec):
    try:
        with urllib.request.urlopen(url, timeout=READ_TIMEOUT) as response:  # noqa: S310  https (or a mirror)
            total = int(response.headers.get("Content-Length") or 0) or None
            done = 0
            if on_progress:
                on_progress(done, total)
            while True:
                if should_stop and should_stop():
                    raise DownloadCancelled(Message("weights.download_cancelled", backbone=spec.key))
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                stream.write(chunk)
                done += len(chunk)
                if on_progress:
                    on_progress(done, total)
    except WeightsError:
        raise
    except OSError as error:  # urllib's URLError and HTTPError are OSErrors, and so are timeouts.
        raise WeightsError(Message("weights.download_failed", backbone=spec.key, url=url, detail=_one_line(error),
                                   where=where_to_get_weights(spec.key))) from None


def _hash_matches(path, expected):
    """Checks a file against Keras's checksum (64 hex digits: sha256, else md5)."""
    digest = hashlib.sha256() if len(expected) == 64 else hashlib.md5()  # noqa: S324  Keras's own checksum.
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == expected.lower()


# --- Loading a weights file into the backbone --------------------------------------------


def load_backbone_weights(model, key, path):
    """Loads a weights file for backbone `key` without top into the model's `backbone` part.

    Keras's own loader reads it: a Keras 2 `.h5` (as keras.applications downloads them) by
    layer order, a Keras 3 `.weights.h5` by layer path; every array's shape is checked.

    Args:
        model: a model from `models.backbones.build_backbone_classifier` for `key`.
        key: the backbone name.
        path: the weights file.

    Returns:
        How many backbone layers received weights.

    Raises:
        WeightsError: the file is missing, not HDF5 weights, or made for another network
            (or with its top); one line naming the file.
    """
    from core import modelfile, weightsfile

    spec = backbones.get_backbone(key)
    path = Path(path)
    base = backbones.backbone_of(model)
    if base is None:
        raise WeightsError(Message("weights.no_backbone", model=model.name))
    try:
        kind = weightsfile.hdf5_kind(path)
    except modelfile.ModelFileError as error:
        raise WeightsError(Message("weights.unusable_file", reason=error.message, expected=_expected_file(spec))) \
            from None
    if kind == weightsfile.KIND_FULL_MODEL:
        raise WeightsError(at_path(path, Message("weights.whole_model", expected=_expected_file(spec))))
    layout_suffix = ".h5" if _is_keras2_layout(path) else ".weights.h5"
    before = _kernels(base)
    with _named_for_keras(path, layout_suffix) as readable, warnings.catch_warnings():
        # Keras warns once per layer it skips; the one-line error below says it all.
        warnings.simplefilter("ignore", UserWarning)
        try:
            base.load_weights(str(readable))
        except Exception as error:  # Keras raises ValueError, KeyError, ... for a file that does not fit.
            said = {"backbone": key, "detail": _shorten(_one_line(error)), "expected": _expected_file(spec)}
            unfit = Message("weights.not_for_backbone_top", **said) if _has_top(path) else \
                Message("weights.not_for_backbone", **said)
            raise WeightsError(at_path(path, unfit)) from None
    untouched = [name for name, value in before.items() if np.array_equal(value, _kernels(base)[name])]
    if untouched:
        raise WeightsError(at_path(path, Message("weights.missing_layers", count=len(untouched), backbone=key,
                                                 example=untouched[0], expected=_expected_file(spec))))
    if spec.key == "efficientnetb0":
        _match_keras_efficientnet_normalization(model)
    return sum(1 for layer in base.layers if layer.weights)


def _kernels(base):
    """{variable path: values} of every convolution and dense kernel (random until loaded)."""
    return {variable.path: np.asarray(variable.numpy()) for variable in base.weights
            if variable.path.rsplit("/", 1)[-1] in ("kernel", "depthwise_kernel")}


def _expected_file(spec):
    return Message("weights.expected_file", backbone=spec.key, file=spec.weights_file, suffix=".weights.h5",
                   call=f"keras.applications.{spec.application}(include_top=False)")


def _is_keras2_layout(path):
    import h5py

    with h5py.File(str(path), "r") as handle:
        return "layer_names" in handle.attrs


def _has_top(path):
    """Whether the file holds a classifier top (a layer named like one)."""
    import h5py

    try:
        with h5py.File(str(path), "r") as handle:
            names = [name.decode() if isinstance(name, bytes) else str(name)
                     for name in handle.attrs.get("layer_names", [])]
    except (OSError, KeyError):
        return False
    return any(name in ("predictions", "logits", "Logits") for name in names)


class _named_for_keras:  # noqa: N801  Used as a `with` statement.
    """Yields a path Keras's `load_weights` reads in the file's real layout.

    Keras chooses the reader from the name (`.weights.h5` vs `.h5`); a file saved under the
    other name gets a link (or a copy) with the right suffix in a temporary folder.
    """

    def __init__(self, path, suffix):
        self.path = Path(path)
        self.suffix = suffix
        self.folder = None

    def __enter__(self):
        name = self.path.name
        if name.endswith(".weights.h5") == (self.suffix == ".weights.h5") and name.endswith((".h5", ".hdf5")):
            return self.path
        self.folder = tempfile.TemporaryDirectory(prefix="tonguelens-weights-")
        link = Path(self.folder.name) / f"weights{self.suffix}"
        try:
            link.symlink_to(self.path.resolve())
        except OSError:  # Windows without the right to make links.
            import shutil

            shutil.copyfile(self.path, link)
        return link

    def __exit__(self, *exception):
        if self.folder is not None:
            self.folder.cleanup()
        return False


def _match_keras_efficientnet_normalization(model):
    """Makes EfficientNet's input normalisation what Keras's own ImageNet model computes.

    Keras's EfficientNet weights file stores ImageNet's standard deviation where the
    Normalization layer expects the variance, and Keras's ImageNet model adds a Rescaling by
    1/sqrt(std) after it (tensorflow/tensorflow#49930). Squaring those values instead gives the
    same numbers without that layer. A file already holding the variance is left as it is.
    """
    layer = backbones.efficientnet_normalization(model)
    variance = next(weight for weight in layer.weights if weight.path.endswith("variance"))
    values = np.asarray(variance.numpy()).reshape(-1)
    if values.shape == (3,) and np.allclose(values, backbones.IMAGENET_STD_RGB, atol=1e-4):
        variance.assign(np.square(values).reshape(variance.shape))
        layer.finalize_state()


def _shorten(text, limit=240):
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__
