"""U-Net: a segmenter that gives every pixel of a photo a probability of being tongue.

An encoder of blocks of two 3x3 convolutions, each block followed by a 2x2 max pool, halves the
image four times; a decoder doubles it back with 2x2 up-convolutions (`Conv2DTranspose`, stride
2), and after each one concatenates the encoder's feature map of the same size (the skip
connection that brings back the fine detail the pools lost). A 1x1 convolution named `mask`
ends the network: one sigmoid probability per pixel (or a softmax over classes).

Layer names say where a layer sits: `enc2_conv1` is the first conv of the encoder's second
level, `dec2_up` the up-convolution that brings the decoder back to that level's size and
`dec2_concat` its skip connection. `unet` has the paper's widths (64 to 1024 filters, with
`padding="same"`, so the output has the input's size); `unet_mini` is a narrow one with batch
norm that trains in minutes on a laptop CPU.

Reference:
    Ronneberger, Fischer and Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015 (https://arxiv.org/abs/1505.04597).
"""

import keras
from keras import layers

from models.geometry import GeometryError
from models.vgg import BN_MOMENTUM, rescaled_input

# Filters of the encoder's levels, the last one being the bottom of the "U".
UNET_FILTERS = (64, 128, 256, 512, 1024)
UNET_MINI_FILTERS = (16, 32, 64, 96, 128)

# The name of every segmenter's output layer.
MASK_LAYER = "mask"


def conv_block(x, filters, prefix, batch_norm=False):
    """Two 3x3 convolutions with padding 1 (the size is kept), each followed by a ReLU.

    Args:
        x: input tensor.
        filters: K of both convs.
        prefix: layer name prefix (`enc2` gives `enc2_conv1`, `enc2_conv2`).
        batch_norm: put batch norm between each conv and its ReLU (the conv then has no bias).

    Returns:
        Output tensor.
    """
    for index in (1, 2):
        if batch_norm:
            x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{prefix}_conv{index}")(x)
            x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"{prefix}_bn{index}")(x)
            x = layers.ReLU(name=f"{prefix}_relu{index}")(x)
        else:
            x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{prefix}_conv{index}")(x)
    return x


def encoder_stack(x, filters, batch_norm=False):
    """The contracting path: a conv block per level, a 2x2 max pool between levels.

    Args:
        x: input tensor.
        filters: filters per level; the last level (the bottom) is not pooled.
        batch_norm: batch norm in every conv block.

    Returns:
        (bottom output, [output of each upper level, level 1 first]): the skips.
    """
    skips = []
    for level, width in enumerate(filters[:-1], start=1):
        x = conv_block(x, width, f"enc{level}", batch_norm)
        skips.append(x)
        x = layers.MaxPooling2D(2, strides=2, name=f"enc{level}_pool")(x)
    bottom = len(filters)
    return conv_block(x, filters[-1], f"enc{bottom}", batch_norm), skips


def decoder_stack(x, skips, filters, batch_norm=False):
    """The expanding path: per level, a 2x2 up-convolution, the skip concatenated, a conv block.

    Args:
        x: the bottom's output.
        skips: the encoder's level outputs, level 1 first (as `encoder_stack` returns them).
        filters: filters per upper level, level 1 first.
        batch_norm: batch norm in every conv block.

    Returns:
        The output of level 1, at the input's size.
    """
    for level in range(len(skips), 0, -1):
        width = filters[level - 1]
        x = layers.Conv2DTranspose(width, 2, strides=2, name=f"dec{level}_up")(x)
        x = layers.Concatenate(name=f"dec{level}_concat")([skips[level - 1], x])
        x = conv_block(x, width, f"dec{level}", batch_norm)
    return x


def mask_head(x, num_classes):
    """The 1x1 convolution named `mask`: a sigmoid for one class, else a softmax over the classes."""
    activation = "sigmoid" if num_classes == 1 else "softmax"
    return layers.Conv2D(num_classes, 1, activation=activation, name=MASK_LAYER)(x)


def check_divisible(input_shape, levels, name):
    """Refuses an input whose sides cannot be halved `levels - 1` times and doubled back to the same size.

    Raises:
        GeometryError: a side is not a multiple of `2 ** (levels - 1)`; the message shows the bad side.
    """
    factor = 2 ** (levels - 1)
    height, width = input_shape[:2]
    for axis, side in (("height", height), ("width", width)):
        if side % factor:
            nearest = factor * max(1, round(side / factor))
            raise GeometryError(
                f"{name}: input {axis} {side} is not a multiple of {factor} (the encoder halves it {levels - 1} "
                f"times and the decoder doubles it back, so the skips must meet at equal sizes); "
                f"use e.g. {nearest}. Received: input_shape={tuple(input_shape)}")


def unet(input_shape, num_classes=1, name="unet", filters=UNET_FILTERS, batch_norm=False):
    """Builds a U-Net as in the paper, with `padding="same"` so that the mask has the input's size.

    Args:
        input_shape: (height, width, channels) of raw 0-255 images; sides must be multiples of
            `2 ** (len(filters) - 1)` (16 with the paper's five levels).
        num_classes: 1 for a per-pixel probability (sigmoid), 2 or more for a softmax over classes.
        name: model name.
        filters: filters of each level, top first; the last is the bottom of the "U".
        batch_norm: batch norm after every 3x3 conv (the paper has none).

    Returns:
        A `keras.Model` from (height, width, channels) images to (height, width, num_classes) masks.

    Raises:
        GeometryError: the input sides cannot be halved and doubled back to the same size.
        ValueError: fewer than two levels.
    """
    filters = tuple(int(width) for width in filters)
    if len(filters) < 2:
        raise ValueError(f"a U-Net needs at least two levels. Received: filters={filters}")
    check_divisible(input_shape, len(filters), name)
    inputs, x = rescaled_input(input_shape)
    x, skips = encoder_stack(x, filters, batch_norm)
    x = decoder_stack(x, skips, filters[:-1], batch_norm)
    return keras.Model(inputs, mask_head(x, num_classes), name=name)


def unet_mini(input_shape, num_classes=1, name="unet_mini"):
    """A narrow U-Net with batch norm for 128-192 px photos that trains in minutes on a CPU.

    Five levels of 16, 32, 64, 96 and 128 filters: 950,673 parameters (3.8 MB in float32) and,
    at 128x128, 0.64 G multiply-adds per photo (`main.py arch unet-mini`). A unit of the bottom
    level sees 140 px of the input, and the mask 200 px: enough context to tell a tongue from the
    lips around it in a close-up photo.

    Args:
        input_shape: (height, width, channels); sides multiples of 16 (128 by default).
        num_classes: 1 for a per-pixel sigmoid probability, 2 or more for a softmax.
        name: model name.

    Returns:
        A `keras.Model`.
    """
    return unet(input_shape, num_classes, name=name, filters=UNET_MINI_FILTERS, batch_norm=True)
