"""The early ConvNets of the cs231n case studies: LeNet-5, AlexNet and ZFNet.

Layer names follow the papers' numbering (`conv1` ... `conv5`, `pool1`, `fc6`, `fc7`), with
the classifier named `predictions` like every TongueLens model.

Reference:
    LeCun et al., "Gradient-Based Learning Applied to Document Recognition", Proc. IEEE 1998.
    Krizhevsky, Sutskever and Hinton, "ImageNet Classification with Deep Convolutional
    Neural Networks", NIPS 2012.
    Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014
    (https://arxiv.org/abs/1311.2901).
"""

import keras
from keras import layers

from models.layers import LocalResponseNormalization, conv2d
from models.vgg import rescaled_input


def lenet5(input_shape, num_classes, name="lenet5"):
    """LeNet-5 in its common modern form: 6-16-120-84 units, ReLU and max pooling, full C3.

    C1: 6 5x5 convs, S2: 2x2 pool, C3: 16 5x5 convs (every map sees all six), S4: 2x2 pool,
    C5: 120 5x5 convs (1x1 on a 32x32 input), F6: 84 units, then the classifier. On a
    32x32x1 input with 10 classes it has 61,706 parameters.

    Args:
        input_shape: (height, width, channels); 32x32x1 in the paper.
        num_classes: units of the `predictions` softmax layer.
        name: model name.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = layers.Conv2D(6, 5, activation="relu", name="conv1")(x)
    x = layers.MaxPooling2D(2, strides=2, name="pool1")(x)
    x = layers.Conv2D(16, 5, activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, strides=2, name="pool2")(x)
    x = layers.Conv2D(120, 5, activation="relu", name="conv3")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(84, activation="relu", name="fc4")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


def alexnet_features(x, first_stride, first_kernel, widths, groups):
    """The five conv layers shared by AlexNet and ZFNet (the first two followed by LRN and a pool).

    Args:
        x: input tensor.
        first_stride: stride of conv1.
        first_kernel: window of conv1.
        widths: filters of conv1 ... conv5.
        groups: groups of conv1 ... conv5 (2 for AlexNet's two-GPU columns).

    Returns:
        The output of pool5.
    """
    x = layers.Conv2D(widths[0], first_kernel, strides=first_stride, activation="relu", name="conv1")(x)
    x = LocalResponseNormalization(name="norm1")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    x = conv2d(widths[1], 5, groups=groups[1], padding="same", activation="relu", name="conv2")(x)
    x = LocalResponseNormalization(name="norm2")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool2")(x)
    for index in (2, 3, 4):
        x = conv2d(widths[index], 3, groups=groups[index], padding="same", activation="relu",
                          name=f"conv{index + 1}")(x)
    return layers.MaxPooling2D(3, strides=2, name="pool5")(x)


def alexnet_classifier(x, num_classes, dropout=0.5):
    """Flatten, two 4096-unit FC layers with dropout, and the softmax classifier."""
    x = layers.Flatten(name="flatten")(x)
    for index in (6, 7):
        x = layers.Dense(4096, activation="relu", name=f"fc{index}")(x)
        x = layers.Dropout(dropout, name=f"fc{index}_dropout")(x)
    return layers.Dense(num_classes, activation="softmax", name="predictions")(x)


def alexnet(input_shape, num_classes, name="alexnet"):
    """AlexNet in the paper's two-column layout (conv2, conv4, conv5 grouped in two).

    conv1 96 11x11/4 (227x227x3 -> 55x55x96, 34,944 parameters), LRN, 3x3/2 max pool;
    conv2 256 5x5 in two groups, LRN, pool; conv3 384 3x3 across both columns; conv4 384 and
    conv5 256 3x3 in two groups; pool; fc6, fc7 (4096, dropout 0.5); classifier. At
    227x227x3 with 1000 classes: 60,965,224 parameters.

    Args:
        input_shape: (height, width, channels); 227x227x3 (the paper's "224" does not fit).
        num_classes: units of the `predictions` softmax layer.
        name: model name.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = alexnet_features(x, first_stride=4, first_kernel=11, widths=(96, 256, 384, 384, 256),
                         groups=(1, 2, 1, 2, 2))
    return keras.Model(inputs, alexnet_classifier(x, num_classes), name=name)


def zfnet(input_shape, num_classes, name="zfnet"):
    """ZFNet: AlexNet with a 7x7/2 first layer and no column split (the paper's figure 3).

    conv1 96 7x7/2 with one pixel of padding (224 -> 110), pools 3x3/2 ("same" after conv1
    and conv2, giving the paper's 55 and 13), conv2 256 5x5/2 (55 -> 26), conv3 384, conv4
    384, conv5 256 (3x3), pool to 6x6, fc6, fc7 (4096), classifier.

    Args:
        input_shape: (height, width, channels); 224x224x3 in the paper.
        num_classes: units of the `predictions` softmax layer.
        name: model name.

    Returns:
        A `keras.Model`.
    """
    inputs, x = rescaled_input(input_shape)
    x = layers.ZeroPadding2D(1, name="conv1_pad")(x)
    x = layers.Conv2D(96, 7, strides=2, activation="relu", name="conv1")(x)
    x = LocalResponseNormalization(name="norm1")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="pool1")(x)
    x = layers.Conv2D(256, 5, strides=2, activation="relu", name="conv2")(x)
    x = LocalResponseNormalization(name="norm2")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="pool2")(x)
    for index, filters in ((3, 384), (4, 384), (5, 256)):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{index}")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool5")(x)
    return keras.Model(inputs, alexnet_classifier(x, num_classes), name=name)
