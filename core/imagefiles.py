"""Finding image files: what a folder holds, and what to classify among the paths a user gave.

One listing for the trainer's scan, `classify` and the app's dropped folders: hidden files and
folders are ignored, symbolic links are followed (a link loop is entered once), and files of
other types are reported with a reason, never dropped silently. The folders are only read.

Pure Python: no TensorFlow, no Qt.
"""

import os
from pathlib import Path

from core.images import IMAGE_EXTENSIONS, is_image_name
from core.messages import Message, at_path

# Files an operating system or a photo tool leaves in folders; never images, never reported.
IGNORED_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"}


def is_hidden(name):
    """Whether a file or folder name is left out of every listing (dot files, OS leftovers)."""
    return name.startswith(".") or name.lower() in IGNORED_NAMES


def is_folder_named_like_an_image(path):
    """The one rule for a folder named like an image file (`photo.jpg/`) that holds nothing visible.

    Such a folder is a mistake where an image was expected, so it is reported as what it is
    (a folder, not an image file) instead of being searched, or ignored, as an empty folder.

    Args:
        path: a folder.
    """
    if not is_image_name(path):
        return False
    try:
        with os.scandir(path) as entries:
            return not any(not is_hidden(entry.name) for entry in entries)
    except OSError:
        return False


def has_images(folder, count):
    """Whether `folder` itself (not its sub-folders) holds at least `count` visible image files.

    Reads only as many entries as it needs, so it is quick enough for the app's GUI thread.
    """
    found = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not is_hidden(entry.name) and is_image_name(entry.name) and entry.is_file():
                    found += 1
                    if found >= count:
                        return True
    except OSError:
        return False
    return False


def list_image_files(folder, warnings=None):
    """Lists the image files under `folder`, recursively, sorted folder by folder.

    Hidden files and folders are ignored. Symbolic links are followed, but a folder already
    visited (a link loop) is not entered again.

    Args:
        folder: the folder to walk.
        warnings: optional list that receives a message per sub-folder that cannot be read.

    Returns:
        (image paths, skipped): `skipped` holds {"path", "reason"} (a `core.messages.Message`)
        for files of other types and for empty folders named like images (`photo.jpg/`).
    """
    paths, skipped, visited = [], [], set()
    warnings = [] if warnings is None else warnings

    def on_error(error):
        detail = error.strerror or str(error)
        warnings.append(at_path(error.filename, Message("listing.unreadable_folder", detail=detail)))

    for current, subfolders, names in os.walk(folder, followlinks=True, onerror=on_error):
        try:
            stat = os.stat(current)
            identity = (stat.st_dev, stat.st_ino)
        except OSError:
            subfolders[:] = []
            continue
        if identity in visited:
            subfolders[:] = []
            continue
        visited.add(identity)
        subfolders[:] = sorted(name for name in subfolders if not is_hidden(name))
        if current != str(folder) and is_folder_named_like_an_image(current):
            skipped.append({"path": current, "reason": Message("listing.folder_named_like_image")})
        for name in sorted(names):
            if is_hidden(name):
                continue
            path = str(Path(current) / name)
            if is_image_name(name):
                paths.append(path)
            else:
                suffix = Path(name).suffix.lower() or Message("listing.no_extension")
                reason = Message("listing.unread_type", suffix=suffix, accepted=", ".join(IMAGE_EXTENSIONS))
                skipped.append({"path": path, "reason": reason})
    return paths, skipped


def images_to_classify(folder):
    """The images of a folder given to classify (by `classify`, or dropped on the app).

    Args:
        folder: a folder the user named.

    Returns:
        (image paths, skipped) as `list_image_files`, except that a folder named like an
        image that holds nothing is itself the one "image", so that the classifier's error
        names it.
    """
    if is_folder_named_like_an_image(folder):
        return [str(folder)], []
    return list_image_files(folder)
