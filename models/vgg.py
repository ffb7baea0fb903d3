"""VGG networks: stacks of 3x3 convolutions, each stack ended by a 2x2 max pool.

`vgg(depth=16)` is exactly `keras.applications.VGG16(weights=None)` (same layer names and
138,357,544 parameters at 224x224x3 with 1000 classes) preceded by a `Rescaling` layer, so the
model takes raw 0-255 pixels. `vgg_mini` is a small VGG with batch norm for 32-128 px images.

Reference:
    Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015 (https://arxiv.org/abs/1409.1556).
"""

import keras
from keras import layers

# Faster-moving BatchNorm statistics than Keras's 0.99: short runs on small folders otherwise
# leave the moving mean and variance far from the trained weights, and inference fails.
BN_MOMENTUM = 0.9

# Convolutions per block for each depth: configurations A, B, D and E of the paper.
VGG_BLOCKS = {
    11: (1, 1, 2, 2, 2),
    13: (2, 2, 2, 2, 2),
    16: (2, 2, 3, 3, 3),
    19: (2, 2, 4, 4, 4),
}
VGG_FILTERS = (64, 128, 256, 512, 512)

VGG_MINI_BLOCKS = (2, 2, 2, 2)
VGG_MINI_FILTERS = (32, 64, 128, 256)


def rescaled_input(input_shape):
    """Returns (inputs, x): the image input and its 0-255 pixels rescaled to 0-1."""
    inputs = keras.Input(shape=tuple(input_shape), name="input")
    return inputs, layers.Rescaling(1.0 / 255, name="rescaling")(inputs)


def vgg_block(x, filters, convs, block, batch_norm=False):
    """One VGG block: `convs` 3x3 convolutions (stride 1, padding 1), then a 2x2/2 max pool.

    Args:
        x: input tensor.
        filters: K of every conv in the block.
        convs: how many convs.
        block: block number, for layer names (`block2_conv1`, `block2_pool`).
        batch_norm: put batch norm between each conv and its ReLU (the conv then has no bias).

    Returns:
        Output tensor.
    """
    prefix = f"block{block}"
    for index in range(1, convs + 1):
        if batch_norm:
            x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{prefix}_conv{index}")(x)
            x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{prefix}_bn{index}")(x)
            x = layers.ReLU(name=f"{prefix}_relu{index}")(x)
        else:
            x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{prefix}_conv{index}")(x)
    return layers.MaxPooling2D(2, strides=2, name=f"{prefix}_pool")(x)


def vgg(input_shape, num_classes, depth=16, name=None):
    """Builds VGG-11, -13, -16 or -19 as in the paper (and keras.applications for 16 and 19).

    Args:
        input_shape: (height, width, channels) of raw 0-255 images; the paper uses 224x224x3.
        num_classes: units of the `predictions` softmax layer.
        depth: 11, 13, 16 or 19 weight layers.
        name: model name; defaults to `vgg{depth}`.

    Returns:
        A `keras.Model`.

    Raises:
        ValueError: `depth` is not one of the paper's.
    """
    if depth not in VGG_BLOCKS:
        raise ValueError(f"VGG depth must be one of {sorted(VGG_BLOCKS)}. Received: depth={depth}")
    inputs, x = rescaled_input(input_shape)
    for block, (convs, filters) in enumerate(zip(VGG_BLOCKS[depth], VGG_FILTERS), start=1):
        x = vgg_block(x, filters, convs, block)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc1")(x)
    x = layers.Dense(4096, activation="relu", name="fc2")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name or f"vgg{depth}")


def vgg_mini(input_shape, num_classes, name="vgg_mini", fc_units=256, dropout=0.5):
    """A small VGG for 32-128 px images that trains in minutes on a CPU.

    Four blocks of two 3x3 convs (32, 64, 128, 256 filters) with batch norm, each ended by a
    2x2 max pool, then Flatten, one hidden FC layer with dropout, and the softmax classifier.
    The Flatten + Dense head can be turned into convolutions by `models.fully_conv`.

    Args:
        input_shape: (height, width, channels); sides of at least 16 px (64 px by default).
        num_classes: units of the `predictions` softmax layer.
        name: model name.
        fc_units: units of the hidden FC layer.
        dropout: dropout rate before the classifier.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    for block, (convs, filters) in enumerate(zip(VGG_MINI_BLOCKS, VGG_MINI_FILTERS), start=1):
        x = vgg_block(x, filters, convs, block, batch_norm=True)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(fc_units, activation="relu", name="fc1")(x)
    x = layers.Dropout(dropout, name="fc1_dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)
