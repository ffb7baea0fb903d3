"""Finding image files: what a folder holds, and what to classify among the paths a user gave.

One listing for the trainer's scan, `classify` and the app's dropped folders: hidden files and
folders are ignored, symbolic links to folders elsewhere are followed (never a link back to the
folder or one of its ancestors, nor a loop: those are skipped with a reason), and files of other
types are reported with a reason, never dropped silently. The folders are only read.

Pure Python: no TensorFlow, no Qt.
"""

import os
from pathlib import Path

from core.images import IMAGE_EXTENSIONS, is_image_name
from core.messages import Message, at_path

# Files an operating system or a photo tool leaves in folders; never images, never reported.
IGNORED_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"}
# The keys of the reasons a link to a folder is skipped.
LINK_REASONS = frozenset({"listing.link_to_ancestor", "listing.link_listed_anyway"})
# The most files and folders one listing reads. A class folder holds at most about a million photos;
# twice that leaves room for their sidecar files and sub-folders. A folder past it is not a folder of
# photos (`/`, `/proc`, a home folder) and would be walked for minutes to hours; at this bound the walk
# takes well under a minute on a desktop.
MAX_LISTED_ENTRIES = 2_000_000


class TooManyEntries(ValueError):
    """A folder holds more files and folders than any folder of photos (`MAX_LISTED_ENTRIES`).

    Attributes:
        message: the one-line `core.messages.Message`, naming the folder chosen.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ListingBudget:
    """How many more files and folders a listing may read; one budget spans a data folder's classes.

    Args:
        folder: the folder the user chose (named when the budget runs out).
        limit: how many entries it may read; `MAX_LISTED_ENTRIES` when None.
    """

    def __init__(self, folder, limit=None):
        self.folder = folder
        self.limit = MAX_LISTED_ENTRIES if limit is None else limit
        self.left = self.limit

    def spend(self, count):
        """Counts `count` more entries read.

        Raises:
            TooManyEntries: past the limit.
        """
        self.left -= count
        if self.left < 0:
            raise TooManyEntries(at_path(self.folder, Message("listing.too_many_entries", limit=self.limit)))


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


def list_image_files(folder, warnings=None, chosen=None, budget=None, should_stop=None):
    """Lists the image files under `folder`, recursively, sorted folder by folder.

    Hidden files and folders are ignored. Symbolic links to folders elsewhere are followed
    (a class folder kept on another disk), but never a link to the folder itself or one of
    its ancestors (`..`, `~`, `/`: the whole disk would be listed), nor one to a folder the
    listing reaches anyway (a loop, or images counted twice); such links are skipped.

    Args:
        folder: the folder to walk.
        warnings: optional list that receives a message per sub-folder that cannot be read.
        chosen: the folder the user chose, when `folder` is a part of it (a class folder):
            links to it, its ancestors or into it are not followed either.
        budget: the `ListingBudget` to spend, shared by the parts of one folder; a new one of
            `MAX_LISTED_ENTRIES` for `chosen` (else `folder`) when None.
        should_stop: optional callable, asked at each folder; True ends the listing early with
            what it found so far (the caller, which asked to stop, throws it away).

    Returns:
        (image paths, skipped): `skipped` holds {"path", "reason"} (a `core.messages.Message`)
        for files of other types, for empty folders named like images (`photo.jpg/`) and for
        links to folders that are not followed.

    Raises:
        TooManyEntries: the folder holds more files and folders than `budget` allows.
    """
    budget = ListingBudget(chosen if chosen is not None else folder) if budget is None else budget
    paths, skipped, visited = [], [], set()
    warnings = [] if warnings is None else warnings
    roots = [os.path.realpath(root) for root in (folder, chosen) if root is not None]

    def on_error(error):
        detail = error.strerror or str(error)
        warnings.append(at_path(error.filename, Message("listing.unreadable_folder", detail=detail)))

    for current, subfolders, names in os.walk(folder, followlinks=True, onerror=on_error):
        if should_stop is not None and should_stop():
            break
        budget.spend(len(subfolders) + len(names))
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
        subfolders[:] = _followed_subfolders(current, subfolders, roots, visited, skipped)
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


def _followed_subfolders(current, subfolders, roots, visited, skipped):
    """The visible sub-folders of `current` to walk, sorted; links not to follow go to `skipped`."""
    followed = []
    for name in sorted(name for name in subfolders if not is_hidden(name)):
        path = os.path.join(current, name)
        reason = link_refusal(path, [os.path.realpath(current)] + roots, visited) if os.path.islink(path) else None
        if reason is None:
            followed.append(name)
        else:
            skipped.append({"path": path, "reason": reason})
    return followed


def link_refusal(link, roots, visited=()):
    """Why a symbolic link to a folder is not followed, or None to follow it.

    Args:
        link: the link.
        roots: real paths of the folders being listed: the link may not lead to one of them or
            to an ancestor (the listing would contain itself), nor into one (the images there
            are listed without it), unless through a hidden folder, which no listing enters.
        visited: (device, inode) of the folders listed so far.
    """
    refusal = ancestor_link_refusal(link, roots)
    if refusal is not None:
        return refusal
    target = os.path.realpath(link)
    try:
        stat = os.stat(target)
    except OSError:
        return None  # os.walk reports what it cannot read.
    if (stat.st_dev, stat.st_ino) in visited or any(_is_listed_within(target, root) for root in roots):
        return Message("listing.link_listed_anyway", target=target)
    return None


def ancestor_link_refusal(link, roots):
    """Why a link to a folder is not followed when it leads to one of `roots` (real paths) or an ancestor, else None."""
    target = os.path.realpath(link)
    if any(_is_within(root, target) for root in roots):
        return Message("listing.link_to_ancestor", target=target)
    return None


def _is_within(path, folder):
    """Whether `path` is `folder` or lies under it (both real paths)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # Another drive (Windows).
        return False


def _is_listed_within(path, root):
    """Whether `path` lies under `root` in no hidden folder: where a listing of `root` finds it anyway."""
    return _is_within(path, root) and not any(is_hidden(part) for part in Path(os.path.relpath(path, root)).parts)


def images_to_classify(folder, should_stop=None):
    """The images of a folder given to classify (by `classify`, or dropped on the app).

    Args:
        folder: a folder the user named.
        should_stop: as `list_image_files`.

    Returns:
        (image paths, skipped) as `list_image_files`, except that a folder named like an
        image that holds nothing is itself the one "image", so that the classifier's error
        names it.

    Raises:
        TooManyEntries: as `list_image_files`.
    """
    if is_folder_named_like_an_image(folder):
        return [str(folder)], []
    return list_image_files(folder, should_stop=should_stop)
