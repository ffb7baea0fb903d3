"""A run's report: report.json, the summary inside the model file, and the files written at the end.

    report = build_report(config, state, facts, evaluation)   # the dict report.json holds
    write_final_files(run_dir, state, report)                  # history.csv, curves.png, report.json

The report describes a run after the fact from plain values (`RunFacts`), so it can be built
and tested without a trainer.
"""

import dataclasses
import time

import numpy as np

from training import plots, recipe, runfolder, stats

# The part of the report that travels inside the model file.
_MODEL_SUMMARY_KEYS = (
    "classes", "image_size", "arch", "from_model", "epochs_run", "best_epoch", "val_accuracy", "val_loss",
    "val_confusion_matrix", "train_images", "val_images", "train_counts", "val_counts", "seconds", "data_dir",
    "batch_size", "learning_rate", "augment", "class_weights", "seed", "weights", "phases", "colour", "lighting",
    "val_relit_accuracy", "val_relit_calibrated_accuracy", "val_correct", "val_accuracy_ci95")

_ATTRIBUTE_SUMMARY_KEYS = ("name", "classes", "val_accuracy", "val_macro_f1", "val_images", "val_loss")


@dataclasses.dataclass
class RunFacts:
    """What a run found and decided, beside its config and state.

    Attributes:
        classes: the model's class names, in output order.
        input_shape: (height, width, channels).
        arch: the architecture's name (preset, pattern, or the fine-tuned model's).
        train_labels: class index of each training image.
        val_labels: class index of each validation image.
        skipped: [{"path", "reason"}] of every file left out.
        warnings: the scans' warnings and the run's own, in order.
        seconds: wall time over every session of the run.
        replicas: devices training in sync.
        precision: the Keras dtype policy the run computed in.
        cancelled: the run was stopped by its `should_stop`.
        weights: the pretrained weights the model started from (`LoadedWeights.to_json()`), or None.
        phases: the run's phases with the epochs each ran (`training.phases.records`).
        colour: the colour mode the model really has (`models.colour.effective_mode`).
        lighting: the training photos' lighting profile (`core.lighting.lighting_profile`), or None.
    """

    classes: list
    input_shape: tuple
    arch: str
    train_labels: np.ndarray
    val_labels: np.ndarray
    skipped: list
    warnings: list
    seconds: float
    replicas: int
    precision: str
    cancelled: bool
    weights: dict = None
    phases: list = None
    colour: str = "none"
    lighting: dict = None


def build_report(config, state, facts, evaluation=None):
    """The contents of report.json.

    Args:
        config: the run's `training.config.TrainConfig`.
        state: its `training.runfolder.RunState` after the last finished epoch.
        facts: a `RunFacts`.
        evaluation: `training.evaluate.classification_report` of the best model on the
            validation images, or None when no epoch finished.
    """
    import keras
    import tensorflow as tf

    history = state.history
    train_seconds = sum(value or 0.0 for value in history["seconds"])
    images_seen = len(facts.train_labels) * state.epochs_done
    return {
        "classes": facts.classes,
        "image_size": list(facts.input_shape[:2]),
        "input_shape": list(facts.input_shape),
        "arch": facts.arch,
        "from_model": config.from_model,
        "epochs": config.epochs,
        "epochs_run": state.epochs_done,
        "best_epoch": state.best_epoch,
        "val_accuracy": evaluation["accuracy"] if evaluation else None,
        "val_correct": evaluation.get("correct") if evaluation else None,  # None per attribute for a table run.
        "val_accuracy_ci95": evaluation.get("accuracy_ci95") if evaluation else None,
        "val_loss": state.best_val_loss,
        "val_confusion_matrix": evaluation["confusion_matrix"] if evaluation else None,
        "val_per_class": evaluation["per_class"] if evaluation else None,
        # Accuracy on the validation photos re-lit warm, cool and dim ({} for gray models).
        "val_relit_accuracy": evaluation.get("relit_accuracy", {}) if evaluation else None,
        # The same, each light calibrated from its re-lit copies (`core.calibration`), for a model
        # without a colour-correction layer ({} otherwise).
        "val_relit_calibrated_accuracy": evaluation.get("relit_calibrated_accuracy", {}) if evaluation else None,
        "train_images": int(len(facts.train_labels)),
        "val_images": int(len(facts.val_labels)),
        "train_counts": counts(facts.train_labels, facts.classes),
        "val_counts": counts(facts.val_labels, facts.classes),
        "val_small_classes": {name: count for name, count in counts(facts.val_labels, facts.classes).items()
                              if len(facts.val_labels) and count < stats.SMALL_CLASS_PHOTOS},
        "skipped": facts.skipped,
        "warnings": facts.warnings,
        "seconds": round(facts.seconds, 2),
        "train_seconds": round(train_seconds, 2),
        "train_images_per_second": round(images_seen / train_seconds, 1) if train_seconds else None,
        "stopped_early": state.stopped_early,
        "cancelled": facts.cancelled,
        "data_dir": str(config.data_dir),
        "val_dir": config.val_dir,
        "val_split": None if config.val_dir else config.val_split,
        "batch_size": config.batch_size,
        "learning_rate": config.effective_learning_rate,
        "augment": config.augment,
        "class_weights": config.class_weights,
        "seed": config.seed,
        "patience": config.patience,
        "ema_epochs": recipe.ema_epochs(config),
        "warmup_epochs": recipe.warmup_epochs(config),
        "select": config.select,
        "deterministic": config.deterministic,
        "strategy": config.strategy,
        "replicas": int(facts.replicas),
        "precision": facts.precision,
        "weights": facts.weights,
        "phases": facts.phases or [],
        "colour": facts.colour,
        "lighting": facts.lighting,
        "history": history,
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
    }


def cancelled_scan_report(config, seconds):
    """The report of a run cancelled while its images were being checked (nothing was written)."""
    return {"cancelled": True, "data_dir": config.data_dir, "epochs_run": 0, "seconds": seconds}


def model_summary(report):
    """The part of the report that travels inside the model file."""
    summary = {key: report[key] for key in _MODEL_SUMMARY_KEYS}
    if report.get("attributes"):
        # A table run: each attribute's validation figures, for the app and the photo report.
        summary["attributes"] = [{key: attribute[key] for key in _ATTRIBUTE_SUMMARY_KEYS}
                                 for attribute in report["attributes"]]
        summary["labels"] = report.get("labels")
    summary["skipped"] = len(report["skipped"])
    summary["trained_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    return summary


def write_final_files(run_dir, state, report):
    """Writes history.csv, curves.png (once an epoch finished) and, last, report.json."""
    runfolder.write_history(run_dir / runfolder.HISTORY_FILE, state.history)
    if state.epochs_done:
        plots.save_curves(state.history, run_dir / runfolder.CURVES_FILE, state.best_epoch)
    runfolder.write_json(run_dir / runfolder.REPORT_FILE, report)


def counts(labels, classes):
    """{class name: how many of `labels` (class indices) are that class}."""
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=len(classes))
    return {name: int(count) for name, count in zip(classes, counts)}


def begin_info(run):
    """What a training run tells its callback as it begins (`TrainingCallback.on_train_begin`).

    Args:
        run: the run (`training.trainer`'s), its split, model and phases made.
    """
    return {
        "run_dir": str(run.run_dir), "classes": run.classes, "arch": run.arch_name,
        "input_shape": list(run.input_shape), "train_images": int(len(run.split.train)),
        "val_images": int(len(run.split.val)), "epochs": run.config.epochs,
        "initial_epoch": run.state.epochs_done, "batches": run.train_batches,
        "batch_size": run.config.batch_size, "learning_rate": run.config.effective_learning_rate,
        "strategy": run.config.strategy, "replicas": int(run.strategy.num_replicas_in_sync),
        "precision": run.precision, "parameters": int(run.model.count_params()),
        **({"attributes": run.table.attributes_json()} if run.table is not None else {}),
        "phases": [phase.to_json() for phase in run.phase_plan],
        "weights": run.weights.to_json() if run.weights is not None else None,
    }
