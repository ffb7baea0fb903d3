"""Builds a Keras model from a cs231n pattern string.

The pattern is parsed and planned in pure Python (`models.pattern`), its geometry checked by
`models.table.spec_table` (a window that does not fit is refused before Keras is touched),
and only then are the planned layers turned into Keras layers, with the same names.
"""

import keras
from keras import layers

from models import pattern, table
from models.layers import L2Pooling2D
from models.presets import check_input_shape, check_num_classes
from models.vgg import BN_MOMENTUM, rescaled_input


def build_from_pattern(text, input_shape, num_classes, name=None):
    """Builds the network a pattern describes.

    Args:
        text: a pattern such as `INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC`.
        input_shape: (height, width, channels) of raw 0-255 images.
        num_classes: units of the final softmax FC (`predictions`).
        name: model name; defaults to `pattern`.

    Returns:
        A `keras.Model` starting with a `Rescaling` layer.

    Raises:
        PatternError: a syntax error.
        GeometryError: a layer that does not fit its input.
        ValueError: a bad input shape or class count.
    """
    input_shape = check_input_shape(input_shape)
    check_num_classes(num_classes)
    spec = pattern.parse(text)
    table.spec_table(spec, input_shape, num_classes)  # Refuses bad geometry with the formula.
    inputs, x = rescaled_input(input_shape)
    for planned in pattern.plan(spec, num_classes):
        x = apply_planned(planned, x)
    return keras.Model(inputs, x, name=name or "pattern")


def apply_planned(planned, x):
    """Applies one `PlannedLayer` to tensor `x` and returns the result."""
    config = planned.config
    if planned.kind == "CONV":
        return _conv(planned, x)
    if planned.kind == "POOL":
        pool_class = {"max": layers.MaxPooling2D, "avg": layers.AveragePooling2D, "l2": L2Pooling2D}[config["TYPE"]]
        return pool_class(config["F"], strides=config["S"], padding="valid", name=planned.name)(x)
    if planned.kind == "FC":
        return layers.Dense(config["N"], activation=config["activation"], name=planned.name)(x)
    if planned.kind == "FLATTEN":
        return layers.Flatten(name=planned.name)(x)
    if planned.kind == "GAP":
        return layers.GlobalAveragePooling2D(name=planned.name)(x)
    if planned.kind == "RELU":
        return layers.ReLU(name=planned.name)(x)
    if planned.kind == "NORM":
        return layers.BatchNormalization(momentum=BN_MOMENTUM, name=planned.name)(x)
    if planned.kind == "DROPOUT":
        return layers.Dropout(config["P"], name=planned.name)(x)
    raise ValueError(f"unknown planned layer kind: {planned.kind!r}")


def _conv(planned, x):
    """A conv with symmetric padding P: Keras "same" when that is the same thing, else explicit zero padding."""
    config = planned.config
    span = config["D"] * (config["F"] - 1) + 1
    padding = config["P"]
    if padding == "same" or (config["S"] == 1 and 2 * padding == span - 1):
        keras_padding = "same"
    else:
        keras_padding = "valid"
        if padding:
            x = layers.ZeroPadding2D(padding, name=f"{planned.name}_pad")(x)
    return layers.Conv2D(config["K"], config["F"], strides=config["S"], padding=keras_padding,
                         dilation_rate=config["D"], name=planned.name)(x)
