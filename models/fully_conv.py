"""FC-to-conv conversion (cs231n, "converting FC layers to CONV layers").

A trained network ending in `Flatten -> Dense -> ... -> Dense` sees one fixed-size image. Its
first Dense, looking at an h x w x c volume, is the same as a conv with F = h x w and as many
filters as units; each later Dense is a 1x1 conv. With the Dense weights copied into those
convs the network slides over a larger image in one pass and returns a map of class
scores: VGG16 on 384x384 gives 6x6 positions per class. On the original size the map is
1x1 and equals the original output.
"""

import keras
import numpy as np
from keras import layers

from models import geometry
from models.table import architecture_table

# Head layers that act on the last axis only, so they work unchanged on a score map.
_PER_POSITION = ("Dropout", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "BatchNormalization",
                 "GaussianNoise", "GaussianDropout", "AlphaDropout", "Identity", "LayerNormalization")


class FullyConvError(ValueError):
    """A model whose head cannot be turned into convolutions; the message says why."""


def to_fully_conv(model, input_size=None):
    """Turns a model's Flatten + Dense head into convolutions, copying the trained weights.

    Args:
        model: a Functional or Sequential Keras model whose head is `Flatten` followed by
            Dense layers (and per-position layers such as Dropout, ReLU, BatchNormalization).
        input_size: (height, width) of the images the new model takes; None keeps the
            trained size (the score map is then 1x1).

    Returns:
        A `keras.Model` named `<name>_fully_conv` with output (rows, cols, classes).

    Raises:
        FullyConvError: no Flatten + Dense head, or a head layer that is not per-position.
        GeometryError: `input_size` is smaller than the size the first Dense needs.
    """
    model = _functional(model)
    flatten, head = _find_head(model)
    trained_shape = tuple(model.inputs[0].shape[1:])
    height, width = _check_size(input_size, trained_shape)
    body = keras.Model(model.inputs[0], flatten.input)
    feature_shape = tuple(flatten.input.shape[1:])
    body_table = architecture_table(body, (height, width, trained_shape[2]))  # Our formulas refuse a misfit.
    _check_feature_size(body_table.rows[-1].output_shape, feature_shape, flatten.name, (height, width))
    inputs = keras.Input(shape=(height, width, trained_shape[2]), name=model.inputs[0].name)
    x = _copy_body(body, inputs).output
    first_dense = True
    for layer in head:
        x = _convert(layer, x, feature_shape if first_dense else None)
        first_dense = first_dense and not isinstance(layer, layers.Dense)
    return keras.Model(inputs, x, name=f"{model.name}_fully_conv")


def _functional(model):
    if isinstance(model, keras.Sequential):
        if getattr(model, "_functional", None) is None:
            raise FullyConvError(f"model {model.name!r} is not built; give it an input shape first")
        return model._functional
    return model


def _find_head(model):
    """Returns (the Flatten layer, the layers after it), checking the head is a plain chain."""
    chain = [layer for layer in model.layers if not isinstance(layer, layers.InputLayer)]
    flattens = [index for index, layer in enumerate(chain) if isinstance(layer, layers.Flatten)]
    if not flattens:
        raise FullyConvError(
            f"model {model.name!r} has no Flatten + Dense head to convert (a model ending in global pooling "
            "already slides over any image size)")
    head = chain[flattens[-1] + 1:]
    if not any(isinstance(layer, layers.Dense) for layer in head):
        raise FullyConvError(f"model {model.name!r} has no Dense layer after its Flatten")
    previous = chain[flattens[-1]]
    for layer in head:
        if type(layer).__name__ not in _PER_POSITION and not isinstance(layer, layers.Dense):
            raise FullyConvError(f"cannot convert head layer {layer.name!r} ({type(layer).__name__}): only Dense "
                                 "and per-position layers (Dropout, activations, BatchNormalization) can follow "
                                 "Flatten")
        if len(layer._inbound_nodes) != 1 or layer.input is not previous.output:
            raise FullyConvError(f"the head of model {model.name!r} is not a simple chain at {layer.name!r}")
        previous = layer
    if previous.output is not model.outputs[0] or len(model.outputs) != 1:
        raise FullyConvError(f"model {model.name!r} must end with its Flatten + Dense head")
    return chain[flattens[-1]], head


def _check_size(input_size, trained_shape):
    if input_size is None:
        return trained_shape[:2]
    size = tuple(int(side) for side in input_size)[:2]
    if len(size) != 2 or min(size) < 1:
        raise ValueError(f"input size must be (height, width). Received: input_size={input_size!r}")
    return size


def _copy_body(body, inputs):
    """Clones the convolutional part onto the new input and copies its weights."""
    clone = keras.models.clone_model(body, input_tensors=inputs)
    for layer in clone.layers:
        if layer.weights:
            layer.set_weights(body.get_layer(layer.name).get_weights())
    return clone


def _check_feature_size(body_shape, feature_shape, flatten_name, size):
    rows, cols = body_shape[:2]
    need_rows, need_cols = feature_shape[:2]
    if rows < need_rows or cols < need_cols:
        raise geometry.GeometryError(
            f"{flatten_name}: the first FC becomes a {need_rows}x{need_cols} conv, but a {size[0]}x{size[1]} input "
            f"gives only a {rows}x{cols} volume there; use an input at least as large as the trained one")


def _convert(layer, x, feature_shape):
    """Applies the converted version of one head layer to `x`."""
    config = layer.get_config()
    if isinstance(layer, layers.Dense):
        kernel_size = feature_shape[:2] if feature_shape is not None else (1, 1)
        in_channels = feature_shape[2] if feature_shape is not None else x.shape[-1]
        conv = layers.Conv2D(config["units"], kernel_size, activation=config["activation"],
                             use_bias=config["use_bias"], name=layer.name)
        x = conv(x)
        weights = layer.get_weights()
        # Flatten is row-major over (rows, cols, channels), the order of a conv kernel.
        weights[0] = np.reshape(weights[0], kernel_size + (in_channels, config["units"]))
        conv.set_weights(weights)
        return x
    clone = type(layer).from_config(config)
    x = clone(x)
    if layer.weights:
        clone.set_weights(layer.get_weights())
    return x
