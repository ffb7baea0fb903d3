"""GoogLeNet (Inception v1) as in the paper: nine inception modules, no auxiliary classifiers.

Layer names are those of the reference Caffe model (`conv1_7x7_s2`, `inception_4c_5x5_reduce`,
`inception_4c_output`), so the table reads like the paper's Table 1. Windows use "same"
padding and pools round up, which gives the paper's sizes 112, 56, 28, 14 and 7 at 224 px.

Reference:
    Szegedy et al., "Going Deeper with Convolutions", CVPR 2015 (https://arxiv.org/abs/1409.4842).
"""

import keras
from keras import layers

from models.layers import LocalResponseNormalization
from models.vgg import rescaled_input

# The paper's Table 1: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
INCEPTION_MODULES = (
    ("3a", (64, 96, 128, 16, 32, 32)),
    ("3b", (128, 128, 192, 32, 96, 64)),
    ("4a", (192, 96, 208, 16, 48, 64)),
    ("4b", (160, 112, 224, 24, 64, 64)),
    ("4c", (128, 128, 256, 24, 64, 64)),
    ("4d", (112, 144, 288, 32, 64, 64)),
    ("4e", (256, 160, 320, 32, 128, 128)),
    ("5a", (256, 160, 320, 32, 128, 128)),
    ("5b", (384, 192, 384, 48, 128, 128)),
)
# Modules after which a 3x3/2 max pool halves the grid.
POOL_AFTER = {"3b": "pool3_3x3_s2", "4e": "pool4_3x3_s2"}


def conv_relu(x, filters, kernel, name, strides=1):
    """A "same"-padded conv with ReLU, as every GoogLeNet conv is."""
    return layers.Conv2D(filters, kernel, strides=strides, padding="same", activation="relu", name=name)(x)


def inception_module(x, widths, name):
    """One inception module: 1x1, 1x1->3x3, 1x1->5x5 and 3x3 pool->1x1 branches, concatenated.

    Args:
        x: input tensor.
        widths: (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj).
        name: module prefix, e.g. `inception_3a`.

    Returns:
        The concatenated output (sum of #1x1, #3x3, #5x5 and pool proj channels).
    """
    one, three_reduce, three, five_reduce, five, pool_proj = widths
    branch_1x1 = conv_relu(x, one, 1, f"{name}_1x1")
    branch_3x3 = conv_relu(x, three_reduce, 1, f"{name}_3x3_reduce")
    branch_3x3 = conv_relu(branch_3x3, three, 3, f"{name}_3x3")
    branch_5x5 = conv_relu(x, five_reduce, 1, f"{name}_5x5_reduce")
    branch_5x5 = conv_relu(branch_5x5, five, 5, f"{name}_5x5")
    branch_pool = layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x)
    branch_pool = conv_relu(branch_pool, pool_proj, 1, f"{name}_pool_proj")
    return layers.Concatenate(name=f"{name}_output")([branch_1x1, branch_3x3, branch_5x5, branch_pool])


def googlenet(input_shape, num_classes, name="googlenet", dropout=0.4):
    """Builds GoogLeNet: stem, nine inception modules, global average pool, dropout, classifier.

    Args:
        input_shape: (height, width, channels); 224x224x3 in the paper.
        num_classes: units of the `predictions` softmax layer.
        name: model name.
        dropout: dropout rate before the classifier (the paper's 40%).

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = conv_relu(x, 64, 7, "conv1_7x7_s2", strides=2)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="pool1_3x3_s2")(x)
    x = LocalResponseNormalization(name="pool1_norm1")(x)
    x = conv_relu(x, 64, 1, "conv2_3x3_reduce")
    x = conv_relu(x, 192, 3, "conv2_3x3")
    x = LocalResponseNormalization(name="conv2_norm2")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="pool2_3x3_s2")(x)
    for module, widths in INCEPTION_MODULES:
        x = inception_module(x, widths, f"inception_{module}")
        if module in POOL_AFTER:
            x = layers.MaxPooling2D(3, strides=2, padding="same", name=POOL_AFTER[module])(x)
    x = layers.GlobalAveragePooling2D(name="pool5_7x7_s1")(x)
    x = layers.Dropout(dropout, name="pool5_drop_7x7_s1")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)
