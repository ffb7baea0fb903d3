"""Scanning a folder of labeled images: one sub-folder per class, every file decode-checked once.

`scan_dataset` walks `DATA_DIR/<class>/...` (nested folders belong to their class), decodes
every image with `core.images` (the one loader the app, `classify` and `evaluate` use) on a
thread pool, and reports each file it skips with the reason. Given an image size it also
keeps each decoded image, resized exactly as `core.predictor.Classifier` resizes, in one
uint8 array: the training pipeline reads from that array, so no file is decoded twice and
formats TensorFlow cannot read (TIFF, WebP, CMYK, 16-bit, EXIF-rotated) train like any other.
Given a crop (`core.crop.TongueCrop`), each decoded photo is cut to the tongue before it is
resized, exactly as `core.predictor.Classifier.prepare` cuts it later.

Nothing here imports TensorFlow.
"""

import collections
import concurrent.futures
import dataclasses
import hashlib
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from core import imagefiles, images
from core.messages import Message, at_path

# Show at most this many example files inside one summarising warning.
_EXAMPLES = 3

# A store bigger than this fraction of the RAM goes to a memory-mapped file on disk.
_RAM_FRACTION_FOR_STORE = 0.25


class DatasetError(ValueError):
    """A data folder that cannot be used at all; the message names the folder.

    Attributes:
        message: why, a `core.messages.Message` (`str(error)` is its English text).
        skipped: [{"path", "reason"}] of the files left out before giving up, so that a front
            end can say why each one could not be used.
        warnings: the scan's one-line warnings (messages) before giving up.
    """

    def __init__(self, message, skipped=(), warnings=()):
        super().__init__(message)
        self.message = message
        self.skipped = list(skipped)
        self.warnings = list(warnings)


class ScanCancelled(Exception):
    """The scan was stopped by its `should_stop` callable."""


@dataclasses.dataclass
class DatasetScan:
    """What a data folder holds.

    Attributes:
        data_dir: the folder scanned.
        classes: usable class names, sorted (this is the model's output order).
        files: (path, class_index) of every usable image, sorted by class then path.
        counts: {class name: number of usable images}.
        skipped: [{"path", "reason"}] for every file left out (the reason a `core.messages.Message`).
        warnings: one-line warnings as `core.messages.Message`s (empty classes, duplicates,
            small images, loose files).
        sizes: (width, height) of each usable image as stored, aligned with `files`.
        image_size: (height, width) the images were resized to, or None.
        images: when scanned with an image size, a uint8 array (rows, height, width,
            channels) holding the resized images (a `numpy.memmap` on disk when large).
        rows: when `images` is set, `images[rows[i]]` is the image of `files[i]`.
        listing: (path, size, modification time) of every file the scan listed, taken before
            decoding: `matches_folder` compares it with the folder later.
        crop: the `key` of the crop the stored images were cut with ("" for whole photos).
        uncropped: the usable files in which the crop found no tongue (stored whole).
    """

    data_dir: str
    classes: list
    files: list
    counts: dict
    skipped: list
    warnings: list
    sizes: list = dataclasses.field(default_factory=list)
    image_size: tuple = None
    images: object = None
    rows: object = None
    listing: tuple = None
    crop: str = ""
    uncropped: list = dataclasses.field(default_factory=list)

    @property
    def labels(self):
        """Class index of each usable file, as a numpy int array."""
        return np.asarray([label for _, label in self.files], dtype=np.int64)

    def relative_path(self, path):
        """`path` relative to the data folder, with `/` separators (how split.json names files)."""
        return Path(os.path.relpath(path, self.data_dir)).as_posix()

    def image(self, index):
        """The stored uint8 image of `files[index]` (needs a scan with `image_size`)."""
        return self.images[self.rows[index]]


def scan_dataset(data_dir, on_progress=None, image_size=None, channels=3, cache_dir=None,
                 min_classes=2, should_stop=None, crop=None):
    """Scans a folder with one sub-folder of images per class, decode-checking every file.

    Hidden files and folders are ignored; symbolic links to folders elsewhere are followed,
    links back to the data folder or its ancestors and loops are skipped with a reason;
    files of other types are skipped with a reason; class folders without a usable image
    are left out with a warning; the same image in two classes gives a warning.

    Args:
        data_dir: the folder to scan.
        on_progress: optional callable(done, total), called from the calling thread.
        image_size: optional (height, width) or int; when given, every image is also kept,
            resized, in `scan.images`, and images smaller than it are reported.
        channels: 3 for RGB, 1 for gray (converted as `core.predictor.Classifier` does).
        cache_dir: folder for a disk-backed store when the images would not fit in a
            quarter of the RAM; a temporary folder when not given.
        min_classes: how many usable classes the folder must have (2 to train, 1 to evaluate).
        should_stop: optional callable; when it returns True the scan raises `ScanCancelled`.
        crop: optional `core.crop.TongueCrop` (with `image_size`): each photo is cut to the
            tongue before it is resized; a photo without a tongue is kept whole, and listed.

    Returns:
        A `DatasetScan`.

    Raises:
        DatasetError: the folder is missing or has fewer than `min_classes` usable classes.
        ScanCancelled: `should_stop` returned True.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DatasetError(at_path(data_dir, Message("dataset.not_a_folder")))
    image_size = _as_size(image_size)
    class_folders, candidates, skipped, warnings = _list_folder(data_dir, should_stop)
    if should_stop is not None and should_stop():  # The listing ended early: what it found is not the folder.
        raise ScanCancelled()
    listing = _file_states(candidates, skipped)
    store = None
    if image_size is not None and candidates:
        store = allocate_store(len(candidates), image_size, channels, cache_dir)
    try:
        checked = _decode_all(candidates, image_size, channels, store, on_progress, should_stop,
                              crop if store is not None else None)
        scan = _assemble(data_dir, class_folders, candidates, checked, skipped, warnings, image_size, store,
                         min_classes)
    except BaseException:
        release_store(store)
        raise
    scan.listing = listing
    if crop is not None and store is not None:
        scan.crop = crop.key
        scan.uncropped = [path for (path, _), result in zip(candidates, checked) if result.uncropped]
        scan.warnings.extend(uncropped_warnings(scan.uncropped))
    return scan


def uncropped_warnings(paths):
    """One warning naming the photos in which no tongue was found (they are used whole)."""
    if not paths:
        return []
    return [Message("dataset.no_tongue", count=len(paths), examples=", ".join(paths[:_EXAMPLES]))]


def matches_folder(scan, data_dir, image_size, channels=3, crop=""):
    """Tells whether a scan still describes a folder, so that a run can take its decoded images.

    Nothing is decoded: the folder is listed again, and every file's size and modification
    time compared with what the scan saw; an added, removed, replaced or edited file, another
    image size or channel count, or a scan whose images were freed, all say no.

    Args:
        scan: a `DatasetScan` (or None).
        data_dir: the folder a run is about to read.
        image_size: (height, width) or int: the run's input size.
        channels: the run's channels.
        crop: the `key` of the run's crop ("" for whole photos): a scan cut otherwise says no.
    """
    if scan is None or scan.images is None or scan.listing is None:
        return False
    if (Path(scan.data_dir).resolve() != Path(data_dir).resolve() or scan.image_size != _as_size(image_size)
            or scan.images.shape[-1] != channels or scan.crop != (crop or "")):
        return False
    try:
        _, candidates, skipped, _ = _list_folder(Path(data_dir))
    except DatasetError:
        return False
    return _file_states(candidates, skipped) == scan.listing


def _list_folder(data_dir, should_stop=None):
    """Lists a data folder without decoding: (class folders, (path, class) candidates, skipped, warnings).

    One `core.imagefiles.ListingBudget` spans every class, so that `/` or `/proc` chosen as the
    data folder is refused after a bounded walk. With `should_stop`, the listing may end early
    (the caller then throws it away).

    Raises:
        DatasetError: the folder cannot be read, or holds more than any folder of photos.
    """
    warnings = []
    budget = imagefiles.ListingBudget(data_dir)
    try:
        class_folders, loose_files, skipped = _list_class_folders(data_dir, budget)
        if loose_files:
            warnings.append(at_path(data_dir, Message("dataset.loose_files", count=loose_files)))
        candidates = []
        for class_name, folder in class_folders:
            if should_stop is not None and should_stop():
                break
            paths, not_images = imagefiles.list_image_files(folder, warnings, chosen=data_dir, budget=budget,
                                                            should_stop=should_stop)
            candidates.extend((path, class_name) for path in paths)
            skipped.extend(not_images)
    except imagefiles.TooManyEntries as error:
        raise DatasetError(error.message) from None
    return class_folders, candidates, skipped, warnings


def _file_states(candidates, skipped):
    """(path, size, modification time) of every listed file: what tells a changed folder."""
    states = []
    for path in [path for path, _ in candidates] + [item["path"] for item in skipped]:
        try:
            status = os.stat(path)
            states.append((path, status.st_size, status.st_mtime_ns))
        except OSError:
            states.append((path, None, None))
    return tuple(states)


def decode_files(paths, image_size=None, channels=3, cache_dir=None, on_progress=None, should_stop=None,
                 crop=None):
    """Decode-checks a list of image files once, as `scan_dataset` does for a folder.

    Args:
        paths: the image files.
        image_size, channels, cache_dir, on_progress, should_stop, crop: as `scan_dataset`.

    Returns:
        (store, checks): `store` is the uint8 array (len(paths), height, width, channels) of
        the resized images (None without `image_size`); `checks[i]` has `size` ((width,
        height) as stored), `reason` (a `core.messages.Message` when `paths[i]` is not a
        usable image, else None) and `uncropped` (the crop found no tongue: stored whole).
        Release the store with `release_store`.

    Raises:
        ScanCancelled: `should_stop` returned True.
    """
    image_size = _as_size(image_size)
    candidates = [(str(path), None) for path in paths]
    store = None
    if image_size is not None and candidates:
        store = allocate_store(len(candidates), image_size, channels, cache_dir)
    try:
        return store, _decode_all(candidates, image_size, channels, store, on_progress, should_stop,
                                  crop if store is not None else None)
    except BaseException:
        release_store(store)
        raise


def allocate_store(count, image_size, channels=3, cache_dir=None):
    """Returns an uninitialised uint8 array (count, height, width, channels).

    In RAM when it takes less than a quarter of the machine's memory, else a `numpy.memmap`
    in `cache_dir` (or a temporary folder), which the operating system pages as needed.
    """
    height, width = image_size
    shape = (count, height, width, channels)
    needed = int(np.prod(shape, dtype=np.int64))
    if needed <= _total_ram() * _RAM_FRACTION_FOR_STORE:
        return np.empty(shape, dtype=np.uint8)
    folder = Path(cache_dir) if cache_dir else Path(tempfile.mkdtemp(prefix="tonguelens-cache-"))
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="images.", suffix=".u8", dir=folder)
    os.close(handle)
    return np.memmap(name, dtype=np.uint8, mode="w+", shape=shape)


def release_store(store):
    """Deletes the file behind a disk-backed store (an in-RAM store is left to the garbage collector)."""
    filename = getattr(store, "filename", None)
    if filename:
        store._mmap.close()  # noqa: SLF001  Windows cannot delete a mapped file.
        Path(filename).unlink(missing_ok=True)


def fit_image(image, image_size, channels=3):
    """Resizes a decoded RGB Pillow image exactly as `core.predictor.Classifier.load_image` does.

    Args:
        image: an RGB `PIL.Image.Image` from `core.images.load_rgb`.
        image_size: (height, width).
        channels: 3, or 1 for gray.

    Returns:
        A uint8 array (height, width, channels).
    """
    return images.match_channels(images.resize_array(image, image_size), channels)


def _as_size(image_size):
    if image_size is None:
        return None
    if isinstance(image_size, int):
        return (image_size, image_size)
    return tuple(int(side) for side in image_size[:2])


def _total_ram():
    try:
        import psutil

        return psutil.virtual_memory().total
    except Exception:  # psutil missing or unsupported platform: assume a modest machine.
        return 8 * 1024 ** 3


def _list_class_folders(data_dir, budget):
    """Returns ([(class name, folder)], number of loose image files, skipped) for the data folder's children.

    `skipped` holds {"path", "reason"} for links to the data folder or one of its ancestors:
    as a class they would hold the whole folder, or the whole disk. The children are counted
    in `budget` (a `core.imagefiles.ListingBudget`).
    """
    folders, loose, skipped = [], 0, []
    real_data_dir = os.path.realpath(data_dir)
    try:
        entries = sorted(os.scandir(data_dir), key=lambda entry: entry.name)
    except OSError as error:
        detail = error.strerror or str(error)
        raise DatasetError(at_path(data_dir, Message("dataset.cannot_read_folder", detail=detail))) from None
    budget.spend(len(entries))
    for entry in entries:
        if imagefiles.is_hidden(entry.name):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        refusal = imagefiles.ancestor_link_refusal(entry.path, [real_data_dir]) if entry.is_symlink() else None
        if is_folder and refusal is not None:
            skipped.append({"path": entry.path, "reason": refusal})
        elif is_folder:
            folders.append((entry.name, Path(entry.path)))
        elif images.is_image_name(entry.name):
            # Only stray images are worth a warning; a README or labels.txt beside the classes is normal.
            loose += 1
    return folders, loose, skipped


@dataclasses.dataclass
class _Checked:
    size: tuple = None
    digest: bytes = None
    reason: str = None
    uncropped: bool = False


def _check_one(path, row, image_size, channels, store, crop):
    uncropped = False
    try:
        image = images.load_rgb(path)
        if store is not None:
            cropped = crop(image) if crop is not None else None
            uncropped = cropped is not None and not cropped.found
            store[row] = fit_image(cropped.image if cropped is not None else image, image_size, channels)
        digest = _digest(path)
    except images.ImageError as error:
        return _Checked(reason=error.reason)
    except OSError as error:
        return _Checked(reason=Message("image.cannot_read", detail=error.strerror or str(error)))
    return _Checked(size=image.size, digest=digest, uncropped=uncropped)


def _digest(path):
    hasher = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.digest()


def _decode_all(candidates, image_size, channels, store, on_progress, should_stop, crop=None):
    """Decodes every candidate on a thread pool (Pillow releases the GIL while decoding)."""
    total = len(candidates)
    checked = [None] * total
    workers = max(2, min(16, (os.cpu_count() or 2) * 2))
    last_report = 0.0
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(_check_one, path, row, image_size, channels, store, crop): row
                   for row, (path, _) in enumerate(candidates)}
        try:
            for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                checked[futures[future]] = future.result()
                if should_stop is not None and should_stop():
                    raise ScanCancelled()
                now = time.monotonic()
                if on_progress is not None and (done == total or now - last_report > 0.1):
                    last_report = now
                    on_progress(done, total)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    if on_progress is not None and total == 0:
        on_progress(0, 0)
    return checked


def _assemble(data_dir, class_folders, candidates, checked, skipped, warnings, image_size, store, min_classes):
    usable = collections.defaultdict(list)
    for row, ((path, class_name), result) in enumerate(zip(candidates, checked)):
        if result.reason is not None:
            skipped.append({"path": path, "reason": result.reason})
        else:
            usable[class_name].append((path, row, result))
    classes = sorted(usable)
    for class_name, folder in class_folders:
        if class_name not in usable:
            warnings.append(at_path(folder, Message("dataset.empty_class", name=class_name)))
    if len(classes) < min_classes:
        found = ", ".join(classes) if classes else Message("word.none")
        reason = Message("dataset.too_few_classes", count=len(classes), found=found, needed=min_classes)
        raise DatasetError(at_path(data_dir, reason), sorted(skipped, key=lambda entry: entry["path"]), warnings)
    files, sizes, rows = [], [], []
    for index, class_name in enumerate(classes):
        for path, row, result in usable[class_name]:
            files.append((path, index))
            sizes.append(result.size)
            rows.append(row)
    warnings.extend(_duplicate_warnings(usable))
    if image_size is not None:
        warnings.extend(small_image_warnings(files, sizes, image_size))
    skipped.sort(key=lambda entry: entry["path"])
    return DatasetScan(
        data_dir=str(data_dir), classes=classes, files=files,
        counts={name: len(usable[name]) for name in classes}, skipped=skipped, warnings=warnings,
        sizes=sizes, image_size=image_size, images=store,
        rows=np.asarray(rows, dtype=np.int64) if store is not None else None)


def _duplicate_warnings(usable):
    """One warning per image found, byte for byte, in more than one class."""
    by_digest = collections.defaultdict(list)
    for class_name, entries in usable.items():
        for path, _, result in entries:
            by_digest[result.digest].append((class_name, path))
    warnings = []
    for entries in by_digest.values():
        classes = sorted({class_name for class_name, _ in entries})
        if len(classes) > 1:
            paths = ", ".join(path for _, path in sorted(entries))
            warnings.append(Message("dataset.duplicate", classes=", ".join(classes), paths=paths))
    return warnings


def small_image_warnings(files, sizes, image_size):
    """Warnings for the images smaller than the input size (they are upscaled, so blurred).

    Args:
        files: (path, class index) of each image, as in `DatasetScan.files`.
        sizes: (width, height) of each image, aligned with `files`.
        image_size: the input's (height, width).

    Returns:
        One message per small image, or one with a count and examples when there are many.
    """
    height, width = image_size
    small = [(path, size) for (path, _), size in zip(files, sizes) if size[0] < width or size[1] < height]
    input_size = f"{width}x{height}"
    if len(small) <= _EXAMPLES:
        return [at_path(path, Message("dataset.small_image", size=f"{size[0]}x{size[1]}", input=input_size))
                for path, size in small]
    examples = ", ".join(f"{path} ({size[0]}x{size[1]})" for path, size in small[:_EXAMPLES])
    return [Message("dataset.small_images", count=len(small), input=input_size, examples=examples)]
