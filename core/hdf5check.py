"""Checks the structure of an HDF5 weights file before anything in it is read.

HDF5 can make a file read other files: an *external link* points into another HDF5 file,
*external storage* takes a dataset's bytes from any file (`/etc/passwd`, a private key), a
*virtual dataset* maps the datasets of other files, and a *soft link* is a path that is
followed when read. A weights file that used them would copy outside files into the model
TongueLens writes, which the user then shares. Their shapes can also be absurd (terabytes
declared in a file of kilobytes) and their names need not be text.

`check_structure` walks every link, object and attribute of an open file using only its
metadata, and refuses all of these before any array is read:

    with h5py.File(path, "r") as handle:
        check_structure(handle)  # modelcheck.Refused: what was found, and where
"""

import math

from core.messages import Message
from core.modelcheck import Refused
from core.safetext import size_text as _size

# Limits far above any image classifier's weights file (ResNeXt-101: ~600 arrays, 350 MB).
MAX_OBJECTS = 200_000
MAX_DEPTH = 64
MAX_DIMENSIONS = 8
MAX_DATASET_BYTES = 4 << 30
MAX_TOTAL_BYTES = 8 << 30
MAX_CHUNKS = 1_000_000
MAX_ATTRIBUTES = 10_000
MAX_ATTRIBUTE_BYTES = 64 << 20
MAX_NAME_CHARS = 1_024
# A dataset declaring more than this must store at least 1/`_MAX_EXPANSION` of it: genuine
# arrays do, even compressed; shape and decompression bombs store next to nothing.
_BOMB_FLOOR_BYTES = 64 << 20
_MAX_EXPANSION = 1_000
# HDF5's own filters (deflate, shuffle, fletcher32, szip, n-bit, scale-offset) and LZF, which
# h5py builds in. Any other would make HDF5 search its plugin folders for a library to load.
_KNOWN_FILTERS = frozenset({1, 2, 3, 4, 5, 6, 32000})


def check_structure(handle):
    """Walks an open HDF5 file's metadata; refuses what could read outside it or is absurd.

    Args:
        handle: an `h5py.File` opened read-only.

    Raises:
        Refused: an external or soft link, external storage, a virtual dataset, a filter
            HDF5 would load a plugin for, a dataset that is not numbers or declares an absurd
            size, a name that is not UTF-8, or more objects than a weights file holds; the
            message names the object.
    """
    import h5py

    _check_attributes(handle.id, "/", h5py.h5o.get_info(handle.id).num_attrs)
    walk = _Walk(handle)
    # HDF5's own walks (H5Lvisit, H5Ovisit), in C: every link once, then every object once.
    handle.id.links.visit(walk.on_link, info=True)
    if walk.refusal is None:
        h5py.h5o.visit(handle.id, walk.on_object, info=True)
    if walk.refusal is not None:
        raise walk.refusal


class _Walk:
    """The callbacks of HDF5's walks. A refusal is kept and the walk stopped (a callback returns
    True): an exception raised inside h5py's callback would not come back out of it cleanly."""

    def __init__(self, handle):
        self.handle = handle
        self.links = 0
        self.declared = 0
        self.refusal = None

    def on_link(self, raw, info):
        import h5py

        try:
            name = _path(raw)
            if name.count("/") > MAX_DEPTH:
                raise Refused(Message("hdf5.too_deep", depth=MAX_DEPTH, name=_shown(name)))
            if info.type != h5py.h5l.TYPE_HARD:
                raise Refused(Message("hdf5.link", name=_shown(name), kind=_link_kind(info.type)))
            self.links += 1
            if self.links > MAX_OBJECTS:
                raise Refused(Message("hdf5.too_many_objects", count=f"{MAX_OBJECTS:,}"))
        except Refused as error:
            self.refusal = error
            return True
        return None

    def on_object(self, raw, info):
        import h5py

        try:
            if info.num_attrs or info.type == h5py.h5o.TYPE_DATASET:
                name = _path(raw)
                obj = h5py.h5o.open(self.handle.id, raw)
                _check_attributes(obj, name, info.num_attrs)
                if info.type == h5py.h5o.TYPE_DATASET:
                    self.declared += _check_dataset(obj, name)
                    if self.declared > MAX_TOTAL_BYTES:
                        raise Refused(Message("hdf5.total", size=_size(MAX_TOTAL_BYTES)))
        except Refused as error:
            self.refusal = error
            return True
        return None


def _path(raw):
    """The absolute path of a link or object, from the raw bytes HDF5 walks give."""
    parts = raw.split(b"/")
    return "/" + "/".join(_decoded(part, "/" + b"/".join(parts[:index]).decode("utf-8", "backslashreplace"))
                          for index, part in enumerate(parts))


def _check_dataset(dataset, name):
    """Checks one dataset's storage, type and size; returns the bytes it declares."""
    import h5py

    plist = dataset.get_create_plist()
    if plist.get_external_count():
        raise Refused(Message("hdf5.external_storage", name=_shown(name), file=_shown(_external_file(plist))))
    layout = plist.get_layout()
    if layout == h5py.h5d.VIRTUAL:
        raise Refused(Message("hdf5.virtual", name=_shown(name)))
    for index in range(plist.get_nfilters()):
        code = plist.get_filter(index)[0]
        if code not in _KNOWN_FILTERS:
            raise Refused(Message("hdf5.filter", name=_shown(name), code=code))
    dtype = dataset.dtype
    if dtype.kind not in "fiub" or dtype.names is not None:
        raise Refused(Message("hdf5.not_numbers", name=_shown(name), dtype=_shown(str(dtype))))
    shape = dataset.shape or ()
    if len(shape) > MAX_DIMENSIONS:
        raise Refused(Message("hdf5.dimensions", name=_shown(name), count=len(shape), limit=MAX_DIMENSIONS))
    declared = math.prod(shape) * dtype.itemsize
    if declared > MAX_DATASET_BYTES:
        raise Refused(Message("hdf5.array_size", name=_shown(name), size=_size(declared),
                              shape="x".join(map(str, shape)), limit=_size(MAX_DATASET_BYTES)))
    stored = dataset.get_storage_size()
    if declared > _BOMB_FLOOR_BYTES and declared > _MAX_EXPANSION * stored:
        raise Refused(Message("hdf5.bomb", name=_shown(name), size=_size(declared), stored=_size(stored)))
    if layout == h5py.h5d.CHUNKED:
        chunk = plist.get_chunk()
        chunks = math.prod(math.ceil(side / max(step, 1)) for side, step in zip(shape, chunk))
        if chunks > MAX_CHUNKS:
            raise Refused(Message("hdf5.chunks", name=_shown(name), count=f"{chunks:,}", limit=f"{MAX_CHUNKS:,}"))
    return declared


def _check_attributes(obj, name, count):
    import h5py

    if count > MAX_ATTRIBUTES:
        raise Refused(Message("hdf5.attributes", name=_shown(name), count=f"{count:,}", limit=f"{MAX_ATTRIBUTES:,}"))
    for index in range(count):
        attribute = h5py.h5a.open(obj, index=index)
        where = f"{name.rstrip('/')}/@{_decoded(attribute.name, name)}"
        dtype = attribute.dtype
        text = h5py.check_string_dtype(dtype) is not None
        if not (text or dtype.kind in "fiubS") or dtype.names is not None:
            raise Refused(Message("hdf5.attribute_type", name=_shown(where), dtype=_shown(str(dtype))))
        size = _attribute_bytes(attribute)
        if size > MAX_ATTRIBUTE_BYTES or len(attribute.shape or ()) > MAX_DIMENSIONS:
            raise Refused(Message("hdf5.attribute_size", name=_shown(where), size=_size(size),
                                  limit=_size(MAX_ATTRIBUTE_BYTES)))


def _attribute_bytes(attribute):
    try:
        return attribute.get_storage_size()
    except (RuntimeError, OSError):  # HDF5 answers an error for an empty attribute (no storage).
        return 0


def _decoded(raw, parent):
    """A link or attribute name as text; a name that is not UTF-8 is refused, shown escaped."""
    if isinstance(raw, str):
        name = raw
    else:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", "backslashreplace")
            raise Refused(Message("hdf5.name_not_text", name=_shown(parent.rstrip("/") + "/" + shown),
                                  encoding="UTF-8")) from None
    if len(name) > MAX_NAME_CHARS:
        raise Refused(Message("hdf5.long_name", name=_shown(parent), length=f"{len(name):,}",
                              limit=f"{MAX_NAME_CHARS:,}"))
    return name


def _link_kind(link):
    import h5py

    kinds = {h5py.h5l.TYPE_SOFT: Message("hdf5.soft_link"), h5py.h5l.TYPE_EXTERNAL: Message("hdf5.external_link")}
    return kinds.get(link, Message("hdf5.user_link"))


def _external_file(plist):
    try:
        name = plist.get_external(0)[0]
    except Exception:  # noqa: BLE001  Only for the message.
        return "?"
    return name.decode("utf-8", "backslashreplace") if isinstance(name, bytes) else str(name)


def _shown(text):
    from core.safetext import one_line

    return one_line(text, 200)
