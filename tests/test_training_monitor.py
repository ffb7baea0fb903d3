"""The training monitor needs of a run only its public `MonitoredRun` interface (no trainer here)."""

import time

import keras
import numpy as np

from training.monitor import MonitoredRun, TrainingMonitor
from training.progress import PHASE_TRAINING, TrainingCallback
from training.runfolder import RunState


class PlainRun(TrainingCallback):
    """A `MonitoredRun` made of plain values; it is its own callback and counts what it was asked."""

    def __init__(self, epochs, stop_after_batches=None):
        self.callback, self.state = self, RunState()
        self.epochs, self.patience, self.train_batches, self.val_batches = epochs, 8, 4, 1
        self.started = time.monotonic()
        self.stop_after_batches = stop_after_batches
        self.batches, self.epoch_reports, self.messages, self.checkpoints, self.bests = [], [], [], 0, 0

    def should_stop(self):
        return self.stop_after_batches is not None and len(self.batches) >= self.stop_after_batches

    def message(self, text):
        self.messages.append(text)

    def save_checkpoint(self):
        self.checkpoints += 1

    def save_best(self):
        self.bests += 1

    def on_batch_end(self, progress):
        if progress.phase == PHASE_TRAINING:
            self.batches.append(progress)

    def on_epoch_end(self, progress):
        self.epoch_reports.append(progress)


def fit(run):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    data, labels = rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 2, 32)
    monitor = TrainingMonitor(run)
    model.fit(data, labels, validation_data=(data[:8], labels[:8]), batch_size=8, epochs=run.epochs,
              callbacks=[monitor], verbose=0)
    return monitor


def test_a_plain_run_gets_history_checkpoints_and_progress():
    run = PlainRun(epochs=2)
    assert isinstance(run, MonitoredRun)  # Every member of the protocol, and the monitor needs no other.

    monitor = fit(run)

    assert not monitor.cancelled and run.state.epochs_done == 2 and run.checkpoints == 2
    assert run.bests >= 1 and run.state.best_epoch in (1, 2)
    assert len(run.state.history["val_loss"]) == 2 and all(np.isfinite(run.state.history["loss"]))
    assert [report.epoch for report in run.epoch_reports] == [1, 2]
    assert run.batches[-1].batches == run.train_batches


def test_a_plain_run_is_cancelled_within_a_batch():
    run = PlainRun(epochs=3, stop_after_batches=2)

    monitor = fit(run)

    assert monitor.cancelled and run.state.epochs_done == 0 and run.checkpoints == 0
    assert len(run.batches) <= 3 and run.messages == ["stopping: keeping the best model of the finished epochs"]
