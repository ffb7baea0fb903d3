"""The segmenter's run folder files that differ from a classifier's: split, history and curves.

    RUN_DIR/
        config.json            the SegmenterConfig (what `--resume` restarts from)
        split.json             training and validation photos, by path relative to the data folder
        skipped.txt            every file left out, with its reason
        model.keras            the best model so far (by validation loss)
        checkpoint/last.keras  model and optimizer after the last finished epoch (for --resume)
        history.csv            loss, pixel accuracy and IoU per epoch, training and validation
        curves.png             the same, drawn
        report.json            the summary, with mean IoU and Dice on the validation photos (written last)

Everything is written atomically; the shared names come from `training.runfolder`.
"""

import csv
import json

import numpy as np

from core import atomic
from core.messages import Message
from training import runfolder

HISTORY_COLUMNS = ("epoch", "loss", "accuracy", "iou", "val_loss", "val_accuracy", "val_iou", "learning_rate",
                   "seconds")
# The columns `training.monitor.TrainingMonitor` does not record itself.
EXTRA_COLUMNS = ("iou", "val_iou")


def empty_history():
    """{column: []} for every history column but "epoch"."""
    return {name: [] for name in HISTORY_COLUMNS[1:]}


def write_history(path, history):
    """Writes history.csv: one row per epoch."""
    count = len(history.get("loss", []))
    with atomic.atomic_open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HISTORY_COLUMNS)
        for index in range(count):
            writer.writerow([index + 1] + [_cell(history.get(name, []), index) for name in HISTORY_COLUMNS[1:]])


def _cell(values, index):
    if index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    return f"{value:.6g}" if isinstance(value, float) else value


def save_split(path, scan, train, val, seed, val_split):
    """Writes split.json: the photos of each side by their path relative to the data folder."""
    data = {"seed": seed, "val_split": val_split, "data_dir": scan.data_dir, "layout": scan.layout,
            "train": [scan.pairs[index].relative for index in train],
            "val": [scan.pairs[index].relative for index in val]}
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def load_split(path, scan):
    """Finds the photos of a saved split in a fresh scan.

    Returns:
        (train indices, val indices, notes): photos no longer usable are left out, photos
        added since are not used; each case gives one note.
    """
    data = runfolder.read_json(path)
    index_of = {pair.relative: index for index, pair in enumerate(scan.pairs)}
    found = {}
    missing = []
    for side in ("train", "val"):
        found[side] = [index_of[name] for name in data.get(side, []) if name in index_of]
        missing += [name for name in data.get(side, []) if name not in index_of]
    notes = []
    if missing:
        notes.append(Message("split.missing_files", count=len(missing), example=missing[0]))
    added = len(scan.pairs) - len(found["train"]) - len(found["val"])
    if added > 0:
        notes.append(Message("split.added_files", count=added, folder=scan.data_dir))
    as_array = lambda values: np.asarray(sorted(values), dtype=np.int64)  # noqa: E731
    return as_array(found["train"]), as_array(found["val"]), notes


def save_curves(history, path, best_epoch=None):
    """Draws loss and IoU per epoch, training and validation, into a PNG (matplotlib Agg, no pyplot)."""
    from matplotlib import ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    for position, (metric, title) in enumerate((("loss", "Loss (cross-entropy + Dice)"),
                                                ("iou", "IoU of the tongue pixels")), start=1):
        axes = figure.add_subplot(1, 2, position)
        for key, label, style in ((metric, "training", "-o"), (f"val_{metric}", "validation", "-s")):
            values = [np.nan if value is None else value for value in history.get(key, [])]
            if values:
                axes.plot(range(1, len(values) + 1), values, style, markersize=3, label=label)
        if best_epoch:
            axes.axvline(best_epoch, color="gray", linestyle="--", linewidth=1, label=f"best epoch ({best_epoch})")
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        axes.grid(alpha=0.3)
        axes.legend(loc="best", fontsize="small")
    with atomic.atomic_path(path, suffix=".png") as temporary:
        figure.savefig(temporary, format="png")
