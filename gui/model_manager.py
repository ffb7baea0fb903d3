"""The one bridge between the core and the widgets: a long-lived worker thread that owns the model.

TensorFlow is imported on this thread, and the model and its one wrapper (an inspection
engine, or a plain `Classifier` for a model the engine cannot walk) are created and used only
here (Keras state is thread-local). Widgets call the
`ModelManager` methods on the GUI thread; each becomes a queued request served in order by
`ModelWorker`, and results come back as typed signals carrying plain data (`gui.messages`).
A request that fails emits `failed(kind, message)` with a one-line message naming the file;
the worker keeps serving.
"""

import logging
import threading
import time
from pathlib import Path

import numpy as np
from PyQt5 import QtCore

from gui import config
from gui.messages import (
    BatchResult, BatchRow, ChannelView, FeatureMaps, FilterView, GradCamView, ImageShown, LayerRow,
    ModelSummary, Prediction)
from gui.threads import WorkerThread, import_tensorflow
from gui.thumbnails import make_thumbnail

log = logging.getLogger(__name__)

# Request kinds; `failed` reports the kind so the window knows what could not be done.
LOAD = "load"
IMAGE = "image"
FEATURES = "features"
CHANNEL = "channel"
FILTERS = "filters"
GRADCAM = "gradcam"
BATCH = "batch"
STARTUP = "startup"

# Grad-CAM's colours, as `inspection.gradcam.overlay` draws them: blue cold, red hot.
HEAT_COLORMAP = "turbo"


def one_line(error):
    """A one-line message for an exception: its own text, else its type name."""
    return " ".join(str(error).split()) or type(error).__name__


def with_path(path, error):
    """An error message that names `path` exactly once (core errors already start with it)."""
    text = one_line(error)
    return text if text.startswith(str(path)) else f"{path}: {text}"


class ModelWorker(QtCore.QObject):
    """Serves model requests on its own thread; create it with no parent and move it there."""

    activity = QtCore.pyqtSignal(str)  # "" when idle, else what it is doing (a request kind)
    tensorflow_ready = QtCore.pyqtSignal(float)  # seconds the import took
    model_loading = QtCore.pyqtSignal(str)
    model_loaded = QtCore.pyqtSignal(object)  # ModelSummary
    image_shown = QtCore.pyqtSignal(object)  # ImageShown
    prediction_ready = QtCore.pyqtSignal(object)  # Prediction
    features_ready = QtCore.pyqtSignal(object)  # FeatureMaps
    channel_ready = QtCore.pyqtSignal(object)  # ChannelView
    filters_ready = QtCore.pyqtSignal(object)  # FilterView
    gradcam_ready = QtCore.pyqtSignal(object)  # GradCamView
    batch_started = QtCore.pyqtSignal(int)
    batch_progress = QtCore.pyqtSignal(int, int)
    batch_finished = QtCore.pyqtSignal(object)  # BatchResult
    failed = QtCore.pyqtSignal(str, str)  # kind, message

    def __init__(self, cancel_event):
        super().__init__()
        self._cancel = cancel_event
        self._loaded = None
        self._model = None  # The one wrapper: an InspectionEngine, or a Classifier.
        self._engine = None  # The same object when it can inspect, else None.
        self._image_path = None
        self._input = None

    def start(self):
        """Imports TensorFlow (a few seconds) while the window is already on screen.

        Runs on the model thread before its event loop (`WorkerThread.prepare`): TensorFlow
        must be imported and first used under the Python thread state that later requests use.
        """
        self.activity.emit(STARTUP)
        try:
            self.tensorflow_ready.emit(import_tensorflow())
        except Exception as error:
            log.exception("TensorFlow import failed")
            message = QtCore.QCoreApplication.translate("ModelWorker", "TensorFlow could not be started: {reason}")
            self.failed.emit(STARTUP, message.format(reason=one_line(error)))
        finally:
            self.activity.emit("")

    @QtCore.pyqtSlot(str, object)
    def handle(self, kind, arguments):
        """Runs one request; any exception becomes `failed(kind, message)`."""
        self.activity.emit(kind)
        try:
            getattr(self, f"_{kind}")(*arguments)
        except Exception as error:
            known = _is_user_error(error)
            if not known:
                log.exception("%s request failed", kind)
            subject = arguments[0] if arguments and isinstance(arguments[0], str) else kind
            self.failed.emit(kind, with_path(subject, error) if subject else one_line(error))
        finally:
            self.activity.emit("")

    # Requests. Each runs on the worker thread.

    def _load(self, path):
        from core import modelfile, predictor

        self.model_loading.emit(path)
        began = time.perf_counter()
        loaded = modelfile.load_model(path)
        engine, note = _make_engine(loaded)
        model = engine or predictor.Classifier(loaded)
        model.predict(np.zeros(tuple(loaded.info.input_shape), np.uint8))  # Traces the pass photos take.
        self._loaded, self._model, self._engine = loaded, model, engine
        self._image_path = self._input = None
        self.model_loaded.emit(_summarize(loaded, engine, note, time.perf_counter() - began))

    def _image(self, path):
        from core import images

        rgb = images.load_rgb(path)
        self._image_path, self._input = None, None
        original_size = rgb.size
        rgb.thumbnail((config.DISPLAY_MAX_SIDE, config.DISPLAY_MAX_SIDE))
        self.image_shown.emit(ImageShown(path, np.asarray(rgb, dtype=np.uint8).copy(), original_size))
        if self._model is None:
            return
        began = time.perf_counter()
        model_input = self._model.load_image(path)
        probabilities = self._model.predict(model_input)  # The engine's one pass also caches every layer.
        milliseconds = (time.perf_counter() - began) * 1000.0
        from core.predictor import top_k

        self._image_path, self._input = path, model_input
        self.prediction_ready.emit(Prediction(
            path=path, model_path=self._loaded.path, probabilities=np.asarray(probabilities).copy(),
            top=top_k(probabilities, self._model.class_names, config.TOP_K),
            class_index=int(np.argmax(probabilities)), milliseconds=milliseconds))

    def _features(self, path, layer, sort_by_mean, max_channels):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import features

        activation = np.asarray(self._engine.activations(self._input, layer))
        self.features_ready.emit(_feature_maps(features, path, layer, activation, sort_by_mean, max_channels))

    def _channel(self, path, layer, channel):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import features

        activation = np.asarray(self._engine.activations(self._input, layer))
        values = features.as_maps(activation)[..., channel]
        pixels = features.channel_image(activation, channel)
        self.channel_ready.emit(ChannelView(
            path, layer, int(channel), np.asarray(pixels, dtype=np.uint8).copy(),
            float(values.min()), float(values.max()), float(values.mean())))

    def _filters(self, layer):
        if self._loaded is None:
            return
        from inspection import filters

        try:
            pixels, note = filters.filter_grid(self._engine or self._loaded, layer)
        except ValueError as error:  # A layer without drawable weights (pooling, activation): say so.
            self.filters_ready.emit(FilterView(layer, None, one_line(error)))
            return
        pixels = None if pixels is None else np.asarray(pixels, dtype=np.uint8).copy()
        self.filters_ready.emit(FilterView(layer, pixels, note))

    def _gradcam(self, path, class_index, layer):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import gradcam

        layer = layer or self._engine.gradcam_layer()
        heatmap = np.asarray(gradcam.gradcam(self._engine, self._input, class_index=class_index, layer_name=layer),
                             dtype=np.float32)
        self.gradcam_ready.emit(GradCamView(path, int(class_index), layer, heatmap.copy(), _heat_rgba(heatmap),
                                            _heat_legend()))

    def _batch(self, paths, skipped):
        if self._model is None:
            raise RuntimeError("open a model before classifying a folder")
        began = time.perf_counter()
        total = len(paths)
        self.batch_started.emit(total)
        results = self._model.classify_files(
            paths, k=config.TOP_K, batch_size=config.BATCH_SIZE,
            on_progress=lambda done, count: self.batch_progress.emit(done, count),
            should_stop=self._cancel.is_set)
        rows = []
        for result in results:
            if self._cancel.is_set():
                break
            rows.append(BatchRow(path=result["path"], top=result.get("top", []), error=result.get("error", ""),
                                 thumbnail=make_thumbnail(result["path"])))
        rows.extend(BatchRow(path=item["path"], top=[], error=f"{item['path']}: {item['reason']}")
                    for item in skipped)
        self.batch_finished.emit(BatchResult(
            rows=rows, total=total, cancelled=self._cancel.is_set(), seconds=time.perf_counter() - began,
            model_path=self._loaded.path))

    def _is_current(self, path):
        return self._input is not None and path == self._image_path

    def forward_passes(self):
        """Forward passes the loaded model has run so far (0 before a model is loaded)."""
        return self._model.forward_passes if self._model is not None else 0


class ModelManager(QtCore.QObject):
    """Owns the model thread; the widgets' only way to reach a model.

    Call `start()` once the window is shown. Every method returns at once; results arrive
    as signals (the same names as `ModelWorker`'s), on the GUI thread.
    """

    activity = QtCore.pyqtSignal(str)
    tensorflow_ready = QtCore.pyqtSignal(float)
    model_loading = QtCore.pyqtSignal(str)
    model_loaded = QtCore.pyqtSignal(object)
    image_shown = QtCore.pyqtSignal(object)
    prediction_ready = QtCore.pyqtSignal(object)
    features_ready = QtCore.pyqtSignal(object)
    channel_ready = QtCore.pyqtSignal(object)
    filters_ready = QtCore.pyqtSignal(object)
    gradcam_ready = QtCore.pyqtSignal(object)
    batch_started = QtCore.pyqtSignal(int)
    batch_progress = QtCore.pyqtSignal(int, int)
    batch_finished = QtCore.pyqtSignal(object)
    failed = QtCore.pyqtSignal(str, str)

    _request = QtCore.pyqtSignal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._worker = ModelWorker(self._cancel)
        self._thread = WorkerThread("tonguelens-model", prepare=self._worker.start)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.handle)
        for name in ("activity", "tensorflow_ready", "model_loading", "model_loaded", "image_shown",
                     "prediction_ready", "features_ready", "channel_ready", "filters_ready", "gradcam_ready",
                     "batch_started", "batch_progress", "batch_finished", "failed"):
            getattr(self._worker, name).connect(getattr(self, name))
        self.busy_kinds = []

    def start(self):
        """Starts the model thread, which begins by importing TensorFlow."""
        if not self._thread.isRunning():
            self._thread.start()

    def is_running(self):
        """Whether the model thread is running."""
        return self._thread.isRunning()

    def forward_passes(self):
        """Forward passes the loaded model has run so far: one per photo shown, one per batch."""
        return self._worker.forward_passes()

    def load_model(self, path):
        """Loads the `.keras` file `path`; `model_loaded` or `failed("load", ...)` follows."""
        self._send(LOAD, str(path))

    def show_image(self, path):
        """Decodes `path` (`image_shown`) and classifies it when a model is loaded (`prediction_ready`)."""
        self._send(IMAGE, str(path))

    def request_features(self, path, layer, sort_by_mean=False, max_channels=config.MAX_CHANNELS):
        """Feature maps of `layer` for the image `path` (ignored if that is no longer the current image)."""
        self._send(FEATURES, str(path), layer, bool(sort_by_mean), int(max_channels))

    def request_channel(self, path, layer, channel):
        """One channel of `layer`, large."""
        self._send(CHANNEL, str(path), layer, int(channel))

    def request_filters(self, layer):
        """The learned filters of `layer`."""
        self._send(FILTERS, layer)

    def request_gradcam(self, path, class_index, layer=None):
        """A Grad-CAM heat map for class `class_index` of the image `path`."""
        self._send(GRADCAM, str(path), int(class_index), layer)

    def classify_files(self, paths, skipped=()):
        """Classifies many files; `batch_started`, `batch_progress`, then `batch_finished`.

        Args:
            paths: image files.
            skipped: [{"path", "reason"}] of files already known not to be images; they are
                listed in the result with their reason.
        """
        self._cancel.clear()
        self._send(BATCH, [str(path) for path in paths], [dict(item) for item in skipped])

    def cancel_batch(self):
        """Asks a running folder classification to stop after its current batch."""
        self._cancel.set()

    def shutdown(self):
        """Stops the model thread and waits for it (a running batch is cancelled first)."""
        self._cancel.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def _send(self, kind, *arguments):
        self._request.emit(kind, arguments)


def _is_user_error(error):
    from core.images import ImageError
    from core.modelfile import ModelFileError

    return isinstance(error, (ImageError, ModelFileError))


def _make_engine(loaded):
    """The inspection engine of a model, or (None, why) when inspection is not possible."""
    try:
        from inspection.engine import InspectionEngine
    except ImportError:
        return None, QtCore.QCoreApplication.translate("ModelWorker", "Inspection is not available in this install")
    try:
        return InspectionEngine(loaded), ""
    except Exception as error:  # A foreign model the engine cannot take: classify still works.
        log.exception("inspection engine failed")
        # `translate` is thread-safe: this runs on the model thread.
        message = QtCore.QCoreApplication.translate("ModelWorker", "{name}: cannot inspect this model ({reason})")
        return None, message.format(name=Path(loaded.path).name, reason=one_line(error))


def _summarize(loaded, engine, note, seconds):
    rows = _layer_rows(loaded, engine)
    conv_rows = [row for row in rows if row.is_conv and row.spatial]
    spatial_rows = [row for row in rows if row.spatial and row.inspectable]
    default = (conv_rows or spatial_rows or [None])[0]
    last_conv = ""
    if engine is not None:
        try:
            last_conv = engine.gradcam_layer() or ""
        except ValueError:  # No layer with a spatial output: nothing for Grad-CAM to map.
            last_conv = ""
    info = loaded.info
    return ModelSummary(
        name=loaded.name, path=loaded.path, class_names=list(info.class_names),
        input_shape=tuple(info.input_shape), arch=info.arch or "", training=dict(info.training or {}),
        layers=rows, default_layer=default.name if default else "", last_conv_layer=last_conv,
        total_params=int(loaded.model.count_params()), seconds=seconds, inspection_note=note)


def _layer_rows(loaded, engine):
    """The layer list: the architecture table's rows, marked with what the engine can show.

    The engine pairs its layers with the table's rows itself (one walk gives both); a model
    the engine cannot walk lists the table's rows, or Keras's own layers, none inspectable.
    """
    if engine is not None:
        return [_layer_row(info, row) for info, row in engine.layer_list()]
    try:
        from models import table

        return [_layer_row(None, row) for row in table.architecture_table(loaded.model).rows]
    except Exception:  # The table is a help, not a must: fall back to Keras's own layer list.
        log.exception("architecture table failed")
        return [LayerRow(name=layer.name, type=type(layer).__name__, output_shape=_output_shape(layer),
                         params=layer.count_params()) for layer in loaded.model.layers]


def _layer_row(info, row):
    """One `LayerRow` from the engine's `LayerInfo` and the table's `ArchRow` (either may be None)."""
    source = row if info is None else info
    return LayerRow(
        name=source.name, type=source.type, output_shape=tuple(source.output_shape or ()),
        params=row.params if row is not None else None,
        receptive_field=row.receptive_field if row is not None else None,
        inspectable=info is not None, spatial=bool(info is not None and info.has_spatial_output),
        is_conv=bool(info is not None and info.is_conv))


def _output_shape(layer):
    try:
        return tuple(layer.output.shape[1:])
    except Exception:  # Layers with several outputs have no single shape.
        return ()


def _feature_maps(features, path, layer, activation, sort_by_mean, max_channels):
    """Draws the grid with the inspection module and keeps which channel each tile shows."""
    grid = features.feature_grid(activation, sort_by_mean=sort_by_mean, max_channels=max_channels)
    shown = features.shown_channels(activation, sort_by_mean, max_channels)
    maps = features.as_maps(activation)
    shape = tuple(np.shape(activation)[1:]) if np.ndim(activation) >= 2 else tuple(maps.shape)
    return FeatureMaps(path=path, layer=layer, grid=np.asarray(grid, dtype=np.uint8).copy(),
                       channels=int(maps.shape[2]), shown=shown, shape=shape)


def _heat_legend():
    from inspection import colormaps

    return np.asarray(colormaps.lookup_table(HEAT_COLORMAP), dtype=np.uint8)[None].copy()


def _heat_rgba(heatmap):
    """Colours a heat map for blending; alpha follows `inspection.gradcam.overlay`'s weights."""
    from inspection import colormaps

    heat = np.clip(np.nan_to_num(np.asarray(heatmap, dtype=np.float32)), 0.0, 1.0)
    alpha = np.round(255.0 * (0.15 + 0.85 * heat)).astype(np.uint8)[..., None]
    return np.concatenate([colormaps.apply(heat, HEAT_COLORMAP), alpha], axis=-1)
