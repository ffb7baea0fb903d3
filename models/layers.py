"""The few custom layers TongueLens models use, registered so safe mode can load them.

Everything else is a built-in Keras layer, so our model files open in plain Keras too. Our
grouped convolution is saved as Keras's own `Conv2D(groups=...)`; the two normalisation and
pooling layers of the classic networks (LRN: AlexNet, GoogLeNet; L2 pooling: `POOL(type=l2)`)
have no Keras equivalent, so files with them open in TongueLens only.
"""

import contextlib

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tonguelens")
class L2Pooling2D(keras.layers.Layer):
    """L2 pooling: the square root of the mean of squares in each window (cs231n's L2 pool).

    Args:
        pool_size: window side F.
        strides: stride S.
        padding: "valid" or "same".
    """

    def __init__(self, pool_size=2, strides=2, padding="valid", **kwargs):
        super().__init__(**kwargs)
        self.pool_size = pool_size
        self.strides = strides
        self.padding = padding
        self._average = keras.layers.AveragePooling2D(pool_size, strides, padding)

    def call(self, inputs):
        return ops.sqrt(self._average(ops.square(inputs)) + 1e-12)

    def compute_output_shape(self, input_shape):
        return self._average.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(pool_size=self.pool_size, strides=self.strides, padding=self.padding)
        return config


@keras.saving.register_keras_serializable(package="tonguelens")
class LocalResponseNormalization(keras.layers.Layer):
    """Local response normalization across channels, as in AlexNet and GoogLeNet.

    Each value is divided by `(k + alpha * sum of squares over the `size` nearest channels) ** beta`;
    the defaults are the AlexNet paper's (k=2, n=5, alpha=1e-4, beta=0.75). It has no weights.

    Args:
        size: n, the number of neighbouring channels summed (odd).
        alpha: scale of the sum.
        beta: exponent.
        bias: k, added before the exponent.
    """

    def __init__(self, size=5, alpha=1e-4, beta=0.75, bias=2.0, **kwargs):
        super().__init__(**kwargs)
        if size < 1 or size % 2 == 0:
            raise ValueError(f"size must be a positive odd number. Received: size={size}")
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.bias = bias

    def call(self, inputs):
        channels = inputs.shape[-1]
        half = self.size // 2
        squares = ops.pad(ops.square(inputs), [[0, 0]] * (len(inputs.shape) - 1) + [[half, half]])
        window_sum = squares[..., 0:channels]
        for offset in range(1, self.size):
            window_sum = window_sum + squares[..., offset:offset + channels]
        return inputs / ops.power(self.bias + self.alpha * window_sum, self.beta)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(size=self.size, alpha=self.alpha, beta=self.beta, bias=self.bias)
        return config


# Files from before issue 12 name this class `tonguelens>GroupedConv2D`: the registration keeps them loading.
@keras.saving.register_keras_serializable(package="tonguelens")
class GroupedConv2D(keras.layers.Conv2D):
    """A `Conv2D` with `groups > 1` that runs TensorFlow's own grouped convolution.

    Keras 3.15's TensorFlow backend sends every grouped convolution through XLA, because
    older TensorFlow could not run them on CPU. TensorFlow 2.21 can, and XLA's CPU backward
    pass is 19-520x slower (ResNeXt training took seconds per step). Where TensorFlow's own
    grouped gradient is missing (CPUs without oneDNN's kernels), the gradient is computed group
    by group (`models.grouped_conv`); the forward op, and so the outputs, are the same.

    Weights and config are those of `Conv2D`; files hold it as Keras's `Conv2D` (see
    `saved_as_keras_conv2d`), so they open in plain Keras, and `swap_in_grouped_conv` turns the
    loaded layers back into this class. On other backends it is `Conv2D`.
    """

    def convolution_op(self, inputs, kernel):
        if self.groups == 1 or keras.backend.backend() != "tensorflow":
            return super().convolution_op(inputs, kernel)
        import tensorflow as tf

        from models import grouped_conv

        data_format = "NHWC" if self.data_format == "channels_last" else "NCHW"
        if grouped_conv.active_path() == grouped_conv.NATIVE:
            outputs = tf.nn.convolution(
                inputs, kernel, strides=list(self.strides), padding=self.padding.upper(),
                dilations=list(self.dilation_rate), data_format=data_format)
        elif tuple(self.dilation_rate) != (1, 1):
            return super().convolution_op(inputs, kernel)  # Keras's XLA path: slow, but it trains anywhere.
        else:
            outputs = grouped_conv.fallback_convolution(inputs, kernel, self.strides, self.padding, data_format)
        # TensorFlow's graph optimizer fuses a convolution with the bias added after it into one op, which
        # its own CPU kernels (oneDNN off) cannot run grouped ("Fused conv implementation does not support
        # grouped convolutions"); an EnsureShape between them keeps them apart (no measurable cost).
        return tf.ensure_shape(outputs, outputs.shape) if self.use_bias else outputs


def conv2d(filters, kernel_size, groups=1, **kwargs):
    """Returns a `Conv2D`, or a `GroupedConv2D` when `groups > 1` (see there why)."""
    if groups > 1:
        return GroupedConv2D(filters, kernel_size, groups=groups, **kwargs)
    return keras.layers.Conv2D(filters, kernel_size, **kwargs)


def swap_in_grouped_conv(model):
    """Gives every Keras `Conv2D` with `groups > 1` in `model` (nested models too) our fast implementation.

    The layers stay the same objects, with their weights, optimizer slots and names: only their
    class becomes `GroupedConv2D`, whose state is `Conv2D`'s. Call it right after loading, before
    the model runs (traced functions keep the implementation they were traced with).

    Returns:
        The number of layers swapped.
    """
    swapped = 0
    for layer in _all_layers(model):
        if type(layer) is keras.layers.Conv2D and layer.groups > 1:
            layer.__class__ = GroupedConv2D
            swapped += 1
    return swapped


def has_grouped_conv(model):
    """Whether `model` (nested models too) has a convolution with `groups > 1`."""
    return any(isinstance(layer, keras.layers.Conv2D) and layer.groups > 1 for layer in _all_layers(model))


@contextlib.contextmanager
def saved_as_keras_conv2d(model):
    """Within the block, `model`'s `GroupedConv2D` layers are Keras `Conv2D`s: save it there.

    Keras names a layer in a file by its class, in the config (`class_name`) and in the weights
    (`layers/conv2d_3/vars/0`), so a file saved in the block holds only Keras's own layers and
    opens in plain Keras. The layers are the same objects throughout; the model must not run
    in the block (a trace there would take Keras's slow XLA path).
    """
    grouped = [layer for layer in _all_layers(model) if type(layer) is GroupedConv2D]
    for layer in grouped:
        layer.__class__ = keras.layers.Conv2D
    try:
        yield model
    finally:
        for layer in grouped:
            layer.__class__ = GroupedConv2D


def _all_layers(model):
    for layer in getattr(model, "layers", ()):
        yield layer
        yield from _all_layers(layer)
