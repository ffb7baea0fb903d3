"""Random light while training: each image re-lit by random per-channel gains and a random exposure.

The augmentation half of `train --colour ...+augment` (see `models.colour`): the model sees
every training photo under many lamps and white balances, so it learns which colours belong to
the tongue and which to the light. It acts like `core.lighting.relight` on sRGB values (the
gains multiply the stored values, the result is clipped to 0-255), with random factors:

- a gain per channel, log-uniform in [1 / (1 + max_gain), 1 + max_gain] (+-25 % by default:
  wider than the +-15 % of the `warm` and `cool` test lights);
- an exposure, log-uniform in `exposure_range` (0.6 to 1.3 by default: `dim` is 0.7).

tf ops only, mapped in tf.data like `training.pipeline`'s augmentation layers; nothing of it is
saved in the model.
"""

import math

DEFAULT_MAX_GAIN = 0.25
DEFAULT_EXPOSURE_RANGE = (0.6, 1.3)


def random_light(images, seed=None, max_gain=DEFAULT_MAX_GAIN, exposure_range=DEFAULT_EXPOSURE_RANGE):
    """Re-lights a batch of raw 0-255 images at random (a different light per image).

    Args:
        images: float tensor (batch, height, width, channels), values 0-255.
        seed: op seed, for reproducible runs.
        max_gain: largest relative change of one channel (0.25: x0.8 to x1.25).
        exposure_range: (lowest, highest) exposure factor.

    Returns:
        A float32 tensor of the same shape, clipped to 0-255.
    """
    import tensorflow as tf

    images = tf.cast(images, tf.float32)
    batch = tf.shape(images)[0]
    channels = images.shape[-1] or tf.shape(images)[-1]
    spread = math.log1p(max_gain)
    low, high = (math.log(value) for value in exposure_range)
    log_gains = tf.random.uniform(tf.stack([batch, 1, 1, channels]), -spread, spread, seed=seed)
    log_exposure = tf.random.uniform(tf.stack([batch, 1, 1, 1]), low, high,
                                     seed=None if seed is None else seed + 1)
    return tf.clip_by_value(images * tf.exp(log_gains + log_exposure), 0.0, 255.0)
