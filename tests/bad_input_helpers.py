"""Test material for the bad-input tests (issue 7): odd files beyond `tests/badfiles.py` (no tests in here).

`make_odd_files` adds what a real folder holds besides broken images: a named pipe, links
that lead nowhere or to themselves, a file whose every read fails, an iPhone photo renamed
to .jpg, and file names that are not valid UTF-8 (a zip made on a Chinese or European
Windows and unpacked here).
"""

import ctypes
import os
import stat

import numpy as np
from PIL import Image

# Linux capabilities that let root read any file whatever its mode (capability.h numbers).
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2
_PR_CAPBSET_DROP = 24

# What each odd bad file's refusal must say, by file name.
ODD_REASONS = {
    "pipe.jpg": "not a regular file",
    "gone.jpg": "broken symbolic link",
    "loop.jpg": "symbolic link loop",
    "failing-disk.jpg": "cannot read file",
    "iphone.jpg": "HEIC",
    os.fsdecode(b"\xb2\xe2\xca\xd4.jpg"): "not an image",  # "测试" in GBK: not valid UTF-8.
}

# What each catalogue bad file's refusal must say (`tests/badfiles.py`).
CATALOGUE_REASONS = {
    "empty.jpg": "empty file",
    "truncated.jpg": "cannot decode",
    "truncated.png": "cannot decode",
    "notes.jpg": "not an image",
    "page.png": "HTML",
    "bomb.png": "decompression bomb",
    "folder.jpg": "folder",
}


def make_odd_files(folder):
    """Writes the odd files into `folder`.

    Returns:
        (good, bad): dicts of file name (as Python sees it) -> what it is.
    """
    folder.mkdir(parents=True, exist_ok=True)
    good, bad = {}, {}
    latin1 = os.fsdecode(b"caf\xe9.png")  # "café" in Latin-1.
    Image.fromarray(np.full((36, 36, 3), (180, 60, 60), np.uint8)).save(folder / latin1)
    good[latin1] = "a good image whose name is not valid UTF-8"
    os.mkfifo(folder / "pipe.jpg")
    bad["pipe.jpg"] = "a named pipe (opening it for reading would wait forever)"
    os.symlink(folder / "moved-away.jpg", folder / "gone.jpg")
    bad["gone.jpg"] = "a link to a file that is gone"
    os.symlink(folder / "loop.jpg", folder / "loop.jpg")
    bad["loop.jpg"] = "a link to itself"
    os.symlink("/proc/self/mem", folder / "failing-disk.jpg")
    bad["failing-disk.jpg"] = "a regular file whose every read fails with an I/O error, as on a failing disk"
    (folder / "iphone.jpg").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200))
    bad["iphone.jpg"] = "an iPhone HEIC photo renamed to .jpg"
    gbk = os.fsdecode(b"\xb2\xe2\xca\xd4.jpg")
    (folder / gbk).write_bytes(b"PK\x03\x04 a zip, not a photo")
    bad[gbk] = "not an image, and a GBK file name"
    return good, bad


def write_unreadable(path, data=b"\xff\xd8\xff\xe0 a photo we may not read"):
    """Writes `path` with mode 000: no one but a process with CAP_DAC_OVERRIDE may read it."""
    path.write_bytes(data)
    os.chmod(path, 0)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0


def drop_file_read_override():
    """For `subprocess.Popen(preexec_fn=...)`: the child, even as root, obeys file permissions.

    Root reads any file through two capabilities; removing them from the bounding set before
    `exec` leaves the new program without them (its inheritable set is empty), so a mode-000
    file is unreadable for it as for any user. Without root this does nothing.
    """
    if os.geteuid() != 0:
        return
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")

