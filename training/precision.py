"""Training precision: float32, or Keras's `mixed_bfloat16` where the CPU computes bfloat16 natively.

    name = resolve_precision("auto")          # "mixed_bfloat16" on a CPU with AVX512-BF16 or AMX
    model = with_policy(model, name)          # layers compute in bfloat16, the output layer in float32
    model = with_policy(model, "float32")     # what is saved for users: float32 on every machine

Under `mixed_bfloat16` the variables stay float32 and the layers compute in bfloat16: on a CPU
with bfloat16 instructions the convolutions run about 1.4x faster (`python -m bench.profiles
precision`), on one without them slower, hence "auto". The output layer stays float32 so the
softmax and the loss keep their precision (the Keras mixed-precision guide's advice), and the
finished model is converted back to float32, so it gives the same answers on every machine.
"""

from pathlib import Path

from core.messages import Message

AUTO = "auto"
FLOAT32 = "float32"
MIXED_BFLOAT16 = "mixed_bfloat16"
CHOICES = (AUTO, FLOAT32, MIXED_BFLOAT16)
# /proc/cpuinfo flags of CPUs with native bfloat16 arithmetic (AVX512-BF16: Cooper Lake, Zen 4 and
# later; AMX: Sapphire Rapids and later), which oneDNN uses for bfloat16 convolutions.
_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


class PrecisionError(ValueError):
    """An unknown precision name.

    Attributes:
        message: a `core.messages.Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_precision(name):
    """Raises `PrecisionError` unless `name` is one of `CHOICES`."""
    if name not in CHOICES:
        raise PrecisionError(Message("precision.unknown", name=repr(name), choices=", ".join(CHOICES)))


def cpu_has_bf16(cpuinfo_text=None):
    """Whether the CPU has bfloat16 instructions, read from /proc/cpuinfo's flags (Linux).

    Args:
        cpuinfo_text: the text of /proc/cpuinfo; read from the machine when None.

    Returns:
        True when every processor listed has AVX512-BF16 or AMX-BF16; False elsewhere
        (other systems, or no /proc/cpuinfo).
    """
    if cpuinfo_text is None:
        try:
            cpuinfo_text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        except OSError:
            return False
    flag_lines = [line.split(":", 1)[1].split() for line in cpuinfo_text.splitlines()
                  if line.startswith("flags") and ":" in line]
    return bool(flag_lines) and all(_BF16_FLAGS.intersection(flags) for flags in flag_lines)


def resolve_precision(name, has_gpu=None, cpuinfo_text=None):
    """The Keras dtype policy a run uses.

    Args:
        name: "auto", "float32" or "mixed_bfloat16".
        has_gpu: whether TensorFlow sees a GPU; asked when None. "auto" keeps float32 on GPUs
            (their best mixed policy depends on the card; choose it by name).
        cpuinfo_text: /proc/cpuinfo's text, for tests.

    Returns:
        "float32" or "mixed_bfloat16".

    Raises:
        PrecisionError: an unknown name.
    """
    check_precision(name)
    if name != AUTO:
        return name
    if has_gpu is None:
        import tensorflow as tf

        has_gpu = bool(tf.config.list_physical_devices("GPU"))
    return MIXED_BFLOAT16 if not has_gpu and cpu_has_bf16(cpuinfo_text) else FLOAT32


def policy_name(model):
    """"mixed_bfloat16" (or another mixed policy) when any layer computes in mixed precision, else "float32"."""
    for layer in _all_layers(model):
        name = layer.dtype_policy.name
        if name.startswith("mixed_"):
            return name
    return FLOAT32


def with_policy(model, policy):
    """A copy of `model` whose layers use `policy`, with the same weights.

    The layers that produce the model's output always compute in float32.

    Args:
        model: a built Functional or Sequential `keras.Model` (nested models are copied too).
        policy: a Keras dtype policy name, e.g. "mixed_bfloat16" or "float32".

    Returns:
        A new, uncompiled `keras.Model`; `model` is unchanged.
    """
    import keras

    output_layers = {id(layer) for layer in _output_layers(model)}

    def clone(layer):
        config = layer.get_config()
        if isinstance(layer, keras.layers.Layer):  # Not the bare operations (`x + 3`) of MobileNetV3, ConvNeXt.
            config["dtype"] = FLOAT32 if id(layer) in output_layers else policy
        return layer.__class__.from_config(config)

    copy = keras.models.clone_model(model, clone_function=clone, recursive=True)
    copy.set_weights(model.get_weights())
    return copy


def _output_layers(model):
    """The layers whose outputs are the model's outputs, looking inside nested models."""
    import keras

    found = []
    for tensor in model.outputs:
        layer = tensor._keras_history.operation
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(_output_layers(layer))
    return found


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _all_layers(layer)
