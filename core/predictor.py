"""Turns images into class probabilities, fast, for the app, the command line and benchmarks.

`model.predict` has a large fixed cost per call; for one dropped image and for batches we
call one `tf.function`-compiled forward pass instead, traced once per model.

A photo becomes the model's input in one place, `Classifier.prepare`: cut to the tongue when
the model was trained so (`core.crop`, carried in the model file), then resized to the input.
"""

import collections
import concurrent.futures
import itertools
import os

import numpy as np

from core import images


def top_k(probabilities, class_names, k=3):
    """Returns the `k` most probable classes as [{"label", "probability"}], best first."""
    order = np.argsort(-probabilities)[: max(1, min(k, len(class_names)))]
    return [{"label": class_names[index], "probability": float(probabilities[index])} for index in order]


def attribute_top_k(per_attribute, attributes, k=3):
    """{attribute name: {"top": top_k}} for one image of a model with one head per attribute.

    Args:
        per_attribute: the image's probabilities, one array per attribute.
        attributes: the model's `ModelInfo.attributes`.
        k: classes per attribute.
    """
    return {attribute["name"]: {"top": top_k(probabilities, attribute["classes"], k)}
            for attribute, probabilities in zip(attributes, per_attribute)}


class Classifier:
    """The one wrapper around a loaded model's forward pass: images in, class probabilities out.

    `probabilities` runs a batch through one `tf.function`-compiled pass, traced once per
    model (`model.predict` has a large fixed cost per call). `inspection.engine.InspectionEngine`
    extends this class: there `predict` runs one image through a second compiled pass that
    also returns every layer's output, cached, so a photo that is classified and then
    inspected is run once.

    Create and use it on the same thread (Keras state is thread-local).

    Args:
        loaded: a `core.modelfile.LoadedModel`.

    Attributes:
        forward_passes: compiled forward passes run so far (one per batch or uncached image).
        calibration: the `core.calibration.Calibration` every image is corrected with before the
            model (predictions, feature maps and Grad-CAM alike), or None (photos as they are).
            It starts as the one the model file carries (`file_calibration`); setting it
            replaces that one, and None takes it out.
        file_calibration: the calibration the model file carries in its network, or None.
    """

    def __init__(self, loaded):
        import tensorflow as tf

        from core import calibration, crop as crops, segmenter

        segmenter.refuse_as_classifier(loaded)  # Every path that reads photos by class starts here.
        self.loaded = loaded
        self.info = loaded.info
        self.model = loaded.model
        self.forward_passes = 0

        self.file_calibration = calibration.carried(loaded)
        self.calibration = self.file_calibration

        self.tongue_crop = crops.crop_of(loaded)  # A `core.crop.TongueCrop`, or None: the whole photo is used.
        # Read when a pass is traced, so a subclass that knows the graph better may correct it.
        self._outputs_probabilities = ends_in_softmax(self.model)
        self._heads_probabilities = output_is_probability(self.model)  # Per output, for several heads.
        height, width, channels = self.info.input_shape
        self._batch_spec = tf.TensorSpec([None, height, width, channels], tf.float32)
        self._probabilities_pass = tf.function(
            self._batch_probabilities, input_signature=[self._batch_spec], reduce_retracing=True)

    @property
    def class_names(self):
        """The model's class names, in output order (the first attribute's for a multi-attribute model)."""
        return self.info.class_names

    @property
    def attributes(self):
        """The model's heads, [{"name", "classes", "output"}], or None for a one-output model."""
        return self.info.attributes

    @property
    def attribute_names(self):
        """The names of the model's heads (one per attribute), or [] for a one-output model."""
        return [entry["name"] for entry in self.info.attributes or []]

    def head_index(self, attribute=None):
        """The output index of `attribute` (a name or an index; None is the first head).

        Raises:
            ValueError: no such attribute.
        """
        names = self.attribute_names
        if attribute is None:
            return 0
        if isinstance(attribute, str):
            if attribute not in names:
                known = ", ".join(names) if names else "none: the model has one output"
                raise ValueError(f"the model has no attribute {attribute!r} (attributes: {known})")
            return names.index(attribute)
        index = int(attribute)
        if not 0 <= index < max(1, len(names)):
            raise ValueError(f"attribute index {index} is out of range (the model has {max(1, len(names))} head(s))")
        return index

    def head_classes(self, attribute=None):
        """The class names of one head (see `head_index`)."""
        index = self.head_index(attribute)
        return list(self.info.attributes[index]["classes"]) if self.info.attributes else list(self.class_names)

    def load_image(self, path):
        """Loads `path` as a uint8 RGB array at the model's input size (what `predict` takes).

        Raises:
            core.images.ImageError: the file is not a usable image.
        """
        return self.prepare(images.load_rgb(path))[0]

    def prepare(self, photo):
        """Turns a decoded photo into what `predict` takes: cut to the tongue if the model says so, then resized.

        Args:
            photo: an RGB Pillow image (`core.images.load_rgb`), at its own size.

        Returns:
            (uint8 RGB array at the model's input size, the `core.crop.Cropped` or None when the
            model takes whole photos).
        """
        cropped = self.tongue_crop.crop(photo) if self.tongue_crop is not None else None
        return images.resize_array(cropped.image if cropped is not None else photo, self.info.image_size), cropped

    def model_input(self, image):
        """Turns one uint8 image, or a batch of them, into what the model takes.

        Args:
            image: (h, w, 3), (h, w, 1) or (h, w) for one image, or (n, h, w, c) for a batch,
                at the model's input size; gray or RGB, whatever the model reads
                (`core.images.match_channels` converts).

        Returns:
            A float32 array (n, h, w, channels).

        Raises:
            ValueError: the image is not at the model's input size.
        """
        array = np.asarray(image)
        if array.ndim == 2:
            array = array[..., None]
        if array.ndim == 3:
            array = array[None]
        height, width, channels = self.info.input_shape
        if array.ndim != 4 or array.shape[1:3] != (height, width) or array.shape[3] not in (1, 3):
            raise ValueError(
                f"the image has shape {array.shape} but the model takes {height}x{width} images with "
                f"{channels} channel(s); load it with load_image(path)")
        if self._before_model is None:
            return np.asarray(images.match_channels(array, channels), dtype=np.float32)
        # In the model's channels first, as a copy of the file carrying the gains applies them.
        array = images.match_channels(np.clip(array, 0, 255).astype(np.uint8), channels)
        return self._before_model.multiply(array, clip=self.file_calibration is None)

    @property
    def calibration(self):
        """The light calibration in use (see the class's Attributes)."""
        return self._calibration

    @calibration.setter
    def calibration(self, value):
        from core import calibration

        self._calibration = value
        # The part of it the network does not apply itself: a file's own gains are inside.
        self._before_model = calibration.before_model(self.file_calibration, value, self.info.input_shape[-1])

    def calibrated(self, image):
        """The image (or batch) under `calibration`'s light: itself when there is none.

        What the model is given, before its own layers: the app's lighting check and its view
        "as the model sees it" start from this.
        """
        if self.calibration is None:
            return image
        return self.calibration.apply(np.clip(np.asarray(image), 0, 255).astype(np.uint8))

    def model_view(self, image):
        """The image as the model sees it, for display: what the network is fed, as uint8 RGB.

        The app's "As the model sees it" and `main.py inspect`'s pictures both come from here,
        so they agree: the light calibration (`calibrated`), then the model's channels by the
        same `core.images.match_channels` every input goes through (a one-channel model sees
        luma, not colour), then the model's own colour-correction layers (`models.colour`).
        A gray view is repeated into RGB only to be drawn.

        Args:
            image: uint8 RGB image at the model's input size (`prepare`, `load_image`).

        Returns:
            A uint8 array (height, width, 3).
        """
        from models import colour

        fed = images.match_channels(np.clip(np.asarray(self.calibrated(image)), 0, 255).astype(np.uint8),
                                    self.info.input_shape[-1])
        corrected = np.asarray(colour.corrected_images(self.model, fed), dtype=np.uint8)
        return images.match_channels(corrected, 3)

    def lighting_check(self, image):
        """How one photo's light compares with the training photos' (`core.lighting.check_lighting`).

        Measured on `calibrated(image)`, so a photo from a lamp the app is calibrated to passes.

        Args:
            image: uint8 array at the model's input size (`load_image`, `prepare`).

        Returns:
            A `core.lighting.LightingCheck`, or None when the model file keeps no usable
            lighting profile (models from elsewhere, or trained before profiles were kept).
        """
        from core import lighting

        profile = (self.info.training or {}).get("lighting")
        try:
            return lighting.check_lighting(profile, np.asarray(self.calibrated(image)))
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):  # A damaged profile: no check.
            return None

    def probabilities(self, batch):
        """Returns class probabilities for a batch of raw 0-255 images, shape (n, classes).

        For a model with one head per attribute, those of the first attribute
        (`attribute_probabilities` gives every head's).

        Args:
            batch: array (n, height, width, channels) or one image, any numeric dtype.
        """
        return self.attribute_probabilities(batch)[0]

    def attribute_probabilities(self, batch):
        """Every head's class probabilities from one forward pass: a list of (n, classes) arrays.

        One array for a one-output model; one per attribute, in `attributes` order, otherwise.
        """
        self.forward_passes += 1
        return [value.numpy() for value in self._probabilities_pass(self.model_input(batch))]

    def predict(self, image, attribute=None):
        """Returns the class probabilities of one image from one head (`head_index`), shape (classes,)."""
        return self.predict_all(image)[self.head_index(attribute)]

    def predict_all(self, image):
        """Every head's class probabilities for one image from one forward pass: a list of (classes,) arrays."""
        return [probabilities[0] for probabilities in self.attribute_probabilities(image)]

    def result(self, path, per_attribute, k=3):
        """The result dict of one image from its heads' probabilities (see `classify_files`)."""
        result = {"path": str(path), "top": top_k(per_attribute[0], self.class_names, k)}
        if self.attributes is not None:
            result["attributes"] = attribute_top_k(per_attribute, self.attributes, k)
        return result

    def classify_image(self, path, k=3):
        """Classifies one file; returns {"path", "top"} (and "attributes" for a multi-attribute model).

        Raises:
            core.images.ImageError: the file is not a usable image.
        """
        return self.result(path, self.predict_all(self.load_image(path)), k)

    def _batch_probabilities(self, batch):
        return self._head_probabilities(self.model(batch, training=False))

    def _head_probabilities(self, outputs):
        """Each head's class probabilities (a list) from the model's output(s)."""
        if self.attributes is None:
            return [class_probabilities(outputs, self._outputs_probabilities)]
        # A table with one attribute gives a model with one output, not a list.
        import tensorflow as tf

        return [class_probabilities(scores, probabilities)
                for scores, probabilities in zip(tf.nest.flatten(outputs), self._heads_probabilities)]

    def classify_files(self, paths, k=3, batch_size=32, on_progress=None, should_stop=None):
        """Classifies many files in batches; a bad file gets an error and never stops the rest.

        Images are decoded on a small thread pool while the previous batch runs, a few batches
        ahead at most: memory stays bounded on a large folder and a cancel returns at once.

        Args:
            paths: image paths.
            k: how many classes to report per file.
            batch_size: images per forward pass.
            on_progress: optional callable(done, total).
            should_stop: optional callable returning True to stop early (cooperative cancel).

        Returns:
            A list, in input order, of {"path", "top"} or {"path", "error"} (the error a
            `core.messages.Message`: `<path>: <reason>`). For a model with one head per
            attribute a result also has "attributes": {attribute name: {"top": [...]}}, and
            "top" is the first attribute's. For a model that crops to the tongue, each
            classified file also has "tongue": whether a tongue was found (else the whole
            photo was classified). For a model file that keeps its training photos' lighting
            profile, each classified file also has "lighting" (`lighting_summary`).
        """
        paths = [str(path) for path in paths]
        results = [None] * len(paths)
        workers = max(1, min(8, os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            decoded = _in_order(pool, self._try_load, paths, ahead=2 * batch_size + workers)
            batch_indices, batch_arrays = [], []
            done = 0
            for index, (prepared, error) in enumerate(decoded):
                if should_stop and should_stop():
                    break
                done = index + 1
                if error is not None:
                    results[index] = {"path": paths[index], "error": error}
                else:
                    array, found = prepared
                    batch_indices.append(index)
                    batch_arrays.append(array)
                    if found is not None:
                        results[index] = {"tongue": found}  # Completed by `_classify_batch`.
                if len(batch_arrays) == batch_size:
                    self._classify_batch(batch_indices, batch_arrays, paths, results, k)
                    batch_indices, batch_arrays = [], []
                    if on_progress:
                        on_progress(index + 1, len(paths))
            decoded.close()  # Drops the decodes not started yet (after a cancel).
            if batch_arrays:
                self._classify_batch(batch_indices, batch_arrays, paths, results, k)
        if on_progress:
            on_progress(done, len(paths))  # Fewer than all after a stop.
        return [result for result in results if result is not None]

    def _try_load(self, path):
        """((model input, whether a tongue was found or None for a whole-photo model), None) or (None, error)."""
        try:
            array, cropped = self.prepare(images.load_rgb(path))
            return (array, None if cropped is None else bool(cropped.found)), None
        except images.ImageError as error:
            return None, error.message  # A `core.messages.Message`: its English text, translatable by key.

    def _classify_batch(self, indices, arrays, paths, results, k):
        per_attribute = self.attribute_probabilities(np.stack(arrays))
        for row, index in enumerate(indices):
            result = self.result(paths[index], [probabilities[row] for probabilities in per_attribute], k)
            check = self.lighting_check(arrays[row])
            if check is not None:
                result["lighting"] = lighting_summary(check)
            results[index] = {**result, **(results[index] or {})}


def lighting_summary(check):
    """A `core.lighting.LightingCheck` as a result's JSON-ready "lighting" entry.

    Returns:
        {"unusual": the colour reading may be unreliable, "distance" and "threshold": the
        photo's distance from the training photos' light and the limit, "directions": what
        differs, e.g. ["warmer", "darker"]}.
    """
    return {"unusual": bool(check.unusual), "distance": round(check.distance, 2),
            "threshold": round(check.threshold, 2), "directions": list(check.directions)}


def _in_order(pool, function, items, ahead):
    """Yields `function(item)` for every item, in order, computed on `pool` at most `ahead` items early.

    Unlike `pool.map`, which submits every item at once, the results waiting to be used stay
    few, and closing the generator cancels what has not started.
    """
    remaining = iter(items)
    pending = collections.deque(pool.submit(function, item) for item in itertools.islice(remaining, ahead))
    try:
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(function, item) for item in itertools.islice(remaining, 1))
            yield result
    finally:
        for future in pending:
            future.cancel()


def class_probabilities(scores, outputs_probabilities):
    """Turns a model's output into class probabilities, shape (batch, classes).

    A map of class scores (batch, rows, columns, classes), from a model whose dense head was
    turned into convolutions (`main.py to-fully-conv`), gives the mean of the probabilities over
    the positions: the cs231n way of looking at a larger image with a network trained on crops.

    Args:
        scores: a tensor of shape (batch, classes) or (batch, rows, columns, classes).
        outputs_probabilities: the scores are already probabilities (the model ends in softmax).
    """
    import tensorflow as tf

    probabilities = scores if outputs_probabilities else tf.nn.softmax(scores, axis=-1)
    if len(probabilities.shape) == 4:
        probabilities = tf.reduce_mean(probabilities, axis=[1, 2])
    return probabilities


def output_is_probability(model):
    """Per model output, whether the layer that makes it ends in a softmax."""
    return [_is_softmax_layer(tensor._keras_history.operation) for tensor in model.outputs]  # noqa: SLF001


def _is_softmax_layer(layer):
    activation = getattr(layer, "activation", None)
    name = getattr(activation, "__name__", "") or getattr(layer, "name", "")
    return "softmax" in str(name).lower() or type(layer).__name__ == "Softmax"


def ends_in_softmax(model):
    """Tells whether the model already outputs probabilities (a softmax activation last)."""
    last = model.layers[-1] if model.layers else None
    activation = getattr(last, "activation", None)
    name = getattr(activation, "__name__", "") or getattr(last, "name", "")
    return "softmax" in str(name).lower() or type(last).__name__ == "Softmax"
