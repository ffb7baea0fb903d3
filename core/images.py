"""The one image loader of TongueLens: train, classify, inspect and the app all read images here.

Files from users are untrusted. Every failure becomes an `ImageError` whose message has the
form `<path>: <reason>`, one line, so that a batch can report it and carry on; its reason is a
`core.messages.Message`, so the app can say it in the user's language.
"""

import errno
import os
import stat
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.messages import Message, at_path

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp")

# Transparent pixels are shown on white, as an image viewer shows them.
_BACKGROUND = (255, 255, 255)

# Gray from RGB: the ITU-R 601-2 luma weights (Pillow's `convert("L")`), computed in floats and
# truncated, as every gray model here was trained.
_LUMA_WEIGHTS = (0.299, 0.587, 0.114)

# Pillow warns between its pixel limit and twice that limit, and about damaged metadata it
# skips; only its errors matter to us. Set once here: `warnings.catch_warnings` is not
# thread-safe, and images are decoded on thread pools.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")


class ImageError(ValueError):
    """An image that cannot be used; `str(error)` is `<path>: <reason>`.

    Attributes:
        path: the file, as a str.
        reason: why it cannot be used, a `core.messages.Message`.
        message: the whole `<path>: <reason>` message.
    """

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        self.message = at_path(self.path, reason)
        super().__init__(self.message)


def is_image_name(path):
    """Tells whether `path` has an extension TongueLens reads as an image."""
    return Path(path).suffix.lower() in IMAGE_EXTENSIONS


def load_rgb(path, background=None):
    """Decodes an image file into an 8-bit RGB Pillow image.

    EXIF orientation is applied; grayscale, palette, CMYK, 16-bit and float images become
    8-bit RGB; transparency is composited on white (or `background`); of an animated GIF the
    first frame is taken. Decompression bombs (Pillow's pixel limit) are refused.

    Args:
        path: a file path (str or Path; Unicode names are fine).
        background: the (r, g, b) colour under transparent pixels; None: white.

    Returns:
        A fully decoded `PIL.Image.Image` in mode "RGB".

    Raises:
        ImageError: the file is missing, not an image, truncated or too large.
    """
    path = Path(path)
    _check_regular_file(path)
    try:
        with Image.open(path) as image:
            image.seek(0)
            image.load()
            image = ImageOps.exif_transpose(image)
            return _to_rgb8(image, background or _BACKGROUND)
    except FileNotFoundError:
        raise ImageError(path, Message("image.not_found")) from None
    except PermissionError:
        raise ImageError(path, Message("image.permission_denied")) from None
    except Image.DecompressionBombError as error:
        raise ImageError(path, Message("image.too_large", detail=str(error))) from None
    except UnidentifiedImageError:
        raise ImageError(path, _unidentified_reason(path)) from None
    except OSError as error:
        if error.errno is not None:  # The disk or the file system failed, not the image data.
            raise ImageError(path, Message("image.cannot_read", detail=error.strerror or _one_line(error))) from None
        raise ImageError(path, Message("image.cannot_decode", detail=_one_line(error))) from None
    except Exception as error:  # A damaged file can trip any error inside a decoder; it stays one file's error.
        detail = f"{type(error).__name__}: {_one_line(error)}"
        raise ImageError(path, Message("image.cannot_decode", detail=detail)) from None


def load_array(path, size=None):
    """Loads an image as a uint8 array of shape (height, width, 3).

    Args:
        path: the image file.
        size: optional (height, width) to resize to (bilinear, aspect not kept, as Keras's
            `image_dataset_from_directory` does).

    Returns:
        A `numpy.ndarray` of dtype uint8.

    Raises:
        ImageError: as `load_rgb`.
    """
    image = load_rgb(path)
    return resize_array(image, size) if size is not None else np.asarray(image, dtype=np.uint8)


def resize_array(image, size):
    """A decoded Pillow image as a uint8 array resized to `size` = (height, width): the one resize every path uses.

    Bilinear, aspect not kept, as Keras's `image_dataset_from_directory` does.
    """
    height, width = size
    if image.size != (width, height):
        image = image.resize((width, height), Image.BILINEAR)
    return np.asarray(image, dtype=np.uint8)


def match_channels(array, channels):
    """Gives a uint8 image the channels a model takes: the one conversion every path uses.

    Training, classifying and inspecting all convert here, so a gray model sees the same
    pixels whichever way an image reaches it.

    Args:
        array: a uint8 image (height, width, 3), (height, width, 1) or (height, width).
        channels: 3 for RGB, 1 for gray.

    Returns:
        A uint8 array (height, width, channels): RGB becomes gray by luma, gray is repeated
        into RGB, an image that already fits is returned as it is.
    """
    array = np.asarray(array)
    if array.ndim == 2:
        array = array[..., None]
    if channels == 1 and array.shape[-1] == 3:
        return np.asarray(np.dot(array, _LUMA_WEIGHTS), dtype=np.uint8)[..., None]
    if channels == 3 and array.shape[-1] == 1:
        return np.repeat(array, 3, axis=-1)
    return array


def _check_regular_file(path):
    """Refuses what is not a regular file before opening it: opening a named pipe would wait forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise ImageError(path, Message("image.broken_link", target=target)) from None
        raise ImageError(path, Message("image.not_found")) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ImageError(path, Message("image.link_loop")) from None
        raise ImageError(path, Message("image.cannot_read", detail=error.strerror or _one_line(error))) from None
    if stat.S_ISDIR(mode):
        raise ImageError(path, Message("image.is_folder"))
    if not stat.S_ISREG(mode):
        raise ImageError(path, Message("image.not_regular"))


def _to_rgb8(image, background=None):
    mode = image.mode
    if mode == "RGB":
        return image.copy()
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return _scale_to_rgb8(np.asarray(image))
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode in ("LA", "PA", "La", "RGBa"):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        under = Image.new("RGB", image.size, background or _BACKGROUND)
        under.paste(image, mask=image.getchannel("A"))
        return under
    return image.convert("RGB")


def _scale_to_rgb8(values):
    """Maps 16-bit or float pixel values onto 0-255 gray."""
    values = values.astype(np.float64)
    if values.dtype.kind == "f" and np.nanmax(values, initial=0.0) <= 1.0 and np.nanmin(values, initial=0.0) >= 0.0:
        scaled = values * 255.0
    else:
        high = float(np.nanmax(values, initial=0.0))
        scaled = values * (255.0 / 65535.0) if high > 255 else values
    gray = np.clip(np.nan_to_num(scaled), 0, 255).astype(np.uint8)
    return Image.fromarray(np.stack([gray] * 3, axis=-1), "RGB")


def _unidentified_reason(path):
    try:
        with open(path, "rb") as stream:
            head = stream.read(64)
    except OSError as error:
        return Message("image.cannot_read", detail=_one_line(error))
    if not head:
        return Message("image.empty")
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return Message("image.html")
    if b"ftypheic" in head or b"ftypheix" in head or b"ftypmif1" in head:
        return Message("image.heic")
    return Message("image.unknown_format")


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__
