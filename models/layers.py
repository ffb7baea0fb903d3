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
