"""The Keras callback of a training run: progress, cooperative cancel, history, best model, checkpoints.

Imported only by `training.trainer` once Keras is loaded.

Batch-end events are declared async-safe: Keras then hands them to a helper thread with the
step's metrics, so the main loop never waits for a step to finish just to report it (that
wait would leave a GPU idle between steps). Cancel is polled at the start of every batch on
the training thread, so a run stops within one batch of `should_stop()` turning True.
"""

import math
import threading
import time
import traceback
from pathlib import Path
import typing

import keras
import numpy as np

from core.messages import Message
from training import runfolder
from training.progress import PHASE_TRAINING, PHASE_VALIDATING, TrainingCallback, TrainProgress


@typing.runtime_checkable
class MonitoredRun(typing.Protocol):
    """What `TrainingMonitor` needs of a run (`training.trainer` gives it this, and nothing more).

    Attributes:
        callback: receives the progress of every batch and epoch.
        state: the `training.runfolder.RunState` the monitor updates after each finished epoch.
        epochs: the last epoch planned.
        patience: early stopping: epochs without a better validation loss before stopping.
        train_batches: batches per training epoch.
        val_batches: batches per validation pass.
        started: `time.monotonic()` when the run started.
    """

    callback: TrainingCallback
    state: runfolder.RunState
    epochs: int
    patience: int
    train_batches: int
    val_batches: int
    started: float

    def should_stop(self):
        """Whether the user asked the run to stop (polled before every batch)."""

    def message(self, text):
        """Tells the user a one-line note (a `core.messages.Message`)."""

    def save_checkpoint(self):
        """Saves the model, the optimizer and `state` after a finished epoch."""

    def save_best(self):
        """Saves the current model as the run's best model."""


class TrainingMonitor(keras.callbacks.Callback):
    """Bridges `model.fit` to a run.

    Args:
        run: a `MonitoredRun`.
    """

    # Batch-end hooks may run on Keras's helper threads; they take `self._lock`.
    async_safe = True

    def __init__(self, run):
        super().__init__()
        self.run = run
        self.cancelled = False
        self.diverged = False
        self.epoch = run.state.epochs_done  # 0-based; the epoch a failure before the first one happens in.
        self.epoch_started = time.monotonic()
        self.epoch_seconds = []
        self.val_started = None
        self.val_seconds = None
        self.logs = {}
        self._lock = threading.Lock()
        self._last_batch = {PHASE_TRAINING: -1, PHASE_VALIDATING: -1}

    def raised(self, error):
        """Whether `error` came out of this callback's own code (the run's callback, the savers).

        Those errors keep their own message; an error of TensorFlow itself, or of Keras's
        training loop, is the run failing (see `training.failures`).
        """
        import tensorflow as tf

        if isinstance(error, tf.errors.OpError):
            return False  # A step's failure can surface while a hook reads the step's numbers.
        here = Path(__file__).resolve()
        return any(Path(frame.filename).resolve() == here for frame in traceback.extract_tb(error.__traceback__))

    # --- Cancel, polled on the training thread before every batch -------------------------

    def on_train_batch_begin(self, batch, logs=None):
        self._check_cancel()

    def on_test_batch_begin(self, batch, logs=None):
        self._check_cancel()

    def _check_cancel(self):
        with self._lock:
            if not self.cancelled and self.run.should_stop():
                self.cancelled = True
                self.run.message(Message("trainer.stopping"))
            if self.cancelled:
                self.model.stop_training = True
                self.model.stop_evaluating = True

    # --- Progress, from the helper threads ---------------------------------------------

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.epoch_started = time.monotonic()
        self.val_started = None
        self._last_batch[PHASE_TRAINING] = -1

    def on_train_batch_end(self, batch, logs=None):
        with self._lock:
            if batch <= self._last_batch[PHASE_TRAINING]:
                return  # A late report from another helper thread.
            self._last_batch[PHASE_TRAINING] = batch
            self.logs = _floats(logs)
            if not math.isfinite(self.logs.get("loss", 0.0)):
                self.diverged = True
                self.model.stop_training = True
            self.run.callback.on_batch_end(self._progress(PHASE_TRAINING, batch + 1, self.run.train_batches))

    def on_test_begin(self, logs=None):
        self.val_started = time.monotonic()
        self._last_batch[PHASE_VALIDATING] = -1

    def on_test_batch_end(self, batch, logs=None):
        with self._lock:
            if batch <= self._last_batch[PHASE_VALIDATING]:
                return
            self._last_batch[PHASE_VALIDATING] = batch
            self.run.callback.on_batch_end(self._progress(PHASE_VALIDATING, batch + 1, self.run.val_batches))

    # --- The end of an epoch: history, best model, early stopping, checkpoint ------------

    def on_epoch_end(self, epoch, logs=None):
        if self.cancelled or self.diverged:
            return  # A partial epoch: its numbers describe no whole pass over the data.
        logs = _floats(logs)
        now = time.monotonic()
        seconds = now - self.epoch_started
        if self.val_started is not None:
            self.val_seconds = now - self.val_started
        self.epoch_seconds.append(seconds)
        state = self.run.state
        for name in runfolder.HISTORY_COLUMNS[1:]:
            state.history[name].append(logs.get(name))
        state.history["learning_rate"][-1] = _current_learning_rate(self.model)
        state.history["seconds"][-1] = seconds
        state.epochs_done = epoch + 1
        state.seconds += seconds
        self._update_best(epoch, logs)
        self.run.save_checkpoint()
        self.run.callback.on_epoch_end(
            self._progress(PHASE_TRAINING, self.run.train_batches, self.run.train_batches, logs))

    def _update_best(self, epoch, logs):
        state = self.run.state
        val_loss = logs.get("val_loss")
        if val_loss is not None and (state.best_val_loss is None or val_loss < state.best_val_loss):
            state.best_epoch, state.best_val_loss = epoch + 1, val_loss
            state.best_val_accuracy = logs.get("val_accuracy")
            state.wait = 0
            self.run.save_best()
            return
        state.wait += 1
        if state.wait >= self.run.patience:
            state.stopped_early = True
            self.model.stop_training = True
            self.run.message(Message("trainer.early_stopping", epochs=state.wait, best=state.best_epoch))

    # --- Progress reports ----------------------------------------------------------------

    def _progress(self, phase, batch, batches, epoch_logs=None):
        logs = epoch_logs or self.logs
        history = self.run.state.history
        last_val_loss = history["val_loss"][-1] if history["val_loss"] else None
        last_val_accuracy = history["val_accuracy"][-1] if history["val_accuracy"] else None
        return TrainProgress(
            phase=phase, epoch=self.epoch + 1, epochs=self.run.epochs, batch=batch, batches=batches,
            loss=logs.get("loss"), accuracy=logs.get("accuracy"),
            val_loss=(epoch_logs or {}).get("val_loss", last_val_loss),
            val_accuracy=(epoch_logs or {}).get("val_accuracy", last_val_accuracy),
            elapsed_seconds=time.monotonic() - self.run.started,
            eta_seconds=self._eta(phase, batch, batches))

    def _eta(self, phase, batch, batches):
        """Seconds left until the last planned epoch ends, from the epochs timed so far."""
        in_epoch = time.monotonic() - self.epoch_started
        later = self.run.epochs - self.epoch - 1
        if phase == PHASE_TRAINING and batch < batches:
            if batch == 0:
                return None
            left_here = in_epoch / batch * (batches - batch) + (self.val_seconds or 0.0)
        elif phase == PHASE_VALIDATING:
            left_here = (self.val_seconds or 0.0) * (1 - batch / batches)
        else:
            left_here = 0.0
        if self.epoch_seconds:
            recent = self.epoch_seconds[-3:]
            per_epoch = sum(recent) / len(recent)
        elif batch:
            per_epoch = in_epoch / batch * batches if phase == PHASE_TRAINING else in_epoch
        else:
            return None
        return max(0.0, left_here + later * per_epoch)


def _floats(logs):
    values = {}
    for key, value in (logs or {}).items():
        try:
            values[key] = float(value)
        except (TypeError, ValueError):
            continue
    return values


def _current_learning_rate(model):
    optimizer = model.optimizer
    try:
        rate = optimizer.learning_rate
        if callable(rate):
            rate = rate(optimizer.iterations)
        return float(np.asarray(rate))
    except Exception:  # A custom optimizer without a readable rate: leave the column empty.
        return None
