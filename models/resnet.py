"""Residual networks: ResNet-50 (as keras.applications) and ResNeXt (as torchvision).

Three levels, as in Keras's own `applications/resnet.py`: a *block* (one residual unit), a
*stack* (blocks at one resolution, the first one changing stride or width) and a *builder*
(stem, stacks and classifier). Layer names follow Keras: `conv3_block2_2_conv`, `pool1_pool`,
`avg_pool`, `predictions`.

`resnet50` is exactly `keras.applications.ResNet50(weights=None)` (25,636,712 parameters) with
a `Rescaling` layer in front. `resnext50` (32x4d) and `resnext101` (32x8d) are torchvision's
`resnext50_32x4d` / `resnext101_32x8d`: convolutions without bias, the stride on the grouped
3x3 conv with one pixel of zero padding, 25,028,904 and 88,791,336 trainable parameters.

Reference:
    He et al., "Deep Residual Learning for Image Recognition", CVPR 2016
    (https://arxiv.org/abs/1512.03385).
    Xie et al., "Aggregated Residual Transformations for Deep Neural Networks", CVPR 2017
    (https://arxiv.org/abs/1611.05431).
"""

import keras
from keras import layers

from models.layers import conv2d
from models.vgg import rescaled_input

# Batch norm epsilons of the two reference implementations.
KERAS_BN_EPSILON = 1.001e-5
TORCH_BN_EPSILON = 1e-5
# torchvision's BatchNorm momentum 0.1 is Keras's 0.9. Keras's default 0.99 lets the moving
# statistics lag far behind the weights on the short runs our users make on small folders.
TORCH_BN_MOMENTUM = 0.9

# Blocks per stage.
RESNET50_BLOCKS = (3, 4, 6, 3)
RESNEXT50_BLOCKS = (3, 4, 6, 3)
RESNEXT101_BLOCKS = (3, 4, 23, 3)
STAGE_PLANES = (64, 128, 256, 512)
EXPANSION = 4


# ResNet-50, as keras.applications.

def resnet_block(x, filters, stride=1, conv_shortcut=True, name=None):
    """A ResNet v1 bottleneck block: 1x1 (carrying the stride), 3x3, 1x1 to `4*filters`, plus shortcut.

    Args:
        x: input tensor.
        filters: width of the bottleneck; the block outputs `4*filters` channels.
        stride: stride of the first 1x1 conv and of the projection shortcut.
        conv_shortcut: project the shortcut with a 1x1 conv (needed when stride or width changes).
        name: block name prefix, e.g. `conv2_block1`.

    Returns:
        Output tensor.
    """
    if conv_shortcut:
        shortcut = layers.Conv2D(EXPANSION * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(epsilon=KERAS_BN_EPSILON, name=f"{name}_0_bn")(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(epsilon=KERAS_BN_EPSILON, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(epsilon=KERAS_BN_EPSILON, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(EXPANSION * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(epsilon=KERAS_BN_EPSILON, name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def resnet_stack(x, filters, blocks, stride=2, name=None):
    """`blocks` ResNet blocks; the first projects the shortcut and carries `stride`."""
    x = resnet_block(x, filters, stride=stride, name=f"{name}_block1")
    for index in range(2, blocks + 1):
        x = resnet_block(x, filters, conv_shortcut=False, name=f"{name}_block{index}")
    return x


def imagenet_stem(x, use_bias, epsilon):
    """The ResNet stem: 7x7/2 conv with 3 pixels of padding, BN, ReLU, then 3x3/2 max pool (padding 1)."""
    x = layers.ZeroPadding2D(3, name="conv1_pad")(x)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    x = layers.BatchNormalization(epsilon=epsilon, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(1, name="pool1_pad")(x)  # Zeros are safe for max pool after a ReLU.
    return layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)


def classifier_head(x, num_classes, dropout=0.0):
    """Global average pool, optional dropout, softmax `predictions`."""
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if dropout:
        x = layers.Dropout(dropout, name="head_dropout")(x)
    return layers.Dense(num_classes, activation="softmax", name="predictions")(x)


def resnet50(input_shape, num_classes, name="resnet50"):
    """Builds ResNet-50 exactly as `keras.applications.ResNet50(weights=None)`.

    Args:
        input_shape: (height, width, channels) of raw 0-255 images; 224x224x3 in the paper.
        num_classes: units of the `predictions` softmax layer.
        name: model name.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = imagenet_stem(x, use_bias=True, epsilon=KERAS_BN_EPSILON)
    strides = (1, 2, 2, 2)
    for stage, (filters, blocks, stride) in enumerate(zip(STAGE_PLANES, RESNET50_BLOCKS, strides), start=2):
        x = resnet_stack(x, filters, blocks, stride=stride, name=f"conv{stage}")
    return keras.Model(inputs, classifier_head(x, num_classes), name=name)


# ResNeXt, as torchvision.

def resnext_width(planes, groups, base_width):
    """Width of the grouped conv, torchvision's `int(planes * base_width / 64) * groups`."""
    return int(planes * base_width / 64) * groups


def resnext_block(x, planes, groups, base_width, stride=1, project=False, name=None):
    """A ResNeXt bottleneck: 1x1 to `width`, 3x3 grouped conv carrying the stride, 1x1 to `4*planes`.

    Every conv has no bias and is followed by batch norm; the projection shortcut is a 1x1
    conv with the stride plus batch norm.

    Args:
        x: input tensor.
        planes: the block outputs `4*planes` channels.
        groups: cardinality C (groups of the 3x3 conv).
        base_width: d, the width of each group for `planes=64`.
        stride: stride of the grouped conv and of the shortcut.
        project: project the shortcut (when the stride or the width changes).
        name: block name prefix, e.g. `conv3_block1`.

    Returns:
        Output tensor.

    Raises:
        ValueError: `groups` or `base_width` is below 1.
    """
    if groups < 1 or base_width < 1:
        raise ValueError(f"groups and base_width must be at least 1. Received: groups={groups}, "
                         f"base_width={base_width}")
    width = resnext_width(planes, groups, base_width)
    if project:
        shortcut = layers.Conv2D(EXPANSION * planes, 1, strides=stride, use_bias=False, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(epsilon=TORCH_BN_EPSILON, momentum=TORCH_BN_MOMENTUM, name=f"{name}_0_bn")(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(width, 1, use_bias=False, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(epsilon=TORCH_BN_EPSILON, momentum=TORCH_BN_MOMENTUM, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    if stride == 1:
        x = conv2d(width, 3, groups=groups, padding="same", use_bias=False, name=f"{name}_2_conv")(x)
    else:
        # torchvision pads one pixel on every side; Keras "same" would pad only bottom/right.
        x = layers.ZeroPadding2D(1, name=f"{name}_2_pad")(x)
        x = conv2d(width, 3, groups=groups, strides=stride, use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(epsilon=TORCH_BN_EPSILON, momentum=TORCH_BN_MOMENTUM, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(EXPANSION * planes, 1, use_bias=False, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(epsilon=TORCH_BN_EPSILON, momentum=TORCH_BN_MOMENTUM, name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def resnext_stack(x, planes, blocks, groups, base_width, stride, name):
    """`blocks` ResNeXt blocks at one resolution; the first carries the stride and projects if needed."""
    project = stride != 1 or x.shape[-1] != EXPANSION * planes
    x = resnext_block(x, planes, groups, base_width, stride=stride, project=project, name=f"{name}_block1")
    for index in range(2, blocks + 1):
        x = resnext_block(x, planes, groups, base_width, name=f"{name}_block{index}")
    return x


def resnext(input_shape, num_classes, blocks, groups=32, base_width=4, name="resnext"):
    """Builds an ImageNet ResNeXt as torchvision does (stem, four stages, global pool, FC).

    Args:
        input_shape: (height, width, channels) of raw 0-255 images.
        num_classes: units of the `predictions` softmax layer.
        blocks: blocks per stage, e.g. (3, 4, 6, 3).
        groups: cardinality C.
        base_width: group width d at the first stage.
        name: model name.

    Returns:
        A `keras.Model`.

    Raises:
        ValueError: `blocks` is not four positive counts.
    """
    if len(blocks) != 4 or min(blocks) < 1:
        raise ValueError(f"ResNeXt needs four positive block counts. Received: blocks={blocks}")
    inputs, x = rescaled_input(input_shape)
    x = imagenet_stem(x, use_bias=False, epsilon=TORCH_BN_EPSILON)
    strides = (1, 2, 2, 2)
    for stage, (planes, count, stride) in enumerate(zip(STAGE_PLANES, blocks, strides), start=2):
        x = resnext_stack(x, planes, count, groups, base_width, stride, name=f"conv{stage}")
    return keras.Model(inputs, classifier_head(x, num_classes), name=name)


def resnext50(input_shape, num_classes, name="resnext50"):
    """ResNeXt-50 (32x4d), torchvision's `resnext50_32x4d`: 25,028,904 trainable parameters."""
    return resnext(input_shape, num_classes, RESNEXT50_BLOCKS, groups=32, base_width=4, name=name)


def resnext101(input_shape, num_classes, name="resnext101"):
    """ResNeXt-101 (32x8d), torchvision's `resnext101_32x8d`: 88,791,336 trainable parameters."""
    return resnext(input_shape, num_classes, RESNEXT101_BLOCKS, groups=32, base_width=8, name=name)


# A small ResNeXt for small images.

RESNEXT_MINI_PLANES = (16, 32, 64)
RESNEXT_MINI_BLOCKS = (2, 2, 2)
RESNEXT_MINI_STRIDES = (1, 2, 2)


def resnext_mini(input_shape, num_classes, name="resnext_mini", groups=8, base_width=16, dropout=0.2):
    """A small ResNeXt (cardinality 8) for 32-128 px images that trains on a CPU.

    A 3x3 stride-1 stem with 32 filters (small images cannot afford the 7x7/2 stem and pool),
    three stages of two blocks (outputs 64, 128, 256 channels; grouped widths 32, 64, 128),
    global average pool, dropout and the softmax classifier.

    Args:
        input_shape: (height, width, channels); sides of at least 8 px (64 px by default).
        num_classes: units of the `predictions` softmax layer.
        name: model name.
        groups: cardinality C.
        base_width: group width d at `planes=64`.
        dropout: dropout rate before the classifier.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = layers.Conv2D(32, 3, padding="same", use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(epsilon=TORCH_BN_EPSILON, momentum=TORCH_BN_MOMENTUM, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    stages = zip(RESNEXT_MINI_PLANES, RESNEXT_MINI_BLOCKS, RESNEXT_MINI_STRIDES)
    for stage, (planes, count, stride) in enumerate(stages, start=2):
        x = resnext_stack(x, planes, count, groups, base_width, stride, name=f"conv{stage}")
    return keras.Model(inputs, classifier_head(x, num_classes, dropout=dropout), name=name)
