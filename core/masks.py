"""Tongue masks: reading them, cleaning them up, scoring them and finding the tongue's box (numpy and Pillow only).

A mask is a boolean array (height, width), True on the tongue, at the photo's own size.

    mask = read_mask("masks/IMG_0001.png")          # any non-zero label, or >= half of 255 when grey
    clean = postprocess(raw)                          # the largest region, its holes filled
    iou(clean, mask), dice(clean, mask)
    region = tongue_box(clean, margin=0.1)            # box (left, top, right, bottom) with 10 % margin
    region.crop(photo)                                # the photo cut to that box

Connected regions are found on horizontal runs of pixels (a run-length union-find), so a
12-megapixel mask takes tens of milliseconds without SciPy. Regions are 4-connected, as
`scipy.ndimage.label` and `binary_fill_holes` have them by default.
"""

import dataclasses
from pathlib import Path

import numpy as np
from PIL import Image

from core import images
from core.messages import Message

# File types whose masks come back from lossy compression noisy around 0 and 255.
_LOSSY_SUFFIXES = (".jpg", ".jpeg", ".webp")
# Half of the 8-bit scale: a grey or lossy mask pixel at or above it is tongue.
_HALF = 128


def read_mask(path):
    """Reads a mask file as a boolean array at its own size.

    A label image (values 0 and 1, a palette PNG, or any mask whose brightest value is below
    half of 255) counts every non-zero pixel as tongue. A grey 0/255 mask, and every JPEG
    or WebP mask (lossy compression leaves noise around 0 and 255), is thresholded at half:
    128. Colour masks use their brightest channel. A transparent pixel is not tongue (a mask
    drawn on a transparent layer).

    Args:
        path: the mask file (any image type `core.images` reads).

    Returns:
        A bool array (height, width).

    Raises:
        core.images.ImageError: the file is not a usable image.
    """
    values = np.asarray(images.load_rgb(path, background=(0, 0, 0)), dtype=np.uint8).max(axis=2)
    if Path(path).suffix.lower() in _LOSSY_SUFFIXES or values.max(initial=0) >= _HALF:
        return values >= _HALF
    return values > 0


def mask_to_image(mask):
    """A mask as an 8-bit grey Pillow image: 255 on the tongue, 0 elsewhere."""
    return Image.fromarray(np.where(mask, 255, 0).astype(np.uint8), "L")


def save_mask(path, mask):
    """Writes a mask as an 8-bit grey PNG (0 and 255), atomically."""
    from core import atomic

    with atomic.atomic_path(path, suffix=".png") as temporary:
        mask_to_image(mask).save(temporary, format="PNG")


def resize_mask(mask, size):
    """A mask resized to `size` = (height, width): drawn as grey, resized bilinearly, thresholded at half."""
    height, width = size
    if mask.shape == (height, width):
        return np.asarray(mask, dtype=bool)
    resized = mask_to_image(mask).resize((width, height), Image.BILINEAR)
    return np.asarray(resized) >= _HALF


def iou(predicted, truth):
    """Intersection over union of two masks of the same shape; 1.0 when both are empty (they agree)."""
    predicted, truth = _pair(predicted, truth)
    union = np.count_nonzero(predicted | truth)
    return 1.0 if union == 0 else np.count_nonzero(predicted & truth) / union


def dice(predicted, truth):
    """Dice coefficient `2|A and B| / (|A| + |B|)`; 1.0 when both masks are empty."""
    predicted, truth = _pair(predicted, truth)
    total = np.count_nonzero(predicted) + np.count_nonzero(truth)
    return 1.0 if total == 0 else 2.0 * np.count_nonzero(predicted & truth) / total


def _pair(predicted, truth):
    predicted, truth = np.asarray(predicted, dtype=bool), np.asarray(truth, dtype=bool)
    if predicted.shape != truth.shape:
        raise ValueError(Message("masks.different_sizes", first=_size_text(predicted.shape),
                                 second=_size_text(truth.shape)))
    return predicted, truth


def _size_text(shape):
    """(height, width) as `WxH`, the way the messages give sizes."""
    return f"{shape[1]}x{shape[0]}"


# --- Connected regions ------------------------------------------------------------------

@dataclasses.dataclass
class _Runs:
    """The horizontal runs of True pixels of a mask, in reading order; `end` is exclusive."""

    rows: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    shape: tuple

    def __len__(self):
        return len(self.rows)


def _find_runs(mask):
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, columns = np.nonzero(steps)
    # Row-major order: in every row a start (+1) and its end (-1) alternate.
    return _Runs(rows[0::2], columns[0::2], columns[1::2], (height, width))


def _touching_pairs(runs):
    """Pairs (run, run of the row above) that share at least one column: 4-connected neighbours."""
    stride = runs.shape[1] + 2
    keyed_starts = runs.rows * stride + runs.starts
    keyed_ends = runs.rows * stride + runs.ends
    above = (runs.rows - 1) * stride
    first = np.searchsorted(keyed_ends, above + runs.starts, side="right")
    stop = np.searchsorted(keyed_starts, above + runs.ends, side="left")
    counts = np.maximum(stop - first, 0)
    lower = np.repeat(np.arange(len(runs)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    upper = np.repeat(first, counts) + offsets
    return lower, upper


def _run_regions(runs):
    """A region number for every run (the runs of one 4-connected region share it)."""
    parent = list(range(len(runs)))

    def root(index):
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for lower, upper in zip(*(pairs.tolist() for pairs in _touching_pairs(runs))):
        lower_root, upper_root = root(lower), root(upper)
        if lower_root != upper_root:
            parent[max(lower_root, upper_root)] = min(lower_root, upper_root)
    return np.asarray([root(index) for index in range(len(runs))], dtype=np.int64)


def _paint(runs, keep):
    """A mask with the runs selected by the boolean array `keep` set."""
    height, width = runs.shape
    edges = np.zeros((height, width + 1), dtype=np.int8)
    edges[runs.rows[keep], runs.starts[keep]] = 1  # Runs never share a start or an end.
    edges[runs.rows[keep], runs.ends[keep]] = -1
    return np.cumsum(edges, axis=1, dtype=np.int8)[:, :width] > 0


def largest_region(mask):
    """Keeps the largest 4-connected region of a mask (the tongue), dropping every smaller one.

    Returns:
        A new bool mask; all False when `mask` is empty.
    """
    mask = np.asarray(mask, dtype=bool)
    runs = _find_runs(mask)
    if len(runs) == 0:
        return np.zeros_like(mask)
    regions = _run_regions(runs)
    if not regions.any():
        return mask.copy()  # One region only (the usual case): nothing to drop.
    sizes = np.bincount(regions, weights=runs.ends - runs.starts)
    return _paint(runs, regions == int(np.argmax(sizes)))


def fill_holes(mask):
    """Fills every hole: background pixels that no 4-connected path links to the border.

    Returns:
        A new bool mask.
    """
    mask = np.asarray(mask, dtype=bool)
    background = _find_runs(~mask)
    if len(background) == 0:
        return mask.copy()
    regions = _run_regions(background)
    height, width = mask.shape
    border = ((background.rows == 0) | (background.rows == height - 1) | (background.starts == 0)
              | (background.ends == width))
    outside = np.isin(regions, np.unique(regions[border]))
    if outside.all():
        return mask.copy()  # No hole.
    return mask | _paint(background, ~outside)


def outline(mask, thickness=2):
    """The tongue's outline: the mask's pixels within `thickness` pixels of its edge (4-connected steps).

    Returns:
        A bool array of the mask's shape.
    """
    mask = np.asarray(mask, dtype=bool)
    inner = np.pad(mask, 1)  # Beyond the photo is not tongue: an edge on the border is drawn too.
    for _ in range(max(1, int(thickness))):
        inner = inner & np.roll(inner, 1, 0) & np.roll(inner, -1, 0) & np.roll(inner, 1, 1) & np.roll(inner, -1, 1)
    return mask & ~inner[1:-1, 1:-1]


# A region smaller than this share of the photo is no tongue: tongue photos show one filling a tenth
# to a half of the frame, while the bundled segmenter found slivers of 0.6 % in drawings it does not
# know, and a crop to such a sliver gave the classifier a strip of pixels to read.
MIN_TONGUE_SHARE = 0.02


def postprocess(mask):
    """The mask a segmenter's output becomes: its largest region, with the holes in it filled; no
    tongue at all when that region is under `MIN_TONGUE_SHARE` of the photo."""
    region = fill_holes(largest_region(mask))
    if region.sum() < MIN_TONGUE_SHARE * region.size:
        return np.zeros_like(region)
    return region


# --- The tongue's box -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class TongueRegion:
    """Where the tongue is in a photo.

    Attributes:
        box: (left, top, right, bottom) in pixels, right and bottom exclusive (Pillow's `crop`
            convention), the margin included and kept inside the photo.
        mask: the bool tongue mask at the photo's size.
    """

    box: tuple
    mask: np.ndarray

    @property
    def cropped_mask(self):
        """The mask cut to `box`."""
        left, top, right, bottom = self.box
        return self.mask[top:bottom, left:right]

    def crop(self, image, mask_background=False, fill=(0, 0, 0)):
        """Cuts a photo (Pillow image or uint8 array, at the mask's size) to the box.

        Args:
            image: the photo the mask was made for.
            mask_background: paint every pixel outside the tongue with `fill`.
            fill: the RGB colour of the masked background.

        Returns:
            A Pillow RGB image of the box's size.
        """
        if not isinstance(image, Image.Image):
            image = Image.fromarray(np.asarray(image, dtype=np.uint8))
        if (image.height, image.width) != self.mask.shape:
            raise ValueError(Message("masks.photo_size", photo=f"{image.width}x{image.height}",
                                 mask=_size_text(self.mask.shape)))
        cropped = image.convert("RGB").crop(self.box)
        if mask_background:
            background = Image.new("RGB", cropped.size, tuple(fill))
            background.paste(cropped, mask=mask_to_image(self.cropped_mask))
            cropped = background
        return cropped


def tongue_box(mask, margin=0.1):
    """The tongue's bounding box with a margin, and the mask: what a crop to the tongue needs.

    Args:
        mask: bool mask (height, width) at the photo's size (e.g. from `postprocess`).
        margin: added on each side, as a fraction of the box's own width (left, right) and
            height (top, bottom); the box is then clipped to the photo.

    Returns:
        A `TongueRegion`, or None when the mask has no tongue pixel.
    """
    mask = np.asarray(mask, dtype=bool)
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    columns = np.flatnonzero(mask.any(axis=0))
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    left, right = int(columns[0]), int(columns[-1]) + 1
    pad_x = int(round(margin * (right - left)))
    pad_y = int(round(margin * (bottom - top)))
    height, width = mask.shape
    box = (max(0, left - pad_x), max(0, top - pad_y), min(width, right + pad_x), min(height, bottom + pad_y))
    return TongueRegion(box=box, mask=mask)
