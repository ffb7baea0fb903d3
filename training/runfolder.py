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

`open_run` makes (or, for `--resume`, reopens) a run folder; a new run goes only into a new or
empty folder, so that no file of the user's is ever overwritten. `discard_unstarted` removes what a
new run that never trained wrote, and nothing else.
"""

import contextlib
import csv
import dataclasses
import datetime
import json
from pathlib import Path

from core import atomic
from core.messages import Message, at_path
from training.config import TrainConfig, TrainingError, check_config

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


@dataclasses.dataclass
class OpenedRun:
    """A run folder ready for a session of training.

    Attributes:
        config: the run's settings (for `--resume`, those saved in its config.json).
        run_dir: the folder (a `Path`).
        state: where the run stands (a fresh `RunState` for a new run).
        checkpoint_info: the checkpoint's `core.modelfile.ModelInfo` to resume from, or None.
    """

    config: TrainConfig
    run_dir: Path
    state: RunState
    checkpoint_info: object = None
    folder: "NewFolder" = None


@dataclasses.dataclass(frozen=True)
class NewFolder:
    """What a new run's folder held before the run, so that a run that never trained removes only its own.

    Attributes:
        made: the run made the folder (an empty folder the user chose is left in place).
        found: the names the folder held already (only a caller's own folder holds any).
    """

    made: bool
    found: frozenset = frozenset()


def open_run(config, own_folder=False):
    """Makes a new run folder, or reopens `config.resume` with its saved config and checkpoint.

    A new run's folder is made at once (a large image cache may go in it); its config.json is
    written by the trainer once the data are known to be usable.

    Args:
        config: the run's `TrainConfig`.
        own_folder: `config.out_dir` is a folder the caller made for this run and has filled
            already (cross-validation trains its final model beside its folds); any other new
            run needs a new or empty folder.

    Raises:
        TrainingError: a bad setting, a folder that already holds a run or other files, a path
            that cannot be a folder, a folder that is not a run, or a run that already finished.
    """
    if config.resume:
        return _reopen(config)
    check_config(config)
    run_dir = Path(config.out_dir) if config.out_dir else new_run_dir()
    folder = make_new_run_folder(run_dir, own_folder)
    return OpenedRun(dataclasses.replace(config, out_dir=str(run_dir)), run_dir, RunState(), folder=folder)


def check_new_run_folder(run_dir, own_folder=False):
    """Refuses a folder a new run may not go into: one holding a run, another file, or a path that is a file.

    Raises:
        TrainingError: one line naming `run_dir`.
    """
    run_dir = Path(run_dir)
    if (run_dir / CONFIG_FILE).exists():
        raise TrainingError(at_path(run_dir, Message("run.folder_in_use")))
    if run_dir.exists() and not run_dir.is_dir():
        raise TrainingError(at_path(run_dir, Message("run.not_a_folder")))
    if run_dir.is_dir() and not own_folder and _holds_anything(run_dir):
        raise TrainingError(at_path(run_dir, Message("run.folder_not_empty")))


def make_new_run_folder(run_dir, own_folder=False):
    """Checks `run_dir` (`check_new_run_folder`) and makes it; returns its `NewFolder`.

    Raises:
        TrainingError: a folder refused, or one that cannot be made (one line with the reason).
    """
    run_dir = Path(run_dir)
    check_new_run_folder(run_dir, own_folder)
    made = not run_dir.exists()
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        found = frozenset(entry.name for entry in run_dir.iterdir())
    except OSError as error:
        raise TrainingError(at_path(run_dir, Message("run.cannot_make_folder",
                                                     reason=error.strerror or str(error)))) from None
    return NewFolder(made, found)


def _holds_anything(folder):
    try:
        return next(folder.iterdir(), None) is not None
    except OSError:
        return False  # Unreadable: making files in it will say why.


def _reopen(config):
    from core import modelfile

    run_dir = Path(config.resume)
    config_path = run_dir / CONFIG_FILE
    if not config_path.is_file():
        raise TrainingError(at_path(run_dir, Message("run.not_a_run", file=CONFIG_FILE)))
    saved = TrainConfig.from_json(read_json(config_path))
    saved.resume, saved.out_dir = str(run_dir), str(run_dir)
    if config.data_dir:
        saved.data_dir = config.data_dir  # The data may have moved.
    checkpoint = run_dir / CHECKPOINT_FILE
    for folder in {run_dir, checkpoint.parent}:
        atomic.remove_stale_temporaries(folder)  # Left by a save that was killed.
    if not checkpoint.is_file():
        return OpenedRun(saved, run_dir, RunState())  # Stopped in its first epoch: start it again.
    info = modelfile.read_info(checkpoint)
    state = RunState.from_json((info.training or {}).get("checkpoint", {}))
    if (run_dir / REPORT_FILE).is_file() and (state.epochs_done >= saved.epochs or state.stopped_early):
        raise TrainingError(at_path(run_dir, Message("run.finished", file=REPORT_FILE)))
    return OpenedRun(saved, run_dir, state, info)


def discard_unstarted(run_dir, folder):
    """Removes what a new run wrote before training (skipped.txt, split.json) and the folder it made.

    Only files the run wrote are deleted (none that `folder.found` says were there before), and
    folders only when empty and made by the run: never a folder the user chose or filled.

    Args:
        run_dir: the run's folder.
        folder: its `NewFolder`, from `open_run`.
    """
    run_dir = Path(run_dir)
    for name in (SKIPPED_FILE, SPLIT_FILE):
        if name not in folder.found:
            (run_dir / name).unlink(missing_ok=True)
    for made, path in ((CACHE_FOLDER not in folder.found, run_dir / CACHE_FOLDER), (folder.made, run_dir)):
        if made:
            with contextlib.suppress(OSError):
                path.rmdir()


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
    # A table run also keeps each attribute's loss and accuracy, after the usual columns.
    columns = list(HISTORY_COLUMNS) + [name for name in history if name not in HISTORY_COLUMNS]
    with atomic.atomic_open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for index in range(count):
            row = [index + 1] + [_cell(history.get(name, []), index) for name in columns[1:]]
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


def load_checkpoint(path, heads=False):
    """The checkpoint's compiled model, checked as every model file is (`core.modelfile`).

    Args:
        path: the run folder's checkpoint file.
        heads: the run trains on a labels table (its masked loss and accuracy must be registered).

    Raises:
        TrainingError: a checkpoint that is refused or cannot be loaded (one line).
    """
    from core import modelfile

    if heads:
        import training.multihead  # noqa: F401  Registers the masked loss and accuracy of a table run.
    try:
        return modelfile.load_keras_model(path, compile=True)
    except modelfile.ModelFileError as error:
        raise TrainingError(at_path(path, Message("trainer.checkpoint_unloadable", reason=error.reason))) from None
