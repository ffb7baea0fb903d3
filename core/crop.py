"""Classifying on the tongue: a photo cut to the tongue's box before a classifier sees it.

A classifier trained with `main.py train --crop tongue` (or `--crop SEG.keras`) carries its
segmenter inside its own `.keras` file (the member `SEGMENTER_MEMBER`) and the crop's settings
in its metadata (`CropSpec`, `tonguelens.json`'s `crop`). Every later use of that model cuts
each photo the same way before resizing it to the model's input: training (`training.dataset`
crops once per image while it scans), the app, `classify`, `evaluate`, `inspect`
(`core.predictor.Classifier.prepare`, the one model-input path).

    crop = TongueCrop(segmenter, CropSpec(margin=0.1))
    cropped = crop.crop(photo)          # Cropped: the image the model sees, its box, the mask
    cropped.found                       # False: no tongue; the whole photo is used

The box is the tongue's bounding box with `margin` of its width and height added on each side
(`core.masks.tongue_box`); with `mask_background` every pixel of the box outside the tongue is
painted black, as the hand-mask experiment of issue 15 did.

No TensorFlow at import; a `TongueCrop` calls its segmenter, which does.
"""

import dataclasses
import hashlib
import re
import tempfile
import threading
from pathlib import Path

from core import masks
from core.messages import Message, MessageError, at_path

# `--crop tongue`: the bundled tongue segmenter (`core.segmenter.BUNDLED_SEGMENTER`).
TONGUE = "tongue"
# Added on each side of the tongue's box, as a fraction of the box's width and height.
DEFAULT_MARGIN = 0.1
# Whether the box's background is painted black: chosen by measurement (README, "Classify on the tongue":
# on real coating-colour photos masked beat kept in held-out accuracy).
DEFAULT_MASK_BACKGROUND = True
BACKGROUND_FILL = (0, 0, 0)
# The classifier file's member holding its segmenter (a whole segmenter `.keras` file).
SEGMENTER_MEMBER = "tonguelens-segmenter.keras"
# How a crop by the bundled segmenter names it (in the model file, for people).
BUNDLED_NAME = "the bundled tongue segmenter"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_NAME_CHARS = 4_096


class CropError(MessageError):
    """A crop that cannot be set up (no segmenter there, a damaged crop in a model's metadata): the message says."""


@dataclasses.dataclass(frozen=True)
class CropSpec:
    """How a classifier's photos are cut to the tongue (stored in its model file).

    Attributes:
        margin: added on each side of the tongue's box, as a fraction of its width and height.
        mask_background: paint the pixels of the box outside the tongue black.
        segmenter: where the segmenter came from, for people ("bundled tongue segmenter", a file name).
        sha256: of the segmenter file's bytes: two crops are the same only with the same segmenter.
    """

    margin: float = DEFAULT_MARGIN
    mask_background: bool = DEFAULT_MASK_BACKGROUND
    segmenter: str = ""
    sha256: str = ""

    @property
    def key(self):
        """What a scan's crop must equal for a run to take its images."""
        return f"{self.sha256}:{self.margin:g}:{int(self.mask_background)}"

    def describe(self):
        """One line for people, a `core.messages.Message` (`str()` is its English): what the model is cropped with."""
        segmenter = self.segmenter or Message("crop.a_segmenter")
        if self.mask_background:
            return Message("crop.described_masked", segmenter=segmenter, margin=f"{self.margin:g}")
        return Message("crop.described_kept", segmenter=segmenter, margin=f"{self.margin:g}")

    def to_json(self):
        """The metadata's `crop` object."""
        return {"margin": self.margin, "mask_background": self.mask_background, "segmenter": self.segmenter,
                "sha256": self.sha256, "member": SEGMENTER_MEMBER}

    @classmethod
    def from_json(cls, data):
        """Reads `to_json` output, checking every field.

        Raises:
            CropError: a field missing or of the wrong type or range (the message says which; a
                `ValueError`, as `core.modelfile` expects of damaged metadata).
        """
        if not isinstance(data, dict):
            raise CropError(Message("crop.not_object"))
        margin, mask_background = data.get("margin"), data.get("mask_background")
        segmenter, sha256 = data.get("segmenter", ""), data.get("sha256")
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0.0 <= margin <= 1.0:
            raise CropError(Message("crop.margin"))
        if not isinstance(mask_background, bool):
            raise CropError(Message("crop.mask_background", field="mask_background"))
        if not isinstance(segmenter, str) or len(segmenter) > _MAX_NAME_CHARS:
            raise CropError(Message("crop.segmenter", field="segmenter"))
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise CropError(Message("crop.sha256", field="sha256", hash="SHA-256"))
        if data.get("member", SEGMENTER_MEMBER) != SEGMENTER_MEMBER:
            raise CropError(Message("crop.member", member=SEGMENTER_MEMBER))
        return cls(float(margin), mask_background, segmenter, sha256)


@dataclasses.dataclass
class Cropped:
    """One photo cut to the tongue.

    Attributes:
        image: the RGB Pillow image the model is given (before resizing): the box, or the
            whole photo when no tongue was found.
        box: (left, top, right, bottom) of `image` in the photo's pixels.
        mask: the tongue mask (bool, the photo's height and width).
        found: whether a tongue was found.
        photo_size: the photo's (width, height).
        photo: the whole photo (a Pillow image), for pictures of where the crop came from.
    """

    image: object
    box: tuple
    mask: object
    found: bool
    photo_size: tuple
    photo: object = None


class TongueCrop:
    """Cuts photos to the tongue with one segmenter; safe to call from several threads.

    Args:
        segmenter: a `core.segmenter.Segmenter`.
        spec: the `CropSpec`.
    """

    def __init__(self, segmenter, spec):
        import numpy as np

        self.segmenter = segmenter
        self.spec = spec
        self._lock = threading.Lock()  # One photo at a time through the model; decoding stays parallel.
        height, width = segmenter.image_size
        segmenter.probabilities(np.zeros((1, height, width, segmenter.info.input_shape[2]), np.float32))  # Traced here.

    @property
    def key(self):
        return self.spec.key

    def crop(self, photo):
        """Cuts one photo (an RGB Pillow image) to the tongue's box; the whole photo when no tongue is found."""
        with self._lock:
            mask = self.segmenter.mask_of(photo)
        return crop_with_mask(photo, mask, self.spec)

    __call__ = crop


def crop_with_mask(photo, mask, spec):
    """`Cropped` for a photo and its tongue mask: the box with the margin, the background masked or not."""
    width, height = photo.size
    region = masks.tongue_box(mask, spec.margin)
    if region is None:
        return Cropped(photo.convert("RGB"), (0, 0, width, height), mask, False, (width, height), photo)
    image = region.crop(photo, mask_background=spec.mask_background, fill=BACKGROUND_FILL)
    return Cropped(image, region.box, mask, True, (width, height), photo)


def resolve_source(source):
    """The segmenter file a `--crop` value names: `tongue` for the bundled one, else a path.

    Returns:
        (path, name for people).

    Raises:
        CropError: the file is not there.
    """
    from core import segmenter as segmenters

    bundled = str(source).strip().lower() == TONGUE
    path = Path(segmenters.BUNDLED_SEGMENTER) if bundled else Path(source)
    if not path.is_file():
        reason = Message("segmenter.no_bundled") if bundled else Message("crop.not_found")
        raise CropError(at_path(path, reason))
    return path, BUNDLED_NAME if bundled else path.name


def open_crop(source, margin=DEFAULT_MARGIN, mask_background=DEFAULT_MASK_BACKGROUND):
    """Loads the segmenter a `--crop` value names, checked as every model file is.

    Returns:
        (`TongueCrop`, the segmenter file's bytes, to be stored in the classifier's file).

    Raises:
        CropError: no such file.
        core.modelfile.ModelFileError: the file is refused or damaged.
        core.segmenter.SegmenterError: the model gives no mask (a classifier).
    """
    path, name = resolve_source(source)
    data = path.read_bytes()  # Loaded from these bytes: the file may change on disk meanwhile.
    loaded = segmenter_from_bytes(data, path)
    spec = CropSpec(float(margin), bool(mask_background), name, hashlib.sha256(data).hexdigest())
    from core.segmenter import Segmenter

    return TongueCrop(Segmenter(loaded), spec), data


def segmenter_from_bytes(data, shown_path):
    """Loads a segmenter `.keras` file's bytes through `core.modelfile.load_model` (allow-list, limits).

    Args:
        data: the file's bytes.
        shown_path: the path errors name.

    Returns:
        A `core.modelfile.LoadedModel` whose model gives a mask.

    Raises:
        core.modelfile.ModelFileError: refused, damaged, or itself a cropped classifier.
        core.segmenter.SegmenterError: the model gives no mask.
    """
    from core import modelfile, segmenter as segmenters

    with tempfile.TemporaryDirectory(prefix="tonguelens-segmenter-") as folder:
        inner = Path(folder) / "segmenter.keras"
        inner.write_bytes(data)
        try:
            loaded = modelfile.load_model(inner)
        except modelfile.ModelFileError as error:
            raise modelfile.ModelFileError(shown_path, error.reason) from None
    if loaded.info.crop is not None:
        raise modelfile.ModelFileError(shown_path, Message("crop.segmenter_crops"))
    loaded.path = str(shown_path)
    return segmenters.checked_segmenter(loaded)


def crop_of(loaded):
    """The `TongueCrop` of a loaded classifier that crops, else None."""
    if loaded.info.crop is None or loaded.segmenter is None:
        return None
    from core.segmenter import Segmenter

    return TongueCrop(Segmenter(loaded.segmenter), loaded.info.crop)
