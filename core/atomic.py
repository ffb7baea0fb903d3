"""Atomic file writes: a crash or a cancel never leaves a half-written file behind.

Every file TongueLens saves (models, reports, CSV, plots) is written to a temporary file
in the destination folder, flushed to disk and then renamed over the destination. A rename
within one file system is atomic, so readers see either the old file or the new one.
"""

import contextlib
import os
import tempfile
import re
from pathlib import Path

# The names `atomic_path` gives its temporary files: `.<stem>.<mkstemp random>.tmp<suffix>`.
_TEMPORARY_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp(\.[^.]+)?")


@contextlib.contextmanager
def atomic_path(destination, suffix=None, durable=True):
    """Yields a temporary path beside `destination`; renames it over `destination` on success.

    Use it for writers that want a path rather than a file object (Keras `model.save`,
    matplotlib `savefig`). On an exception the temporary file is removed and the previous
    `destination` is left untouched.

    Args:
        destination: the final path.
        suffix: suffix of the temporary file; defaults to the destination's own suffix,
            since some writers choose the format from it.
        durable: flush the file and the rename to disk. False skips the fsync calls (still
            atomic: never a half-written file) for many small files that can be made again.

    Yields:
        A `Path` in the destination's folder to write to.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    suffix = destination.suffix if suffix is None else suffix
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.stem}.", suffix=f".tmp{suffix}", dir=destination.parent)
    os.close(handle)
    temporary = Path(temporary)
    # mkstemp makes the file private (0600); saved files get the usual permissions instead.
    os.chmod(temporary, _default_file_mode(destination))
    try:
        yield temporary
        if durable:
            _fsync_file(temporary)
        os.replace(temporary, destination)
        if durable:
            _fsync_directory(destination.parent)
    finally:
        if temporary.exists():
            temporary.unlink()


# Text files are written with this error handler. A file name that is not valid UTF-8 (an
# old zip's GBK or Latin-1 name) reaches Python as a str with lone surrogates, which no
# encoding accepts; escaped as `\udcXX` it cannot fail a whole save, and in JSON that escape
# reads back as the very same name.
TEXT_ERRORS = "backslashreplace"


@contextlib.contextmanager
def atomic_open(destination, mode="w", encoding="utf-8", newline=None, errors=TEXT_ERRORS):
    """Opens a temporary file for writing that replaces `destination` when closed cleanly.

    Args:
        destination: the final path.
        mode: "w" for text or "wb" for bytes.
        encoding: text encoding (ignored in binary mode).
        newline: passed to `open` in text mode (use "" for the csv module).
        errors: how characters the encoding cannot take are written (text mode only); by
            default escaped (see `TEXT_ERRORS`).

    Yields:
        The open file object.
    """
    if "b" in mode:
        encoding = newline = errors = None
    with atomic_path(destination) as temporary:
        with open(temporary, mode, encoding=encoding, newline=newline, errors=errors) as stream:
            yield stream


def write_text(destination, text, encoding="utf-8", errors=TEXT_ERRORS):
    """Writes `text` to `destination` atomically (see `atomic_open` for `errors`)."""
    with atomic_open(destination, "w", encoding=encoding, errors=errors) as stream:
        stream.write(text)


def write_bytes(destination, data):
    """Writes `data` to `destination` atomically."""
    with atomic_open(destination, "wb") as stream:
        stream.write(data)


def _default_file_mode(destination):
    if destination.exists():
        return destination.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_file(path):
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())


def _fsync_directory(folder):
    # Makes the rename itself durable; not every platform can open a folder.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temporaries(folder):
    """Removes temporary files that an interrupted atomic write left in `folder` (not below).

    Only names this module makes (`.<stem>.<random>.tmp<suffix>`) are touched, so the call
    is safe in our own output folders. Never call it on a user's data folder.

    Returns:
        The removed paths.
    """
    removed = []
    for path in Path(folder).glob(".*.tmp*"):
        if _TEMPORARY_NAME.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path)
    return removed
