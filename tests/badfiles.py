"""A catalogue of good and bad image files, generated for the tests (issue 7).

`make_catalogue(folder)` writes every kind of file a real photo folder holds and returns
which names are expected to load and which must be refused.
"""

import io
import struct
import zlib

import numpy as np
from PIL import Image


def _gradient(size=(40, 30)):
    width, height = size
    x = np.linspace(0, 255, width, dtype=np.uint8)[None, :].repeat(height, 0)
    y = np.linspace(0, 255, height, dtype=np.uint8)[:, None].repeat(width, 1)
    return np.stack([x, y, np.full_like(x, 128)], axis=-1)


def _bomb_png(path, side=20000):
    """A small PNG that claims `side` x `side` pixels (a decompression bomb)."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit grayscale
    row = b"\x00" + b"\x00" * side
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def _exif_rotated_jpeg(path):
    """A 40x20 JPEG whose EXIF says 'rotate 90': it must load as 20x40."""
    image = Image.fromarray(_gradient((40, 20)))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display.
    image.save(path, "JPEG", exif=exif.tobytes())


def make_catalogue(folder):
    """Writes the catalogue into `folder`.

    Returns:
        (good, bad): dicts of file name -> a note on what it is. Good files must load;
        bad files must be refused with a message naming them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rgb = Image.fromarray(_gradient())
    good, bad = {}, {}

    rgb.save(folder / "plain.jpg", quality=90)
    good["plain.jpg"] = "ordinary JPEG"
    rgb.convert("CMYK").save(folder / "cmyk.jpg")
    good["cmyk.jpg"] = "CMYK JPEG"
    gray16 = (np.linspace(0, 65535, 40 * 30).reshape(30, 40)).astype(np.uint16)
    Image.fromarray(gray16).save(folder / "gray16.png")
    good["gray16.png"] = "16-bit grayscale PNG"
    rgb.convert("P", palette=Image.ADAPTIVE).save(folder / "palette.gif")
    good["palette.gif"] = "palette GIF"
    frames = [Image.new("RGB", (30, 30), color) for color in ("red", "green", "blue")]
    frames[0].save(folder / "animated.gif", save_all=True, append_images=frames[1:], duration=100)
    good["animated.gif"] = "animated GIF (first frame)"
    rgba = rgb.convert("RGBA")
    rgba.putalpha(Image.new("L", rgb.size, 0))
    rgba.save(folder / "transparent.png")
    good["transparent.png"] = "fully transparent RGBA PNG (white)"
    _exif_rotated_jpeg(folder / "rotated.jpg")
    good["rotated.jpg"] = "EXIF-rotated JPEG"
    rgb.save(folder / "舌苔 黄.png")
    good["舌苔 黄.png"] = "Chinese file name"
    rgb.save(folder / "scan.tif")
    good["scan.tif"] = "TIFF"
    rgb.save(folder / "photo.webp")
    good["photo.webp"] = "WebP"

    (folder / "empty.jpg").write_bytes(b"")
    bad["empty.jpg"] = "zero bytes"
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG")
    (folder / "truncated.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    bad["truncated.jpg"] = "truncated JPEG"
    buffer = io.BytesIO()
    rgb.save(buffer, "PNG")
    (folder / "truncated.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    bad["truncated.png"] = "truncated PNG"
    (folder / "notes.jpg").write_text("these are my notes, not a photo\n", encoding="utf-8")
    bad["notes.jpg"] = "text named .jpg"
    (folder / "page.png").write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    bad["page.png"] = "HTML named .png"
    _bomb_png(folder / "bomb.png")
    bad["bomb.png"] = "20000x20000 PNG bomb"
    (folder / "folder.jpg").mkdir()
    bad["folder.jpg"] = "a directory named like an image"
    return good, bad


# --- Model and weights files from an attacker (issue 19) --------------------------------------------
#
# Each builder writes a file modelled on a public Keras model-loading vulnerability or on the outside
# probe of issue 19. They start from a good file the test made, so everything else in them is genuine.


def rewrite_archive(source, destination, replace=None, add=(), drop=()):
    """Copies the `.keras` zip `source` to `destination`, replacing, adding or dropping members.

    Args:
        replace: {member name: bytes} written instead of the member's own bytes.
        add: (name, bytes) pairs added at the end (stored, or deflated when the name ends in ".z").
        drop: member names left out.
    """
    import zipfile

    replace = replace or {}
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(destination, "w") as archive:
        for name in original.namelist():
            if name not in drop:
                archive.writestr(name, replace.get(name, original.read(name)))
        for name, data in add:
            method = zipfile.ZIP_DEFLATED if name.endswith(".z") else zipfile.ZIP_STORED
            archive.writestr(name.removesuffix(".z"), data, compress_type=method)
    return destination


def read_config(path):
    """The parsed `config.json` of a `.keras` file."""
    import json
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("config.json"))


def with_config(source, destination, config):
    """`source` with `config` as its `config.json`."""
    import json

    return rewrite_archive(source, destination, replace={"config.json": json.dumps(config).encode("utf-8")})


def with_lambda(source, destination, function, call_kwargs, arguments=None):
    """`source` with a Lambda layer whose "function" is `function`, called with `call_kwargs`.

    Keras safe mode refuses a Lambda that carries Python bytecode, but not one whose function is a
    public Keras name: `{"module": "keras.layers", "class_name": "function", "config": "TFSMLayer"}`
    is then called as `TFSMLayer(**call_kwargs, **arguments)` while the model is built (the
    keyword `inputs` of its node need not be a tensor).
    """
    import copy

    config = copy.deepcopy(read_config(source))
    layer = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "name": "harmless",
             "config": {"name": "harmless", "trainable": True, "dtype": "float32", "function": function,
                        "arguments": arguments or {}},
             "inbound_nodes": [{"args": [], "kwargs": call_kwargs}]}
    config["config"]["layers"].insert(1, layer)
    return with_config(source, destination, config)


def keras_function(module, name):
    """A serialized "function" object, as Keras writes one."""
    return {"module": module, "class_name": "function", "config": name, "registered_name": None}


def saved_model_writing(folder, marker):
    """A TensorFlow SavedModel whose resource initializer writes `marker` when it is loaded.

    `tf.saved_model.load` runs every resource's initializer, and an initializer is arbitrary
    TensorFlow operations: here `WriteFile`; in an attack, anything TensorFlow can do.
    """
    import tensorflow as tf

    class Writer(tf.saved_model.experimental.TrackableResource):
        def __init__(self):
            super().__init__()

        def _create_resource(self):
            return tf.raw_ops.VarHandleOp(dtype=tf.float32, shape=[], shared_name=f"writer_{id(self)}")

        def _initialize(self):
            tf.io.write_file(str(marker), "the SavedModel's initializer ran")
            return tf.raw_ops.AssignVariableOp(resource=self.resource_handle, value=tf.constant(1.0))

    module = tf.Module()
    module.writer = Writer()

    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3], tf.float32)])
    def serve(images):
        return {"output": tf.reduce_mean(images, axis=[1, 2])}

    module.serve = serve
    tf.saved_model.save(module, str(folder), signatures={"serving_default": serve})
    if marker.exists():
        marker.unlink()  # Saving ran the initializer once, here, on purpose.
    return folder


def with_metadata(source, destination, text):
    """`source` with `text` (str or bytes) as its `tonguelens.json` (deflated, as an attacker would)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return rewrite_archive(source, destination, drop=("tonguelens.json",), add=[("tonguelens.json.z", data)])


def with_declared_size(path, member, declared):
    """Rewrites the size `path`'s zip declares for `member` (local header and directory) as `declared`.

    The bytes stay: a member can then claim less, or far more, than it holds.
    """
    import struct
    import zipfile

    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    data = bytearray(path.read_bytes())
    struct.pack_into("<L", data, offset + 22, declared)  # The local header's uncompressed size.
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:  # The directory entry whose local header is this member's.
        if struct.unpack_from("<L", data, entry + 42)[0] == offset:
            struct.pack_into("<L", data, entry + 24, declared)
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def with_many_members(source, destination, count):
    """`source` with `count` more empty members (a directory that takes long to parse)."""
    return rewrite_archive(source, destination, add=[(f"assets/{index}", b"") for index in range(count)])


def weights_with(source, destination, dataset, make):
    """A copy of the HDF5 weights file `source` whose `dataset` is replaced by what `make(handle, name)` puts there."""
    import shutil

    import h5py

    shutil.copy(source, destination)
    with h5py.File(destination, "r+") as handle:
        del handle[dataset]
        make(handle, dataset)
    return destination


def external_storage(outside, size):
    """A `make` for `weights_with`: the dataset's bytes are the first `size` bytes of the file `outside`."""
    def make(handle, name):
        handle.create_dataset(name, shape=(size // 4,), dtype="<f4", external=[(str(outside), 0, size)])
    return make


def external_link(outside_h5, inside):
    """A `make`: the dataset is an external link to `inside` of the HDF5 file `outside_h5`."""
    import h5py

    def make(handle, name):
        handle[name] = h5py.ExternalLink(str(outside_h5), inside)
    return make


def soft_link(target):
    """A `make`: the dataset is a soft link to `target` in the same file."""
    import h5py

    def make(handle, name):
        handle[name] = h5py.SoftLink(target)
    return make


def virtual_dataset(outside_h5, inside, shape):
    """A `make`: the dataset is a virtual dataset made of `inside` of the file `outside_h5`."""
    import h5py

    def make(handle, name):
        layout = h5py.VirtualLayout(shape=shape, dtype="<f4")
        layout[:] = h5py.VirtualSource(str(outside_h5), inside, shape=shape)
        handle.create_virtual_dataset(name, layout)
    return make


def absurd_shape(handle, name):
    """A `make`: a dataset that declares 4 TiB and stores nothing."""
    handle.create_dataset(name, shape=(1 << 40,), dtype="<f4", chunks=(1 << 20,))


def undecodable_group(path):
    """Adds a group whose name is not UTF-8 to the HDF5 file `path`."""
    import h5py

    with h5py.File(path, "r+") as handle:
        h5py.h5g.create(handle["layers"].id, b"caf\xe9")
    return path


def deep_groups(path, depth):
    """Adds groups nested `depth` deep to the HDF5 file `path`."""
    import h5py

    with h5py.File(path, "r+") as handle:
        handle.create_group("/".join(["deep"] * depth))
    return path


def in_keras_archive(source, destination, weights):
    """The `.keras` file `source` with the HDF5 file `weights` as its `model.weights.h5`."""
    return rewrite_archive(source, destination, replace={"model.weights.h5": weights.read_bytes()})


def weights_of(model_file, destination):
    """Writes the `model.weights.h5` of a `.keras` file to `destination`."""
    import zipfile

    with zipfile.ZipFile(model_file) as archive:
        destination.write_bytes(archive.read("model.weights.h5"))
    return destination


def spin_forever():
    """A child-process target that never returns on its own (a libhdf5 endless loop, in effect)."""
    while True:
        pass


def crash():
    """A child-process target that dies as a crash in C code would, without a Python exception."""
    import os

    os.abort()
