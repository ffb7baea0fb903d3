"""Finds the tongue in photos with a segmenter model: a mask at the photo's own size.

    segmenter = load_segmenter()                      # the bundled one (demo/tongue-segmenter.keras)
    mask = segmenter.mask_of(photo)                   # bool (height, width), post-processed
    region = masks.tongue_box(mask, margin=0.1)       # box and mask, for a crop

A photo is resized to the model's input (as `core.images.load_array` does for classifiers),
the model gives a tongue probability per pixel, that map is resized back to the photo's size
(bilinear, so the outline is finer than the model's pixels), thresholded at one half, and
post-processed: the largest region is kept and its holes filled (`core.masks.postprocess`); a
blank photo (one colour, give or take noise) has no tongue.

Segmenter files are ordinary TongueLens model files (`core.modelfile`, loaded in safe mode)
whose metadata says `"task": "segmentation"`; a plain Keras model whose output is a map of the
input's size also loads. Create and use a `Segmenter` on one thread (Keras state is thread-local).
"""

import concurrent.futures
import os
from pathlib import Path

import numpy as np
from PIL import Image

from core import images, masks, modelfile, predictor
from core.messages import Message, at_path

ROOT = Path(__file__).resolve().parents[1]
# The bundled tongue segmenter, written by scripts/make_segmenter.py.
BUNDLED_SEGMENTER = ROOT / "demo" / "tongue-segmenter.keras"

SEGMENTATION_TASK = "segmentation"
# Class names of a segmenter's output channels: one probability, or a softmax over these two.
TONGUE = "tongue"
BACKGROUND = "background"
# A pixel whose tongue probability is at least this is tongue.
THRESHOLD = 0.5
# A photo whose every channel varies less than this (standard deviation, 0-255) shows nothing: no tongue.
# A blank white photo got a 58 % "tongue" from the bundled segmenter; real tongue photos vary by 30 levels
# or more (600 measured).
BLANK_PHOTO_STD = 4.0


class SegmenterError(ValueError):
    """A model that cannot be used as a segmenter; `str(error)` is `<path>: <reason>`.

    Attributes:
        message: a `core.messages.Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def segmenter_info(input_shape, arch="", training=None, num_classes=1):
    """The metadata a segmenter file carries: its classes, input shape and `"task": "segmentation"`."""
    class_names = [TONGUE] if num_classes == 1 else [BACKGROUND, TONGUE] + [
        f"class_{index}" for index in range(2, num_classes)]
    return modelfile.ModelInfo(class_names, tuple(input_shape), arch=arch, training=dict(training or {}),
                               task=SEGMENTATION_TASK)


def read_task(path):
    """The `task` a TongueLens model file declares ("segmentation"), or None (classifiers, plain Keras files).

    Read within the archive's limits (`core.modelfile.read_info`). A path that is not a
    regular file (missing, a folder, a named pipe that opening would wait on forever) has no
    task: None, and the model loader says what it is.

    Raises:
        core.modelfile.ModelFileError: the file is not a readable `.keras` archive, or its metadata is damaged.
    """
    if not Path(path).is_file():
        return None
    info = modelfile.read_info(path)
    return (info.task or None) if info is not None else None


def is_segmenter_model(model):
    """Tells whether a Keras model outputs one map of its input's height and width (a mask)."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return False
    input_shape, output_shape = tuple(model.inputs[0].shape), tuple(model.outputs[0].shape)
    return len(input_shape) == len(output_shape) == 4 and input_shape[1:3] == output_shape[1:3]


def refuse_as_classifier(loaded):
    """Raises `SegmenterError` when `loaded` (a `core.modelfile.LoadedModel`) is a tongue segmenter.

    Its file says so, or its model gives a mask of its input's size: read as a classifier it
    had one class, "tongue", at 100 % for every photo, and exported as one it lost the mask.
    """
    if loaded.info.task == SEGMENTATION_TASK or is_segmenter_model(loaded.model):
        raise SegmenterError(at_path(loaded.path, Message("segmenter.not_a_classifier")))


def load_segmenter(path=None):
    """Loads a segmenter file, checked as every model file is (`core.modelfile.load_model`).

    Args:
        path: a `.keras` segmenter; None for the bundled `BUNDLED_SEGMENTER`.

    Returns:
        A `Segmenter`.

    Raises:
        core.modelfile.ModelFileError: missing, unsafe, damaged or not a model file.
        SegmenterError: a model that gives no mask (a classifier), or no bundled segmenter.
    """
    if path is None:
        path = BUNDLED_SEGMENTER
        if not path.is_file():
            raise SegmenterError(at_path(path, Message("segmenter.no_bundled")))
    return Segmenter(checked_segmenter(modelfile.load_model(path)))


def checked_segmenter(loaded):
    """Returns `loaded` (a `core.modelfile.LoadedModel`) when its model gives a mask.

    Raises:
        SegmenterError: the model gives no mask of its input's size (a classifier).
    """
    if not is_segmenter_model(loaded.model):
        shape = "x".join(str(side) for side in loaded.model.outputs[0].shape[1:])
        raise SegmenterError(at_path(loaded.path, Message(
            "segmenter.not_a_segmenter", output=shape, input="x".join(map(str, loaded.info.input_shape)))))
    return loaded


class Segmenter:
    """Turns photos into tongue masks with one loaded segmenter model.

    Args:
        loaded: a `core.modelfile.LoadedModel` whose model outputs a mask (see `is_segmenter_model`).
    """

    def __init__(self, loaded):
        import tensorflow as tf

        self.loaded = loaded
        self.info = loaded.info
        height, width, channels = self.info.input_shape
        model = loaded.model
        tongue_channel = _tongue_channel(self.info.class_names, int(model.outputs[0].shape[-1]))
        signature = [tf.TensorSpec([None, height, width, channels], tf.float32)]

        @tf.function(input_signature=signature, reduce_retracing=True)
        def forward(batch):
            return tf.cast(model(batch, training=False), tf.float32)[..., tongue_channel]

        self._forward = forward

    @property
    def image_size(self):
        """(height, width) of the model's input."""
        return self.info.image_size

    def probabilities(self, batch):
        """Tongue probabilities for a batch of raw 0-255 images at the input size.

        Args:
            batch: array (n, height, width, channels) or one image (height, width, channels).

        Returns:
            float32 array (n, height, width).
        """
        batch = np.asarray(batch, dtype=np.float32)
        if batch.ndim == 3:
            batch = batch[None]
        return self._forward(batch).numpy()

    def model_input(self, photo):
        """A photo (Pillow image or uint8 array) resized to the model's input, as uint8 (h, w, channels)."""
        image = photo if isinstance(photo, Image.Image) else Image.fromarray(np.asarray(photo, dtype=np.uint8))
        height, width = self.image_size
        if image.size != (width, height):
            image = image.resize((width, height), Image.BILINEAR)
        array = np.asarray(image.convert("RGB"), dtype=np.uint8)
        if self.info.input_shape[2] == 1:
            array = np.asarray(np.dot(array, [0.299, 0.587, 0.114]), dtype=np.uint8)[..., None]
        return array

    def masks_of(self, photos, postprocess=True):
        """Tongue masks for several photos (one forward pass), each at its photo's own size.

        Args:
            photos: Pillow images or uint8 RGB arrays, of any sizes.
            postprocess: keep the largest region and fill its holes, and find no tongue in a blank photo.

        Returns:
            A list of bool arrays (height, width).
        """
        photos = [photo if isinstance(photo, Image.Image) else Image.fromarray(np.asarray(photo, dtype=np.uint8))
                  for photo in photos]
        if not photos:
            return []
        inputs = np.stack([self.model_input(photo) for photo in photos])
        maps = self.probabilities(inputs)
        found = [mask_from_probabilities(probability, (photo.height, photo.width), postprocess)
                 for probability, photo in zip(maps, photos)]
        if postprocess:
            found = [np.zeros_like(mask) if is_blank(model_input) else mask
                     for mask, model_input in zip(found, inputs)]
        return found

    def mask_of(self, photo, postprocess=True):
        """The tongue mask of one photo (Pillow image or uint8 RGB array), at its own size."""
        return self.masks_of([photo], postprocess)[0]

    def iter_file_masks(self, paths, batch_size=8, postprocess=True, should_stop=None):
        """Segments image files batch by batch; a bad file gets an error and never stops the rest.

        Photos are decoded on a small thread pool while the previous batch runs. Results come
        one at a time, in input order, so that a caller can write each mask and let it go
        (a 12-megapixel mask is 12 MB).

        Args:
            paths: image paths.
            batch_size: photos per forward pass.
            postprocess: keep the largest region and fill its holes.
            should_stop: optional callable returning True to stop early (cooperative cancel).

        Yields:
            (path, mask, error): the bool mask at the photo's size and None, or None and the
            one-line error `<path>: <reason>`.
        """
        paths = [str(path) for path in paths]
        workers = max(1, min(8, os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            decoded = predictor._in_order(pool, _try_load_rgb, paths, ahead=2 * batch_size + workers)  # noqa: SLF001
            try:
                for start in range(0, len(paths), batch_size):
                    if should_stop is not None and should_stop():
                        return
                    batch = [(path, *next(decoded)) for path in paths[start:start + batch_size]]
                    photos = [photo for _, photo, _ in batch if photo is not None]
                    found = iter(self.masks_of(photos, postprocess))
                    for path, photo, error in batch:
                        yield (path, None, error) if photo is None else (path, next(found), None)
            finally:
                decoded.close()  # Drops the decodes not started yet (after a cancel).

    def mask_file(self, path, postprocess=True):
        """The tongue mask of an image file, at the photo's own size (EXIF rotation applied).

        Raises:
            core.images.ImageError: the file is not a usable image.
        """
        return self.mask_of(images.load_rgb(path), postprocess)


def _try_load_rgb(path):
    try:
        return images.load_rgb(path), None
    except images.ImageError as error:
        return None, error.message  # A `core.messages.Message`: `<path>: <reason>`.


def is_blank(image):
    """Whether an image (uint8 array, height x width x channels) is one colour, give or take noise.

    Each channel's levels vary less than `BLANK_PHOTO_STD` over the image.
    """
    array = np.asarray(image, dtype=np.float32)
    return float(array.reshape(-1, array.shape[-1]).std(axis=0).max()) < BLANK_PHOTO_STD


def mask_from_probabilities(probability, size, postprocess=True):
    """A bool mask at `size` = (height, width) from a map of tongue probabilities at the model's size.

    The map is resized bilinearly before the threshold, so the outline falls between the
    model's pixels instead of following their staircase.
    """
    height, width = size
    probability = np.asarray(probability, dtype=np.float32)
    if probability.shape != (height, width):
        probability = np.asarray(Image.fromarray(probability, "F").resize((width, height), Image.BILINEAR))
    mask = probability >= THRESHOLD
    return masks.postprocess(mask) if postprocess else mask


def _tongue_channel(class_names, channels):
    """The output channel holding the tongue's probability."""
    if channels == 1:
        return 0
    names = [str(name).lower() for name in class_names]
    return names.index(TONGUE) if TONGUE in names else 1
