"""A labels table made ready to train on: its photos decoded once, its labels as a matrix with blanks.

    scan = scan_labels("photos/", "labels.csv", image_size=(64, 64))
    scan.attributes          # [Attribute("舌色 body-colour", ["淡白舌 pale", ...]), ...]
    scan.labels              # int array (photos, attributes); -1 where a cell is blank
    split, rarest = split_photos(scan.labels, 0.2, seed=1337)

Each photo is decoded once into one uint8 store (`training.dataset.decode_files`, the same
decode check as a folder's scan); rows whose image is missing or unreadable are skipped with
their reason. Classes are an attribute's distinct values, sorted. The split is per photo,
stratified on the rarest attribute: the one whose least frequent class has the fewest photos,
photos blank for it being one more stratum, so they are spread evenly too.

No TensorFlow, no Qt.
"""

import dataclasses
import json
import os
from pathlib import Path

import numpy as np

from core import atomic
from core.messages import Message, at_path
from training import dataset, labels_table
from training import split as splitting
from training.dataset import DatasetError

BLANK = -1


@dataclasses.dataclass
class Attribute:
    """One column of the table: its name and its classes in output order."""

    name: str
    classes: list

    def to_json(self):
        """{"name", "classes"}."""
        return {"name": self.name, "classes": list(self.classes)}


@dataclasses.dataclass
class AttributeScan:
    """What a labels table and its images folder hold, ready to train on.

    Attributes:
        data_dir: the images folder.
        labels_path: the table.
        encoding: how the table was read ("UTF-8", "UTF-8 with BOM", "GBK", "Excel").
        attributes: the `Attribute`s, in table order.
        files: the usable photos' paths.
        labels: int64 array (len(files), len(attributes)); a class index, or -1 (blank).
        lines: the table line of each photo.
        skipped: [{"path", "reason"}] of every row or file left out.
        warnings: one-line `core.messages.Message`s.
        sizes: (width, height) of each photo as stored.
        image_size: (height, width) the photos were resized to, or None.
        images: the uint8 store of the resized photos (with `image_size`).
        rows: `images[rows[i]]` is the photo of `files[i]`.
        listing: the state of the table and of every photo it named when they were read
            (`matches_table` compares it), or None.
        crop: the `key` of the crop the stored photos were cut with ("" for whole photos).
        uncropped: the usable photos in which the crop found no tongue (stored whole).
    """

    data_dir: str
    labels_path: str
    encoding: str
    attributes: list
    files: list
    labels: np.ndarray
    lines: list
    skipped: list
    warnings: list
    sizes: list
    image_size: tuple = None
    images: object = None
    rows: object = None
    listing: tuple = None
    crop: str = ""
    uncropped: list = dataclasses.field(default_factory=list)

    @property
    def attribute_names(self):
        return [attribute.name for attribute in self.attributes]

    def counts(self, indices=None):
        """{attribute: {class: photos}} over `indices` (all photos when None)."""
        labels = self.labels if indices is None else self.labels[np.asarray(indices, dtype=np.int64)]
        return {attribute.name: _class_counts(labels[:, k], attribute.classes)
                for k, attribute in enumerate(self.attributes)}

    def blanks(self, indices=None):
        """{attribute: photos blank for it} over `indices` (all photos when None)."""
        labels = self.labels if indices is None else self.labels[np.asarray(indices, dtype=np.int64)]
        return {attribute.name: int((labels[:, k] == BLANK).sum()) for k, attribute in enumerate(self.attributes)}

    def relative_path(self, path):
        """`path` relative to the images folder, with `/` separators (how split.json names photos)."""
        return Path(os.path.relpath(path, self.data_dir)).as_posix()

    def summary(self):
        """One message per attribute: its classes with counts, and its blanks."""
        counts, blanks = self.counts(), self.blanks()
        return [Message("labels.attribute_summary", name=name,
                        counts=", ".join(f"{label} {count}" for label, count in counts[name].items()),
                        blank=blanks[name]) for name in self.attribute_names]


def scan_labels(data_dir, labels_path, image_size=None, channels=3, cache_dir=None, on_progress=None,
                should_stop=None, min_classes=2, on_message=None, drop_unlabelled=True, crop=None):
    """Reads a labels table, finds and decode-checks its photos (each once), and builds the label matrix.

    Args:
        data_dir: the images folder the table's paths and IDs refer to.
        labels_path: the table (.csv, .tsv, .txt, .xlsx).
        image_size, channels, cache_dir, on_progress, should_stop, crop: as
            `training.dataset.scan_dataset` (with a crop, each photo is cut to the tongue first).
        min_classes: classes each attribute column needs (2 to train, 1 to evaluate).
        on_message: optional callable(message) told how the table was read.
        drop_unlabelled: leave out photos blank in every column (they teach nothing).

    Returns:
        An `AttributeScan`.

    Raises:
        DatasetError: a bad table, no usable photo, or a column with too few classes.
        training.dataset.ScanCancelled: `should_stop` returned True.
    """
    if not Path(data_dir).is_dir():
        raise DatasetError(at_path(data_dir, Message("dataset.not_a_folder")))
    table = labels_table.read_table(labels_path)
    if on_message is not None:
        on_message(at_path(labels_path, Message(
            "labels.read", rows=len(table.rows), encoding=encoding_name(table.encoding),
            attributes=len(table.attributes),
            names=", ".join(table.attributes))))
    photos, skipped, warnings = labels_table.resolve_images(table, data_dir, should_stop)
    if should_stop is not None and should_stop():  # The listing ended early: what it found is not the folder.
        raise dataset.ScanCancelled()
    listing = _listing(labels_path, photos)
    if drop_unlabelled:  # Before decoding: a photo blank in every column teaches nothing.
        unlabelled = [photo for photo in photos if all(value is None for value in photo.values)]
        if unlabelled:
            warnings.append(Message("labels.unlabelled_photos", count=len(unlabelled),
                                    example=os.path.relpath(unlabelled[0].path, data_dir)))
            photos = [photo for photo in photos if any(value is not None for value in photo.values)]
    _check_classes(table, photos, min_classes, skipped, warnings)
    store, checks = dataset.decode_files([photo.path for photo in photos], image_size, channels, cache_dir,
                                         on_progress, should_stop, crop)
    try:
        scan = _assemble(data_dir, table, photos, checks, skipped, warnings, image_size, store, min_classes)
    except BaseException:
        dataset.release_store(store)
        raise
    scan.listing = listing
    if crop is not None and store is not None:
        scan.crop = crop.key
        uncropped = {photo.path for photo, check in zip(photos, checks) if check.uncropped}
        scan.uncropped = [path for path in scan.files if path in uncropped]
        scan.warnings.extend(dataset.uncropped_warnings(scan.uncropped))
    return scan


def matches_table(scan, data_dir, labels_path, image_size, channels=3, crop=""):
    """Tells whether a scan still describes a labels table and its photos, so that a run can take its images.

    Nothing is decoded: the table is read and its photos found again, and the table's and
    every photo's size and modification time compared with what the scan saw; an edited table,
    an added, removed or replaced photo, another image size or channel count, or a scan whose
    images were freed, all say no. (The Train dialog scans a table; its run takes the images.)

    Args:
        scan: an `AttributeScan` (or None, or a folder's scan).
        data_dir, labels_path: the images folder and the table a run is about to read.
        image_size: (height, width) or int: the run's input size.
        channels: the run's channels.
        crop: the `key` of the run's crop ("" for whole photos): a scan cut otherwise says no.
    """
    if not isinstance(scan, AttributeScan) or scan.images is None or scan.listing is None:
        return False
    if (Path(scan.data_dir).resolve() != Path(data_dir).resolve()
            or Path(scan.labels_path).resolve() != Path(labels_path).resolve()
            or scan.image_size != _as_size(image_size) or scan.images.shape[-1] != channels
            or scan.crop != (crop or "")):
        return False
    try:
        photos, _, _ = labels_table.resolve_images(labels_table.read_table(labels_path), data_dir)
    except (DatasetError, OSError):
        return False
    return _listing(labels_path, photos) == scan.listing


def _listing(labels_path, photos):
    """(path, size, modification time) of the table and of each photo found: what tells a changed table."""
    states = []
    for path in [str(labels_path)] + [photo.path for photo in photos]:
        try:
            status = os.stat(path)
            states.append((path, status.st_size, status.st_mtime_ns))
        except OSError:
            states.append((path, None, None))
    return tuple(states)


def _assemble(data_dir, table, photos, checks, skipped, warnings, image_size, store, min_classes):
    usable = []
    for row, (photo, check) in enumerate(zip(photos, checks)):
        if check.reason is not None:
            skipped.append({"path": photo.path, "reason": Message("labels.unreadable_image", line=photo.line,
                                                                    reason=check.reason)})
        else:
            usable.append((photo, check, row))
    if not usable:
        raise DatasetError(at_path(table.path, Message("labels.no_photos")), skipped, warnings)
    attributes = _attributes(table, [photo for photo, _, _ in usable], min_classes, skipped, warnings)
    labels = np.full((len(usable), len(attributes)), BLANK, dtype=np.int64)
    for i, (photo, _, _) in enumerate(usable):
        for k, (attribute, value) in enumerate(zip(attributes, photo.values)):
            if value is not None:
                labels[i, k] = attribute.classes.index(value)
    files = [photo.path for photo, _, _ in usable]
    sizes = [check.size for _, check, _ in usable]
    if image_size is not None:
        warnings.extend(dataset.small_image_warnings([(path, 0) for path in files], sizes,
                                                     _as_size(image_size)))
    skipped.sort(key=lambda entry: entry["path"])
    return AttributeScan(
        data_dir=str(data_dir), labels_path=str(table.path), encoding=table.encoding, attributes=attributes,
        files=files, labels=labels, lines=[photo.line for photo, _, _ in usable], skipped=skipped,
        warnings=warnings, sizes=sizes, image_size=_as_size(image_size), images=store,
        rows=np.asarray([row for _, _, row in usable], dtype=np.int64) if store is not None else None)


def _as_size(image_size):
    if image_size is None or isinstance(image_size, tuple):
        return image_size
    return (image_size, image_size) if isinstance(image_size, int) else tuple(image_size[:2])


def _check_classes(table, photos, min_classes, skipped, warnings):
    """Refuses a column with too few classes before any image is decoded."""
    _attributes(table, photos, min_classes, skipped, warnings)


def _attributes(table, photos, min_classes, skipped, warnings):
    attributes = []
    for k, name in enumerate(table.attributes):
        classes = sorted({photo.values[k] for photo in photos if photo.values[k] is not None})
        if len(classes) < min_classes:
            found = ", ".join(classes) if classes else Message("word.none")
            reason = Message("labels.too_few_classes", column=name, count=len(classes), found=found,
                             needed=min_classes)
            raise DatasetError(at_path(table.path, reason), skipped, warnings)
        attributes.append(Attribute(name, classes))
    return attributes


def _class_counts(column, classes):
    counts = np.bincount(column[column >= 0], minlength=len(classes))
    return {name: int(count) for name, count in zip(classes, counts)}


# --- The split ---------------------------------------------------------------------------


def rarest_attribute(labels):
    """The index of the attribute whose least frequent class has the fewest photos (the first on ties).

    Args:
        labels: int array (photos, attributes), -1 for blank.
    """
    smallest = []
    for k in range(labels.shape[1]):
        column = labels[:, k]
        counts = np.bincount(column[column >= 0])
        present = counts[counts > 0]
        smallest.append(int(present.min()) if len(present) else np.iinfo(np.int64).max)
    return int(np.argmin(smallest))


def split_photos(labels, val_fraction, seed):
    """Splits photos into training and validation, stratified on the rarest attribute.

    The photos blank for that attribute form one more stratum, so they are spread evenly
    between the two sides too. With one attribute and no blanks this is exactly
    `training.split.stratified_split` of that attribute.

    Returns:
        (`training.split.Split`, the index of the attribute stratified on).
    """
    rarest = rarest_attribute(labels)
    return splitting.stratified_split(labels[:, rarest], val_fraction, seed), rarest


def save_split(path, split, scan, stratified_on):
    """Writes split.json: the photos of each side by relative path, with their labels."""

    def entries(indices):
        return [[scan.relative_path(scan.files[i]),
                 {a.name: (a.classes[scan.labels[i, k]] if scan.labels[i, k] >= 0 else None)
                  for k, a in enumerate(scan.attributes)}] for i in indices]

    data = {
        "seed": split.seed, "val_split": split.val_fraction, "data_dir": scan.data_dir,
        "labels": scan.labels_path, "stratified_on": stratified_on,
        "attributes": [attribute.to_json() for attribute in scan.attributes],
        "train": entries(split.train), "val": entries(split.val),
    }
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def load_split(path, scan):
    """Rebuilds a saved split against a fresh scan; photos no longer usable are dropped.

    Returns:
        (Split, stratified_on, notes): notes are messages about dropped or new photos.
    """
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    index_of = {scan.relative_path(path): i for i, path in enumerate(scan.files)}
    sides, missing = [], []
    for side in ("train", "val"):
        found = []
        for relative, _ in data[side]:
            if relative in index_of:
                found.append(index_of[relative])
            else:
                missing.append(relative)
        sides.append(np.asarray(sorted(found), dtype=np.int64))
    notes = []
    if missing:
        notes.append(Message("split.missing_files", count=len(missing), example=missing[0]))
    added = len(scan.files) - len(sides[0]) - len(sides[1])
    if added > 0:
        notes.append(Message("split.added_files", count=added, folder=scan.data_dir))
    split = splitting.Split(sides[0], sides[1], data.get("seed", 0), data.get("val_split"))
    return split, data.get("stratified_on"), notes


def class_weights(labels, attributes):
    """Per attribute, a weight per class that gives every class the same total weight over its labelled photos.

    Returns:
        [[weight per class] per attribute]; a class without photos weighs 1.
    """
    weights = []
    for k, attribute in enumerate(attributes):
        column = labels[:, k]
        counts = np.bincount(column[column >= 0], minlength=len(attribute.classes))
        present = np.count_nonzero(counts)
        total = counts.sum()
        weights.append([float(total / (present * count)) if count else 1.0 for count in counts])
    return weights


def encoding_name(encoding):
    """How a table was read, said in the user's language where it is words ("UTF-8 with BOM"), else as named."""
    return Message("labels.utf8_bom") if encoding == labels_table.ENCODING_UTF8_BOM else encoding
