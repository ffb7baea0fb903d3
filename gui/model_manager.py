"""The one bridge between the core and the widgets: `ModelManager`.

Widgets call its methods on the GUI thread; each returns at once and becomes a
`gui.worker.Request`, served in order by a worker on its own thread:

- the model worker (`gui.model_worker.ModelWorker`), long-lived, owns TensorFlow and the
  model: load, show and classify an image, feature maps, channels, filters, Grad-CAM, the
  tongue's outline, a folder, the layer table of a preset or a pattern;
- the training worker (`gui.training_worker.TrainingWorker`), started with the first data
  scan or run: it scans data folders and trains, so the window and the model stay usable;
- the export worker (`gui.export_worker.ExportWorker`), started with the first export: it
  exports a model file for phones, servers or ONNX and checks it (tens of seconds);
- the evaluation worker (`gui.evaluation_worker.EvaluationWorker`), started with the first
  evaluation: it scores a model file on a labelled folder, or compares two.

Results come back as the signals below, declared here once and emitted by the workers from
their threads (Qt delivers them on the GUI thread), carrying plain data (`gui.messages`). A
request that fails emits `failed(kind, message)` with a one-line message naming the file;
every request, served, failed, cancelled or skipped, ends with `request_ended(kind, number)`.
"""

import itertools

from PyQt5 import QtCore

from gui import config
from gui.evaluation_worker import EVALUATE, EvaluationWorker
from gui.export_worker import EXPORT, ExportWorker
from gui.model_worker import (
    BATCH, CALIBRATE, CHANNEL, CHECK_WEIGHTS, FEATURES, FILTERS, GRADCAM, IMAGE, LAYER_TABLE, LOAD, REPORT,
    SAVE_CALIBRATED, TONGUE, ModelWorker)
from gui.threads import WorkerThread
from gui.training_worker import SCAN, TRAIN, TrainingWorker
from gui.worker import Request

# Kinds whose newer request replaces an older one still waiting or running.
_REPLACED_BY_NEWER = (LAYER_TABLE, CHECK_WEIGHTS, SCAN, EVALUATE, BATCH)
# The workers started with their first request: lane name -> (worker class, thread name).
_LATER_LANES = {"training": (TrainingWorker, "tonguelens-training"), "export": (ExportWorker, "tonguelens-export"),
                "evaluation": (EvaluationWorker, "tonguelens-evaluation")}


class ModelManager(QtCore.QObject):
    """Owns the workers and their threads; the widgets' only way to reach the core.

    Call `start()` once the window is shown, `shutdown()` when it closes.
    """

    # The model worker.
    activity = QtCore.pyqtSignal(str)  # "" when idle, else what the model worker is doing (a kind)
    tensorflow_ready = QtCore.pyqtSignal(float)  # seconds the import took
    model_loading = QtCore.pyqtSignal(str)  # path
    model_loaded = QtCore.pyqtSignal(object)  # ModelSummary
    image_shown = QtCore.pyqtSignal(object)  # ImageShown
    prediction_ready = QtCore.pyqtSignal(object)  # Prediction
    features_ready = QtCore.pyqtSignal(object)  # FeatureMaps
    channel_ready = QtCore.pyqtSignal(object)  # ChannelView
    filters_ready = QtCore.pyqtSignal(object)  # FilterView
    gradcam_ready = QtCore.pyqtSignal(object)  # GradCamView
    tongue_ready = QtCore.pyqtSignal(object)  # TongueView: with every prediction of a cropping model, or asked for
    batch_started = QtCore.pyqtSignal(int)  # files
    batch_progress = QtCore.pyqtSignal(int, int)  # done, total
    batch_finished = QtCore.pyqtSignal(object)  # BatchResult
    layer_table_ready = QtCore.pyqtSignal(object)  # LayerTableView
    weights_checked = QtCore.pyqtSignal(object)  # WeightsCheck
    report_saved = QtCore.pyqtSignal(object)  # ReportSaved
    calibration_progress = QtCore.pyqtSignal(int, int)  # photos read, total
    calibration_changed = QtCore.pyqtSignal(object)  # CalibrationView
    calibrated_copy_saved = QtCore.pyqtSignal(object)  # SavedCopy
    # The training worker.
    scan_progress = QtCore.pyqtSignal(int, int)  # done, total
    scan_finished = QtCore.pyqtSignal(object)  # DataScan
    training_begun = QtCore.pyqtSignal(object)  # dict: run folder, classes, images, batches...
    training_progress = QtCore.pyqtSignal(object)  # TrainProgress, after a batch (at most 20 a second)
    training_epoch_ended = QtCore.pyqtSignal(object)  # TrainProgress, after an epoch
    training_message = QtCore.pyqtSignal(object)  # core.messages.Message
    training_warning = QtCore.pyqtSignal(object)  # core.messages.Message
    training_finished = QtCore.pyqtSignal(object)  # TrainResult (cancelled runs too)
    folds_finished = QtCore.pyqtSignal(object)  # training.folds.FoldsResult (cancelled ones too)
    training_phase = QtCore.pyqtSignal(object)  # training.progress.PhaseInfo: a fine-tuning phase starts
    # The export worker.
    export_stage = QtCore.pyqtSignal(object)  # core.messages.Message: what the export is doing
    export_finished = QtCore.pyqtSignal(object)  # ExportDone: written and checked, or refused
    # The evaluation worker.
    evaluation_progress = QtCore.pyqtSignal(int, int)  # done, total (a 0..1000 scale)
    evaluation_finished = QtCore.pyqtSignal(object)  # Evaluation
    # Evaluation.

    def evaluate_folder(self, folder, model_path, relight=False, calibrate=False, other_path="", labels=""):
        """Scores the model file on a labelled folder, as `main.py evaluate` does, on the evaluation thread.

        `evaluation_progress` as it goes, then `evaluation_finished(Evaluation)`, or
        `failed("evaluate", ...)` with a one-line message naming the folder or model file.
        A newer evaluation replaces one still running.

        Args:
            folder: one sub-folder of photos per class.
            model_path: the `.keras` file (loaded again there, in safe mode).
            relight: also score re-lit copies (`evaluate --relight all`).
            calibrate: calibrate the light from the photos (`evaluate --calibrate`).
            other_path: compare with this model file instead (`evaluate --compare`).
            labels: score each attribute on this labels table instead (`evaluate --labels`; with
                `relight` and `calibrate` as for a folder).
        """
        return self._send(EVALUATE, str(folder), str(model_path), bool(relight), bool(calibrate),
                          str(other_path or ""), str(labels or ""))

    # Every request.
    failed = QtCore.pyqtSignal(str, object)  # kind, one-line message (a str, or a core.messages.Message)
    request_ended = QtCore.pyqtSignal(str, int)  # kind, number

    def __init__(self, parent=None):
        super().__init__(parent)
        self._numbers = itertools.count(1)
        self._latest = {}  # kind -> its latest Request
        self._pending = []  # Requests sent and not ended yet
        self._closed = False  # After `shutdown`, no request runs and no thread starts.
        model_worker = ModelWorker(self)
        self._model_worker = model_worker
        self._lanes = {"model": _Lane(model_worker, "tonguelens-model", prepare=model_worker.start, parent=self)}
        self._routes = {**dict.fromkeys((SCAN, TRAIN), "training"), EXPORT: "export", EVALUATE: "evaluation"}

    # Threads.

    def start(self):
        """Starts the model thread, which begins by importing TensorFlow."""
        self._lanes["model"].start()

    def is_running(self):
        """Whether any of the bridge's threads is running."""
        return any(lane.is_running() for lane in self._lanes.values())

    def shutdown(self):
        """Cancels every request and waits for the threads to end (a run keeps its best model)."""
        self._closed = True
        for request in self._pending:
            request.cancel.set()
        for lane in self._lanes.values():
            lane.stop()
        for request in self._pending:  # Never served now: over all the same.
            request.ended.set()
        self._pending = []

    # The model.

    def load_model(self, path):
        """Loads the `.keras` file `path`; `model_loaded` or `failed("load", ...)` follows."""
        return self._send(LOAD, str(path))

    def show_image(self, path):
        """Decodes `path` (`image_shown`) and classifies it when a model is loaded (`prediction_ready`)."""
        return self._send(IMAGE, str(path))

    def request_features(self, path, layer, sort_by_mean=False, max_channels=config.MAX_CHANNELS):
        """Feature maps of `layer` for the image `path` (ignored if that is no longer the current image)."""
        return self._send(FEATURES, str(path), layer, bool(sort_by_mean), int(max_channels))

    def request_channel(self, path, layer, channel):
        """One channel of `layer`, large."""
        return self._send(CHANNEL, str(path), layer, int(channel))

    def request_filters(self, layer):
        """The learned filters of `layer`."""
        return self._send(FILTERS, layer)

    def request_gradcam(self, path, class_index, layer=None, attribute=0):
        """A Grad-CAM heat map for class `class_index` of the image `path`, of the head `attribute`."""
        return self._send(GRADCAM, str(path), int(class_index), layer, int(attribute))

    def save_report(self, path, html_path, pdf_path):
        """Writes the one-page report of the image `path` (HTML and PDF); `report_saved` follows."""
        return self._send(REPORT, str(path), str(html_path), str(pdf_path))

    def request_tongue(self, path):
        """The tongue's outline in the image `path` (`tongue_ready`).

        A model that crops to the tongue sends it with every prediction (its own crop); for
        other models the bundled segmenter draws the outline alone.
        """
        return self._send(TONGUE, str(path))

    def calibrate_light(self, folder):
        """Calibrates the light from the photos of `folder` (`core.calibration`); `calibration_changed` follows.

        Every photo shown, classified or inspected afterwards is corrected to the model's
        training light, until `clear_calibration` or another model loads.
        """
        return self._send(CALIBRATE, str(folder))

    def restore_calibration(self, saved):
        """Applies a calibration made earlier (`Calibration.to_json()`); `calibration_changed` follows."""
        return self._send(CALIBRATE, None, dict(saved))

    def clear_calibration(self):
        """Uses photos as they are again; `calibration_changed` follows."""
        return self._send(CALIBRATE, None)

    def save_calibrated_copy(self, path):
        """Writes a copy of the model file that applies the calibration in use itself (in exports
        and plain Keras too); `calibrated_copy_saved` follows."""
        return self._send(SAVE_CALIBRATED, str(path))

    def classify_files(self, paths, skipped=(), folders=()):
        """Classifies many files; `batch_started`, `batch_progress`, then `batch_finished`.

        The folders are listed on the model thread first (a photo archive on a network drive
        takes seconds); `failed("batch", ...)` names one that holds far too many files.
        A newer batch replaces one still waiting or running: that one stops after its current step.

        Args:
            paths: image files.
            skipped: [{"path", "reason"}] of files already known not to be images; they are
                listed in the result with their reason.
            folders: folders whose images (sub-folders included) are classified too.
        """
        return self._send(BATCH, [str(path) for path in paths], [dict(item) for item in skipped],
                          [str(folder) for folder in folders])

    def cancel_batch(self):
        """Asks a running folder classification to stop after its current batch."""
        self.cancel(BATCH)

    def forward_passes(self):
        """Forward passes the loaded model has run so far: one per photo shown, one per batch."""
        return self._model_worker.forward_passes()

    # Architectures.

    def request_layer_table(self, arch, input_shape, num_classes):
        """The layer table of a preset or a pattern (`models.layer_table`); `layer_table_ready` follows.

        A newer request replaces one not answered yet. A pattern's table is instant; a preset is
        built with Keras, once TensorFlow is ready.
        """
        return self._send(LAYER_TABLE, arch, tuple(int(side) for side in input_shape), int(num_classes))

    def check_weights(self, arch, path):
        """Whether a weights file fits backbone `arch` (loaded as a run would); `weights_checked` follows.

        A newer request replaces one not answered yet.
        """
        return self._send(CHECK_WEIGHTS, str(arch), str(path))

    # Data and training.

    def scan_folder(self, folder, image_size, channels=3, labels=None, crop=None):
        """Checks every image of a data folder; `scan_progress`, then `scan_finished(DataScan)`.

        The images are kept at `image_size` (height, width) with `channels`, so that a run
        started with the scan (`start_training`) does not decode them again. With `labels` (a
        labels table) the table is read and each of its photos decoded once instead
        (`training.attribute_data.scan_labels`): its attributes, classes, counts and blanks.
        With `crop` ("tongue" or a segmenter file, as `TrainConfig.crop`) the images are kept
        cut to the tongue, as a run with that crop needs them. A newer scan replaces one still
        running.
        """
        return self._send(SCAN, str(folder), tuple(image_size), int(channels), str(labels) if labels else None, crop)

    def start_training(self, config, scan=None, folds=0):
        """Trains with a `training.trainer.TrainConfig` on the training thread.

        `training_begun`, `training_progress`, `training_epoch_ended`, `training_message`,
        `training_warning`, then `training_finished(TrainResult)` (with `folds`:
        `folds_finished(FoldsResult)`) or `failed("train", ...)`.

        Args:
            config: the run's settings.
            scan: the `DatasetScan` of `config.data_dir` from `scan_folder`; the run takes its
                decoded images if the folder has not changed since.
            folds: K >= 2 cross-validates with K folds (every fold's run in turn, then the model
                kept, trained on every image; `training.folds`); 0 trains once.
        """
        return self._send(TRAIN, config, scan, int(folds))

    def cancel_training(self):
        """Asks a run to stop after the current batch (the best model so far is kept)."""
        self.cancel(TRAIN)

    # Export.

    def export_model(self, model_path, format, out, overwrite=False):
        """Exports the model file as "onnx", "litert" or "savedmodel" into the new folder `out`, checked.

        `export_stage` as it goes, then `export_finished(ExportDone)`: the folder written, or the
        one-line refusal (`core.export.ExportError`); a bug is `failed("export", ...)`.
        """
        return self._send(EXPORT, str(model_path), str(format), str(out), bool(overwrite))

    # Every request.

    def cancel(self, kind):
        """Asks the latest request of `kind` to stop (or not to start)."""
        request = self._latest.get(kind)
        if request is not None:
            request.cancel.set()

    def is_busy(self, kind):
        """Whether the latest request of `kind` is waiting or running."""
        request = self._latest.get(kind)
        return request is not None and not request.ended.is_set()

    def _send(self, kind, *arguments):
        if kind in _REPLACED_BY_NEWER:
            self.cancel(kind)
        request = Request(kind, arguments, next(self._numbers))
        self._latest[kind] = request
        if self._closed:  # A widget's late request while the window closes: nothing runs.
            request.ended.set()
            return request.number
        self._pending = [each for each in self._pending if not each.ended.is_set()] + [request]
        self._lane(kind).submit.emit(request)
        return request.number

    def _lane(self, kind):
        name = self._routes.get(kind, "model")
        if name not in self._lanes:  # The training and export threads start with their first request.
            worker, thread_name = _LATER_LANES[name]
            self._lanes[name] = _Lane(worker(self), thread_name, parent=self)
            self._lanes[name].start()
        return self._lanes[name]


class _Lane(QtCore.QObject):
    """One worker on its own `WorkerThread`, fed through a queued signal."""

    submit = QtCore.pyqtSignal(object)  # Request

    def __init__(self, worker, name, prepare=None, parent=None):
        super().__init__(parent)
        self._thread = WorkerThread(name, prepare=prepare)
        self._worker = worker
        worker.moveToThread(self._thread)
        self.submit.connect(worker.handle)

    def start(self):
        if not self._thread.isRunning():
            self._thread.start()

    def is_running(self):
        return self._thread.isRunning()

    def stop(self):
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
