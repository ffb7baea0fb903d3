"""Turns inspection arrays into images a person can read, and saves them as PNG atomically."""

import functools
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core import atomic, fonts

# The longer side a small image is enlarged to before it is saved or shown.
READABLE_SIDE = 256
# Gap between tiles of a grid, in pixels, and its colour.
GAP = 2
GAP_COLOR = (255, 255, 255)
TITLE_FONT_SIZE = 14
_TITLE_MARGIN = 6


def to_rgb8(array):
    """Returns `array` as a uint8 (height, width, 3) array.

    Args:
        array: uint8 or float (0-1 for floats) image, gray (h, w) or (h, w, 1), or RGB.
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        array = np.clip(np.round(np.nan_to_num(array.astype(np.float32)) * 255.0), 0, 255).astype(np.uint8)
    if array.ndim == 2:
        array = array[..., None]
    if array.shape[2] == 1:
        array = np.repeat(array, 3, axis=2)
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(f"expected an image array (height, width[, 3]), got shape {array.shape}")
    return array


def upscale(array, min_side=READABLE_SIDE, resample="nearest"):
    """Enlarges a small image so that its longer side is at least `min_side` pixels.

    Nearest keeps every value a crisp block (honest for feature maps and kernels); bilinear
    is smoother (for photos and heat maps). Large images are returned unchanged.

    Args:
        array: uint8 RGB image.
        min_side: the smallest side wanted.
        resample: "nearest" (whole-number enlargement) or "bilinear".
    """
    array = to_rgb8(array)
    height, width = array.shape[:2]
    if max(height, width) >= min_side:
        return array
    factor = math.ceil(min_side / max(height, width))
    if resample == "nearest":
        return np.repeat(np.repeat(array, factor, axis=0), factor, axis=1)
    image = Image.fromarray(array).resize((width * factor, height * factor), Image.BILINEAR)
    return np.asarray(image)


def resize_values(values, size, resample="bilinear"):
    """Resizes a 2-D float array to `size` (height, width).

    Args:
        values: 2-D array.
        size: (height, width).
        resample: "nearest", "bilinear" or "box" (averaging, for shrinking).
    """
    filters = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "box": Image.BOX}
    height, width = size
    image = Image.fromarray(np.ascontiguousarray(values, dtype=np.float32))
    return np.asarray(image.resize((width, height), filters[resample]), dtype=np.float32)


def compose_grid(tiles, columns, gap=GAP, gap_color=GAP_COLOR, labels=None):
    """Lays equal-sized RGB tiles out in rows of `columns`, with thin gaps around each.

    Args:
        tiles: list of uint8 (h, w, 3) arrays of one size.
        columns: tiles per row.
        gap: pixels between tiles and around the border.
        gap_color: RGB of the gaps.
        labels: optional text under each tile (class names of weight templates).

    Returns:
        A uint8 RGB array.
    """
    if not tiles:
        raise ValueError("nothing to show: no tiles")
    tile_height, tile_width = tiles[0].shape[:2]
    rows = math.ceil(len(tiles) / columns)
    label_height = TITLE_FONT_SIZE + 4 if labels else 0
    cell_height = tile_height + label_height
    grid = np.empty((rows * cell_height + (rows + 1) * gap, columns * tile_width + (columns + 1) * gap, 3), np.uint8)
    grid[:] = gap_color
    for index, tile in enumerate(tiles):
        row, column = divmod(index, columns)
        top = gap + row * (cell_height + gap)
        left = gap + column * (tile_width + gap)
        grid[top:top + tile_height, left:left + tile_width] = tile
    if labels:
        grid = _draw_labels(grid, labels, columns, tile_height, tile_width, cell_height, gap)
    return grid


def _draw_labels(grid, labels, columns, tile_height, tile_width, cell_height, gap):
    image = Image.fromarray(grid)
    draw = ImageDraw.Draw(image)
    font = _font(TITLE_FONT_SIZE - 2)
    for index, label in enumerate(labels):
        row, column = divmod(index, columns)
        text = _fit_text(draw, str(label), font, tile_width)
        left = gap + column * (tile_width + gap)
        top = gap + row * (cell_height + gap) + tile_height + 1
        draw.text((left + 1, top), text, fill=(0, 0, 0), font=font)
    return np.asarray(image)


def with_title(array, title):
    """Returns `array` with a white band on top holding `title` (widened if the title needs it)."""
    array = to_rgb8(array)
    font = _font(TITLE_FONT_SIZE)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left, top, right, bottom = measure.textbbox((0, 0), title, font=font)
    band = bottom + 2 * _TITLE_MARGIN
    width = max(array.shape[1], right - left + 2 * _TITLE_MARGIN)
    canvas = Image.new("RGB", (width, array.shape[0] + band), (255, 255, 255))
    canvas.paste(Image.fromarray(array), ((width - array.shape[1]) // 2, band))
    ImageDraw.Draw(canvas).text((_TITLE_MARGIN, _TITLE_MARGIN), title, fill=(0, 0, 0), font=font)
    return np.asarray(canvas)


def save_png(array, path, title=None, min_side=READABLE_SIDE, resample="nearest"):
    """Saves an image array as PNG atomically, enlarged to a readable size, with an optional title.

    Args:
        array: uint8 RGB (or gray, or float 0-1) image.
        path: destination file.
        title: optional one-line caption drawn above the image.
        min_side: small images are enlarged until their longer side is this long.
        resample: "nearest" or "bilinear" enlargement.

    Returns:
        The destination `Path`.
    """
    from pathlib import Path

    array = upscale(array, min_side, resample)
    if title:
        array = with_title(array, title)
    path = Path(path)
    with atomic.atomic_path(path, suffix=".png") as temporary:
        Image.fromarray(array).save(temporary, format="PNG")
    return path


@functools.lru_cache(maxsize=None)
def _font(size):
    # The bundled CJK font first: class names in titles are often Chinese, and Pillow's
    # default font has no Chinese glyphs.
    for load in (lambda: ImageFont.truetype(str(fonts.CJK_FONT_PATH), size),
                 lambda: ImageFont.load_default(size=size)):
        try:
            return load()
        except (TypeError, OSError):  # No such file, or Pillow without FreeType.
            continue
    return ImageFont.load_default()


def _fit_text(draw, text, font, width):
    while text and draw.textlength(text, font=font) > width - 2:
        text = text[:-2] + "…" if len(text) > 2 else text[:-1]
    return text
