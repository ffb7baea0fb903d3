"""What a training run tells its watchers: the command line's progress bar and the app's signals.

Plain Python on purpose (no TensorFlow, no Qt): the app imports it before TensorFlow loads,
and both front ends receive the very same numbers.
"""

import dataclasses

# Phases of a run, in order; `TrainProgress.phase` holds one of them.
PHASE_DOWNLOADING = "downloading"  # Pretrained weights: `batch` and `batches` count bytes.
PHASE_SCANNING = "scanning"
PHASE_PREPARING = "preparing"
PHASE_TRAINING = "training"
PHASE_VALIDATING = "validating"
PHASE_FINISHING = "finishing"


@dataclasses.dataclass
class TrainProgress:
    """One progress report.

    Attributes:
        phase: one of the `PHASE_*` names.
        epoch: the current epoch, counted from 1.
        epochs: the number of epochs planned.
        batch: batches done in this epoch (training phase) or in this validation pass.
        batches: batches per epoch (or per validation pass).
        loss: running mean training loss of this epoch.
        accuracy: running training accuracy of this epoch.
        val_loss: validation loss of the last finished epoch, if any.
        val_accuracy: validation accuracy of the last finished epoch, if any.
        elapsed_seconds: seconds since the run started.
        eta_seconds: estimated seconds left until the last planned epoch ends, if known.
        message: a short note for the user (a `core.messages.Message`, or "").
    """

    phase: str = PHASE_TRAINING
    epoch: int = 0
    epochs: int = 0
    batch: int = 0
    batches: int = 0
    loss: float = None
    accuracy: float = None
    val_loss: float = None
    val_accuracy: float = None
    elapsed_seconds: float = 0.0
    eta_seconds: float = None
    message: str = ""

    def to_json(self):
        """Returns the report as a JSON-ready dict."""
        return dataclasses.asdict(self)


@dataclasses.dataclass
class PhaseInfo:
    """A fine-tuning phase starts (`training.finetune`: "head", then "fine-tune").

    Attributes:
        index: the phase's number, from 1.
        count: how many phases the run has.
        name: "head", "fine-tune" (or "train").
        first_epoch: its first epoch, counted from 1 over the whole run.
        last_epoch: its last planned epoch.
        learning_rate: its initial learning rate.
        unfreeze_from: None (backbone frozen), the first backbone layer that learns, or "*".
        message: the same, said in one line (a `core.messages.Message`).
    """

    index: int
    count: int
    name: str
    first_epoch: int
    last_epoch: int
    learning_rate: float
    unfreeze_from: str
    message: str


class TrainingCallback:
    """Receives the events of a training run; every method is a no-op, override what you need.

    The trainer calls these on the thread that runs the training, except `on_batch_end`
    during epochs, which may come from a helper thread of Keras (never two at once, always
    in order). A GUI forwards them all as queued signals instead of touching widgets here.
    """

    def on_scan(self, scan):
        """The data folder was scanned; `scan` is a `training.dataset.DatasetScan`."""

    def on_train_begin(self, info):
        """Training starts; `info` is a dict (classes, train_images, val_images, epochs, ...)."""

    def on_batch_end(self, progress):
        """A training or validation batch ended; `progress` is a `TrainProgress`."""

    def on_epoch_end(self, progress):
        """An epoch ended, its validation included; `progress` is a `TrainProgress`."""

    def on_phase(self, info):
        """A phase of a pretrained backbone's fine-tuning starts (`PhaseInfo`); by default told as a message.

        A model without a pretrained backbone trains in one phase and never calls this.
        """
        self.on_message(info.message)

    def on_train_end(self, result):
        """The run is over and its folder written; `result` is a `training.trainer.TrainResult`."""

    def on_message(self, text):
        """A one-line note for the user (what the run is doing), a `core.messages.Message`.

        A message is a `str` holding its English text; `gui.core_text.localize` says it in
        the app's language.
        """

    def on_warning(self, text):
        """A one-line problem the user should know of (a `core.messages.Message`); by default handled as a message."""
        self.on_message(text)


def format_seconds(seconds):
    """Formats a duration as `1:02:03` or `2:03`; `--:--` when unknown."""
    if seconds is None:
        return "--:--"
    seconds = int(round(max(0.0, seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
