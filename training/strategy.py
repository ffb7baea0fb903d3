"""Choosing the tf.distribute strategy: the default device, one device, or all local devices mirrored."""

from core.messages import Message

STRATEGIES = ("auto", "one", "mirrored", "multiworker")

# What was found when two local worker processes trained with MultiWorkerMirroredStrategy
# (TensorFlow 2.21, Keras 3.15.1, both with a valid TF_CONFIG): `model.fit` fails in Keras
# itself, twice. First `_maybe_symbolic_build` calls `strategy.reduce("MEAN", ...)` on the
# first per-replica input batch in eager mode ("Attempt to convert a value (PerReplica...)
# to a Tensor"). With that step bypassed, every train step reduces its scalar metrics with
# `strategy.reduce("MEAN", value, axis=0)` ("Invalid reduction dimension 0 for input with 0
# dimensions"); `distribute_reduction_method` does not reach that code. This is
# keras-team/keras#20585, open.
MULTIWORKER_UNSUPPORTED = Message("strategy.multiworker")


class StrategyError(ValueError):
    """A strategy that cannot be used here; the message says why and what to do.

    Attributes:
        message: a `core.messages.Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_strategy(name):
    """Raises `StrategyError` unless `make_strategy(name)` can work (no TensorFlow needed)."""
    if name not in STRATEGIES:
        raise StrategyError(Message("strategy.unknown", name=repr(name), choices=", ".join(STRATEGIES)))
    if name == "multiworker":
        raise StrategyError(MULTIWORKER_UNSUPPORTED)


def make_strategy(name="auto"):
    """Returns a `tf.distribute.Strategy`.

    Args:
        name: "auto" (all GPUs mirrored when there are several, else the default strategy),
            "one" (one device: the first GPU, else the CPU) or "mirrored" (every local GPU,
            or every logical CPU device when there is no GPU). "multiworker" is refused:
            see `MULTIWORKER_UNSUPPORTED`.

    Raises:
        StrategyError: an unknown name, or "multiworker".
    """
    check_strategy(name)
    import tensorflow as tf

    gpus = tf.config.list_logical_devices("GPU")
    if name == "auto":
        return tf.distribute.MirroredStrategy() if len(gpus) > 1 else tf.distribute.get_strategy()
    if name == "one":
        return tf.distribute.OneDeviceStrategy(gpus[0].name if gpus else "/cpu:0")
    devices = [device.name for device in gpus] or [device.name for device in tf.config.list_logical_devices("CPU")]
    return tf.distribute.MirroredStrategy(devices)
