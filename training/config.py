"""What defines a training run and what it gives back: `TrainConfig`, `TrainResult`, `TrainingError`
(and `TrainingFailed`).

Plain Python (no TensorFlow): the app builds a `TrainConfig` before TensorFlow has loaded, and
the run folder keeps it as config.json.
"""

import dataclasses

from core.crop import DEFAULT_MARGIN, DEFAULT_MASK_BACKGROUND
from core.messages import Message
from models import colour as colours
from training import defaults

DEFAULT_LEARNING_RATE = 1e-3
# Fine-tuning starts from useful weights: smaller steps keep them.
DEFAULT_FINE_TUNE_LEARNING_RATE = 1e-4


class TrainingError(ValueError):
    """A run that cannot start or go on; the message says what to change.

    Attributes:
        message: a `core.messages.Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class TrainingFailed(TrainingError):
    """TensorFlow or Keras failed while the run trained or evaluated; the message is one line.

    Attributes:
        details: TensorFlow's whole error and the traceback (also in the run folder's error.txt).
    """

    def __init__(self, message, details=""):
        super().__init__(message)
        self.details = details


@dataclasses.dataclass
class TrainConfig:
    """Everything that defines a training run (saved as the run folder's config.json).

    Attributes:
        data_dir: folder with one sub-folder of images per class (or, with `labels`, the
            folder the labels table's images are in).
        arch: preset name or cs231n pattern string (ignored with `from_model`).
        image_size: input side (int) or (height, width); None takes the architecture's own.
        epochs: the most epochs to train (early stopping may end sooner).
        batch_size: images per step, over all devices.
        val_split: fraction of each class held out for validation (without `val_dir`); 0 trains on
            every image without validation and keeps the last epoch's model.
        val_dir: a separate labeled validation folder (class names matched by name).
        learning_rate: Adam's initial learning rate; None: 1e-3, or 1e-4 with `from_model`.
        augment: random flips, rotation, zoom, contrast and brightness while training.
        class_weights: weight classes so that each counts the same in the loss.
        from_model: a `.keras` file to fine-tune (its head is replaced when the classes differ).
        out_dir: the run folder; None makes `runs/<date-time>`.
        resume: a run folder to continue from its last checkpoint (other fields are then
            read from its config.json).
        strategy: "auto", "one", "mirrored" or "multiworker" (see `training.strategy`).
        precision: "auto", "float32" or "mixed_bfloat16" (see `training.precision`); the
            saved model is float32 whatever the run used.
        seed: seed of the split, the shuffling, the augmentation and the initial weights.
        patience: early stopping: stop after this many epochs without a better (smoothed)
            validation loss (in the last phase of a pretrained backbone's fine-tuning, see
            `training.phases`); None never stops early (the default: see `training.defaults`).
        ema_epochs: keep and validate an exponential moving average of the weights over about this
            many epochs (`training.averaging`; at most a tenth of `epochs`); 0 keeps the raw weights.
        warmup_epochs: the learning rate rises linearly from 0 over this many epochs (at most a
            tenth of `epochs`) before its cosine decay; 0 starts at full rate.
        select: which epoch's model is kept: "best", "smoothed" or "last" (`training.selection`).
        deterministic: run TensorFlow's ops deterministically, so the same settings on the same
            machine give bit-identical weights (slower; `training.reproducible`).
        split_file: a split.json (of this folder) to train and validate on instead of drawing a
            split (what `--folds` uses for each fold).
        weights: a backbone's starting weights: "none" (random, the default: nothing is
            downloaded unless asked for), "imagenet" (Keras's ImageNet weights, downloaded once
            into Keras's cache) or the path of a weights file without top (`models.pretrained`).
        labels: a labels table (.csv, .tsv, .xlsx): one row per photo, one column per
            attribute; the model then gets one softmax head per attribute
            (`training.attribute_training`).
        colour: colour constancy (`models.colour` mode: `none`, an estimator layer in the model,
            `augment`, or both); run folders from before it existed resume with `none`.
        crop: cut every photo to the tongue before resizing it, for training and for every
            later use of the model: "tongue" (the bundled segmenter) or a segmenter `.keras`
            file; None for whole photos (see `training.cropping`).
        crop_margin: added on each side of the tongue's box, as a fraction of its size.
        crop_mask: paint the box's pixels outside the tongue black.
    """

    data_dir: str = None
    arch: str = "vgg-mini"
    image_size: object = 64
    epochs: int = defaults.EPOCHS
    batch_size: int = 32
    val_split: float = 0.2
    val_dir: str = None
    learning_rate: float = None
    augment: bool = True
    class_weights: bool = True
    from_model: str = None
    out_dir: str = None
    resume: str = None
    strategy: str = "auto"
    precision: str = "auto"
    seed: int = defaults.SEED
    patience: int = defaults.PATIENCE  # None: no early stopping.
    ema_epochs: float = defaults.EMA_EPOCHS
    warmup_epochs: float = defaults.WARMUP_EPOCHS
    select: str = defaults.SELECT
    deterministic: bool = False
    split_file: str = None
    weights: str = "none"
    labels: str = None
    colour: str = colours.DEFAULT_MODE
    crop: str = None
    crop_margin: float = DEFAULT_MARGIN
    crop_mask: bool = DEFAULT_MASK_BACKGROUND

    def to_json(self):
        """Returns the config as a JSON-ready dict."""
        data = dataclasses.asdict(self)
        if isinstance(data["image_size"], tuple):
            data["image_size"] = list(data["image_size"])
        return data

    @classmethod
    def from_json(cls, data):
        """Builds a config from `to_json` output, ignoring unknown keys.

        A config saved before a field existed gets the value that reproduces how it was trained
        then (`defaults.BEFORE_STABILITY`), so a resumed old run goes on as it started.
        """
        fields = {field.name for field in dataclasses.fields(cls)}
        data = {**defaults.BEFORE_STABILITY, "colour": colours.NONE, **data}  # As it was trained then.
        return cls(**{key: value for key, value in data.items() if key in fields})

    @property
    def effective_learning_rate(self):
        """Adam's initial learning rate: the one given, else the default for training or fine-tuning."""
        if self.learning_rate:
            return float(self.learning_rate)
        return DEFAULT_FINE_TUNE_LEARNING_RATE if self.from_model else DEFAULT_LEARNING_RATE


@dataclasses.dataclass
class TrainResult:
    """What a finished (or cancelled) run produced.

    Attributes:
        run_dir: the run folder.
        model_path: the best model file, or None when no epoch finished.
        report: the contents of report.json.
        cancelled: the run was stopped by `should_stop`.
        scan: with `train(keep_scan=True)`, the `dataset.DatasetScan` the run trained from, its
            decoded images still alive for the caller's next run (the caller frees them with
            `dataset.release_store`); else None.
    """

    run_dir: str
    model_path: str
    report: dict
    cancelled: bool = False
    scan: object = None


def check_config(config):
    """Refuses a new run's settings before anything is made (no TensorFlow needed).

    Raises:
        TrainingError: a bad setting, named with the value received.
        training.strategy.StrategyError: an unknown or unavailable strategy.
    """
    from training import precision, recipe, strategy

    strategy.check_strategy(config.strategy)
    try:
        precision.check_precision(config.precision)
    except precision.PrecisionError as error:
        raise TrainingError(error.message) from None
    if not config.data_dir:
        raise TrainingError(Message("config.no_data_folder"))
    if config.epochs < 1:
        raise TrainingError(Message("config.epochs", value=config.epochs))
    if config.batch_size < 1:
        raise TrainingError(Message("config.batch_size", value=config.batch_size))
    if config.labels and config.val_dir:
        raise TrainingError(Message("labels.val_dir_refused"))
    if not config.val_dir and not 0.0 <= config.val_split < 1.0:
        raise TrainingError(Message("config.val_split", value=config.val_split))
    if config.learning_rate is not None and not config.learning_rate > 0:
        raise TrainingError(Message("config.learning_rate", value=config.learning_rate))
    if config.crop and not 0.0 <= float(config.crop_margin) <= 1.0:
        raise TrainingError(Message("config.crop_margin", value=config.crop_margin))
    try:
        colours.check_mode(config.colour)
    except colours.ColourModeError as error:
        raise TrainingError(error.message) from None
    problem = recipe.config_problem(config)
    if problem:
        raise TrainingError(problem)
    from training import phases

    phases.check_weights(config)
