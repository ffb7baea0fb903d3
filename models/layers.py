"""The few custom layers TongueLens models use, registered so safe mode can load them.

Everything else is a built-in Keras layer, so our model files open in plain Keras too.
"""

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


@keras.saving.register_keras_serializable(package="tonguelens")
class GroupedConv2D(keras.layers.Conv2D):
    """A `Conv2D` with `groups > 1` that runs TensorFlow's own grouped convolution.

    Keras 3.15's TensorFlow backend sends every grouped convolution through XLA, because
    older TensorFlow could not run them on CPU. TensorFlow 2.21 can, and XLA's CPU backward
    pass is 30-300x slower (ResNeXt training took seconds per step). Weights, config and
    outputs are those of `Conv2D`; on other backends it is `Conv2D`.
    """

    def convolution_op(self, inputs, kernel):
        if self.groups == 1 or keras.backend.backend() != "tensorflow":
            return super().convolution_op(inputs, kernel)
        import tensorflow as tf

        return tf.nn.convolution(
            inputs, kernel, strides=list(self.strides), padding=self.padding.upper(),
            dilations=list(self.dilation_rate),
            data_format="NHWC" if self.data_format == "channels_last" else "NCHW")


def conv2d(filters, kernel_size, groups=1, **kwargs):
    """Returns a `Conv2D`, or a `GroupedConv2D` when `groups > 1` (see there why)."""
    if groups > 1:
        return GroupedConv2D(filters, kernel_size, groups=groups, **kwargs)
    return keras.layers.Conv2D(filters, kernel_size, **kwargs)
