"""Training a classifier on a folder of labeled images, into a run folder.

    config = TrainConfig("photos/", arch="vgg-mini", epochs=30)
    result = train(config, callback=MyCallback(), should_stop=lambda: cancelled)
    result.model_path  # runs/<time>/model.keras: the best model, class names inside

One run: scan and decode-check every image once, split (stratified and seeded, or a
separate validation folder), build or load the model, `fit` with Adam and a cosine
learning-rate schedule, class weights, augmentation, early stopping on validation loss,
the best model saved whenever validation loss improves and a checkpoint every epoch (so
`resume` continues after a crash or kill), then evaluate the best model on the validation
set through the same `Classifier` that `classify` uses and write the run folder. On a CPU
with bfloat16 instructions the layers compute in bfloat16 (`training.precision`); the model
users get is converted back to float32.

No Qt here; call `train` from a worker thread and forward the callback's events.
"""

import contextlib
import dataclasses
import math
import time
from pathlib import Path

import numpy as np

from core import atomic, modelfile, predictor
from training import averaging, dataset, defaults, evaluate, plots, precision as precisions, recipe, reproducible
from training import runfolder, split as splitting, stats
from training.progress import PHASE_FINISHING, PHASE_PREPARING, PHASE_SCANNING, TrainingCallback, TrainProgress
from training.runfolder import RunState

DEFAULT_LEARNING_RATE = 1e-3
# Fine-tuning starts from useful weights: smaller steps keep them.
DEFAULT_FINE_TUNE_LEARNING_RATE = 1e-4


class TrainingError(ValueError):
    """A run that cannot start or go on; the message says what to change."""


@dataclasses.dataclass
class TrainConfig:
    """Everything that defines a training run (saved as the run folder's config.json).

    Attributes:
        data_dir: folder with one sub-folder of images per class.
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
            validation loss; None never stops early (the default: see `training.defaults`).
        ema_epochs: keep and validate an exponential moving average of the weights over about this
            many epochs (`training.averaging`; at most a tenth of `epochs`); 0 keeps the raw weights.
        warmup_epochs: the learning rate rises linearly from 0 over this many epochs (at most a
            tenth of `epochs`) before its cosine decay; 0 starts at full rate.
        select: which epoch's model is kept: "best", "smoothed" or "last" (`training.selection`).
        deterministic: run TensorFlow's ops deterministically, so the same settings on the same
            machine give bit-identical weights (slower; `training.reproducible`).
        split_file: a split.json (of this folder) to train and validate on instead of drawing a
            split (what `--folds` uses for each fold).
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
        data = {**defaults.BEFORE_STABILITY, **data}
        return cls(**{key: value for key, value in data.items() if key in fields})


@dataclasses.dataclass
class TrainResult:
    """What a finished (or cancelled) run produced.

    Attributes:
        run_dir: the run folder.
        model_path: the best model file, or None when no epoch finished.
        report: the contents of report.json.
        cancelled: the run was stopped by `should_stop`.
    """

    run_dir: str
    model_path: str
    report: dict
    cancelled: bool = False


def train(config, callback=None, should_stop=None, build_fn=None):
    """Runs (or resumes) one training run and writes its run folder.

    Args:
        config: a `TrainConfig`.
        callback: a `training.progress.TrainingCallback` (events come on this thread).
        should_stop: optional callable polled every batch; when it returns True the run
            stops within one batch, keeping the best model of the finished epochs.
        build_fn: optional callable(arch, input_shape, num_classes) -> keras.Model; defaults
            to `models.build_model`.

    Returns:
        A `TrainResult`.

    Raises:
        dataset.DatasetError: the data folder cannot be trained on.
        TrainingError: a bad setting, a run folder in use, or a run that cannot resume.
        core.modelfile.ModelFileError: `from_model` cannot be loaded.
        training.strategy.StrategyError: the strategy cannot be used here.
    """
    return _Run(config, callback or TrainingCallback(), should_stop or (lambda: False), build_fn).execute()


class _Run:
    """One training run, step by step (kept in one object so each step stays small)."""

    def __init__(self, config, callback, should_stop, build_fn):
        self.callback = callback
        self.should_stop = should_stop
        self.build_fn = build_fn
        self.started = time.monotonic()
        self.cancelled = False
        self.config, self.run_dir, self.state, self.checkpoint_info = _open_run(config)
        self.seconds_before = self.state.seconds  # Spent by earlier sessions of a resumed run.
        self.arch = None
        self.notes = []
        self.precision = None

    # --- The steps ----------------------------------------------------------------------

    def execute(self):
        import keras

        from training import strategy as strategies

        if self.config.deterministic:
            reproducible.enable_determinism()
        self.strategy = strategies.make_strategy(self.config.strategy)
        keras.utils.set_random_seed(self.config.seed)
        self.input_shape, self.source_model = self._input_shape()
        try:
            try:
                self._scan()
                self._split()
                self._build_model()
            except dataset.ScanCancelled:
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
        finally:
            self._release_stores()

    def _input_shape(self):
        """The model's input shape, and the model file to start from (or None)."""
        if self.checkpoint_info is not None:
            return tuple(self.checkpoint_info.input_shape), None
        if self.config.from_model:
            with self.strategy.scope():  # Its variables must belong to the strategy.
                loaded = modelfile.load_model(self.config.from_model)
            height, width, channels = loaded.info.input_shape
            self.message(f"fine-tuning {self.config.from_model}: input size {height}x{width}x{channels} "
                         f"and architecture come from the model")
            return tuple(loaded.info.input_shape), loaded
        native = self._native_input_shape()
        size = self.config.image_size
        if size is None:
            return native, None
        height, width = (size, size) if isinstance(size, int) else tuple(size)[:2]
        if min(height, width) < 8:
            raise TrainingError(f"the image size is too small. Received: image_size={size}")
        return (int(height), int(width), native[2]), None

    def _native_input_shape(self):
        """The architecture's own input shape (its channels are kept: LeNet-5 reads gray)."""
        if self.build_fn is not None:
            return (64, 64, 3)
        import models

        try:
            return tuple(models.default_input_shape(self.config.arch))
        except ValueError as error:
            raise TrainingError(str(error)) from None

    def _scan(self):
        height, width, channels = self.input_shape
        cache = self.run_dir / runfolder.CACHE_FOLDER
        self.message(f"checking the images in {self.config.data_dir}")
        self.train_scan = dataset.scan_dataset(
            self.config.data_dir, on_progress=self._scan_progress, image_size=(height, width), channels=channels,
            cache_dir=cache, should_stop=self.should_stop)
        self.val_scan = self.train_scan
        if self.config.val_dir:
            self.val_scan = dataset.scan_dataset(
                self.config.val_dir, on_progress=self._scan_progress, image_size=(height, width),
                channels=channels, cache_dir=cache, min_classes=1, should_stop=self.should_stop)
        self.callback.on_scan(self.train_scan)
        if self.val_scan is not self.train_scan:
            self.callback.on_scan(self.val_scan)
        self.skipped = list(self.train_scan.skipped) + (
            list(self.val_scan.skipped) if self.val_scan is not self.train_scan else [])
        runfolder.write_skipped(self.run_dir / runfolder.SKIPPED_FILE, self.skipped)

    def _split(self):
        self.classes = self._class_names()
        split_path = self.run_dir / runfolder.SPLIT_FILE
        if self.config.resume and split_path.is_file():
            self.split, notes = splitting.load_split(split_path, self.train_scan, self.val_scan)
            for note in notes:
                self.warn(note)
        elif self.config.split_file:
            self.split, notes = splitting.load_split(self.config.split_file, self.train_scan, self.val_scan)
            for note in notes:
                self.warn(note)
        elif self.val_scan is not self.train_scan:
            self.split = splitting.Split(np.arange(len(self.train_scan.files)), self._usable_val_indices(),
                                         self.config.seed)
        elif not self.config.val_split:  # No validation: train on every image, keep the last epoch.
            self.split = splitting.Split(np.arange(len(self.train_scan.files)), np.zeros(0, np.int64),
                                         self.config.seed, 0.0)
        else:
            self.split = splitting.stratified_split(self.train_scan.labels, self.config.val_split, self.config.seed)
        splitting.save_split(split_path, self.split, self.train_scan, self.val_scan)
        self.train_labels = self._labels(self.train_scan, self.split.train)
        self.val_labels = self._labels(self.val_scan, self.split.val)
        if len(self.split.train) == 0:
            raise TrainingError(f"{self.config.data_dir}: no image left for training")
        if len(self.split.val) == 0 and (self.config.val_split or self.config.val_dir):
            raise TrainingError(
                f"{self.config.val_dir or self.config.data_dir}: no image left for validation; "
                "add images (at least 2 per class) or give a --val-dir")
        if len(self.split.val) and not self.config.resume:
            for warning in stats.small_class_warnings(_counts(self.val_labels, self.classes)):
                self.warn(warning)

    def _build_model(self):
        import keras

        self.message("building the model")
        self._progress(PHASE_PREPARING, message="building the model")
        with self.strategy.scope():
            if self.checkpoint_info is not None:
                self.model = _load_checkpoint(self.run_dir / runfolder.CHECKPOINT_FILE)
                self.precision = precisions.policy_name(self.model)  # The run goes on as it started.
                return
            if self.source_model is not None:
                self.model = _fine_tune_model(self.source_model, self.classes)
                self.arch = self.source_model.info.arch or self.source_model.model.name
            else:
                build = self.build_fn or _default_build_fn()
                try:
                    self.model = build(self.config.arch, self.input_shape, len(self.classes))
                except ValueError as error:  # Unknown preset, pattern syntax, geometry that does not fit.
                    raise TrainingError(f"cannot build {self.config.arch!r} for input "
                                        f"{'x'.join(map(str, self.input_shape))}: {error}") from None
            self.precision = precisions.resolve_precision(self.config.precision)
            if self.precision != precisions.policy_name(self.model):
                self._change_precision()
            if self.precision != precisions.FLOAT32:
                self.message(f"computing in {self.precision} (faster on this CPU); the saved model will be float32")
            self.model.compile(
                optimizer=recipe.make_optimizer(self.config, self.learning_rate, self.steps_per_epoch),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=not predictor.ends_in_softmax(self.model)),
                metrics=["accuracy"])

    def _change_precision(self):
        """Copies the model into `self.precision`; a model that cannot be copied trains as it is."""
        try:
            self.model = precisions.with_policy(self.model, self.precision)
        except Exception as error:  # A layer from elsewhere whose config does not rebuild it.
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            self.precision = precisions.policy_name(self.model)
            self.warn(f"this model cannot be copied into a new precision ({reason}); training it in {self.precision}")

    def _fit(self):
        from training import pipeline
        from training.monitor import TrainingMonitor

        config = self.config
        train_data = pipeline.make_dataset(
            self.train_scan.images, self.train_scan.rows[self.split.train], self.train_labels, config.batch_size,
            training=True, augment=config.augment, seed=config.seed)
        val_data = pipeline.make_dataset(
            self.val_scan.images, self.val_scan.rows[self.split.val], self.val_labels,
            config.batch_size) if len(self.split.val) else None
        weights = pipeline.class_weights(self.train_labels, len(self.classes)) if config.class_weights else None
        self.callback.on_train_begin(self._begin_info())
        monitor = TrainingMonitor(self)
        self.model.fit(
            train_data, validation_data=val_data, epochs=config.epochs, initial_epoch=self.state.epochs_done,
            class_weight=weights, callbacks=averaging.callbacks(self.model) + [monitor], verbose=0, shuffle=False)
        self.cancelled = monitor.cancelled
        if monitor.diverged:
            self.warn("training stopped: the loss became NaN (try a lower --lr)")

    def _finish(self):
        """Writes the final model summary, evaluates the best model and writes the report."""
        self._progress(PHASE_FINISHING, message="evaluating the best model on the validation images")
        model_path = self.run_dir / runfolder.MODEL_FILE
        if self.state.best_epoch is None or not model_path.is_file():
            return self._end(self._report(evaluation=None), None)
        loaded = modelfile.load_model(model_path)
        if precisions.policy_name(loaded.model) != precisions.FLOAT32:
            # Users get float32: the same answers, at full speed, on CPUs without bfloat16.
            try:
                loaded.model = precisions.with_policy(loaded.model, precisions.FLOAT32)
            except Exception as error:  # Copied once already, so not expected; the run's model is kept.
                self.warn(f"the model stays in {precisions.policy_name(loaded.model)}: it cannot be copied into "
                          f"float32 ({' '.join(str(error).split())[:200]})")
        evaluation = self._evaluate_best(loaded) if len(self.split.val) else None
        report = self._report(evaluation)
        loaded.info.training = _model_summary(report)
        modelfile.save_model(loaded.model, model_path, loaded.info)
        if evaluation:
            plots.save_confusion(evaluation["confusion_matrix"], self.classes,
                                 self.run_dir / runfolder.CONFUSION_FILE)
        return self._end(report, model_path)

    def _end(self, report, model_path):
        runfolder.write_history(self.run_dir / runfolder.HISTORY_FILE, self.state.history)
        if self.state.epochs_done:
            plots.save_curves(self.state.history, self.run_dir / runfolder.CURVES_FILE, self.state.best_epoch)
        runfolder.write_json(self.run_dir / runfolder.REPORT_FILE, report)
        result = TrainResult(str(self.run_dir), str(model_path) if model_path else None, report, self.cancelled)
        self.callback.on_train_end(result)
        return result

    def _discard_unstarted_run(self):
        """A new run that fails or is cancelled before training leaves no folder behind."""
        if self.config.resume:
            return
        self._release_stores()
        for name in (runfolder.SKIPPED_FILE, runfolder.SPLIT_FILE):
            (self.run_dir / name).unlink(missing_ok=True)
        for folder in (self.run_dir / runfolder.CACHE_FOLDER, self.run_dir):
            with contextlib.suppress(OSError):
                folder.rmdir()  # Only when empty: never a folder the user filled.

    def _release_stores(self):
        """Frees the decoded images (and deletes their disk cache, if one was needed)."""
        for scan in {id(scan): scan for scan in (getattr(self, "train_scan", None), getattr(self, "val_scan", None))
                     if scan is not None}.values():
            dataset.release_store(scan.images)
            scan.images = None
        with contextlib.suppress(OSError):
            (self.run_dir / runfolder.CACHE_FOLDER).rmdir()

    def _finish_cancelled_scan(self):
        self.cancelled = True
        report = {"cancelled": True, "data_dir": self.config.data_dir, "epochs_run": 0,
                  "seconds": time.monotonic() - self.started}
        result = TrainResult(str(self.run_dir), None, report, True)
        self.callback.on_train_end(result)
        return result

    # --- Helpers ------------------------------------------------------------------------

    @property
    def steps_per_epoch(self):
        return math.ceil(len(self.split.train) / self.config.batch_size)

    @property
    def learning_rate(self):
        if self.config.learning_rate:
            return float(self.config.learning_rate)
        return DEFAULT_FINE_TUNE_LEARNING_RATE if self.config.from_model else DEFAULT_LEARNING_RATE

    @property
    def arch_name(self):
        return self.arch or (
            self.checkpoint_info.arch if self.checkpoint_info is not None else self.config.arch)

    def _class_names(self):
        """The model's class names: the checkpoint's, the fine-tuned model's, else the folder's."""
        names = list(self.train_scan.classes)
        if self.checkpoint_info is not None:
            saved = list(self.checkpoint_info.class_names)
            if sorted(saved) != sorted(names):
                raise TrainingError(
                    f"{self.config.data_dir}: the classes changed since the run started "
                    f"(was {', '.join(saved)}; now {', '.join(names)}); start a new run")
            return saved
        if self.source_model is not None and sorted(self.source_model.info.class_names) == sorted(names):
            return list(self.source_model.info.class_names)  # Same classes: keep the model's own head.
        return names

    def _labels(self, scan, indices):
        index_of = {name: index for index, name in enumerate(self.classes)}
        mapping = np.asarray([index_of.get(name, -1) for name in scan.classes], dtype=np.int64)
        return mapping[scan.labels[indices]] if len(indices) else np.zeros(0, dtype=np.int64)

    def _usable_val_indices(self):
        known = set(self.classes)
        for name in self.val_scan.classes:
            if name not in known:
                self.warn(f"{self.config.val_dir}: class folder '{name}' is not a training class; ignored")
        return np.asarray([i for i, (_, label) in enumerate(self.val_scan.files)
                           if self.val_scan.classes[label] in known], dtype=np.int64)

    def _evaluate_best(self, loaded):
        from core.predictor import Classifier

        classifier = Classifier(loaded)
        rows = self.val_scan.rows[self.split.val]
        probabilities = evaluate.predict_rows(classifier, self.val_scan.images, rows, self.config.batch_size)
        return evaluate.classification_report(self.val_labels, probabilities.argmax(axis=1), self.classes)

    def _report(self, evaluation):
        import keras
        import tensorflow as tf

        state = self.state
        history = state.history
        train_seconds = sum(value or 0.0 for value in history["seconds"])
        images_seen = len(self.split.train) * state.epochs_done
        report = {
            "classes": self.classes,
            "image_size": list(self.input_shape[:2]),
            "input_shape": list(self.input_shape),
            "arch": self.arch_name,
            "from_model": self.config.from_model,
            "epochs": self.config.epochs,
            "epochs_run": state.epochs_done,
            "best_epoch": state.best_epoch,
            "val_accuracy": evaluation["accuracy"] if evaluation else None,
            "val_correct": evaluation["correct"] if evaluation else None,
            "val_accuracy_ci95": evaluation["accuracy_ci95"] if evaluation else None,
            "val_loss": state.best_val_loss,
            "val_confusion_matrix": evaluation["confusion_matrix"] if evaluation else None,
            "val_per_class": evaluation["per_class"] if evaluation else None,
            "train_images": int(len(self.split.train)),
            "val_images": int(len(self.split.val)),
            "train_counts": _counts(self.train_labels, self.classes),
            "val_counts": _counts(self.val_labels, self.classes),
            "val_small_classes": {name: count for name, count in _counts(self.val_labels, self.classes).items()
                                  if len(self.split.val) and count < stats.SMALL_CLASS_PHOTOS},
            "skipped": self.skipped,
            "warnings": list(self.train_scan.warnings) + (
                list(self.val_scan.warnings) if self.val_scan is not self.train_scan else []) + self.notes,
            "seconds": round(self.seconds_before + (time.monotonic() - self.started), 2),
            "train_seconds": round(train_seconds, 2),
            "train_images_per_second": round(images_seen / train_seconds, 1) if train_seconds else None,
            "stopped_early": state.stopped_early,
            "cancelled": self.cancelled,
            "data_dir": str(self.config.data_dir),
            "val_dir": self.config.val_dir,
            "val_split": None if self.config.val_dir else self.config.val_split,
            "batch_size": self.config.batch_size,
            "learning_rate": self.learning_rate,
            "augment": self.config.augment,
            "class_weights": self.config.class_weights,
            "seed": self.config.seed,
            "patience": self.config.patience,
            "ema_epochs": recipe.ema_epochs(self.config),
            "warmup_epochs": recipe.warmup_epochs(self.config),
            "select": self.config.select,
            "deterministic": self.config.deterministic,
            "strategy": self.config.strategy,
            "replicas": int(self.strategy.num_replicas_in_sync),
            "precision": self.precision,
            "history": history,
            "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
        }
        return report

    def _begin_info(self):
        return {
            "run_dir": str(self.run_dir), "classes": self.classes, "arch": self.arch_name,
            "input_shape": list(self.input_shape), "train_images": int(len(self.split.train)),
            "val_images": int(len(self.split.val)), "epochs": self.config.epochs,
            "initial_epoch": self.state.epochs_done, "batches": self.steps_per_epoch,
            "batch_size": self.config.batch_size, "learning_rate": self.learning_rate,
            "strategy": self.config.strategy, "replicas": int(self.strategy.num_replicas_in_sync),
            "precision": self.precision, "parameters": int(self.model.count_params()),
        }

    def _scan_progress(self, done, total):
        self._progress(PHASE_SCANNING, batch=done, batches=total, message="checking images")

    def _progress(self, phase, **fields):
        progress = TrainProgress(phase=phase, epochs=self.config.epochs,
                                 elapsed_seconds=time.monotonic() - self.started, **fields)
        self.callback.on_batch_end(progress)
        return progress

    def message(self, text):
        self.callback.on_message(text)

    def warn(self, text):
        """A problem: told to the callback as a warning and kept in the report's warnings."""
        self.notes.append(text)
        self.callback.on_warning(text)

    def save_checkpoint(self):
        """Saves the model, the optimizer and the run state after a finished epoch."""
        info = modelfile.ModelInfo(self.classes, self.input_shape, arch=self.arch_name,
                                   training={"checkpoint": self.state.to_json()})
        modelfile.save_model(self.model, self.run_dir / runfolder.CHECKPOINT_FILE, info)
        runfolder.write_history(self.run_dir / runfolder.HISTORY_FILE, self.state.history)

    def save_best(self):
        """Saves the current model as the run's best model."""
        summary = {"best_epoch": self.state.best_epoch, "val_loss": self.state.best_val_loss,
                   "val_accuracy": self.state.best_val_accuracy, "data_dir": str(self.config.data_dir),
                   "epochs_run": self.state.epochs_done, "in_progress": True}
        info = modelfile.ModelInfo(self.classes, self.input_shape, arch=self.arch_name, training=summary)
        with averaging.averaged_weights(self.model):  # The average is what was validated.
            modelfile.save_model(self.model, self.run_dir / runfolder.MODEL_FILE, info)


def _open_run(config):
    """Resolves the run folder and, for `resume`, the saved config and checkpoint."""
    if config.resume:
        run_dir = Path(config.resume)
        config_path = run_dir / runfolder.CONFIG_FILE
        if not config_path.is_file():
            raise TrainingError(f"{run_dir}: not a TongueLens run folder (no {runfolder.CONFIG_FILE})")
        saved = TrainConfig.from_json(runfolder.read_json(config_path))
        saved.resume, saved.out_dir = str(run_dir), str(run_dir)
        if config.data_dir:
            saved.data_dir = config.data_dir  # The data may have moved.
        checkpoint = run_dir / runfolder.CHECKPOINT_FILE
        for folder in {run_dir, checkpoint.parent}:
            atomic.remove_stale_temporaries(folder)  # Left by a save that was killed.
        if not checkpoint.is_file():
            return saved, run_dir, RunState(), None  # Stopped in its first epoch: start it again.
        info = modelfile.read_info(checkpoint)
        state = RunState.from_json((info.training or {}).get("checkpoint", {}))
        if (run_dir / runfolder.REPORT_FILE).is_file() and (
                state.epochs_done >= saved.epochs or state.stopped_early):
            raise TrainingError(f"{run_dir}: this run already finished (see {runfolder.REPORT_FILE})")
        return saved, run_dir, state, info
    _check_config(config)
    run_dir = Path(config.out_dir) if config.out_dir else runfolder.new_run_dir()
    if (run_dir / runfolder.CONFIG_FILE).exists():
        raise TrainingError(f"{run_dir}: this folder already holds a run; resume it or choose another folder")
    # The folder is made now (a large image cache may go in it); config.json once the data are usable.
    run_dir.mkdir(parents=True, exist_ok=True)
    config = dataclasses.replace(config, out_dir=str(run_dir))
    return config, run_dir, RunState(), None


def _check_config(config):
    from training import strategy

    strategy.check_strategy(config.strategy)
    try:
        precisions.check_precision(config.precision)
    except precisions.PrecisionError as error:
        raise TrainingError(str(error)) from None
    if not config.data_dir:
        raise TrainingError("no data folder given")
    if config.epochs < 1:
        raise TrainingError(f"epochs must be at least 1. Received: epochs={config.epochs}")
    if config.batch_size < 1:
        raise TrainingError(f"the batch size must be at least 1. Received: batch_size={config.batch_size}")
    if not config.val_dir and not 0.0 <= config.val_split < 1.0:
        raise TrainingError(f"the validation split must be at least 0 and below 1. Received: "
                            f"val_split={config.val_split}")
    if config.learning_rate is not None and not config.learning_rate > 0:
        raise TrainingError(f"the learning rate must be positive. Received: learning_rate={config.learning_rate}")
    try:
        recipe.check_config(config)
    except ValueError as error:
        raise TrainingError(str(error)) from None


def _default_build_fn():
    import models

    def build(arch, input_shape, num_classes):
        return models.build_model(arch, input_shape, num_classes)

    return build


def _load_checkpoint(path):
    import keras

    import models.layers  # noqa: F401  Registers our custom layers for loading.

    try:
        return keras.saving.load_model(path, compile=True, safe_mode=True)
    except Exception as error:  # Keras raises many types for a damaged file.
        raise TrainingError(f"{path}: cannot load the checkpoint ({' '.join(str(error).split())[:300]})") from None


def _fine_tune_model(loaded, classes):
    """The loaded model, with a new softmax head when its classes are not `classes`."""
    import keras

    model = loaded.model
    if sorted(loaded.info.class_names) == sorted(classes):
        return model
    dense = next((layer for layer in reversed(model.layers) if isinstance(layer, keras.layers.Dense)), None)
    if dense is None:
        raise TrainingError(f"{loaded.path}: the model has no Dense layer at its end to replace for new classes")
    outputs = keras.layers.Dense(len(classes), activation="softmax", name="predictions")(dense.input)
    return keras.Model(model.inputs, outputs, name=model.name)


def _counts(labels, classes):
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=len(classes))
    return {name: int(count) for name, count in zip(classes, counts)}


def _model_summary(report):
    """The part of the report that travels inside the model file."""
    keep = ("classes", "image_size", "arch", "from_model", "epochs_run", "best_epoch", "val_accuracy", "val_loss",
            "val_confusion_matrix", "train_images", "val_images", "train_counts", "val_counts", "seconds",
            "data_dir", "batch_size", "learning_rate", "augment", "class_weights", "seed", "val_correct",
            "val_accuracy_ci95")
    summary = {key: report[key] for key in keep}
    summary["skipped"] = len(report["skipped"])
    summary["trained_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    return summary
