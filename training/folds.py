"""Stratified K-fold cross-validation of a training folder, then the model to keep, trained on every image.

    result = cross_validate(TrainConfig("photos/", out_dir="runs/cv"), folds=5)
    result.summary["accuracy"]   # {"mean", "std", "min", "max", "n"} over the folds
    result.model_path            # runs/cv/model.keras: trained on all photos

One validation set of a few dozen photos gives a figure uncertain by +-10 points. K-fold
cross-validation validates every photo exactly once: each class is dealt into K folds (seeded),
fold k trains on the other K-1 folds and validates on fold k, each with the unchanged trainer
(`TrainConfig.split_file` points it at the fold's split). The photos are checked once to deal
the folds, and decoded for training once, by the first fold's run: the other folds and the
final run reuse its images (`train(scan=..., keep_scan=True)`). The folds' accuracies, their
mean, standard deviation and range, and every class's recall per fold go to `folds.json` and
`folds.csv`; the confusion matrices are summed into one over all photos. A labels table's photos are
dealt stratified on its rarest attribute, as a table run's split is, and each attribute gets these
figures over the photos labelled for it (`summary["attributes"]`); the top-level ones are the
first attribute's.

The model kept is then trained on every photo (`val_split=0`: same settings, the last epoch's
model), so it learns from all the data; its expected accuracy is what the folds measured (the
cross-validation estimates the recipe on this folder, and no fold's model is picked by its
luck). Its model file carries the cross-validation summary.

    RUN_DIR/
        folds.json, folds.csv   the per-fold table and its summary
        splits/fold<k>.json     each fold's split (train and validation files)
        fold<k>/                each fold's own run folder (report.json, model.keras, ...)
        model.keras, report.json, ...   the model trained on every photo (a normal run folder)
"""

import collections
import contextlib
import csv
import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from core import atomic, modelfile
from core.messages import Message, at_path
from core.safetext import csv_cell
from training import dataset, runfolder, split as splitting, stats
from training.config import TrainingError
from training.progress import TrainingCallback

FOLDS_JSON = "folds.json"
FOLDS_CSV = "folds.csv"
SPLITS_FOLDER = "splits"


class FoldsError(TrainingError):
    """Cross-validation that cannot run on this folder or with these settings (its `message` is a
    `core.messages.Message`)."""


@dataclasses.dataclass
class FoldsResult:
    """What a cross-validation produced.

    Attributes:
        run_dir: the run folder.
        model_path: the model trained on every photo, or None (cancelled before it finished).
        folds: one summary dict per finished fold (see `fold_summary`).
        summary: the contents of folds.json.
        cancelled: stopped by `should_stop`.
    """

    run_dir: str
    model_path: str
    folds: list
    summary: dict
    cancelled: bool = False


def stratified_folds(labels, k, seed, class_names=None):
    """Deals each class's images into `k` folds, shuffled with `seed`.

    Every class is spread as evenly as possible (fold sizes per class differ by at most one),
    so each fold's validation set has the folder's class proportions.

    Args:
        labels: class index of each image.
        k: number of folds (at least 2).
        seed: the same labels and seed give the same folds.
        class_names: names of the class indices, for messages.

    Returns:
        A list of `k` sorted index arrays, the validation images of each fold.

    Raises:
        FoldsError: k < 2, or a class has fewer than k images.
    """
    labels = np.asarray(labels)
    if k < 2:
        raise FoldsError(Message("folds.at_least_two", folds=k))
    rng = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    start = 0  # Where the next class starts dealing, so the folds' totals stay even too.
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < k:
            name = class_names[label] if class_names else int(label)
            raise FoldsError(Message("folds.too_few", name=name, count=len(members), folds=k))
        for position, index in enumerate(members[rng.permutation(len(members))]):
            folds[(start + position) % k].append(index)
        start = (start + len(members)) % k
    return [np.sort(np.asarray(fold, dtype=np.int64)) for fold in folds]


def cross_validate(config, folds, callback=None, should_stop=None, build_fn=None):
    """Runs K-fold cross-validation of `config` on its folder, then trains the model to keep on every image.

    Args:
        config: a `training.trainer.TrainConfig` (its `val_split`, `val_dir`, `split_file` and
            `resume` are not used: the folds decide the validation images).
        folds: K, the number of folds.
        callback: a `training.progress.TrainingCallback`; it sees every fold's run in turn
            (messages say which fold), then the final run; `on_folds_end(result)` is called if
            the callback has it.
        should_stop: optional callable polled every batch; True stops the current run within a
            batch and skips the rest (finished folds are kept and summarized).
        build_fn: passed to `training.trainer.train`.

    Returns:
        A `FoldsResult`.

    Raises:
        FoldsError, dataset.DatasetError, training.trainer.TrainingError: as their messages say.
    """
    from training import trainer

    callback = callback or TrainingCallback()
    should_stop = should_stop or (lambda: False)
    if config.resume or config.val_dir:
        raise FoldsError(Message("folds.no_resume"))
    run_dir = Path(config.out_dir) if config.out_dir else runfolder.new_run_dir()
    if (run_dir / FOLDS_JSON).exists():
        raise trainer.TrainingError(at_path(run_dir, Message("run.folder_in_use")))
    runfolder.check_new_run_folder(run_dir)  # Before the photos are read: a user's folder is refused at once.
    started = time.monotonic()
    callback.on_message(Message("folds.checking", folder=config.data_dir))
    try:
        dealt = _deal_table(config, folds, should_stop) if config.labels else _deal_folder(config, folds, should_stop)
    except dataset.ScanCancelled:
        return _cancelled_before_start(run_dir, callback)
    runfolder.make_new_run_folder(run_dir)
    summaries, cancelled = [], False
    decoded = None  # The first fold's decoded images, which every later run reuses.
    try:
        for number, val in enumerate(dealt.val_sets, start=1):
            if should_stop():
                cancelled = True
                break
            split_path = dealt.write_split(run_dir, number, val, config.seed)
            callback.on_message(Message("folds.fold", fold=number, folds=folds, train=dealt.photos - len(val),
                                        val=len(val)))
            fold_config = dataclasses.replace(config, out_dir=str(run_dir / f"fold{number}"),
                                              split_file=str(split_path), val_dir=None, resume=None)
            result = trainer.train(fold_config, callback=_FoldCallback(callback, number, folds),
                                   should_stop=should_stop, build_fn=build_fn, scan=decoded, keep_scan=True)
            decoded = result.scan if result.scan is not None else decoded
            if result.cancelled:
                cancelled = True
                break
            summaries.append(fold_summary(number, result.report))
            _write_summary(run_dir, config, folds, summaries, None, started, cancelled=False, final=False)
        model_path = None
        if not cancelled:
            callback.on_message(Message("folds.final", images=dealt.photos))
            final_config = dataclasses.replace(config, out_dir=str(run_dir), val_split=0.0, val_dir=None,
                                               split_file=None, resume=None)
            final = trainer.train(final_config, callback=callback, should_stop=should_stop, build_fn=build_fn,
                                  scan=decoded, keep_scan=True, own_folder=True)
            decoded = final.scan if final.scan is not None else decoded
            cancelled, model_path = final.cancelled, final.model_path
    finally:
        _free(decoded)
    summary = _write_summary(run_dir, config, folds, summaries, model_path, started, cancelled, final=True)
    for warning in stats.small_class_warnings(dealt.counts, "validated"):
        callback.on_warning(warning)
    if model_path and not cancelled:
        _store_summary_in_model(model_path, summary)
    result = FoldsResult(str(run_dir), model_path, summaries, summary, cancelled)
    if hasattr(callback, "on_folds_end"):
        callback.on_folds_end(result)
    return result


# The photos dealt into folds: each fold's validation rows, how to write a fold's split, how many
# photos there are, and the photos of each class ({class: photos}; a table's "attribute: class").
Dealt = collections.namedtuple("Dealt", "val_sets write_split photos counts")


def _deal_folder(config, folds, should_stop):
    """Deals a folder of class sub-folders into stratified folds."""
    scan = dataset.scan_dataset(config.data_dir, should_stop=should_stop)
    val_sets = stratified_folds(scan.labels, folds, config.seed, scan.classes)

    def write_split(run_dir, number, val, seed):
        return _write_fold_split(run_dir, number, scan, val, seed)

    return Dealt(val_sets, write_split, len(scan.files), scan.counts)


def _deal_table(config, folds, should_stop):
    """Deals the photos of a labels table into folds stratified on its rarest attribute, as a table run's
    validation split is (the photos blank for it are spread evenly too)."""
    from training import attribute_data

    scan = attribute_data.scan_labels(config.data_dir, config.labels, should_stop=should_stop)
    rarest = attribute_data.rarest_attribute(scan.labels)
    attribute = scan.attributes[rarest]
    labels = scan.labels[:, rarest]
    labelled, blank = np.flatnonzero(labels >= 0), np.flatnonzero(labels < 0)
    val_sets = [list(labelled[fold]) for fold in stratified_folds(labels[labelled], folds, config.seed,
                                                                  attribute.classes)]
    order = np.random.default_rng(config.seed).permutation(len(blank))
    for position, index in enumerate(blank[order]):  # Photos blank for it: spread evenly, however few.
        val_sets[position % folds].append(index)
    val_sets = [np.sort(np.asarray(fold, dtype=np.int64)) for fold in val_sets]

    def write_split(run_dir, number, val, seed):
        train = np.setdiff1d(np.arange(len(scan.files)), val)
        path = run_dir / SPLITS_FOLDER / f"fold{number}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        attribute_data.save_split(path, splitting.Split(train, val, seed, None), scan, attribute.name)
        return path

    counts = {f"{name}: {value}": count for name, per_class in scan.counts().items()
              for value, count in per_class.items()}
    return Dealt(val_sets, write_split, len(scan.files), counts)


def _free(scan):
    """Frees the decoded images the runs shared (and the disk cache's file, if one was needed)."""
    if scan is not None and scan.images is not None:
        cache = getattr(scan.images, "filename", None)
        dataset.release_store(scan.images)
        scan.images = None
        if cache:
            with contextlib.suppress(OSError):
                Path(cache).parent.rmdir()


def fold_summary(number, report):
    """One fold's figures from its run report (accuracy with count and interval, per-class recall).

    A table run's fold has them per attribute too (`attributes`, each like a folder's fold); its
    own figures are its first attribute's.
    """
    run = {"fold": number, "best_epoch": report["best_epoch"], "epochs_run": report["epochs_run"],
           "train_images": report["train_images"], "seconds": report["seconds"]}
    if not report.get("attributes"):
        return {**run, **_scores(report["val_accuracy"], report.get("val_correct"), report["val_images"],
                                 report.get("val_accuracy_ci95"), report.get("val_per_class"),
                                 report.get("val_confusion_matrix"), report["classes"])}
    attributes = {}
    for attribute in report["attributes"]:
        matrix = attribute.get("val_confusion_matrix")
        correct = int(np.trace(np.asarray(matrix))) if matrix else None
        images = attribute["val_images"]
        interval = list(stats.wilson_interval(correct, images)) if correct is not None and images else None
        attributes[attribute["name"]] = {**run, **_scores(attribute["val_accuracy"], correct, images, interval,
                                                          attribute.get("val_per_class"), matrix,
                                                          attribute["classes"])}
    first = next(iter(attributes.values()))
    return {**first, "attributes": attributes}


def _scores(accuracy, correct, images, interval, per_class, matrix, classes):
    """One classifier's figures on a fold's validation photos."""
    return {
        "accuracy": accuracy, "correct": correct, "images": images, "accuracy_ci95": interval,
        "per_class": {name: {"recall": scores["recall"], "correct": scores.get("correct"),
                             "images": scores["support"]} for name, scores in (per_class or {}).items()},
        "confusion_matrix": matrix, "classes": list(classes),
    }


def summarize(summaries):
    """Mean, std and range over folds: of accuracy, and of each class's recall; the pooled figures.

    Returns:
        {"accuracy": spread, "per_class": {class: spread of recall}, "pooled": proportion over
        every validated photo, "pooled_per_class": {class: proportion}, "confusion_matrix":
        the folds' matrices summed (rows true, columns predicted, in `classes` order), "classes"}.
    """
    if not summaries:
        return {"accuracy": stats.spread([]), "per_class": {}, "pooled": None, "pooled_per_class": {},
                "confusion_matrix": None, "classes": []}
    classes = summaries[0]["classes"]
    matrix = np.sum([np.asarray(summary["confusion_matrix"]) for summary in summaries], axis=0)
    correct, total = int(np.trace(matrix)), int(matrix.sum())
    return {
        "accuracy": stats.spread([summary["accuracy"] for summary in summaries]),
        "per_class": {name: stats.spread([summary["per_class"][name]["recall"] for summary in summaries
                                          if summary["per_class"].get(name, {}).get("images")])
                      for name in classes},
        "pooled": stats.proportion(correct, total),
        "pooled_per_class": {name: stats.proportion(int(matrix[i, i]), int(matrix[i].sum()))
                             for i, name in enumerate(classes)},
        "confusion_matrix": matrix.tolist(),
        "classes": classes,
    }


def _write_fold_split(run_dir, number, scan, val, seed):
    """Writes splits/fold<k>.json: every other image trains, `val` validates."""
    train = np.setdiff1d(np.arange(len(scan.files)), val)
    path = run_dir / SPLITS_FOLDER / f"fold{number}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    splitting.save_split(path, splitting.Split(train, val, seed, None), scan, scan)
    return path


def _cancelled_before_start(run_dir, callback):
    summary = {"folds_done": 0, "cancelled": True, "model": None, "per_fold": []}
    result = FoldsResult(str(run_dir), None, [], summary, True)
    if hasattr(callback, "on_folds_end"):
        callback.on_folds_end(result)
    return result


class _FoldCallback(TrainingCallback):
    """Passes a fold's events on, its messages marked with the fold; its per-class size warnings are
    left to the summary (every photo is validated once over the folds)."""

    def __init__(self, inner, number, folds):
        self.inner, self.number, self.folds = inner, number, folds

    def on_scan(self, scan):
        self.inner.on_scan(scan)

    def on_train_begin(self, info):
        self.inner.on_train_begin(info)

    def on_batch_end(self, progress):
        self.inner.on_batch_end(progress)

    def on_epoch_end(self, progress):
        self.inner.on_epoch_end(progress)

    def on_train_end(self, result):
        self.inner.on_train_end(result)

    def on_message(self, text):
        self.inner.on_message(Message("folds.in_fold", fold=self.number, folds=self.folds, text=text))

    def on_warning(self, text):
        if not stats.is_small_class_warning(text):
            self.inner.on_warning(Message("folds.in_fold", fold=self.number, folds=self.folds, text=text))


def _write_summary(run_dir, config, folds, summaries, model_path, started, cancelled, final):
    summary = {
        "folds": folds,
        "folds_done": len(summaries),
        "data_dir": str(config.data_dir),
        **({"labels": str(config.labels)} if config.labels else {}),
        "seed": config.seed,
        **summarize(summaries),
        **({"attributes": summarize_attributes(summaries)} if summaries and "attributes" in summaries[0] else {}),
        "per_fold": summaries,
        "model": model_path,
        "model_trained_on": "every image of the folder (no validation; the last epoch is kept)",
        "finished": final and not cancelled and len(summaries) == folds,
        "cancelled": cancelled,
        "seconds": round(time.monotonic() - started, 1),
    }
    runfolder.write_json(run_dir / FOLDS_JSON, summary)
    _write_csv(run_dir / FOLDS_CSV, summary)
    return summary


def summarize_attributes(summaries):
    """A table's folds summarized per attribute: {attribute: `summarize` of its folds, with `per_fold`}."""
    names = list(summaries[0]["attributes"])
    return {name: {**summarize([fold["attributes"][name] for fold in summaries]),
                   "per_fold": [fold["attributes"][name] for fold in summaries]} for name in names}


def _write_csv(path, summary):
    """folds.csv: one row per fold (accuracy, count, interval, each class's recall), then mean/std/min/max;
    for a labels table, such rows for each attribute in turn, named in a first column."""
    with atomic.atomic_open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        if "attributes" not in summary:
            _write_csv_rows(writer, summary)
            return
        for name, attribute in summary["attributes"].items():
            _write_csv_rows(writer, attribute, attribute=name)


def _write_csv_rows(writer, summary, attribute=None):
    """The rows of one classifier's folds; `attribute` (a table's) names them in a first column."""
    classes = summary["classes"]
    first = [] if attribute is None else [csv_cell(attribute)]  # A sheet's header: `=HYPERLINK(...)` stays text.
    writer.writerow(([] if attribute is None else ["attribute"])
                    + ["fold", "accuracy", "correct", "images", "ci95_low", "ci95_high", "best_epoch", "epochs_run"]
                    + [f"recall {name}" for name in classes] + [f"images {name}" for name in classes])
    for fold in summary["per_fold"]:
        low, high = fold["accuracy_ci95"] or (None, None)
        writer.writerow(first + [fold["fold"], _cell(fold["accuracy"]), fold["correct"], fold["images"], _cell(low),
                                 _cell(high), fold["best_epoch"], fold["epochs_run"]]
                        + [_cell(fold["per_class"].get(name, {}).get("recall")) for name in classes]
                        + [fold["per_class"].get(name, {}).get("images") for name in classes])
    for statistic in ("mean", "std", "min", "max"):
        writer.writerow(first + [statistic, _cell(summary["accuracy"][statistic]), "", "", "", "", "", ""]
                        + [_cell(summary["per_class"][name][statistic]) for name in classes]
                        + [""] * len(classes))


def _cell(value):
    return "" if value is None else f"{value:.4f}"


def _store_summary_in_model(model_path, summary):
    """Puts the cross-validation figures into the kept model's training summary (the app shows them)."""
    loaded = modelfile.load_model(model_path)
    training = dict(loaded.info.training or {})
    training["cross_validation"] = {
        "folds": summary["folds"], "accuracy": summary["accuracy"], "pooled": summary["pooled"],
        "per_class": summary["per_class"]}
    loaded.info.training = training
    modelfile.save_model(loaded.model, model_path, loaded.info)


def load_summary(run_dir):
    """Reads a run folder's folds.json."""
    with open(Path(run_dir) / FOLDS_JSON, encoding="utf-8") as stream:
        return json.load(stream)
