"""Finding and decoding photo/mask pairs for training a segmenter (no TensorFlow here).

Two layouts are read:

    DATA_DIR/images/IMG_0001.jpg   DATA_DIR/masks/IMG_0001.png    (same stem; sub-folders mirrored)
    DATA_DIR/IMG_0001.jpg          DATA_DIR/IMG_0001.json         (labelme polygons beside the photo)

A mask pixel is tongue as `core.masks.read_mask` says (any non-zero label; grey and JPEG masks
at half of 255). Of a labelme file, the polygons whose label names the tongue ("tongue", "舌")
are drawn, or every polygon when all of them have one label. A pair that cannot be used (no
mask, a mask of another size, an unreadable photo, mask or labelme file) is listed with its
reason and left out; it never stops the run.
"""

import concurrent.futures
import dataclasses
import json
import os
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from core import images, masks
from core.messages import Message, at_path
from core.imagefiles import LINK_REASONS, ListingBudget, TooManyEntries, is_hidden, list_image_files
from training.dataset import DatasetError, ScanCancelled, fit_image

IMAGES_FOLDER = "images"
MASKS_FOLDER = "masks"
LAYOUT_FOLDERS = "images+masks"
LAYOUT_LABELME = "labelme"
# Words in a labelme label that name the tongue.
TONGUE_LABELS = ("tongue", "舌")
# When a photo has masks of several types, the lossless one is used.
_MASK_PREFERENCE = (".png", ".bmp", ".tif", ".tiff", ".gif", ".webp", ".jpg", ".jpeg")


@dataclasses.dataclass
class Pair:
    """One photo and where its mask comes from.

    Attributes:
        image: the photo's path.
        mask: the mask image's path, or the labelme `.json` path.
        relative: the photo's path relative to its folder (how split.json names it).
    """

    image: str
    mask: str
    relative: str

    @property
    def is_labelme(self):
        return self.mask.lower().endswith(".json")


@dataclasses.dataclass
class PairScan:
    """The usable pairs of a data folder, and what was left out.

    Attributes:
        data_dir: the folder scanned.
        layout: `LAYOUT_FOLDERS` or `LAYOUT_LABELME`.
        pairs: the usable `Pair`s, sorted by relative path.
        skipped: [{"path", "reason"}], one per file left out.
        warnings: one-line notes (e.g. masks without a photo).
        image_size: (height, width) of the stored arrays, or None.
        images: uint8 (n, height, width, 3) photos resized to `image_size`, aligned with `pairs`.
        masks: uint8 (n, height, width) masks (1 = tongue) resized the same way.
    """

    data_dir: str
    layout: str
    pairs: list
    skipped: list
    warnings: list
    image_size: tuple = None
    images: object = None
    masks: object = None


def find_pairs(data_dir):
    """Lists the photo/mask pairs of `data_dir` without decoding them.

    Returns:
        (layout, pairs, skipped, warnings).

    Raises:
        DatasetError: the folder is missing, holds neither layout, or holds more files and
            folders than any folder of photos.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DatasetError(at_path(data_dir, Message("segdata.folder_not_found")))
    try:
        if (data_dir / IMAGES_FOLDER).is_dir() and (data_dir / MASKS_FOLDER).is_dir():
            return (LAYOUT_FOLDERS,) + _folder_pairs(data_dir)
        labelme = labelme_files(data_dir)
        if labelme:
            return (LAYOUT_LABELME,) + _labelme_pairs(data_dir, labelme)
    except TooManyEntries as error:
        raise DatasetError(error.message) from None
    raise DatasetError(at_path(data_dir, Message("segdata.no_layout", images=IMAGES_FOLDER, masks=MASKS_FOLDER)))


def _first_visit(path, visited):
    real = os.path.realpath(path)
    if real in visited:
        return False
    visited.add(real)
    return True


def labelme_files(folder):
    """The visible `.json` files under `folder`, sorted.

    Links to folders are followed as the photos' listing follows them, each real folder once, so
    a link loop ends.

    Raises:
        core.imagefiles.TooManyEntries: `folder` holds more files and folders than any folder of
            photos (`/` chosen by mistake), which would be walked for minutes.
    """
    budget, found, visited = ListingBudget(folder), [], {os.path.realpath(folder)}
    for current, folders, names in os.walk(folder, followlinks=True):
        budget.spend(len(folders) + len(names))
        folders[:] = [name for name in folders if not name.startswith(".")
                      and _first_visit(os.path.join(current, name), visited)]
        found.extend(Path(current) / name for name in names if name.endswith(".json") and not is_hidden(name))
    return sorted(found)


def _stem_key(relative):
    """A photo's relative path without its extension: how a mask is matched to it."""
    path = Path(relative)
    return (path.parent / path.stem).as_posix()


def _folder_pairs(data_dir):
    image_folder, mask_folder = data_dir / IMAGES_FOLDER, data_dir / MASKS_FOLDER
    photos, skipped = list_image_files(image_folder)
    mask_files, not_masks = list_image_files(mask_folder)
    # Non-image files among the masks are not ours to report; a link not followed is (masks may be missing).
    skipped.extend(entry for entry in not_masks if entry["reason"].key in LINK_REASONS)
    # A labelme file in masks/ serves as a mask too (as `segment --masks` reads it), after any mask image.
    mask_files += [str(path) for path in labelme_files(mask_folder)]
    by_stem = {}
    for path in sorted(mask_files, key=lambda name: _preference(name)):
        by_stem.setdefault(_stem_key(os.path.relpath(path, mask_folder)), path)
    pairs, used = [], set()
    for photo in photos:
        relative = Path(os.path.relpath(photo, image_folder)).as_posix()
        key = _stem_key(relative)
        mask = by_stem.get(key)
        if mask is None:
            skipped.append({"path": photo, "reason": Message("segdata.no_mask", expected=f"{MASKS_FOLDER}/{key}.png")})
            continue
        used.add(key)
        pairs.append(Pair(photo, mask, relative))
    warnings = []
    orphans = sorted(path for key, path in by_stem.items() if key not in used)
    if orphans:
        warnings.append(Message("segdata.orphan_masks", count=len(orphans), folder=str(image_folder),
                                example=orphans[0]))
    return pairs, skipped, warnings


def _preference(path):
    suffix = Path(path).suffix.lower()
    rank = _MASK_PREFERENCE.index(suffix) if suffix in _MASK_PREFERENCE else len(_MASK_PREFERENCE)
    return (rank, path)


def _labelme_pairs(data_dir, json_files):
    photos, skipped = list_image_files(data_dir)
    skipped = [entry for entry in skipped if not entry["path"].lower().endswith(".json")]
    json_by_stem = {(Path(path).parent / Path(path).stem).as_posix(): str(path) for path in json_files}
    pairs = []
    for photo in photos:
        key = (Path(photo).parent / Path(photo).stem).as_posix()
        labels = json_by_stem.pop(key, None)
        if labels is None:
            skipped.append({"path": photo, "reason": Message("segdata.no_labelme")})
            continue
        pairs.append(Pair(photo, labels, Path(os.path.relpath(photo, data_dir)).as_posix()))
    for labels in sorted(json_by_stem.values()):
        skipped.append({"path": labels, "reason": Message("segdata.labelme_without_photo")})
    return pairs, skipped, []


# --- labelme ----------------------------------------------------------------------------

def labelme_mask(path, size=None):
    """Draws the tongue polygons of a labelme `.json` file into a mask.

    Args:
        path: the labelme file.
        size: the photo's (height, width); the file's `imageHeight` and `imageWidth` must match.

    Returns:
        A bool array (height, width).

    Raises:
        core.images.ImageError: unreadable, not labelme, no usable polygon, or another size.
    """
    _check_regular_file(path)
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
        shapes = data["shapes"]
        height, width = int(data["imageHeight"]), int(data["imageWidth"])
    except OSError as error:
        raise images.ImageError(path, Message("image.cannot_read", detail=error.strerror or str(error))) from None
    except KeyError as error:
        raise images.ImageError(path, Message("labelme.missing_field", field=str(error.args[0])[:100])) from None
    except (ValueError, TypeError) as error:
        detail = f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"
        raise images.ImageError(path, Message("labelme.not_labelme", detail=detail)) from None
    if size is not None and tuple(size) != (height, width):
        raise images.ImageError(path, Message("labelme.other_size", file_size=f"{width}x{height}",
                                              photo_size=f"{size[1]}x{size[0]}"))
    polygons = [shape for shape in shapes if isinstance(shape, dict) and shape.get("shape_type", "polygon") == "polygon"
                and len(shape.get("points") or []) >= 3]
    chosen = _tongue_polygons(path, polygons)
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    for shape in chosen:
        try:
            points = [(float(x), float(y)) for x, y in shape["points"]]
        except (TypeError, ValueError):
            raise images.ImageError(path, Message("labelme.bad_point", label=repr(shape.get("label")))) from None
        draw.polygon(points, fill=1, outline=1)  # As labelme's own shape_to_mask draws it.
    return np.asarray(canvas, dtype=bool)


def _check_regular_file(path):
    """Refuses what is not a regular file before opening it: opening a named pipe would wait forever."""
    path = Path(path)
    if path.is_file():
        return
    if path.is_dir():
        raise images.ImageError(path, Message("labelme.is_folder"))
    if path.exists():
        raise images.ImageError(path, Message("labelme.not_regular"))
    raise images.ImageError(path, Message("image.not_found"))


def _tongue_polygons(path, polygons):
    if not polygons:
        raise images.ImageError(path, Message("labelme.no_polygon"))
    named = [shape for shape in polygons if any(word in str(shape.get("label", "")).lower() for word in TONGUE_LABELS)]
    if named:
        return named
    labels = sorted({str(shape.get("label", "")) for shape in polygons})
    if len(labels) == 1:
        return polygons
    raise images.ImageError(path, Message("labelme.no_tongue", tongue="'tongue'", labels=", ".join(labels)))


# --- Decoding ---------------------------------------------------------------------------

def read_pair(pair):
    """Decodes a pair at its own size.

    Returns:
        (RGB Pillow photo, bool mask of the same height and width).

    Raises:
        core.images.ImageError: the photo or the mask cannot be used; the message names the file.
    """
    photo = images.load_rgb(pair.image)
    return photo, read_mask_for(pair.mask, (photo.height, photo.width), pair.image)


def read_mask_for(path, size, photo="the photo"):
    """Reads the mask of a photo of `size` = (height, width): a mask image or a labelme `.json`.

    Raises:
        core.images.ImageError: unreadable, or made for a photo of another size (names `path`).
    """
    if str(path).lower().endswith(".json"):
        return labelme_mask(path, size)
    mask = masks.read_mask(path)
    if mask.shape != tuple(size):
        raise images.ImageError(path, Message("segdata.mask_size", mask=f"{mask.shape[1]}x{mask.shape[0]}",
                                              photo=str(photo), size=f"{size[1]}x{size[0]}"))
    return mask


def scan_pairs(data_dir, image_size, on_progress=None, should_stop=None):
    """Finds every pair, decodes it once and keeps it resized to `image_size` for training.

    Args:
        data_dir: the data folder (either layout).
        image_size: (height, width) of the model's input.
        on_progress: optional callable(done, total).
        should_stop: optional callable; True stops the scan (raises `ScanCancelled`).

    Returns:
        A `PairScan`.

    Raises:
        DatasetError: no usable pair.
        training.dataset.ScanCancelled: `should_stop` returned True.
    """
    layout, pairs, skipped, warnings = find_pairs(data_dir)
    height, width = image_size
    photos = np.zeros((len(pairs), height, width, 3), dtype=np.uint8)
    targets = np.zeros((len(pairs), height, width), dtype=np.uint8)
    reasons = _decode_all(pairs, image_size, photos, targets, on_progress, should_stop)
    usable = []
    for index, (pair, reason) in enumerate(zip(pairs, reasons)):
        if reason is None:
            usable.append(index)
        else:
            skipped.append(reason)
    if not usable:
        raise DatasetError(at_path(data_dir, Message("segdata.no_usable_pair", pairs=len(pairs), skipped=len(skipped))),
                           skipped, warnings)
    keep = np.asarray(usable, dtype=np.int64)
    return PairScan(str(data_dir), layout, [pairs[index] for index in usable], skipped, warnings,
                    (height, width), photos[keep], targets[keep])


def _decode_one(pair, image_size, photos, targets, row):
    try:
        photo, mask = read_pair(pair)
    except images.ImageError as error:
        return {"path": error.path, "reason": error.reason}
    photos[row] = fit_image(photo, image_size)
    targets[row] = masks.resize_mask(mask, image_size)
    return None


def _decode_all(pairs, image_size, photos, targets, on_progress, should_stop):
    """Decodes the pairs on a thread pool (Pillow releases the GIL while decoding)."""
    reasons = [None] * len(pairs)
    workers = max(2, min(16, (os.cpu_count() or 2) * 2))
    last_report = 0.0
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(_decode_one, pair, image_size, photos, targets, row): row
                   for row, pair in enumerate(pairs)}
        try:
            for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                reasons[futures[future]] = future.result()
                if should_stop is not None and should_stop():
                    raise ScanCancelled()
                now = time.monotonic()
                if on_progress is not None and (done == len(pairs) or now - last_report > 0.1):
                    last_report = now
                    on_progress(done, len(pairs))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return reasons
