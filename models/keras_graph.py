"""Reads a Keras model's graph into `models.table.LayerNode`s (imports Keras; `table` does not).

Only layer configs are read (kernel sizes, strides, padding, filters, units); shapes,
parameters and costs are then computed by `models.table.compute_layer`. Layers we have no
formula for keep Keras's output shape and weight count.
"""

import math

import keras

from models import table
from models.layers import L2Pooling2D, LocalResponseNormalization

# Layers that keep the shape and compute nothing we count (their weights, if any, still count).
_ELEMENTWISE = tuple(getattr(keras.layers, name) for name in (
    "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax", "Dropout", "SpatialDropout1D",
    "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Rescaling", "Identity",
    "ActivityRegularization", "Normalization", "RandomFlip", "RandomRotation", "RandomZoom",
    "RandomContrast", "RandomTranslation", "RandomBrightness", "LayerNormalization",
) if hasattr(keras.layers, name)) + (LocalResponseNormalization,)
_MERGES = (keras.layers.Add, keras.layers.Subtract, keras.layers.Multiply, keras.layers.Average,
           keras.layers.Maximum, keras.layers.Minimum)
_POOLS = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D, L2Pooling2D)
_GLOBAL_POOLS = (keras.layers.GlobalAveragePooling2D, keras.layers.GlobalMaxPooling2D)


def functional_of(model):
    """Returns the functional graph behind `model` (a Sequential keeps one inside once built).

    Raises:
        ValueError: the model is not built, so it has no graph yet.
    """
    if isinstance(model, keras.Sequential):
        graph = getattr(model, "_functional", None)
        if graph is None:
            raise ValueError(f"model {model.name!r} is not built: give its first layer an input shape "
                             "(keras.Input) or call it on data once")
        return graph
    if not getattr(model, "inputs", None) or not hasattr(model, "_nodes_by_depth"):
        raise ValueError(f"model {model.name!r} has no functional graph (a subclassed model?); "
                         "build it with keras.Input and the functional API")
    return model


def walk(graph, input_volumes, context):
    """Runs our formulas through a functional graph, in Keras's layer order.

    Args:
        graph: a functional model (see `functional_of`).
        input_volumes: one `table.Volume` per graph input.
        context: the table context collecting rows.

    Returns:
        The `table.Volume` of each graph output.
    """
    volumes = {id(tensor): volume for tensor, volume in zip(graph.inputs, input_volumes)}
    order = {id(operation): index for index, operation in enumerate(graph.operations)}
    for depth in sorted(graph._nodes_by_depth, reverse=True):
        nodes = sorted(graph._nodes_by_depth[depth], key=lambda node: order.get(id(node.operation), 0))
        for node in nodes:
            if node.is_input or not node.operation:
                continue
            inputs = [volumes[id(tensor)] for tensor in node.input_tensors]
            for tensor, volume in zip(node.outputs, _apply(node, inputs, context)):
                volumes[id(tensor)] = volume
    return [volumes[id(tensor)] for tensor in graph.outputs]


def _apply(node, inputs, context):
    operation = node.operation
    if isinstance(operation, keras.Model):
        return walk(functional_of(operation), inputs, context)
    layer_node = layer_node_for(operation, node)
    return [table.compute_layer(layer_node, inputs, context)]


def layer_node_for(layer, node=None):
    """Describes one Keras layer as a `table.LayerNode`.

    Args:
        layer: a Keras layer (or any graph operation).
        node: the graph node calling it, used for the fallback shape of unknown layers.
    """
    kind, config = _describe(layer)
    layer_node = table.LayerNode(
        name=layer.name, type=type(layer).__name__, op=kind, config=config,
        trainable=bool(getattr(layer, "trainable", True)), key=id(layer))
    if kind in ("unknown", "elementwise"):
        layer_node.fallback = {"shape": _keras_output_shape(layer, node), "params": _weight_counts(layer)}
    return layer_node


def _describe(layer):
    """Returns (op, config) for the formulas; ("unknown", {}) for layers without one."""
    try:
        config = layer.get_config()
    except (AttributeError, NotImplementedError, TypeError):
        return "unknown", {}  # A bare operation (e.g. `x + y` on Keras tensors) has no layer config.
    if config.get("data_format", "channels_last") != "channels_last":
        return "unknown", {}
    if isinstance(layer, keras.layers.DepthwiseConv2D):
        return "depthwise", _window_config(config, multiplier=config["depth_multiplier"], use_bias=config["use_bias"])
    if isinstance(layer, keras.layers.SeparableConv2D):
        return "separable", _window_config(config, multiplier=config["depth_multiplier"], filters=config["filters"],
                                           use_bias=config["use_bias"])
    if isinstance(layer, keras.layers.Conv2DTranspose):
        return "transpose_conv", _window_config(config, filters=config["filters"], use_bias=config["use_bias"],
                                                output_padding=_optional_pair(config.get("output_padding")))
    if isinstance(layer, keras.layers.UpSampling2D):
        return "upsample", {"size": _pair(config["size"]), "interpolation": str(config["interpolation"]).lower()}
    if isinstance(layer, keras.layers.Conv2D):
        return "conv", _window_config(config, filters=config["filters"], groups=config.get("groups", 1),
                                      use_bias=config["use_bias"])
    if isinstance(layer, _POOLS):
        return "pool", {"kernel": _pair(config["pool_size"]),
                        "strides": _pair(config["strides"] or config["pool_size"]),
                        "padding": str(config["padding"]).lower()}
    if isinstance(layer, _GLOBAL_POOLS):
        return "global_pool", {"keepdims": bool(config.get("keepdims", False))}
    if isinstance(layer, keras.layers.ZeroPadding2D):
        return "zero_pad", {"padding": _pads(config["padding"])}
    if isinstance(layer, keras.layers.Cropping2D):
        return "crop", {"padding": _pads(config["cropping"])}
    if isinstance(layer, keras.layers.Dense):
        return "dense", {"units": config["units"], "use_bias": config["use_bias"]}
    if isinstance(layer, keras.layers.Flatten):
        return "flatten", {}
    if isinstance(layer, keras.layers.BatchNormalization) and config.get("axis", -1) in (-1, 3, [-1], [3]):
        return "batchnorm", {"center": config.get("center", True), "scale": config.get("scale", True)}
    if isinstance(layer, _MERGES):
        return "merge", {}
    if isinstance(layer, keras.layers.Concatenate):
        return "concat", {"axis": config.get("axis", -1)}
    if isinstance(layer, keras.layers.Reshape):
        return "reshape", {"target_shape": tuple(config["target_shape"])}
    if isinstance(layer, _ELEMENTWISE):
        return "elementwise", {}
    return "unknown", {}


def _window_config(config, **extra):
    padding = str(config["padding"]).lower()
    if padding not in ("same", "valid"):
        padding = "valid"
    result = {"kernel": _pair(config["kernel_size"]), "strides": _pair(config["strides"]), "padding": padding,
              "dilation": _pair(config.get("dilation_rate", 1))}
    result.update(extra)
    return result


def _pair(value):
    if isinstance(value, int):
        return (value, value)
    value = tuple(value)
    return value if len(value) == 2 else (value[0], value[0])


def _optional_pair(value):
    return None if value is None else _pair(value)


def _pads(value):
    """ZeroPadding2D / Cropping2D config -> ((top, bottom), (left, right))."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    first, second = value
    first = (first, first) if isinstance(first, int) else tuple(first)
    second = (second, second) if isinstance(second, int) else tuple(second)
    return (first, second)


def _weight_counts(layer):
    """(trainable, non-trainable) weight values, for layers without a formula."""
    trainable = sum(math.prod(weight.shape) for weight in getattr(layer, "trainable_weights", []))
    others = sum(math.prod(weight.shape) for weight in getattr(layer, "non_trainable_weights", []))
    return int(trainable), int(others)


def _keras_output_shape(layer, node):
    outputs = node.outputs if node is not None else []
    if outputs:
        return tuple(outputs[0].shape[1:])
    return ()
