"""The one walk through a Keras model's graph, and the layer table's use of it (imports Keras; `table` does not).

Keras can give the output of a top-level layer, but not of a layer inside a nested model,
and has no public API for a model's nodes. So `run_layers` runs the graph itself: for each
node, in the order Keras runs them, it calls the node's layer on the values computed so far,
walking into nested Sequential and Functional models instead of calling them whole. The
values can be anything: tensors (`inspection.engine`: every layer's output from one forward
pass), symbolic specs (`inspection.graph.describe`: the layer list), or the table's volumes
(`walk` below). This module is the only one that reads Keras's private graph attributes
(`_nodes_by_depth`, `node.arguments`, `_outputs_struct`, `Sequential._functional`); the engine
tests compare every layer's output with Keras's, so a Keras upgrade that changes them fails loudly.

For the table only layer configs are read (kernel sizes, strides, padding, filters, units);
shapes, parameters and costs are then computed by `models.layer_formulas.compute_layer`. Layers we
have no formula for keep Keras's output shape and weight count.
"""

import math

import keras

from models.layer_formulas import LayerNode, Volume, compute_layer
from models.layers import ColourConstancy, L2Pooling2D, LocalResponseNormalization

# Layers that keep the shape and compute nothing we count (their weights, if any, still count).
_ELEMENTWISE = tuple(getattr(keras.layers, name) for name in (
    "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax", "Dropout", "SpatialDropout1D",
    "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Rescaling", "Identity",
    "ActivityRegularization", "Normalization", "RandomFlip", "RandomRotation", "RandomZoom",
    "RandomContrast", "RandomTranslation", "RandomBrightness", "LayerNormalization", "UnitNormalization",
) if hasattr(keras.layers, name)) + (LocalResponseNormalization, ColourConstancy)
_MERGES = (keras.layers.Add, keras.layers.Subtract, keras.layers.Multiply, keras.layers.Average,
           keras.layers.Maximum, keras.layers.Minimum)
_POOLS = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D, L2Pooling2D)
_GLOBAL_POOLS = (keras.layers.GlobalAveragePooling2D, keras.layers.GlobalMaxPooling2D)


# The walk.

def is_graph_model(layer):
    """Tells whether `layer` is a model whose graph we can walk into (Sequential or Functional)."""
    from keras.src.models.functional import Functional

    if isinstance(layer, keras.Sequential):
        return True
    return isinstance(layer, Functional) and type(layer).call is Functional.call


def run_layers(model, inputs, apply, visit=None):
    """Runs `model` on `inputs` one layer call at a time.

    Args:
        model: a Keras model (Sequential, Functional, nested models inside allowed).
        inputs: the model's input value(s): tensors, `KerasTensor` specs or any other values.
        apply: callable(layer, args, kwargs, node) -> outputs, called for each leaf layer
            call; `args` and `kwargs` are the call's arguments with the computed values in
            place of the graph's tensors; `node` is the Keras node (None in a Sequential
            model never built on an input).
        visit: optional callable(key, layer, outputs, inputs) called after each layer call,
            nested models included, in execution order; `key` is (path, call index) and
            `inputs` the flat list of input values of that call.

    Returns:
        The model's outputs, structured as the model returns them.
    """
    return _Walker(apply, visit).run_model(model, inputs, ())


def nodes_in_run_order(functional):
    """The layer-calling nodes of a functional graph, inputs first.

    Deepest first, as Keras runs them; nodes of the same depth (independent of one another)
    in the order of the model's layers, so tables read like `model.summary()`.
    """
    order = {id(operation): index for index, operation in enumerate(functional.operations)}
    for depth in sorted(functional._nodes_by_depth, reverse=True):
        nodes = sorted(functional._nodes_by_depth[depth], key=lambda node: order.get(id(node.operation), 0))
        for node in nodes:
            if node.operation is not None and not node.is_input:
                yield node


class _Walker:
    def __init__(self, apply, visit):
        self._apply = apply
        self._visit = visit
        self._calls = {}

    def run_model(self, model, inputs, path):
        functional = model._functional if isinstance(model, keras.Sequential) else model
        if functional is None:
            return self._run_plain_sequential(model, inputs, path)
        flat_inputs = keras.tree.flatten(inputs)
        values = {id(symbol): value for symbol, value in zip(functional.inputs, flat_inputs)}
        for node in nodes_in_run_order(functional):
            if any(id(symbol) not in values for symbol in node.input_tensors):
                continue  # Not connected to the inputs; Keras skips such nodes too.
            args, kwargs = node.arguments.fill_in(values)
            node_inputs = [values[id(symbol)] for symbol in node.input_tensors]
            outputs = self._call_layer(node.operation, args, kwargs, node_inputs, path, node)
            for symbol, value in zip(node.outputs, keras.tree.flatten(outputs)):
                values[id(symbol)] = value
        outputs = [values[id(symbol)] for symbol in functional.outputs]
        return keras.tree.pack_sequence_as(functional._outputs_struct, outputs)

    def _run_plain_sequential(self, model, inputs, path):
        # A Sequential model never built on an `Input`: its layers simply follow one another.
        for layer in model.layers:
            inputs = self._call_layer(layer, (inputs,), {}, [inputs], path, None)
        return inputs

    def _call_layer(self, layer, args, kwargs, node_inputs, path, node):
        layer_path = path + (layer.name,)
        call_index = self._calls.get(id(layer), 0)
        self._calls[id(layer)] = call_index + 1
        if is_graph_model(layer):
            outputs = self.run_model(layer, args[0] if args else kwargs["inputs"], layer_path)
        else:
            outputs = self._apply(layer, args, kwargs, node)
        if self._visit is not None:
            self._visit((layer_path, call_index), layer, outputs, node_inputs)
        return outputs


# The layer table.

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
        input_volumes: one `layer_formulas.Volume` per graph input.
        context: the `layer_formulas.FormulaContext` collecting rows.

    Returns:
        The `layer_formulas.Volume` of each graph output.
    """
    def apply(layer, args, kwargs, node):
        inputs = [value for value in keras.tree.flatten((args, kwargs)) if isinstance(value, Volume)]
        return compute_layer(layer_node_for(layer, node), inputs, context)

    outputs = run_layers(graph, input_volumes if len(input_volumes) > 1 else input_volumes[0], apply)
    return keras.tree.flatten(outputs)


def layer_node_for(layer, node=None):
    """Describes one Keras layer as a `layer_formulas.LayerNode`.

    Args:
        layer: a Keras layer (or any graph operation).
        node: the graph node calling it, used for the fallback shape of unknown layers.
    """
    kind, config = _describe(layer)
    layer_node = LayerNode(
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
