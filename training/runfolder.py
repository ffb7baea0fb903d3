"""The run folder: every file a training run leaves behind, each written atomically.

    RUN_DIR/
        config.json          the TrainConfig (what `--resume` restarts from)
        split.json           the train/validation split, by relative file name
        skipped.txt          every file left out, with its reason
        model.keras          the best model so far (class names and summary inside)
        checkpoint/last.keras  the model and optimizer after the last finished epoch (for --resume)
        history.csv          loss and accuracy per epoch, training and validation
        curves.png           the same, drawn
        confusion.png        the validation confusion matrix of the best model
        report.json          the summary (written last)
"""

import csv
import dataclasses
import datetime
import json
from pathlib import Path

from core import atomic

CONFIG_FILE = "config.json"
SPLIT_FILE = "split.json"
SKIPPED_FILE = "skipped.txt"
MODEL_FILE = "model.keras"
CHECKPOINT_FILE = "checkpoint/last.keras"
HISTORY_FILE = "history.csv"
CURVES_FILE = "curves.png"
CONFUSION_FILE = "confusion.png"
REPORT_FILE = "report.json"
CACHE_FOLDER = "cache"

HISTORY_COLUMNS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds")


@dataclasses.dataclass
class RunState:
    """Where a run stands after its last finished epoch; stored inside the checkpoint file.

    Attributes:
        epochs_done: finished epochs (validation included).
        history: {column: [value per epoch]} for `HISTORY_COLUMNS` except "epoch".
        best_epoch: the epoch (from 1) whose model is `model.keras`, or None.
        best_val_loss: its validation loss.
        best_val_accuracy: its validation accuracy.
        wait: epochs since the last improvement (early stopping).
        stopped_early: early stopping ended the run.
        seconds: training seconds spent so far, over all sessions.
    """

    epochs_done: int = 0
    history: dict = dataclasses.field(default_factory=lambda: {name: [] for name in HISTORY_COLUMNS[1:]})
    best_epoch: int = None
    best_val_loss: float = None
    best_val_accuracy: float = None
    wait: int = 0
    stopped_early: bool = False
    seconds: float = 0.0

    def to_json(self):
        """Returns the state as a JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data):
        """Builds a state from `to_json` output, ignoring unknown keys."""
        fields = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in fields})


def new_run_dir(base="runs"):
    """Returns a fresh `runs/<date-time>` folder path (not created)."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = Path(base) / stamp
    suffix = 1
    while candidate.exists():
        suffix += 1
        candidate = Path(base) / f"{stamp}-{suffix}"
    return candidate


def write_json(path, data):
    """Writes `data` as readable UTF-8 JSON, atomically."""
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable))


def read_json(path):
    """Reads a JSON file written by `write_json`."""
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def write_history(path, history):
    """Writes history.csv: one row per epoch."""
    count = len(history.get("loss", []))
    with atomic.atomic_open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HISTORY_COLUMNS)
        for index in range(count):
            row = [index + 1] + [_cell(history.get(name, []), index) for name in HISTORY_COLUMNS[1:]]
            writer.writerow(row)


def write_skipped(path, skipped):
    """Writes skipped.txt: `<path>: <reason>` per line (empty file when nothing was skipped)."""
    atomic.write_text(path, "".join(f"{entry['path']}: {entry['reason']}\n" for entry in skipped))


def _cell(values, index):
    if index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    return f"{value:.6g}" if isinstance(value, float) else value


def _jsonable(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
