"""Training a tongue segmenter on photos with masks, into a run folder.

    config = SegmenterConfig("tongues/", arch="unet-mini", epochs=40)
    result = train_segmenter(config, callback=MyCallback(), should_stop=lambda: cancelled)
    result.model_path               # runs/<time>/model.keras: the best model (by validation loss)
    result.report["val_mean_iou"]   # on the held-out photos, at their own size

One run: find the photo/mask pairs and decode each once (`data.scan_pairs`), split them
(seeded), build a U-Net (or load the checkpoint to resume), `fit` with Adam on a cosine
schedule, the Dice + cross-entropy loss and augmentation of photo and mask together; the best
model is saved whenever validation loss improves and a checkpoint every epoch, as classifier
training does (`training.monitor.TrainingMonitor` polls `should_stop` every batch). The best
model is then scored on the validation photos through the same `core.segmenter.Segmenter`
that `main.py segment` uses, and the report written.

No Qt here; call `train_segmenter` from a worker thread and forward the callback's events.
"""

import dataclasses
import math
import time
from pathlib import Path

from core import atomic, modelfile, segmenter as segmenters
from core.messages import Message, at_path
from training import precision as precisions, runfolder, split as splitting
from training.dataset import ScanCancelled
from training.progress import PHASE_FINISHING, PHASE_PREPARING, PHASE_SCANNING, TrainingCallback, TrainProgress
from training.runfolder import RunState
from training.segmentation import data, runfiles

DEFAULT_ARCH = "unet-mini"
# The cosine schedule ends at this fraction of the initial learning rate.
_FINAL_LEARNING_RATE_FRACTION = 0.05


class SegmenterTrainingError(ValueError):
    """A run that cannot start or go on; the message says what to change.

    Attributes:
        message: a `core.messages.Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass
class SegmenterConfig:
    """Everything that defines a segmenter run (saved as the run folder's config.json).

    Attributes:
        data_dir: `images/` + `masks/`, or photos with labelme `.json` files beside them.
        arch: a segmenter preset (`unet-mini`, `unet`).
        image_size: input side (int) or (height, width), multiples of 16; None takes the
            architecture's own (128 for unet-mini).
        epochs: the most epochs to train (early stopping may end sooner).
        batch_size: photos per step.
        val_split: fraction of the photos held out for validation (seeded).
        learning_rate: Adam's initial learning rate.
        augment: flip, rotation, zoom and shift of photo and mask together; brightness and
            contrast of the photo.
        out_dir: the run folder; None makes `runs/<date-time>`.
        resume: a run folder to continue from its last checkpoint (the other fields are then
            read from its config.json, except `data_dir` when given).
        precision: "auto", "float32" or "mixed_bfloat16" (see `training.precision`).
        seed: seed of the split, the shuffling, the augmentation and the initial weights.
        patience: epochs without a better validation loss before stopping.
    """

    data_dir: str = None
    arch: str = DEFAULT_ARCH
    image_size: object = None
    epochs: int = 40
    batch_size: int = 16
    val_split: float = 0.2
    learning_rate: float = 1e-3
    augment: bool = True
    out_dir: str = None
    resume: str = None
    precision: str = "auto"
    seed: int = 1337
    patience: int = 10

    def to_json(self):
        """Returns the config as a JSON-ready dict."""
        data_ = dataclasses.asdict(self)
        if isinstance(data_["image_size"], tuple):
            data_["image_size"] = list(data_["image_size"])
        return data_

    @classmethod
    def from_json(cls, values):
        """Builds a config from `to_json` output, ignoring unknown keys."""
        fields = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in fields})


@dataclasses.dataclass
class SegmenterResult:
    """What a finished (or cancelled) run produced: the run folder, the best model (or None), the report."""

    run_dir: str
    model_path: str
    report: dict
    cancelled: bool = False


@dataclasses.dataclass
class _Split:
    """The indices of the training and validation photos in the scan (what the monitor reads)."""

    train: object
    val: object


def train_segmenter(config, callback=None, should_stop=None, build_fn=None):
    """Runs (or resumes) one segmenter training run and writes its run folder.

    Args:
        config: a `SegmenterConfig`.
        callback: a `training.progress.TrainingCallback` (events come on this thread).
        should_stop: optional callable polled every batch; when it returns True the run stops
            within one batch, keeping the best model of the finished epochs.
        build_fn: optional callable(arch, input_shape) -> keras.Model; defaults to
            `models.build_model(arch, input_shape, 1)`.

    Returns:
        A `SegmenterResult`.

    Raises:
        training.dataset.DatasetError: no usable photo with a mask.
        SegmenterTrainingError: a bad setting, a run folder in use, or a run that cannot resume.
    """
    return _Run(config, callback or TrainingCallback(), should_stop or (lambda: False), build_fn).execute()


class _Run:
    """One segmenter run, step by step; `training.monitor.TrainingMonitor` drives its epochs.

    To the monitor the run is a `training.monitor.MonitoredRun`: `callback`, `state`, `epochs`,
    `patience`, `train_batches`, `val_batches`, `started`, `should_stop`, `message`,
    `save_checkpoint` and `save_best`.
    """

    def __init__(self, config, callback, should_stop, build_fn):
        self.callback = callback
        self.build_fn = build_fn
        self.should_stop = should_stop
        self.started = time.monotonic()
        self.cancelled = False
        self.notes = []
        self.config, self.run_dir, self.state, self.checkpoint_info, self.new_folder = _open_run(config)
        self.seconds_before = self.state.seconds
        self.input_shape = None  # (height, width, channels).
        self.scan = None  # The `data.PairScan`.
        self.split = None  # A `_Split` into the scan's pairs.
        self.model = None  # The Keras model being trained.
        self.precision = None  # The Keras dtype policy the run computes in.

    # --- The steps ----------------------------------------------------------------------

    def execute(self):
        import keras

        keras.utils.set_random_seed(self.config.seed)
        self.input_shape = self._input_shape()
        try:
            self._build_network()  # Before the scan: a size the network refuses is said at once.
            self._scan()
            self._split()
            self._compile()
        except ScanCancelled:
            self._discard_unstarted_run()
            return self._finish_cancelled_scan()
        except Exception:
            self._discard_unstarted_run()
            raise
        if not self.config.resume:
            runfolder.write_json(self.run_dir / runfolder.CONFIG_FILE, self.config.to_json())
        if self.state.epochs_done < self.config.epochs and not self.state.stopped_early:
            self._fit()
        return self._finish()

    def _input_shape(self):
        if self.checkpoint_info is not None:
            return tuple(self.checkpoint_info.input_shape)
        import models

        if not models.is_segmenter(self.config.arch):
            raise SegmenterTrainingError(Message("segtrainer.not_a_segmenter", arch=repr(self.config.arch),
                                                 choices=", ".join(models.SEGMENTER_NAMES)))
        native = tuple(models.default_input_shape(self.config.arch))
        size = self.config.image_size
        if size is None:
            return native
        height, width = (size, size) if isinstance(size, int) else tuple(size)[:2]
        return (int(height), int(width), native[2])

    def _scan(self):
        self.message(Message("segtrainer.reading_folder", folder=self.config.data_dir))
        self.scan = data.scan_pairs(self.config.data_dir, self.input_shape[:2], on_progress=self._scan_progress,
                                    should_stop=self.should_stop)
        self.notes.extend(self.scan.warnings)
        self.callback.on_scan(self.scan)  # A `data.PairScan`: pairs, skipped files and warnings.
        runfolder.write_skipped(self.run_dir / runfolder.SKIPPED_FILE, self.scan.skipped)

    def _split(self):
        path = self.run_dir / runfolder.SPLIT_FILE
        if self.config.resume and path.is_file():
            train, val, notes = runfiles.load_split(path, self.scan)
            for note in notes:
                self.warn(note)
        else:
            drawn = splitting.stratified_split([0] * len(self.scan.pairs), self.config.val_split, self.config.seed)
            train, val = drawn.train, drawn.val
        runfiles.save_split(path, self.scan, train, val, self.config.seed, self.config.val_split)
        self.split = _Split(train, val)
        if len(train) == 0 or len(val) == 0:
            raise SegmenterTrainingError(at_path(self.config.data_dir, Message(
                "segtrainer.too_few_photos", count=len(self.scan.pairs))))

    def _build_network(self):
        import models

        self._progress(PHASE_PREPARING, message=Message("trainer.building"))
        if self.checkpoint_info is not None:
            self.model = _load_checkpoint(self.run_dir / runfolder.CHECKPOINT_FILE)
            self.precision = precisions.policy_name(self.model)
            return
        try:
            if self.build_fn is not None:
                self.model = self.build_fn(self.config.arch, self.input_shape)
            else:
                self.model = models.build_model(self.config.arch, self.input_shape, 1)
        except ValueError as error:  # Sides that cannot be halved and doubled back.
            shape = "x".join(map(str, self.input_shape))
            raise SegmenterTrainingError(Message("trainer.cannot_build", arch=repr(self.config.arch), shape=shape,
                                                 reason=str(error))) from None
        self.precision = precisions.resolve_precision(self.config.precision)
        if self.precision != precisions.FLOAT32:
            self.model = precisions.with_policy(self.model, self.precision)
            self.message(Message("trainer.computing_in", precision=self.precision))

    def _compile(self):
        """Compiles a new network; its schedule needs the number of training batches, known after the split."""
        import keras

        from training.segmentation.losses import DiceCrossEntropy

        if self.checkpoint_info is not None:
            return  # A checkpoint keeps its optimizer and schedule.
        schedule = keras.optimizers.schedules.CosineDecay(
            self.config.learning_rate, decay_steps=max(1, self.train_batches * self.config.epochs),
            alpha=_FINAL_LEARNING_RATE_FRACTION)
        # No XLA: on CPU it trains a U-Net about 5x slower (its up-convolution gradients), measured here.
        self.model.compile(
            optimizer=keras.optimizers.Adam(schedule), loss=DiceCrossEntropy(),
            metrics=[keras.metrics.BinaryAccuracy(name="accuracy"),
                     keras.metrics.BinaryIoU(target_class_ids=[1], threshold=0.5, name="iou")], jit_compile=False)

    def _fit(self):
        from training.segmentation import pipeline
        from training.monitor import TrainingMonitor  # It records every column of the history, IoU too.

        config = self.config
        train_data = pipeline.make_dataset(self.scan.images, self.scan.masks, self.split.train, config.batch_size,
                                           training=True, augment=config.augment, seed=config.seed)
        val_data = pipeline.make_dataset(self.scan.images, self.scan.masks, self.split.val, config.batch_size)
        self.callback.on_train_begin(self._begin_info())
        monitor = TrainingMonitor(self)
        self.model.fit(train_data, validation_data=val_data, epochs=config.epochs,
                       initial_epoch=self.state.epochs_done, callbacks=[monitor], verbose=0, shuffle=False)
        self.cancelled = monitor.cancelled
        if monitor.diverged:
            self.warn(Message("segtrainer.loss_not_finite"))

    def _finish(self):
        model_path = self.run_dir / runfolder.MODEL_FILE
        if self.state.best_epoch is None or not model_path.is_file():
            return self._end(self._report(None), None)
        self._progress(PHASE_FINISHING, message=Message("segtrainer.measuring"))
        self.message(Message("segtrainer.measuring"))
        loaded = modelfile.load_model(model_path)
        if precisions.policy_name(loaded.model) != precisions.FLOAT32:
            loaded.model = precisions.with_policy(loaded.model, precisions.FLOAT32)
        scores = self._score(loaded)
        report = self._report(scores)
        info = segmenters.segmenter_info(self.input_shape, self.config.arch, _model_summary(report))
        modelfile.save_model(loaded.model, model_path, info)
        return self._end(report, model_path)

    def _score(self, loaded):
        from training.segmentation import evaluate

        segmenter = segmenters.Segmenter(loaded)
        return evaluate.score_pairs(segmenter, [self.scan.pairs[index] for index in self.split.val],
                                    batch_size=self.config.batch_size)

    def _end(self, report, model_path):
        if self.state.epochs_done:
            runfiles.write_history(self.run_dir / runfolder.HISTORY_FILE, self.state.history)
            runfiles.save_curves(self.state.history, self.run_dir / runfolder.CURVES_FILE, self.state.best_epoch)
        runfolder.write_json(self.run_dir / runfolder.REPORT_FILE, report)
        result = SegmenterResult(str(self.run_dir), str(model_path) if model_path else None, report, self.cancelled)
        self.callback.on_train_end(result)
        return result

    def _finish_cancelled_scan(self):
        self.cancelled = True
        report = {"cancelled": True, "data_dir": self.config.data_dir, "epochs_run": 0,
                  "seconds": round(time.monotonic() - self.started, 2)}
        result = SegmenterResult(str(self.run_dir), None, report, True)
        self.callback.on_train_end(result)
        return result

    def _discard_unstarted_run(self):
        """A new run that fails or is cancelled before training leaves no folder behind."""
        if self.config.resume:
            return
        runfolder.discard_unstarted(self.run_dir, self.new_folder)  # Only what this run wrote.

    # --- What the monitor and the report read ---------------------------------------------

    @property
    def epochs(self):
        return self.config.epochs

    @property
    def patience(self):
        return self.config.patience

    @property
    def select(self):
        return "best"  # A segmenter keeps its epoch of lowest validation loss (its early stopping decides the end).

    @property
    def train_batches(self):
        return math.ceil(len(self.split.train) / self.config.batch_size)

    @property
    def val_batches(self):
        return math.ceil(len(self.split.val) / self.config.batch_size)

    def save_checkpoint(self):
        """Saves the model, the optimizer and the run state after a finished epoch."""
        info = segmenters.segmenter_info(self.input_shape, self.config.arch,
                                         {"checkpoint": self.state.to_json()})
        modelfile.save_model(self.model, self.run_dir / runfolder.CHECKPOINT_FILE, info)
        runfiles.write_history(self.run_dir / runfolder.HISTORY_FILE, self.state.history)

    def save_best(self):
        """Saves the current weights as the run's best model, without the optimizer or the loss."""
        import keras

        plain = keras.Model(self.model.input, self.model.output, name=self.model.name)  # Same layers, uncompiled.
        summary = {"best_epoch": self.state.best_epoch, "val_loss": self.state.best_val_loss,
                   "data_dir": str(self.config.data_dir), "epochs_run": self.state.epochs_done, "in_progress": True}
        modelfile.save_model(plain, self.run_dir / runfolder.MODEL_FILE,
                             segmenters.segmenter_info(self.input_shape, self.config.arch, summary))

    def _report(self, scores):
        import keras
        import tensorflow as tf

        state, history = self.state, self.state.history
        best = (state.best_epoch or 0) - 1
        train_seconds = sum(value or 0.0 for value in history["seconds"])
        scores = scores or {}
        return {
            "task": segmenters.SEGMENTATION_TASK,
            "arch": self.config.arch,
            "image_size": list(self.input_shape[:2]),
            "input_shape": list(self.input_shape),
            "epochs": self.config.epochs,
            "epochs_run": state.epochs_done,
            "best_epoch": state.best_epoch,
            "val_loss": state.best_val_loss,
            "val_iou_at_model_size": history["val_iou"][best] if best >= 0 else None,
            "val_mean_iou": scores.get("mean_iou"),
            "val_mean_dice": scores.get("mean_dice"),
            "val_median_iou": scores.get("median_iou"),
            "val_min_iou": scores.get("min_iou"),
            "val_per_photo": scores.get("per_photo", []),
            "train_photos": int(len(self.split.train)),
            "val_photos": int(len(self.split.val)),
            "layout": self.scan.layout,
            "skipped": self.scan.skipped + scores.get("skipped", []),
            "warnings": self.notes,
            "seconds": round(self.seconds_before + (time.monotonic() - self.started), 2),
            "train_seconds": round(train_seconds, 2),
            "train_photos_per_second": round(len(self.split.train) * state.epochs_done / train_seconds, 1)
            if train_seconds else None,
            "stopped_early": state.stopped_early,
            "cancelled": self.cancelled,
            "data_dir": str(self.config.data_dir),
            "val_split": self.config.val_split,
            "batch_size": self.config.batch_size,
            "learning_rate": self.config.learning_rate,
            "augment": self.config.augment,
            "seed": self.config.seed,
            "precision": self.precision,
            "history": history,
            "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
        }

    def _begin_info(self):
        return {
            "run_dir": str(self.run_dir), "classes": [segmenters.TONGUE], "arch": self.config.arch,
            "input_shape": list(self.input_shape), "train_images": int(len(self.split.train)),
            "val_images": int(len(self.split.val)), "epochs": self.config.epochs,
            "initial_epoch": self.state.epochs_done, "batches": self.train_batches,
            "batch_size": self.config.batch_size, "learning_rate": self.config.learning_rate,
            "strategy": "one", "replicas": 1, "precision": self.precision,
            "parameters": int(self.model.count_params()),
        }

    def _scan_progress(self, done, total):
        self._progress(PHASE_SCANNING, batch=done, batches=total, message=Message("segtrainer.reading"))

    def _progress(self, phase, **fields):
        self.callback.on_batch_end(TrainProgress(phase=phase, epochs=self.config.epochs,
                                                 elapsed_seconds=time.monotonic() - self.started, **fields))

    def message(self, text):
        """A note for the user (a `core.messages.Message`), told to the callback."""
        self.callback.on_message(text)

    def warn(self, text):
        """A problem (a `core.messages.Message`): told to the callback as a warning and kept in the report's warnings."""
        self.notes.append(text)
        self.callback.on_warning(text)


def _open_run(config):
    """Resolves the run folder and, for `resume`, the saved config, run state and checkpoint metadata.

    A new run goes into a new or empty folder only, as a classifier's does (`runfolder.open_run`).

    Returns:
        (config, run folder, `RunState`, checkpoint's `ModelInfo` or None, a new run's
        `runfolder.NewFolder` or None).
    """
    if config.resume:
        run_dir = Path(config.resume)
        config_path = run_dir / runfolder.CONFIG_FILE
        if not config_path.is_file():
            raise SegmenterTrainingError(at_path(run_dir, Message("run.not_a_run", file=runfolder.CONFIG_FILE)))
        saved = SegmenterConfig.from_json(runfolder.read_json(config_path))
        saved.resume, saved.out_dir = str(run_dir), str(run_dir)
        if config.data_dir:
            saved.data_dir = config.data_dir  # The data may have moved.
        checkpoint = run_dir / runfolder.CHECKPOINT_FILE
        for folder in {run_dir, checkpoint.parent}:
            atomic.remove_stale_temporaries(folder)  # Left by a save that was killed.
        if not checkpoint.is_file():
            return saved, run_dir, RunState(history=runfiles.empty_history()), None, None
        info = modelfile.read_info(checkpoint)
        state = RunState.from_json((info.training or {}).get("checkpoint", {}))
        if (run_dir / runfolder.REPORT_FILE).is_file() and (state.epochs_done >= saved.epochs or state.stopped_early):
            raise SegmenterTrainingError(at_path(run_dir, Message("run.finished", file=runfolder.REPORT_FILE)))
        return saved, run_dir, state, info, None
    _check_config(config)
    run_dir = Path(config.out_dir) if config.out_dir else runfolder.new_run_dir()
    try:
        folder = runfolder.make_new_run_folder(run_dir)
    except runfolder.TrainingError as error:
        raise SegmenterTrainingError(error.message) from None
    state = RunState(history=runfiles.empty_history())
    return dataclasses.replace(config, out_dir=str(run_dir)), run_dir, state, None, folder


def _check_config(config):
    try:
        precisions.check_precision(config.precision)
    except precisions.PrecisionError as error:
        raise SegmenterTrainingError(error.message) from None
    if not config.data_dir:
        raise SegmenterTrainingError(Message("config.no_data_folder"))
    if config.epochs < 1:
        raise SegmenterTrainingError(Message("config.epochs", value=config.epochs))
    if config.batch_size < 1:
        raise SegmenterTrainingError(Message("config.batch_size", value=config.batch_size))
    if not 0.0 < config.val_split < 1.0:
        raise SegmenterTrainingError(Message("config.val_split", value=config.val_split))
    if not config.learning_rate > 0:
        raise SegmenterTrainingError(Message("config.learning_rate", value=config.learning_rate))


def _load_checkpoint(path):
    """The checkpoint's compiled model, checked as every model file is (`core.modelfile`)."""
    from training.segmentation import losses  # noqa: F401  Registers the loss the checkpoint names.

    try:
        return modelfile.load_keras_model(path, compile=True)
    except modelfile.ModelFileError as error:
        raise SegmenterTrainingError(at_path(path, Message("trainer.checkpoint_unloadable",
                                                           reason=error.reason))) from None


def _model_summary(report):
    """The part of the report that travels inside the model file."""
    keep = ("task", "arch", "image_size", "epochs_run", "best_epoch", "val_loss", "val_mean_iou", "val_mean_dice",
            "train_photos", "val_photos", "seconds", "data_dir", "batch_size", "learning_rate", "augment", "seed")
    summary = {key: report[key] for key in keep}
    summary["skipped"] = len(report["skipped"])
    summary["trained_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    return summary
