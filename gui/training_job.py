"""Training on its own thread, and a small helper to run any slow call off the GUI thread.

`TrainingJob` runs `training.trainer.train` on a fresh QThread, forwards the trainer's
plain-Python callback as queued signals, and cancels cooperatively: the trainer checks
`should_stop` after every batch. TensorFlow is imported on that thread, never on the GUI's.
"""

import logging
import threading
import time

from PyQt5 import QtCore

from gui.model_manager import one_line
from gui.threads import WorkerThread, import_tensorflow

log = logging.getLogger(__name__)

# Batch progress is forwarded at most this often: a tiny model can do thousands of batches
# a second, and each signal costs the GUI thread a repaint.
_BATCH_SIGNAL_INTERVAL = 0.05


class _SignalCallback:
    """A `training.progress.TrainingCallback` that re-emits each event as a signal of `worker`."""

    def __init__(self, worker):
        self._worker = worker
        self._last_batch = 0.0

    def on_scan(self, scan):
        self._worker.scanned.emit(scan)

    def on_train_begin(self, info):
        self._worker.train_begun.emit(info)

    def on_batch_end(self, progress):
        now = time.monotonic()
        last_of_epoch = progress.batches and progress.batch >= progress.batches
        if last_of_epoch or now - self._last_batch >= _BATCH_SIGNAL_INTERVAL:
            self._last_batch = now
            self._worker.progress.emit(progress)

    def on_epoch_end(self, progress):
        self._worker.epoch_ended.emit(progress)

    def on_train_end(self, result):
        pass  # `finished` carries the result once `train` returns.

    def on_message(self, text):
        self._worker.message.emit(str(text))

    def on_warning(self, text):
        self._worker.warning.emit(str(text))


class TrainingWorker(QtCore.QObject):
    """Runs one training run; lives on the job's thread."""

    started = QtCore.pyqtSignal()
    scanned = QtCore.pyqtSignal(object)  # training.dataset.DatasetScan
    train_begun = QtCore.pyqtSignal(object)  # dict
    progress = QtCore.pyqtSignal(object)  # TrainProgress, after a batch
    epoch_ended = QtCore.pyqtSignal(object)  # TrainProgress, after an epoch
    message = QtCore.pyqtSignal(str)
    warning = QtCore.pyqtSignal(str)
    finished = QtCore.pyqtSignal(object)  # TrainResult
    failed = QtCore.pyqtSignal(str)

    def __init__(self, config, cancel_event):
        super().__init__()
        self._config = config
        self._cancel = cancel_event

    @QtCore.pyqtSlot()
    def run(self):
        """Trains; emits `finished(result)` or `failed(message)`, never raises."""
        self.started.emit()
        try:
            from training import trainer

            callback = _make_callback(self)
            result = trainer.train(self._config, callback=callback, should_stop=self._cancel.is_set)
            self.finished.emit(result)
        except Exception as error:
            if getattr(error, "details", ""):  # training.trainer.TrainingFailed: TensorFlow's whole error.
                log.error("training failed: %s", error.details)
            elif not _is_user_error(error):
                log.exception("training failed")
            self.failed.emit(one_line(error))


def _make_callback(worker):
    from training.progress import TrainingCallback

    class Callback(_SignalCallback, TrainingCallback):
        pass

    return Callback(worker)


def _is_user_error(error):
    # Problems of the data or the settings (a bad folder, a geometry that does not fit) are
    # the user's to fix; they get a message, not a logged traceback.
    return isinstance(error, (ValueError, OSError))


class TrainingJob(QtCore.QObject):
    """One training run on its own thread.

    Signals are those of `TrainingWorker`, delivered on the GUI thread, plus `done` once the
    thread has ended (after `finished` or `failed`).

    Args:
        config: a `training.trainer.TrainConfig`.
    """

    started = QtCore.pyqtSignal()
    scanned = QtCore.pyqtSignal(object)
    train_begun = QtCore.pyqtSignal(object)
    progress = QtCore.pyqtSignal(object)
    epoch_ended = QtCore.pyqtSignal(object)
    message = QtCore.pyqtSignal(str)
    warning = QtCore.pyqtSignal(str)
    finished = QtCore.pyqtSignal(object)
    failed = QtCore.pyqtSignal(str)
    done = QtCore.pyqtSignal()

    def __init__(self, config, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = WorkerThread("tonguelens-training", prepare=import_tensorflow)
        self._worker = TrainingWorker(config, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        for name in ("started", "scanned", "train_begun", "progress", "epoch_ended", "message", "warning", "finished",
                     "failed"):
            getattr(self._worker, name).connect(getattr(self, name))
        # Direct: quit the thread from the worker itself, without waiting for the GUI loop.
        self._worker.finished.connect(self._thread.quit, QtCore.Qt.DirectConnection)
        self._worker.failed.connect(self._thread.quit, QtCore.Qt.DirectConnection)
        self._thread.finished.connect(self.done)
        self.cancelled = False

    def start(self):
        """Starts training."""
        self._thread.start()

    def cancel(self):
        """Asks training to stop after the current batch (the best model so far is kept)."""
        self.cancelled = True
        self._cancel.set()

    def is_running(self):
        """Whether the training thread is still running."""
        return self._thread.isRunning()

    def wait(self, milliseconds=None):
        """Waits for the thread to end; returns whether it did."""
        if milliseconds is None:
            return self._thread.wait()
        return self._thread.wait(int(milliseconds))

    def stop(self):
        """Cancels and waits for the thread (used when the window closes)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait()


class _CallWorker(QtCore.QObject):
    finished = QtCore.pyqtSignal(object)
    failed = QtCore.pyqtSignal(str)

    def __init__(self, function, arguments):
        super().__init__()
        self._function = function
        self._arguments = arguments

    @QtCore.pyqtSlot()
    def run(self):
        try:
            self.finished.emit(self._function(*self._arguments))
        except Exception as error:
            if not _is_user_error(error):
                log.exception("background call failed")
            self.failed.emit(one_line(error))


class BackgroundCall(QtCore.QObject):
    """Runs `function(*arguments)` on a short-lived thread (e.g. a dataset scan).

    Signals: `finished(result)` or `failed(message)`, then `done` when the thread has ended.
    """

    finished = QtCore.pyqtSignal(object)
    failed = QtCore.pyqtSignal(str)
    done = QtCore.pyqtSignal()

    def __init__(self, function, *arguments, parent=None):
        super().__init__(parent)
        self._thread = WorkerThread("tonguelens-call")
        self._worker = _CallWorker(function, arguments)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self.finished)
        self._worker.failed.connect(self.failed)
        self._worker.finished.connect(self._thread.quit, QtCore.Qt.DirectConnection)
        self._worker.failed.connect(self._thread.quit, QtCore.Qt.DirectConnection)
        self._thread.finished.connect(self.done)

    def start(self):
        """Starts the call."""
        self._thread.start()

    def is_running(self):
        """Whether the call is still running."""
        return self._thread.isRunning()

    def wait(self):
        """Waits until the call's thread has ended."""
        self._thread.quit()
        self._thread.wait()
