"""The training worker: data-folder scans and training runs, on a thread of their own.

A run takes minutes and a scan decodes every image of a folder; on their own thread neither
holds up the model worker, so the window stays usable. The worker is a `RequestWorker` like
the model worker, behind the same bridge (`gui.model_manager.ModelManager`). TensorFlow is
imported on this thread when the first run starts, never on the GUI's.
"""

import time

from gui.messages import DataScan
from gui.threads import freeze_live_objects, import_tensorflow
from gui.worker import RequestWorker

# Request kinds.
SCAN = "scan"
TRAIN = "train"
KINDS = (SCAN, TRAIN)

# Batch progress is emitted at most this often: a tiny model can do thousands of batches a
# second, and each signal costs the GUI thread a repaint.
_BATCH_SIGNAL_INTERVAL = 0.05


class TrainingWorker(RequestWorker):
    """Serves scans and training runs."""

    def __init__(self, bridge):
        super().__init__(bridge)
        self._crops = {}  # A `--crop` source -> its `core.crop.TongueCrop`, for the scans.

    def _scan(self, request, folder, image_size, channels, labels=None, crop=None):
        """Decodes and checks every image of `folder`, keeping them at `image_size` for the trainer.

        With `labels`, reads the labels table and decodes each of its photos once instead. With
        `crop` (as `TrainConfig.crop`) each photo is cut to the tongue first, as the run will
        need it; the segmenter is loaded once and kept for the next scans.
        """
        from training.attribute_data import scan_labels
        from training.dataset import DatasetError, ScanCancelled, release_store, scan_dataset

        def progress(done, total):
            self.bridge.scan_progress.emit(done, total)

        tongue_crop = self._tongue_crop(crop) if crop else None
        try:
            if labels:
                scan = scan_labels(folder, labels, image_size=image_size, channels=channels, on_progress=progress,
                                   should_stop=request.cancel.is_set, crop=tongue_crop)
            else:
                scan = scan_dataset(folder, on_progress=progress, image_size=image_size, channels=channels,
                                    should_stop=request.cancel.is_set, crop=tongue_crop)
        except ScanCancelled:
            return
        except DatasetError as refusal:  # A refused folder or table still says what was wrong in it.
            self.bridge.scan_finished.emit(DataScan(folder, None, refusal, labels))
            return
        if request.cancel.is_set():  # Another folder was chosen while this one was read.
            release_store(scan.images)
            return
        self.bridge.scan_finished.emit(DataScan(folder, scan, None, labels))

    def _tongue_crop(self, source):
        """The `core.crop.TongueCrop` of `source` with the run's defaults (loaded once per source)."""
        cached = self._crops
        if source not in cached:
            import_tensorflow()
            from core import crop as crops

            cached.clear()  # One segmenter kept at a time.
            cached[source] = crops.open_crop(source)[0]
        return cached[source]

    def _train(self, request, config, scan, folds=0):
        """Trains; `scan` (a `DatasetScan` of the data folder, or None) spares decoding the images again.

        With `folds` (K >= 2) it cross-validates instead (`training.folds.cross_validate`): K runs,
        then the model trained on every image; `folds_finished(FoldsResult)` ends it.
        """
        import_tensorflow()
        freeze_live_objects()
        from training import trainer

        callback = _make_callback(self.bridge)
        if folds:
            from training import folds as cross_validation

            result = cross_validation.cross_validate(config, folds, callback=callback,
                                                     should_stop=request.cancel.is_set)
            self.bridge.folds_finished.emit(result)
            return
        result = trainer.train(config, callback=callback, should_stop=request.cancel.is_set, scan=scan)
        self.bridge.training_finished.emit(result)


def _make_callback(bridge):
    from training.progress import TrainingCallback

    class Callback(_SignalCallback, TrainingCallback):
        pass

    return Callback(bridge)


class _SignalCallback:
    """A `training.progress.TrainingCallback` that emits each event as a signal of the bridge."""

    def __init__(self, bridge):
        self._bridge = bridge
        self._last_batch = 0.0

    def on_scan(self, scan):
        pass  # The dialog shows its own scan; the run's counts come with `on_train_begin`.

    def on_train_begin(self, info):
        self._bridge.training_begun.emit(info)

    def on_batch_end(self, progress):
        now = time.monotonic()
        last_of_epoch = progress.batches and progress.batch >= progress.batches
        if last_of_epoch or now - self._last_batch >= _BATCH_SIGNAL_INTERVAL:
            self._last_batch = now
            self._bridge.training_progress.emit(progress)

    def on_epoch_end(self, progress):
        self._bridge.training_epoch_ended.emit(progress)

    def on_phase(self, info):
        self._bridge.training_phase.emit(info)

    def on_train_end(self, result):
        pass  # `training_finished` carries the result once `train` returns.

    def on_message(self, text):
        self._bridge.training_message.emit(text)  # A core Message, kept whole: the widgets show it in the app's language.

    def on_warning(self, text):
        self._bridge.training_warning.emit(text)
