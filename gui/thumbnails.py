"""Small previews of image files for the batch table, decoded with Pillow only (no TensorFlow)."""

import os
import warnings

import numpy as np
from PIL import Image, ImageOps

from gui import config


def make_thumbnail(path, size=config.THUMBNAIL_SIZE):
    """Returns an RGB uint8 preview of `path` no larger than `size` pixels, or None if unreadable.

    JPEGs are decoded at a reduced scale (`draft`), so a folder of camera photos previews fast.
    A file that cannot be read has no preview; its error is reported by the classifier.
    """
    if not os.path.isfile(path):  # A named pipe would block `open` forever; a folder has no preview.
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.draft("RGB", (size * 2, size * 2))
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((size, size))
                return np.asarray(image, dtype=np.uint8).copy()
    except Exception:  # Any unreadable file simply has no preview.
        return None
