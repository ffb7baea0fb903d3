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
