"""The train/validation split: stratified, seeded, and saved with the run so it can be reproduced.

`split.json` names every file by its path relative to its data folder, so a run folder
can be reproduced (or resumed) on another machine with the same data.
"""

import dataclasses

import numpy as np

from core import atomic
from core.messages import Message


@dataclasses.dataclass
class Split:
    """Which scanned files train and which validate.

    Attributes:
        train: indices into the training scan's `files`.
        val: indices into the validation scan's `files` (the training scan itself unless a
            separate validation folder is used).
        seed: the seed that drew the split.
        val_fraction: the validation fraction asked for (None with a separate folder).
    """

    train: np.ndarray
    val: np.ndarray
    seed: int
    val_fraction: float = None


def stratified_split(labels, val_fraction, seed):
    """Splits indices so that each class keeps about `val_fraction` of its images for validation.

    Each class with at least two images gives at least one image to validation and keeps
    at least one for training; a class with one image keeps it for training.

    Args:
        labels: class index of each file.
        val_fraction: fraction in (0, 1).
        seed: random seed; the same labels and seed give the same split.

    Returns:
        A `Split`.
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(Message("split.bad_fraction", value=val_fraction))
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    train, val = [], []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        members = members[rng.permutation(len(members))]
        count = len(members)
        n_val = 0 if count < 2 else min(count - 1, max(1, int(round(count * val_fraction))))
        val.extend(members[:n_val])
        train.extend(members[n_val:])
    return Split(np.sort(np.asarray(train, dtype=np.int64)), np.sort(np.asarray(val, dtype=np.int64)),
                 seed, val_fraction)


def split_to_json(split, train_scan, val_scan):
    """Describes a split by relative file names and class names (JSON-ready)."""

    def entries(scan, indices):
        return [[scan.relative_path(scan.files[i][0]), scan.classes[scan.files[i][1]]] for i in indices]

    separate = val_scan is not train_scan
    return {
        "seed": split.seed,
        "val_split": split.val_fraction,
        "data_dir": train_scan.data_dir,
        "val_dir": val_scan.data_dir if separate else None,
        "classes": train_scan.classes,
        "train": entries(train_scan, split.train),
        "val": entries(val_scan, split.val),
    }


def save_split(path, split, train_scan, val_scan):
    """Writes `split.json` atomically."""
    import json

    atomic.write_text(path, json.dumps(split_to_json(split, train_scan, val_scan), ensure_ascii=False, indent=1))


def load_split(path, train_scan, val_scan):
    """Rebuilds a saved split against fresh scans of the same folders.

    Files named in the split but no longer usable are dropped; files added since are not used.

    Returns:
        (Split, notes): notes are one-line messages (`core.messages.Message`) about dropped or new files.
    """
    import json

    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    train, missing_train = _match(data["train"], train_scan)
    val, missing_val = _match(data["val"], val_scan)
    notes = []
    missing = missing_train + missing_val
    if missing:
        notes.append(Message("split.missing_files", count=len(missing), example=missing[0]))
    used = len(train) + (len(val) if val_scan is train_scan else 0)
    added = len(train_scan.files) - used
    if added > 0:
        notes.append(Message("split.added_files", count=added, folder=train_scan.data_dir))
    split = Split(np.asarray(sorted(train), dtype=np.int64), np.asarray(sorted(val), dtype=np.int64),
                  data.get("seed", 0), data.get("val_split"))
    return split, notes


def _match(entries, scan):
    index_of = {(scan.relative_path(path), scan.classes[label]): i for i, (path, label) in enumerate(scan.files)}
    found, missing = [], []
    for relative, class_name in entries:
        index = index_of.get((relative, class_name))
        if index is None:
            missing.append(relative)
        else:
            found.append(index)
    return found, missing


def rows_of_classes(scan, classes):
    """The images of a scan whose class is one of `classes`, and the scan's other class names.

    Returns:
        (int64 indices into `scan.files`, [class names of the scan not in `classes`]).
    """
    known = set(classes)
    rows = np.asarray([index for index, (_, label) in enumerate(scan.files) if scan.classes[label] in known],
                      dtype=np.int64)
    return rows, [name for name in scan.classes if name not in known]


def labels_in(scan, indices, classes):
    """The class index, in `classes`, of each of a scan's images `indices` (-1: not one of them)."""
    index_of = {name: index for index, name in enumerate(classes)}
    mapping = np.asarray([index_of.get(name, -1) for name in scan.classes], dtype=np.int64)
    return mapping[scan.labels[indices]] if len(indices) else np.zeros(0, dtype=np.int64)
