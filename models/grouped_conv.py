"""Grouped convolutions that train on every CPU: TensorFlow's own kernel where it can, ours elsewhere.

TensorFlow 2.21 runs a grouped convolution forward on every CPU, but its backward pass
(`Conv2DBackpropInput`/`Conv2DBackpropFilter` with groups) exists only in the oneDNN kernels,
which TensorFlow uses by default only on CPUs with AVX512-VNNI, AVX512-BF16 or AMX. Elsewhere
(an AMD Zen 3, most laptops) the first training step fails with "Gradients for grouped
convolutions are not supported on CPU". Two paths compute a grouped convolution:

- "native": `tf.nn.convolution` with its own gradient (fastest where it works);
- "fallback": the same forward op, with a gradient made of one ordinary (groups=1) backprop op
  per group, which every CPU kernel set has (a layer's forward + backward takes 1-2x the native
  path's time, and is 5-270x faster than Keras's XLA path: BENCHMARKS.md, `python -m bench.grouped_conv`).

The forward op is the same on both paths, so a model gives the same outputs whichever path
trained it. Which path runs is decided once per process by a probe: a tiny grouped convolution's
gradient on each kind of device (CPU, and the first GPU when there is one), run on a thread of its
own (so it works while a `tf.function` is being traced or from a worker thread) and compared with
the per-group gradient; any error means "fallback". A switch forces a path:

    TONGUELENS_GROUPED_CONV=auto|native|fallback      # environment (default auto), read at each trace
    grouped_conv.set_path("fallback")                  # in Python, e.g. tests; None goes back to the environment
    grouped_conv.active_path()                         # "native" or "fallback"

A choice applies to the convolutions traced after it; a model already called keeps its traced
functions.
"""

import logging
import os
import re
import threading

from core.messages import Message

ENV_VAR = "TONGUELENS_GROUPED_CONV"
AUTO = "auto"
NATIVE = "native"
FALLBACK = "fallback"
CHOICES = (AUTO, NATIVE, FALLBACK)

log = logging.getLogger(__name__)

# Node names ({{node ...}}, [[...]]), op tags ([Op:Conv2DBackpropInput] name:) and TensorFlow's advice.
_TENSORFLOW_NOISE = re.compile(r"\{\{[^}]*\}\}|\[\[.*?\]\]|\[Op:[^\]]*\]( name:\s*\S*)?|"
                               r"Please file a feature request if you run into this issue\.", re.DOTALL)

_lock = threading.Lock()
_forced = None  # Set by `set_path`; None: the environment decides.
_probe_result = None  # (works, reason) once probed.


def set_path(name):
    """Forces a path for the grouped convolutions traced from now on.

    Args:
        name: "native", "fallback", "auto" (probe), or None (back to `TONGUELENS_GROUPED_CONV`).

    Raises:
        ValueError: an unknown name.
    """
    global _forced
    if name is not None and name not in CHOICES:
        raise ValueError(f"the grouped convolution path must be one of {', '.join(CHOICES)}. Received: {name!r}")
    _forced = name


def requested_path():
    """The path asked for: `set_path`'s, else the environment's, else "auto"."""
    if _forced is not None:
        return _forced
    value = os.environ.get(ENV_VAR, "").strip().lower() or AUTO
    if value not in CHOICES:
        log.warning("%s=%r is not one of %s; using auto", ENV_VAR, value, ", ".join(CHOICES))
        return AUTO
    return value


def active_path():
    """"native" or "fallback": the path grouped convolutions take when they are traced now."""
    requested = requested_path()
    if requested != AUTO:
        return requested
    return NATIVE if native_gradient_works()[0] else FALLBACK


def native_gradient_works():
    """Whether TensorFlow's own grouped-convolution gradient runs and is right here (probed once).

    Returns:
        (works, reason): reason says what failed, or "" when it works.
    """
    global _probe_result
    with _lock:
        if _probe_result is None:
            _probe_result = probe()
            works, reason = _probe_result
            log.info("grouped convolutions: %s", "native gradient" if works else f"per-group gradient ({reason})")
        return _probe_result


def describe():
    """One line for users: how grouped convolutions compute their gradient here, and why (a `Message`)."""
    requested = requested_path()
    if requested != AUTO:
        return Message("grouped.requested", path=requested, variable=ENV_VAR, function="set_path")
    if native_gradient_works()[0]:
        return Message("grouped.native")
    return Message("grouped.fallback")


def fallback_convolution(inputs, kernel, strides, padding, data_format="NHWC"):
    """TensorFlow's grouped convolution forward, with a gradient of one groups=1 backprop op per group."""
    import tensorflow as tf

    strides, padding = list(strides), padding.upper()

    @tf.custom_gradient
    def convolve(x, k):
        y = tf.nn.convolution(x, k, strides=strides, padding=padding, data_format=data_format)

        def gradient(dy):
            return per_group_gradients(x, k, dy, strides, padding, data_format)

        return y, gradient

    return convolve(tf.convert_to_tensor(inputs), tf.convert_to_tensor(kernel))


def per_group_gradients(x, kernel, dy, strides, padding, data_format="NHWC"):
    """The gradients of a grouped convolution for its input and kernel, one group at a time.

    Args:
        x: the convolution's input.
        kernel: its kernel, (height, width, in_channels / groups, filters).
        dy: the gradient of the loss for its output.
        strides: (row, column) strides.
        padding: "SAME" or "VALID".
        data_format: "NHWC" or "NCHW".

    Returns:
        (gradient for x, gradient for kernel).
    """
    import tensorflow as tf

    axis = 3 if data_format == "NHWC" else 1
    groups = x.shape[axis] // kernel.shape[2]
    xs, dys = tf.split(x, groups, axis=axis), tf.split(dy, groups, axis=axis)
    kernels = tf.split(kernel, groups, axis=3)
    step = [1, strides[0], strides[1], 1] if data_format == "NHWC" else [1, 1, strides[0], strides[1]]
    options = dict(strides=step, padding=padding, data_format=data_format)
    x_shape, kernel_shape = tf.shape(xs[0]), tf.shape(kernels[0])
    dx = [tf.raw_ops.Conv2DBackpropInput(input_sizes=x_shape, filter=k, out_backprop=d, **options)
          for k, d in zip(kernels, dys)]
    dk = [tf.raw_ops.Conv2DBackpropFilter(input=part, filter_sizes=kernel_shape, out_backprop=d, **options)
          for part, d in zip(xs, dys)]
    return tf.concat(dx, axis=axis), tf.concat(dk, axis=3)


# --- The probe -------------------------------------------------------------------------


def probe():
    """Tries TensorFlow's grouped gradient now (uncached; `native_gradient_works` keeps the answer).

    It runs on a new thread, which is eager whatever graph, `tf.function` trace, device or
    distribution scope the caller is in, and it never raises.

    Returns:
        (works, reason): reason says what failed, or "" when it works.
    """
    result = []

    def run():
        try:
            result.append(_probe())
        except Exception as error:  # Anything at all: the fallback works wherever the native path fails.
            result.append((False, _one_line(error)))

    thread = threading.Thread(target=run, name="tonguelens-grouped-conv-probe", daemon=True)
    thread.start()
    thread.join()
    return result[0] if result else (False, "the probe did not finish")


def _probe():
    import tensorflow as tf

    devices = ["/CPU:0"] + (["/GPU:0"] if tf.config.list_logical_devices("GPU") else [])
    for device in devices:
        works, reason = _probe_device(device)
        if not works:
            return False, f"{device.strip('/')}: {reason}"
    return True, ""


def _probe_device(device):
    """A 2-group convolution's native gradient on `device`, compared with the per-group one."""
    import numpy as np
    import tensorflow as tf

    with tf.device(device):
        x = tf.constant(np.linspace(-1.0, 1.0, 2 * 5 * 5 * 4, dtype="float32").reshape(2, 5, 5, 4))
        kernel = tf.constant(np.linspace(1.0, -0.5, 3 * 3 * 2 * 6, dtype="float32").reshape(3, 3, 2, 6))
        try:
            with tf.GradientTape() as tape:
                tape.watch([x, kernel])
                y = tf.nn.convolution(x, kernel, strides=[2, 2], padding="SAME")
            native = tape.gradient(y, [x, kernel], output_gradients=y)
            expected = per_group_gradients(x, kernel, y, [2, 2], "SAME")
        except Exception as error:  # tf.errors.InvalidArgumentError where the kernel is missing.
            return False, _tensorflow_reason(error)
    for got, want in zip(native, expected):
        if not np.allclose(got.numpy(), want.numpy(), rtol=1e-4, atol=1e-4):
            return False, "TensorFlow's grouped gradient gives wrong values"
    return True, ""


def _tensorflow_reason(error):
    """The sentence that says what failed, without TensorFlow's node names and advice."""
    text = getattr(error, "message", None) or str(error)
    text = _TENSORFLOW_NOISE.sub(" ", text)
    return _one_line(text.replace("Graph execution error:", "")).strip()[:200]


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__
