"""Training a classifier on a folder of labeled images, into a run folder.

    config = TrainConfig("photos/", arch="vgg-mini", epochs=30)
    result = train(config, callback=MyCallback(), should_stop=lambda: cancelled)
    result.model_path  # runs/<time>/model.keras: the best model, class names inside

One run: scan and decode-check every image once, split (stratified and seeded, or a
separate validation folder, or none), build or load the model, `fit` with the recipe of
`training.recipe` (Adam, a warm-up and a cosine learning-rate schedule, the weights averaged),
class weights, augmentation, the model kept as `training.selection` chooses (by default the last
epoch) and a checkpoint every epoch (so `resume` continues after a crash or kill), then
evaluate the kept model on the validation
set through the same `Classifier` that `classify` uses and write the run folder. On a CPU
with bfloat16 instructions the layers compute in bfloat16 (`training.precision`); the model
users get is converted back to float32.

The run folder is opened by `training.runfolder.open_run`, the report written by
`training.report`, and `model.fit` watched by `training.monitor.TrainingMonitor`. A pretrained
backbone (`weights="imagenet"` or a file) starts from those weights and trains in two phases,
head then fine-tune (`training.phases`, `training.finetune`); every other model in one. With a
labels table (`TrainConfig.labels`) the steps that differ (one head per attribute, blank cells
masked) are `training.attribute_training.TableSteps`.
No Qt here; call `train` from a worker thread and forward the callback's events.
"""

import contextlib
import dataclasses
import functools
import math
import time

import numpy as np

from core import lighting, modelfile, predictor
from core.messages import Message, at_path, verbatim
from models import colour as colours
from training import attribute_training, averaging, cropping, dataset, failures, finetune, phases
from training import plots, precision as precisions, recipe, report as reports, reproducible, robustness, runfolder
from training import stats
from training import split as splitting
from training.config import TrainConfig, TrainingError, TrainingFailed, TrainResult
from training.progress import PHASE_FINISHING, PHASE_PREPARING, PHASE_SCANNING, TrainingCallback, TrainProgress

__all__ = ["TrainConfig", "TrainResult", "TrainingError", "TrainingFailed", "train"]


def train(config, callback=None, should_stop=None, build_fn=None, scan=None, keep_scan=False, own_folder=False):
    """Runs (or resumes) one training run and writes its run folder.

    Args:
        config: a `TrainConfig`.
        callback: a `training.progress.TrainingCallback` (events come on this thread).
        should_stop: optional callable polled every batch; when it returns True the run
            stops within one batch, keeping the best model of the finished epochs.
        build_fn: optional callable(arch, input_shape, num_classes) -> keras.Model, used
            instead of `models.pretrained.build_pretrained` (`config.weights` is then not
            loaded; a pretrained backbone it builds still trains in phases). `config.arch` is
            then only a name and need not be a preset or a pattern: the input is
            `config.image_size` (which must be given) with 3 channels (RGB).
        scan: optional `dataset.DatasetScan` of `config.data_dir`, made with the run's image
            size and channels (the app's Train dialog has one). When the folder has not changed
            since (`dataset.matches_folder`), its decoded images are used instead of decoding
            every image again; the run then frees them at its end. With `config.labels`, an
            `attribute_data.AttributeScan` of that table, used the same way when neither the
            table nor its photos have changed (`attribute_data.matches_table`).
        keep_scan: do not free the decoded images at the end: the result's `scan` hands them to
            the caller, which trains on the same folder again (cross-validation) and frees them.
            Folder runs only (a labels table's scan is always freed).
        own_folder: `config.out_dir` is the caller's own folder for this run, filled already
            (cross-validation's); else a new run needs a new or empty folder (`runfolder.open_run`).

    Returns:
        A `TrainResult`.

    Raises:
        dataset.DatasetError: the data folder cannot be trained on.
        TrainingError: a bad setting, a run folder in use or holding other files, or a run that
            cannot resume.
        core.modelfile.ModelFileError: `from_model` cannot be loaded.
        training.strategy.StrategyError: the strategy cannot be used here.
    """
    return _Run(config, callback or TrainingCallback(), should_stop or (lambda: False), build_fn, scan,
                keep_scan, own_folder).execute()


class _Run:
    """One training run, step by step (kept in one object so each step stays small).

    Every attribute is set here; the steps of `execute` fill in the ones that start as None.
    To `training.monitor.TrainingMonitor` the run is a `MonitoredRun`: `callback`, `state`,
    `epochs`, `patience`, `select`, `train_batches`, `val_batches`, `started`, `should_stop`,
    `message`, `save_checkpoint` and `save_best`.
    """

    def __init__(self, config, callback, should_stop, build_fn, scan=None, keep_scan=False, own_folder=False):
        self.given_scan = scan
        self.keep_scan = keep_scan and not config.labels
        self.callback = callback
        self.should_stop = should_stop
        self.build_fn = build_fn
        self.started = time.monotonic()
        opened = runfolder.open_run(config, own_folder)
        self.config, self.run_dir, self.state = opened.config, opened.run_dir, opened.state
        self.new_folder = opened.folder  # A new run's `runfolder.NewFolder` (None when resumed).
        self.checkpoint_info = opened.checkpoint_info  # The checkpoint to resume from, or None.
        self.seconds_before = self.state.seconds  # Spent by earlier sessions of a resumed run.
        self.cancelled = False
        self.batch_norm_layers = 0  # Batch-norm layers whose statistics the kept model got afresh.
        self.notes = []  # The run's own warnings, for the report.
        self.strategy = None  # The tf.distribute strategy.
        self.input_shape = None  # (height, width, channels).
        self.source_model = None  # The `LoadedModel` to fine-tune, if any.
        self.train_scan = self.val_scan = None  # The same scan unless a separate validation folder is used.
        self.skipped = []  # Every file left out by the scans.
        self.classes = None  # The model's class names, in output order.
        self.split = None  # A `training.split.Split` into the scans' files.
        self.train_labels = self.val_labels = None  # Class indices into `classes`.
        self.model = None  # The Keras model being trained.
        self.arch = None  # The fine-tuned model's architecture name (else the config's or checkpoint's).
        self.precision = None  # The Keras dtype policy the run computes in.
        self.crop = None  # A `training.cropping.RunCrop` when photos are cut to the tongue, else None.
        self.weights = None  # The `models.pretrained.LoadedWeights` the model started from, or None.
        self.phase_plan = ()  # The `training.finetune.Phase`s of the run (one unless a pretrained backbone).
        self.phase_index = 0  # The phase being trained.
        self.phase_counts = {}  # {phase index: trainable and frozen weight counts}, for the report.
        self._compiled = False  # Whether the model was compiled for a phase in this session.
        # The steps of a labels-table run (one head per attribute), or None for a folder.
        self.table = attribute_training.TableSteps(self) if self.config.labels else None

    # --- The steps ----------------------------------------------------------------------

    def execute(self):
        import keras

        from models.pretrained import DownloadCancelled
        from training import strategy as strategies

        if self.config.deterministic:
            reproducible.enable_determinism()
        self.strategy = strategies.make_strategy(self.config.strategy)
        keras.utils.set_random_seed(self.config.seed)
        self.input_shape, self.source_model = self._input_shape()
        try:
            try:
                phases.fetch_weights(self.config, self.callback, self.should_stop)  # Offline: fails first.
                self.crop = cropping.open_run_crop(self.config, self.run_dir / runfolder.CHECKPOINT_FILE,
                                                   self.checkpoint_info, self.source_model)
                self._scan()
                self._split()
                self._build_model()
            except (dataset.ScanCancelled, DownloadCancelled):
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
            self.message(Message("trainer.fine_tuning", model=self.config.from_model,
                                 size=f"{height}x{width}x{channels}"))
            return tuple(loaded.info.input_shape), loaded
        size = self.config.image_size
        if size is None:
            return self._native_input_shape(), None
        channels = 3 if self.build_fn is not None else self._native_input_shape()[2]
        height, width = (size, size) if isinstance(size, int) else tuple(size)[:2]
        if min(height, width) < 8:
            raise TrainingError(Message("trainer.image_size_too_small", size=size))
        return (int(height), int(width), channels), None

    def _native_input_shape(self):
        """The architecture's own input shape (its channels are kept: LeNet-5 reads gray)."""
        if self.build_fn is not None:
            raise TrainingError(Message("trainer.size_for_build_fn", arch=repr(self.config.arch)))
        import models

        try:
            return tuple(models.default_input_shape(self.config.arch))
        except ValueError as error:  # An unknown preset or a bad pattern: `models` words it.
            raise TrainingError(getattr(error, "message", None) or verbatim(error)) from None

    def _scan(self):
        """Checks every image of the data folder (and of the validation folder) once, keeping them decoded."""
        if self.table is not None:
            self.table.scan_table()
            return
        self.message(Message("trainer.checking_folder", folder=self.config.data_dir))
        height, width, channels = self.input_shape
        if dataset.matches_folder(self.given_scan, self.config.data_dir, (height, width), channels,
                                  cropping.scan_key(self.crop)):
            self.train_scan = self.given_scan  # Decoded by the caller's scan: not again.
        else:
            self.train_scan = self._scan_folder(self.config.data_dir)
        self.val_scan = self.train_scan
        if self.config.val_dir:
            self.val_scan = self._scan_folder(self.config.val_dir, min_classes=1)
        self.callback.on_scan(self.train_scan)
        if self.val_scan is not self.train_scan:
            self.callback.on_scan(self.val_scan)
        self.skipped = list(self.train_scan.skipped) + (
            list(self.val_scan.skipped) if self.val_scan is not self.train_scan else [])
        runfolder.write_skipped(self.run_dir / runfolder.SKIPPED_FILE, self.skipped)

    def _scan_folder(self, folder, min_classes=2):
        height, width, channels = self.input_shape
        return dataset.scan_dataset(
            folder, on_progress=self.scan_progress, image_size=(height, width), channels=channels,
            cache_dir=self.run_dir / runfolder.CACHE_FOLDER, min_classes=min_classes, should_stop=self.should_stop,
            crop=self.crop.crop if self.crop is not None else None)

    def _split(self):
        if self.table is not None:
            self.table.split()
            return
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
            rows, unknown = splitting.rows_of_classes(self.val_scan, self.classes)
            for name in unknown:
                self.warn(at_path(self.config.val_dir, Message("trainer.not_training_class", name=name)))
            self.split = splitting.Split(np.arange(len(self.train_scan.files)), rows, self.config.seed)
        elif not self.config.val_split:  # No validation: train on every image, keep the last epoch.
            self.split = splitting.Split(np.arange(len(self.train_scan.files)), np.zeros(0, np.int64),
                                         self.config.seed, 0.0)
        else:
            self.split = splitting.stratified_split(self.train_scan.labels, self.config.val_split, self.config.seed)
        splitting.save_split(split_path, self.split, self.train_scan, self.val_scan)
        self.train_labels = splitting.labels_in(self.train_scan, self.split.train, self.classes)
        self.val_labels = splitting.labels_in(self.val_scan, self.split.val, self.classes)
        if len(self.split.train) == 0:
            raise TrainingError(at_path(self.config.data_dir, Message("trainer.no_training_images")))
        if len(self.split.val) == 0 and (self.config.val_split or self.config.val_dir):
            raise TrainingError(at_path(self.config.val_dir or self.config.data_dir,
                                        Message("trainer.no_validation_images")))
        if len(self.split.val) and not self.config.resume:
            for warning in stats.small_class_warnings(reports.counts(self.val_labels, self.classes)):
                self.warn(warning)

    def _build_model(self):
        self.message(Message("trainer.building"))
        self._progress(PHASE_PREPARING, message=Message("trainer.building"))
        with self.strategy.scope():
            if self.checkpoint_info is not None:
                self.model = runfolder.load_checkpoint(self.run_dir / runfolder.CHECKPOINT_FILE, self.table is not None)
                self.precision = precisions.policy_name(self.model)  # The run goes on as it started.
                self.weights = phases.saved_weights(self.checkpoint_info.training)
                self._plan_phases()  # The checkpoint's plan: a run killed in phase 2 goes on in phase 2.
                return
            if self.source_model is not None and self.table is not None:
                self.model = self.table.fine_tune(self.source_model)
                self.arch = self.source_model.info.arch or self.source_model.model.name
            elif self.source_model is not None:
                self.model = finetune.with_head_for(self.source_model, self.classes)
                self.arch = self.source_model.info.arch or self.source_model.model.name
            else:
                self.model, self.weights = self._build_new_model()
                note = phases.weights_message(self.config.arch, self.weights)
                if note:
                    self.message(note)
                self.model = colours.with_colour_constancy(self.model, self.config.colour)
                if self.table is not None:
                    self.model = self.table.build(self.model)
            self.precision = precisions.resolve_precision(self.config.precision)
            if self.precision != precisions.policy_name(self.model):
                self._change_precision()
            if self.precision != precisions.FLOAT32:
                self.message(Message("trainer.computing_in", precision=self.precision))
        self._plan_phases()  # On the model actually fitted (the precision copy, if any).

    def _build_new_model(self):
        """The architecture built for this run, with its starting weights: (model, LoadedWeights or None)."""
        try:
            if self.build_fn is not None:
                return self.build_fn(self.config.arch, self.input_shape, len(self.classes)), None
            return phases.build_model(self.config.arch, self.input_shape, len(self.classes),
                                      phases.weights_choice(self.config), should_stop=self.should_stop)
        except TrainingError:
            raise  # Weights that cannot be had or do not fit: already one line.
        except ValueError as error:  # Unknown preset, pattern syntax, geometry that does not fit.
            shape = "x".join(map(str, self.input_shape))
            raise TrainingError(Message("trainer.cannot_build", arch=repr(self.config.arch), shape=shape,
                                        reason=getattr(error, "message", None) or verbatim(error))) from None

    def _plan_phases(self):
        resumed = self.checkpoint_info.training if self.checkpoint_info is not None else None
        self.phase_plan = phases.plan(self.model, self.config, self.arch_name, resumed)
        self.phase_index = min(finetune.phase_at(self.phase_plan, self.state.epochs_done), len(self.phase_plan) - 1)
        self.phase_counts = phases.weight_counts(self.model, self.phase_plan, self.phase_index)

    def _compile_for_phase(self, model, phase):
        """Compiles `model` for `phase`: the recipe's optimizer (`training.recipe`) over the phase's epochs.

        A run resumed in the middle of a phase keeps the checkpoint's optimizer: its moments
        and its place on the schedule are that phase's.
        """
        import keras

        index = next(position for position, planned in enumerate(self.phase_plan) if planned is phase)
        first, _ = finetune.phase_spans(self.phase_plan)[index]
        resumed_mid_phase = self.checkpoint_info is not None and not self._compiled and first < self.state.epochs_done
        self._compiled = True
        if resumed_mid_phase:
            return
        with self.strategy.scope():
            # The recipe (warm-up, cosine decay, weight averaging) over the phase's own epochs.
            phase_config = dataclasses.replace(self.config, epochs=phase.epochs)
            optimizer = recipe.make_optimizer(phase_config, phase.learning_rate, self.train_batches)
            if self.table is not None:
                self.table.compile(model, optimizer)
                return
            model.compile(
                optimizer=optimizer,
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=not predictor.ends_in_softmax(model)),
                metrics=["accuracy"])

    def _start_phase(self, index, phase):
        """A phase starts: early stopping counts afresh in it; a run in several phases tells the user."""
        first, _ = finetune.phase_spans(self.phase_plan)[index]
        self.phase_index = index
        if index > 0 and self.state.epochs_done == first:
            self.state.wait = 0  # The head phase's last epochs do not count against fine-tuning.
        if len(self.phase_plan) > 1:
            self.callback.on_phase(phases.phase_info(self.phase_plan, index))

    def _change_precision(self):
        """Copies the model into `self.precision`; a model that cannot be copied trains as it is."""
        try:
            self.model = precisions.with_policy(self.model, self.precision)
        except Exception as error:  # A layer from elsewhere whose config does not rebuild it.
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            self.precision = precisions.policy_name(self.model)
            self.warn(Message("trainer.precision_not_copied", reason=reason, precision=self.precision))

    def _fit(self):
        from training import pipeline
        from training.monitor import TrainingMonitor

        config = self.config
        train_targets, val_targets = self.train_labels, self.val_labels
        weights, callbacks = None, []
        if self.table is not None:  # Class weights are inside its masked loss.
            train_targets, val_targets = self.table.targets(train_targets), self.table.targets(val_targets)
            callbacks = self.table.callbacks()
        elif config.class_weights:
            weights = pipeline.class_weights(self.train_labels, len(self.classes))
        train_data = pipeline.make_dataset(
            self.train_scan.images, self.train_scan.rows[self.split.train], train_targets, config.batch_size,
            training=True, augment=config.augment, seed=config.seed,
            light_augment=colours.parse_mode(config.colour).augment)
        val_data = pipeline.make_dataset(
            self.val_scan.images, self.val_scan.rows[self.split.val], val_targets,
            config.batch_size) if len(self.split.val) else None
        self.callback.on_train_begin(reports.begin_info(self))
        self._tell_grouped_conv_path()
        monitor = TrainingMonitor(self)

        def fit(model, initial_epoch, end_epoch):
            return model.fit(
                train_data, validation_data=val_data, epochs=end_epoch, initial_epoch=initial_epoch,
                class_weight=weights, callbacks=callbacks + averaging.callbacks(model) + [monitor], verbose=0,
                shuffle=False)

        try:
            finetune.fit_phases(
                self.model, self.phase_plan, self._compile_for_phase, fit, initial_epoch=self.state.epochs_done,
                should_stop=lambda: monitor.cancelled or monitor.diverged or self.state.stopped_early,
                on_phase=self._start_phase)
        except Exception as error:
            if monitor.raised(error):
                raise  # Our own callbacks and savers: their errors already say what to do.
            raise self._failure(error, "training", epoch=monitor.epoch + 1) from None
        self.cancelled = monitor.cancelled
        if monitor.diverged:
            self.warn(Message("trainer.loss_nan"))

    def _tell_grouped_conv_path(self):
        from models import grouped_conv, layers

        if layers.has_grouped_conv(self.model) and grouped_conv.active_path() == grouped_conv.FALLBACK:
            self.message(grouped_conv.describe())

    def _failure(self, error, phase, epoch=None, model=None):
        """A `TrainingFailed` for an error inside TensorFlow or Keras (the whole error goes to error.txt)."""
        message, details = failures.record(error, self.run_dir, self.state, model or self.model, phase, epoch)
        return TrainingFailed(message, details=details)

    def _finish(self):
        """Evaluates the best model (converted to float32), keeps the summary in it and writes the report."""
        self._progress(PHASE_FINISHING, message=Message("trainer.evaluating"))
        model_path = self.run_dir / runfolder.MODEL_FILE
        if self.state.best_epoch is None or not model_path.is_file():
            return self._end(self._report(evaluation=None), None)
        loaded = modelfile.load_model(model_path)
        if precisions.policy_name(loaded.model) != precisions.FLOAT32:
            # Users get float32: the same answers, at full speed, on CPUs without bfloat16.
            try:
                loaded.model = precisions.with_policy(loaded.model, precisions.FLOAT32)
            except Exception as error:  # Copied once already, so not expected; the run's model is kept.
                self.warn(Message("trainer.stays_in_precision", precision=precisions.policy_name(loaded.model),
                                  reason=" ".join(str(error).split())[:200]))
        self._recompute_batch_norm(loaded.model)
        evaluation = None
        if len(self.split.val):
            try:
                evaluation = self._evaluate_best(loaded)
            except Exception as error:  # TensorFlow failing on the saved model.
                raise self._failure(error, "evaluating the best model", model=loaded.model) from None
        report = self._report(evaluation)
        loaded.info.training = reports.model_summary(report)
        modelfile.save_model(loaded.model, model_path, loaded.info)
        if evaluation and self.table is not None:
            self.table.save_confusions(evaluation)
        elif evaluation:
            plots.save_confusion(evaluation["confusion_matrix"], self.classes,
                                 self.run_dir / runfolder.CONFUSION_FILE)
        return self._end(report, model_path)

    def _end(self, report, model_path):
        reports.write_final_files(self.run_dir, self.state, report)
        result = TrainResult(str(self.run_dir), str(model_path) if model_path else None, report, self.cancelled,
                             self.train_scan if self.keep_scan else None)
        self.callback.on_train_end(result)
        return result

    def _discard_unstarted_run(self):
        """A new run that fails or is cancelled before training leaves no folder behind."""
        if self.config.resume:
            return
        self._release_stores()
        runfolder.discard_unstarted(self.run_dir, self.new_folder)

    def _release_stores(self):
        """Frees the decoded images (and deletes their disk cache, if one was needed), unless the
        caller keeps the data folder's (`keep_scan`: only a separate validation folder's)."""
        kept = self.train_scan if self.keep_scan else None
        scans = [scan for scan in (self.train_scan, self.val_scan) if scan is not None and scan is not kept]
        for scan in {id(scan): scan for scan in scans}.values():
            dataset.release_store(scan.images)
            scan.images = None
        with contextlib.suppress(OSError):
            (self.run_dir / runfolder.CACHE_FOLDER).rmdir()

    def _finish_cancelled_scan(self):
        self.cancelled = True
        report = reports.cancelled_scan_report(self.config, time.monotonic() - self.started)
        result = TrainResult(str(self.run_dir), None, report, True)
        self.callback.on_train_end(result)
        return result

    # --- What the monitor sees (`training.monitor.MonitoredRun`) ----------------------------

    @property
    def epochs(self):
        return self.config.epochs

    @property
    def patience(self):
        return phases.patience_in(self.phase_plan, self.phase_index, self.config.patience)

    @property
    def select(self):
        return self.config.select

    @property
    def train_batches(self):
        return math.ceil(len(self.split.train) / self.config.batch_size)

    @property
    def val_batches(self):
        return math.ceil(len(self.split.val) / self.config.batch_size)

    def message(self, text):
        """A note for the user (a `core.messages.Message`), told to the callback."""
        self.callback.on_message(text)

    def warn(self, text):
        """A problem (a `core.messages.Message`): told to the callback as a warning, kept in the report."""
        self.notes.append(text)
        self.callback.on_warning(text)

    def save_checkpoint(self):
        """Saves the model, the optimizer and the run state after a finished epoch."""
        info = self._model_info({"checkpoint": self.state.to_json(),
                                 **phases.checkpoint_fields(self.phase_plan, self.weights)})
        modelfile.save_model(self.model, self.run_dir / runfolder.CHECKPOINT_FILE, cropping.with_crop(info, self.crop))
        runfolder.write_history(self.run_dir / runfolder.HISTORY_FILE, self.state.history)

    def save_best(self):
        """Saves the current model as the run's best model."""
        summary = {"best_epoch": self.state.best_epoch, "val_loss": self.state.best_val_loss,
                   "val_accuracy": self.state.best_val_accuracy, "data_dir": str(self.config.data_dir),
                   "epochs_run": self.state.epochs_done, "in_progress": True}
        info = self._model_info(summary)
        with averaging.averaged_weights(self.model):  # The average is what was validated.
            modelfile.save_model(self.model, self.run_dir / runfolder.MODEL_FILE, cropping.with_crop(info, self.crop))

    # --- Helpers ------------------------------------------------------------------------

    def _model_info(self, training):
        if self.table is not None:
            return self.table.model_info(training)
        return modelfile.ModelInfo(self.classes, self.input_shape, arch=self.arch_name, training=training)

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
                raise TrainingError(at_path(self.config.data_dir, Message(
                    "trainer.classes_changed", was=", ".join(saved), now=", ".join(names))))
            return saved
        if self.source_model is not None and sorted(self.source_model.info.class_names) == sorted(names):
            return list(self.source_model.info.class_names)  # Same classes: keep the model's own head.
        return names

    def _recompute_batch_norm(self, model):
        """Gives the kept (averaged) model batch-norm statistics of its own, from the training photos.

        A cancelled run keeps its model as it was validated (the pass is skipped, or undone when the
        cancel comes during it)."""
        if not averaging.uses_ema(self.model) or not len(self.split.train) or self.cancelled or self.should_stop():
            return
        from training import pipeline

        self.message(Message("trainer.batch_norm"))
        rows = self.train_scan.rows[self.split.train]
        try:
            self.batch_norm_layers = averaging.recompute_batch_norm(model, pipeline.make_dataset(
                self.train_scan.images, rows, np.zeros(len(rows), np.int64), self.config.batch_size, training=True,
                seed=self.config.seed), should_stop=self.should_stop)
        except Exception as error:  # TensorFlow failing on the saved model.
            raise self._failure(error, "recomputing batch-norm statistics", model=model) from None

    def _evaluate_best(self, loaded):
        if self.table is not None:
            return self.table.evaluate(loaded)
        return robustness.validation_report(loaded, self.val_scan.images, self.val_scan.rows[self.split.val],
                                            self.val_labels, self.classes, self.config.batch_size, self.training_light)

    @functools.cached_property
    def training_light(self):
        """The training photos' lighting profile (`core.lighting.lighting_profile`), measured once."""
        return lighting.lighting_profile(self.train_scan.images, self.train_scan.rows[self.split.train])

    def _report(self, evaluation):
        warnings = list(self.train_scan.warnings) + (
            list(self.val_scan.warnings) if self.val_scan is not self.train_scan else []) + self.notes
        table = self.table is not None
        facts = reports.RunFacts(
            classes=[] if table else self.classes, input_shape=self.input_shape, arch=self.arch_name,
            # A table run's counts are per attribute (its report_fields); the photo counts are the rows.
            train_labels=np.zeros(len(self.split.train), np.int64) if table else self.train_labels,
            val_labels=np.zeros(len(self.split.val), np.int64) if table else self.val_labels,
            skipped=self.skipped, warnings=warnings, seconds=self.seconds_before + (time.monotonic() - self.started),
            replicas=self.strategy.num_replicas_in_sync, precision=self.precision, cancelled=self.cancelled,
            weights=self.weights.to_json() if self.weights is not None else None,
            phases=phases.records(self.phase_plan, self.state.epochs_done, self.phase_counts),
            colour=colours.effective_mode(self.model, self.config.colour),
            lighting=self.training_light)
        report = reports.build_report(self.config, self.state, facts, evaluation)
        if table:
            report.update(self.table.report_fields(evaluation))
        report["crop"] = cropping.describe(self.crop)
        report["batch_norm_recomputed"] = self.batch_norm_layers
        return report

    def scan_progress(self, done, total):
        """Reports the decode check's progress (`done` of `total` images)."""
        self._progress(PHASE_SCANNING, batch=done, batches=total, message=Message("trainer.checking"))

    def _progress(self, phase, **fields):
        progress = TrainProgress(phase=phase, epochs=self.config.epochs,
                                 elapsed_seconds=time.monotonic() - self.started, **fields)
        self.callback.on_batch_end(progress)
        return progress

