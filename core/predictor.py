"""Turns images into class probabilities, fast, for the app, the command line and benchmarks.

`model.predict` has a large fixed cost per call; for one dropped image and for batches we
call one `tf.function`-compiled forward pass instead, traced once per model.
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


class Classifier:
    """Classifies images with one loaded model.

    Create and use it on the same thread (Keras state is thread-local).

    Args:
        loaded: a `core.modelfile.LoadedModel`.
    """

    def __init__(self, loaded):
        import tensorflow as tf

        self.loaded = loaded
        self.info = loaded.info
        height, width, channels = self.info.input_shape
        model = loaded.model
        self._outputs_probabilities = ends_in_softmax(model)
        signature = [tf.TensorSpec([None, height, width, channels], tf.float32)]

        @tf.function(input_signature=signature, reduce_retracing=True)
        def forward(batch):
            return class_probabilities(model(batch, training=False), self._outputs_probabilities)

        self._forward = forward

    @property
    def class_names(self):
        """The model's class names, in output order."""
        return self.info.class_names

    def load_image(self, path):
        """Loads `path` as a uint8 array at the model's input size.

        Raises:
            core.images.ImageError: the file is not a usable image.
        """
        return images.match_channels(images.load_array(path, self.info.image_size), self.info.input_shape[2])

    def probabilities(self, batch):
        """Returns class probabilities for a batch of raw 0-255 images, shape (n, classes).

        Args:
            batch: array of shape (n, height, width, channels), any numeric dtype.
        """
        batch = np.asarray(batch, dtype=np.float32)
        if batch.ndim == 3:
            batch = batch[None]
        return self._forward(batch).numpy()

    def classify_image(self, path, k=3):
        """Classifies one file; returns {"path", "top"}.

        Raises:
            core.images.ImageError: the file is not a usable image.
        """
        probabilities = self.probabilities(self.load_image(path))[0]
        return {"path": str(path), "top": top_k(probabilities, self.class_names, k)}

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
            A list, in input order, of {"path", "top"} or {"path", "error"}.
        """
        paths = [str(path) for path in paths]
        results = [None] * len(paths)
        workers = max(1, min(8, os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            decoded = _in_order(pool, self._try_load, paths, ahead=2 * batch_size + workers)
            batch_indices, batch_arrays = [], []
            for index, (array, error) in enumerate(decoded):
                if should_stop and should_stop():
                    break
                if error is not None:
                    results[index] = {"path": paths[index], "error": error}
                else:
                    batch_indices.append(index)
                    batch_arrays.append(array)
                if len(batch_arrays) == batch_size:
                    self._classify_batch(batch_indices, batch_arrays, paths, results, k)
                    batch_indices, batch_arrays = [], []
                    if on_progress:
                        on_progress(index + 1, len(paths))
            decoded.close()  # Drops the decodes not started yet (after a cancel).
            if batch_arrays:
                self._classify_batch(batch_indices, batch_arrays, paths, results, k)
        if on_progress:
            on_progress(len(paths), len(paths))
        return [result for result in results if result is not None]

    def _try_load(self, path):
        try:
            return self.load_image(path), None
        except images.ImageError as error:
            return None, str(error)

    def _classify_batch(self, indices, arrays, paths, results, k):
        probabilities = self.probabilities(np.stack(arrays))
        for index, row in zip(indices, probabilities):
            results[index] = {"path": paths[index], "top": top_k(row, self.class_names, k)}


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


def ends_in_softmax(model):
    """Tells whether the model already outputs probabilities (a softmax activation last)."""
    last = model.layers[-1] if model.layers else None
    activation = getattr(last, "activation", None)
    name = getattr(activation, "__name__", "") or getattr(last, "name", "")
    return "softmax" in str(name).lower() or type(last).__name__ == "Softmax"
