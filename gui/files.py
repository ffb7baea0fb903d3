"""Sorting out what the user dropped or chose: models, images, folders. Pure Python, no Qt."""

import os
import urllib.parse
from pathlib import Path

from core.images import is_image_name
from gui import config


def is_model_name(path):
    """Whether `path` has a model file extension (`.keras`)."""
    return Path(path).suffix.lower() in config.MODEL_EXTENSIONS


def is_supported(path):
    """Whether a dropped path is something the app opens: a model, an image file or a folder."""
    path = Path(path)
    return path.is_dir() or is_model_name(path) or is_image_name(path)


def sort_dropped(paths):
    """Sorts dropped paths into what to open.

    As `classify` does, a folder that holds no image but is named like one is kept as an
    "image", so the classifier reports it; files of other types are reported, not dropped silently.

    Returns:
        (models, images, folders, skipped): `skipped` holds {"path", "reason"}.
    """
    models, images, folders, skipped = [], [], [], []
    for path in map(Path, paths):
        if path.is_dir():
            folders.append(path)
        elif is_model_name(path):
            models.append(path)
        elif is_image_name(path):
            images.append(path)
        else:
            skipped.append({"path": str(path), "reason": "not an image or a .keras model (file type not read)"})
    return models, images, folders, skipped


def first_demo_model():
    """The bundled demo model (`demo/tongue-colour-demo.keras`, else the first `demo/*.keras`), or None."""
    preferred = config.DEMO_MODEL_DIR / config.DEMO_MODEL_NAME
    if preferred.is_file():
        return preferred
    found = sorted(config.DEMO_MODEL_DIR.glob("*.keras")) if config.DEMO_MODEL_DIR.is_dir() else []
    return found[0] if found else None


def first_sample_image():
    """The first bundled sample image (`samples/`), or None."""
    if not config.SAMPLES_DIR.is_dir():
        return None
    found = sorted(path for path in config.SAMPLES_DIR.iterdir() if is_image_name(path))
    return found[0] if found else None


def path_from_file_url(encoded_url):
    """The local path of a percent-encoded `file:` URL, keeping bytes that are not UTF-8.

    Qt's `QUrl.toLocalFile` decodes a path as UTF-8 and loses the bytes of names that are not
    (GBK names from a zip made on Chinese Windows, say); this decodes them as the file system
    does (`os.fsdecode`), so such a file opens.

    Args:
        encoded_url: the URL's bytes, as `QUrl.toEncoded()` gives them.
    """
    path = urllib.parse.urlsplit(bytes(encoded_url).decode("ascii")).path
    return os.fsdecode(urllib.parse.unquote_to_bytes(path))


def dropped_paths(mime):
    """Local paths of a drag's `QMimeData`, or [] when none of them is something the app opens."""
    paths = local_paths(mime)
    return paths if any(is_supported(path) for path in paths) else []


def local_paths(mime):
    """Every local path of a drag's `QMimeData`, whatever it is."""
    if not mime.hasUrls():
        return []
    return [_local_path(url) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def _local_path(url):
    """A dropped file `QUrl`'s path; on POSIX also for names that are not UTF-8 (`path_from_file_url`)."""
    if os.name != "posix":
        return url.toLocalFile()
    return path_from_file_url(url.toEncoded())
