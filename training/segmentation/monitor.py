"""The classifier's training callback, with the segmenter's IoU columns kept in the history too.

Imported only once Keras is loaded (by `training.segmentation.trainer`).
"""

from training.monitor import TrainingMonitor
from training.segmentation.runfiles import EXTRA_COLUMNS


class SegmentationMonitor(TrainingMonitor):
    """`TrainingMonitor` (progress, cancel every batch, best model, checkpoint, early stopping) plus IoU history."""

    def on_epoch_end(self, epoch, logs=None):
        if not (self.cancelled or self.diverged):  # A partial epoch is not recorded (as in TrainingMonitor).
            history = self.run.state.history
            for name in EXTRA_COLUMNS:
                value = (logs or {}).get(name)
                history.setdefault(name, []).append(None if value is None else float(value))
        super().on_epoch_end(epoch, logs)
