"""Reading a `.keras` archive within limits, and handing Keras only what it needs of it.

A `.keras` file is a zip. Read naively, a member can declare gigabytes in a file of a few
kilobytes, a directory can list a million members, and Keras extracts *every* member to
a temporary folder as soon as an archive holds more than three. So TongueLens:

- reads the zip's directory record first and refuses more than `MAX_MEMBERS` members or
  a directory larger than `MAX_DIRECTORY_BYTES`, before Python parses it;
- refuses an archive whose members declare more than `MAX_TOTAL_BYTES` in all, a member
  that expands more than `_MAX_EXPANSION` times, and repeated member names;
- reads `tonguelens.json` and `config.json` only up to their limits, counting what is
  actually decompressed as well as what the zip declares (a declared size can lie);
- checks `config.json` (`core.modelcheck`) and the weights (`core.hdf5check`), and gives
  Keras a private folder holding exactly those two checked files.

    with unpacked_for_keras(path) as folder:
        model = keras.saving.load_model(folder, compile=False, safe_mode=True)
"""

import collections
import contextlib
import shutil
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

from core import hdf5check, modelcheck
from core.messages import Message
from core.modelcheck import Refused
from core.safetext import size_text as _size

MAX_MEMBERS = 1_000
MAX_DIRECTORY_BYTES = 4 << 20
MAX_TOTAL_BYTES = 4 << 30
MAX_CONFIG_BYTES = 8 << 20
MAX_METADATA_BYTES = 8 << 20
# The tongue segmenter a cropping classifier carries (`core.crop.SEGMENTER_MEMBER`; the bundled one is 4 MB).
MAX_SEGMENTER_BYTES = 256 << 20
# A member declaring more than this must store at least 1/`_MAX_EXPANSION` of it. Keras stores
# members uncompressed; deflate cannot pass about 1:1000, and real weights compress little.
_BOMB_FLOOR_BYTES = 16 << 20
_MAX_EXPANSION = 100
_COPY_BLOCK = 1 << 20

CONFIG_MEMBER = "config.json"
WEIGHTS_MEMBERS = ("model.weights.h5", "model.weights.npz")

NOT_AN_ARCHIVE = Message("archive.not_zip")


@contextlib.contextmanager
def open_archive(path):
    """Opens a `.keras` zip after checking its directory; read errors inside become `Refused`.

    Args:
        path: the file.

    Yields:
        The open `zipfile.ZipFile`.

    Raises:
        Refused: not a regular file, not a zip, too many members, members too large, a
            repeated member name, or a damaged or encrypted member read in the block.
    """
    path = Path(path)
    if not path.is_file():  # Opening a named pipe would wait forever.
        raise Refused(Message("model.not_regular"))
    try:
        _check_directory_record(path)
        with zipfile.ZipFile(path) as archive:
            _check_members(archive)
            yield archive
    except (zipfile.BadZipFile, EOFError, zlib.error):
        raise Refused(NOT_AN_ARCHIVE) from None
    except (RuntimeError, NotImplementedError) as error:  # Encrypted, or an unknown compression method.
        raise Refused(Message("archive.member_unreadable", detail=_one_line(error))) from None
    except OSError as error:
        raise Refused(Message("archive.cannot_read", detail=error.strerror or _one_line(error))) from None


def read_member(archive, name, limit):
    """Reads one member, refusing it when it declares or decompresses to more than `limit` bytes.

    Returns:
        The bytes, or None when the archive has no such member.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise Refused(Message("archive.member_declares", name=name, size=_size(info.file_size), limit=_size(limit)))
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(Message("archive.member_holds", name=name, limit=_size(limit)))
    return data


@contextlib.contextmanager
def unpacked_for_keras(path, compile=False):
    """Checks a `.keras` file and yields a private folder Keras can load it from.

    The folder holds `config.json` (the very bytes checked by `core.modelcheck`) and the
    weights (checked by `core.hdf5check`), nothing else; it is removed afterwards.

    Args:
        path: the `.keras` file.
        compile: whether the model will be compiled from its config (a checkpoint).

    Yields:
        The folder's path, for `keras.saving.load_model`.

    Raises:
        Refused: the archive, its config or its weights are refused (the message says why).
    """
    with tempfile.TemporaryDirectory(prefix="tonguelens-model-") as folder:
        with open_archive(path) as archive:
            text = read_member(archive, CONFIG_MEMBER, MAX_CONFIG_BYTES)
            if text is None:
                raise Refused(Message("archive.no_config", file=CONFIG_MEMBER))
            modelcheck.check_config(modelcheck.parse_config(text), compile=compile)
            weights = _weights_member(archive)
            Path(folder, CONFIG_MEMBER).write_bytes(text)
            _copy_member(archive, weights, Path(folder, weights.filename))
        if weights.filename.endswith(".h5"):
            _check_weights(Path(folder, weights.filename))
        yield folder


def _check_directory_record(path):
    """Reads the zip's end-of-directory record: member count and directory size, before parsing."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        tail_length = min(size, 22 + 0xFFFF)
        stream.seek(size - tail_length)
        tail = stream.read(tail_length)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise zipfile.BadZipFile("no end of central directory")
        members, directory_bytes = struct.unpack("<HL", tail[at + 10:at + 16])
        locator = tail[at - 20:at] if at >= 20 else b""
        if (members == 0xFFFF or directory_bytes == 0xFFFFFFFF) and locator[:4] == b"PK\x06\x07":
            stream.seek(struct.unpack("<Q", locator[8:16])[0])
            record = stream.read(56)  # The Zip64 end-of-directory record.
            if len(record) < 56 or record[:4] != b"PK\x06\x06":
                raise zipfile.BadZipFile("damaged Zip64 record")
            members, directory_bytes = struct.unpack("<QQ", record[32:48])
    if members > MAX_MEMBERS:
        raise Refused(Message("archive.lists_members", count=f"{members:,}", limit=f"{MAX_MEMBERS:,}"))
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise Refused(Message("archive.directory", size=_size(directory_bytes), limit=_size(MAX_DIRECTORY_BYTES)))


def _check_members(archive):
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(Message("archive.holds_members", count=f"{len(members):,}", limit=f"{MAX_MEMBERS:,}"))
    for name, count in collections.Counter(member.filename for member in members).items():
        if count > 1 and (name in WEIGHTS_MEMBERS or name.endswith(".json")):
            raise Refused(Message("archive.repeated", count=count, name=_shown(name)))
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise Refused(Message("archive.total", size=_size(total), limit=_size(MAX_TOTAL_BYTES)))
    for member in members:
        if member.file_size > _BOMB_FLOOR_BYTES and member.file_size > _MAX_EXPANSION * member.compress_size:
            raise Refused(Message("archive.bomb", name=_shown(member.filename), size=_size(member.file_size),
                                  stored=_size(member.compress_size)))


def _weights_member(archive):
    for name in WEIGHTS_MEMBERS:
        try:
            return archive.getinfo(name)
        except KeyError:
            continue
    raise Refused(Message("archive.no_weights", file=WEIGHTS_MEMBERS[0]))


def _copy_member(archive, info, destination):
    """Copies a member to `destination`, never more bytes than it declares, if the disk has room."""
    free = shutil.disk_usage(destination.parent).free
    if info.file_size + (64 << 20) > free:
        raise Refused(Message("archive.disk", free=_size(free), size=_size(info.file_size)))
    left = info.file_size
    with archive.open(info) as source, open(destination, "wb") as target:
        while True:
            block = source.read(min(_COPY_BLOCK, left + 1))
            if not block:
                break
            left -= len(block)
            if left < 0:
                raise Refused(Message("archive.more_than_declared", name=_shown(info.filename),
                                      size=_size(info.file_size)))
            target.write(block)


def _check_weights(path):
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            hdf5check.check_structure(handle)
    except Refused as error:
        raise Refused(Message("archive.weights_refused", reason=error.message)) from None
    except (OSError, KeyError, RuntimeError, ValueError) as error:
        raise Refused(Message("archive.weights_damaged", detail=_one_line(error)[:200])) from None


def _shown(text):
    from core.safetext import one_line

    return one_line(text, 120)


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__

