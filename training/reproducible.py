"""Bit-reproducible training on one machine: TensorFlow's op determinism.

`enable_determinism()` makes every TensorFlow op pick a deterministic kernel (or raise when an op
has none) and makes tf.data keep its order, so two runs with the same seed, data and settings on
the same machine and TensorFlow build give the same weights, bit for bit. Seeds alone do not:
TensorFlow's CPU kernels add floating-point numbers in an order that depends on thread timing,
and a few hundred steps turn the last-bit differences into different models.

It is a process-wide switch that cannot be turned off again (TensorFlow offers no public way),
and it costs speed (measured in the README: `train --deterministic`). Other machines, other
CPUs (their oneDNN kernels differ) and other TensorFlow versions give other, equally valid
numbers.
"""


def enable_determinism():
    """Turns TensorFlow's op determinism on for this process (idempotent)."""
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()

