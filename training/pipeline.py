"""The tf.data input pipeline: decoded images from the scan's store, shuffled, augmented, prefetched.

Every image was decoded once by `training.dataset.scan_dataset` into a uint8 array (the
cache, in RAM or memory-mapped on disk). Each epoch only reshuffles indices, gathers one
batch at a time from that array, applies the augmentation layers and prefetches, so the
accelerator never waits on JPEG decoding.
"""

import numpy as np


def augmentation_layers(seed=None):
    """Returns the Keras preprocessing layers used for augmentation (on raw 0-255 pixels).

    Flip, a small rotation, a small zoom, contrast and brightness: changes a photo of the
    same tongue could show, nothing that changes its class.
    """
    import keras

    return keras.Sequential(
        [
            keras.layers.RandomFlip("horizontal", seed=seed),
            keras.layers.RandomRotation(0.04, fill_mode="reflect", seed=seed),
            keras.layers.RandomZoom(0.1, fill_mode="reflect", seed=seed),
            keras.layers.RandomContrast(0.1, value_range=(0, 255), seed=seed),
            keras.layers.RandomBrightness(0.1, value_range=(0, 255), seed=seed),
        ],
        name="augmentation",
    )


def make_dataset(store, rows, labels, batch_size, training=False, augment=False, seed=0, light_augment=False):
    """Builds a batched `tf.data.Dataset` of (float32 raw 0-255 images, int labels).

    Args:
        store: uint8 array (n, height, width, channels), in RAM or a `numpy.memmap`.
        rows: the store rows to use.
        labels: the class index of each row in `rows`; or a (rows, attributes) matrix, fed as
            one target per attribute (-1 where a cell is blank).
        batch_size: global batch size.
        training: reshuffle every epoch.
        augment: apply `augmentation_layers` (only with `training`).
        seed: shuffling and augmentation seed.
        light_augment: also re-light each image at random (`training.colour_augment`; only
            with `training`).

    Returns:
        A `tf.data.Dataset`.
    """
    import tensorflow as tf

    rows = np.asarray(rows, dtype=np.int64)
    labels = np.asarray(labels, dtype=np.int32)
    image_shape = tuple(store.shape[1:])
    dataset = tf.data.Dataset.from_tensor_slices((rows, labels))
    if training:
        dataset = dataset.shuffle(max(1, len(rows)), seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size)

    def gather(batch_rows):
        # Sorted reads are kinder to a memory-mapped store; the order inside a batch does not matter.
        order = np.argsort(batch_rows)
        batch = np.empty((len(batch_rows),) + image_shape, dtype=np.uint8)
        batch[order] = store[batch_rows[order]]
        return batch

    def load(batch_rows, batch_labels):
        batch = tf.numpy_function(gather, [batch_rows], tf.uint8, stateful=False)
        batch.set_shape((None,) + image_shape)
        if labels.ndim == 2:
            batch_labels = tuple(batch_labels[:, k] for k in range(labels.shape[1]))
        return tf.cast(batch, tf.float32), batch_labels

    dataset = dataset.map(load, num_parallel_calls=tf.data.AUTOTUNE)
    if training and augment:
        augmenter = augmentation_layers(seed)
        dataset = dataset.map(lambda x, y: (augmenter(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
    if training and light_augment:
        from training import colour_augment

        dataset = dataset.map(lambda x, y: (colour_augment.random_light(x, seed), y),
                              num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)


def class_weights(labels, num_classes):
    """Weights that give every class the same total weight: n / (classes * n_class).

    Returns:
        {class index: weight} for the classes present in `labels`.
    """
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=num_classes)
    total = counts.sum()
    present = np.flatnonzero(counts)
    return {int(index): float(total / (len(present) * counts[index])) for index in present}
