"""The tf.data pipeline of a segmenter: photos and masks gathered from the scan, augmented together.

The geometric changes (flip, small rotation, zoom, shift) must move the photo and its mask
alike, so the mask rides along as a fourth channel through the same Keras preprocessing
layers and is thresholded back to 0/1 afterwards; brightness and contrast then change the
photo only.
"""

import numpy as np

# A rotation of up to 0.03 of a turn (about 11 degrees), zoom and shift of up to 10 % and 8 %:
# how much a tongue photo taken by another hand could differ.
ROTATION = 0.03
ZOOM = 0.1
SHIFT = 0.08
PHOTOMETRIC = 0.15


def geometric_layers(seed=None):
    """The changes applied to photo and mask together (Keras preprocessing layers, channel-agnostic)."""
    import keras

    return keras.Sequential([
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(ROTATION, fill_mode="reflect", seed=seed),
        keras.layers.RandomZoom(ZOOM, fill_mode="reflect", seed=seed),
        keras.layers.RandomTranslation(SHIFT, SHIFT, fill_mode="reflect", seed=seed),
    ], name="geometric_augmentation")


def photometric_layers(seed=None):
    """The changes applied to the photo only (on raw 0-255 pixels)."""
    import keras

    return keras.Sequential([
        keras.layers.RandomContrast(PHOTOMETRIC, value_range=(0, 255), seed=seed),
        keras.layers.RandomBrightness(PHOTOMETRIC, value_range=(0, 255), seed=seed),
    ], name="photometric_augmentation")


def augment_batch(photos, targets, geometric, photometric):
    """Applies one random change to each photo and its mask alike, then light changes to the photo.

    Args:
        photos: float32 (n, height, width, 3), raw 0-255.
        targets: float32 (n, height, width, 1), 0 or 1.
        geometric: the layers of `geometric_layers`.
        photometric: the layers of `photometric_layers`.

    Returns:
        (photos, targets), targets 0 or 1 again.
    """
    import tensorflow as tf

    together = geometric(tf.concat([photos, targets * 255.0], axis=-1), training=True)
    photos = photometric(together[..., :3], training=True)
    targets = tf.cast(together[..., 3:] >= 127.5, tf.float32)
    return photos, targets


def make_dataset(photos, targets, indices, batch_size, training=False, augment=False, seed=0):
    """Builds a batched `tf.data.Dataset` of (float32 raw photos, float32 0/1 masks with a channel axis).

    Args:
        photos: uint8 (n, height, width, 3) photos at the model's size.
        targets: uint8 (n, height, width) masks, 1 on the tongue.
        indices: which rows to use.
        batch_size: photos per step.
        training: reshuffle every epoch.
        augment: apply the augmentation (only with `training`).
        seed: shuffling and augmentation seed.

    Returns:
        A `tf.data.Dataset`.
    """
    import tensorflow as tf

    indices = np.asarray(indices, dtype=np.int64)
    photo_shape, mask_shape = tuple(photos.shape[1:]), tuple(targets.shape[1:]) + (1,)
    dataset = tf.data.Dataset.from_tensor_slices(indices)
    if training:
        dataset = dataset.shuffle(max(1, len(indices)), seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size)

    def gather(rows):
        return photos[rows], targets[rows][..., None]

    def load(rows):
        batch_photos, batch_targets = tf.numpy_function(gather, [rows], (tf.uint8, tf.uint8), stateful=False)
        batch_photos.set_shape((None,) + photo_shape)
        batch_targets.set_shape((None,) + mask_shape)
        return tf.cast(batch_photos, tf.float32), tf.cast(batch_targets, tf.float32)

    dataset = dataset.map(load, num_parallel_calls=tf.data.AUTOTUNE)
    if training and augment:
        geometric, photometric = geometric_layers(seed), photometric_layers(seed)
        dataset = dataset.map(lambda x, y: augment_batch(x, y, geometric, photometric),
                              num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)
