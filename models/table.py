"""The layer table: shape, parameters, multiply-adds, activation values and receptive field of every layer.

Everything is computed by our own formulas (`models.geometry`), never read off Keras, so the
table explains a network the way the cs231n notes do and tests can check it against Keras.
Both entry points turn their input into the same neutral `LayerNode`s and run them through
one `compute_layer`:

- `spec_table(pattern, input_shape, num_classes)`: pure Python, for a pattern the user is
  still typing; refuses geometry that does not fit (`GeometryError`).
- `architecture_table(model)`: any built `keras.Model` (Sequential, Functional, models nested
  in models), walking its graph; the receptive field of a merge is the largest of its inputs.
  A layer type we have no formula for falls back to Keras's shape and parameter count.
"""

import dataclasses
import math

from models import geometry
from models import pattern as pattern_module

# Layers whose output is new memory, as in the cs231n tables (input, CONV, POOL, FC). The
# others (activations, dropout, batch norm, flatten, padding, concatenation) transform or
# view values already counted.
COUNTED_OPS = ("input", "conv", "depthwise", "separable", "pool", "global_pool", "dense", "merge",
               "transpose_conv", "upsample")


@dataclasses.dataclass
class ArchRow:
    """One layer of the table.

    Attributes:
        name: layer name.
        type: Keras layer class name.
        output_shape: output shape without the batch axis.
        params: parameters (trainable and not).
        macs: multiply-adds for one image.
        activation_values: values in the output for one image.
        receptive_field: input pixels one output unit sees (the larger of height and width).
        trainable_params: parameters updated by training.
        non_trainable_params: the others (batch norm moving statistics, frozen layers).
        receptive_field_hw: (height, width) of the receptive field.
        counted: whether `activation_values` enters the table's total.
    """

    name: str
    type: str
    output_shape: tuple
    params: int = 0
    macs: int = 0
    activation_values: int = 0
    receptive_field: int = 1
    trainable_params: int = 0
    non_trainable_params: int = 0
    receptive_field_hw: tuple = (1, 1)
    counted: bool = False

    def to_json(self):
        """The row as the `arch --json` output lists it."""
        return {
            "name": self.name,
            "type": self.type,
            "output_shape": list(self.output_shape),
            "params": self.params,
            "macs": self.macs,
            "activation_values": self.activation_values,
            "receptive_field": self.receptive_field,
        }


@dataclasses.dataclass
class ArchTable:
    """A network's layer table and its totals.

    Attributes:
        name: model name.
        input_shape: (height, width, channels).
        classes: number of output classes.
        total_params, trainable_params, non_trainable_params: parameter totals.
        macs: multiply-adds for one image.
        activation_values: values held per image by the input and every conv, pool, FC and
            add output (the cs231n convention).
        rows: one `ArchRow` per layer, input first.
        warnings: sizing habits broken (patterns only): a problem to fix.
        notes: windows that Keras's `valid` padding rounded down in a built model. Published
            designs do this on purpose (ResNet's stride-2 1x1 shortcut on an even side), so it
            is worth knowing, not a problem.
    """

    name: str
    input_shape: tuple
    classes: int
    total_params: int
    trainable_params: int
    non_trainable_params: int
    macs: int
    activation_values: int
    rows: list
    warnings: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)

    def row(self, name):
        """Returns the row of layer `name`.

        Raises:
            KeyError: no layer has that name.
        """
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def to_json(self):
        """The table as the `arch --json` output prints it."""
        return {
            "name": self.name,
            "input_shape": list(self.input_shape),
            "classes": self.classes,
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "macs": self.macs,
            "activation_values": self.activation_values,
            "layers": [row.to_json() for row in self.rows],
        }

    def format_text(self):
        """Returns a table like `model.summary()`, with our columns."""
        headers = ("Layer (type)", "Output shape", "Params", "MACs", "Values", "RF")
        lines = [(f"{row.name} ({row.type})", format_shape(row.output_shape), f"{row.params:,}", f"{row.macs:,}",
                  f"{row.activation_values:,}", str(row.receptive_field)) for row in self.rows]
        widths = [max(len(cells[index]) for cells in [headers] + lines) for index in range(len(headers))]
        rule = "-" * (sum(widths) + 2 * (len(widths) - 1))

        def join(cells):
            left = cells[0].ljust(widths[0])
            rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
            return "  ".join([left] + rest)

        output = self.rows[-1].output_shape if self.rows else ()  # A map for a segmenter, not class scores.
        outputs = f"output {format_shape(output)}" if len(output) == 3 else f"{self.classes} classes"
        text = [f'Model: "{self.name}"  input {format_shape(self.input_shape)}, {outputs}',
                rule, join(headers), rule]
        text += [join(cells) for cells in lines]
        text += [rule,
                 f"Total params: {self.total_params:,} (trainable {self.trainable_params:,}, "
                 f"non-trainable {self.non_trainable_params:,})",
                 f"Multiply-adds per image: {self.macs:,} ({format_count(self.macs)})",
                 f"Activation values per image: {self.activation_values:,} ({format_count(self.activation_values)})"]
        text += [f"warning: {warning}" for warning in self.warnings]
        text += [f"note: {note}" for note in self.notes]
        return "\n".join(text)


def format_shape(shape):
    """`(224, 224, 64)` -> `224x224x64`; unknown sides print as `?`."""
    return "x".join("?" if side is None else str(side) for side in shape)


def format_count(value):
    """A short human count: 15.2 M, 4.23 G."""
    for factor, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= factor:
            return f"{value / factor:.3g} {unit}"
    return str(value)


# The neutral layer description and what flows between layers.

@dataclasses.dataclass
class LayerNode:
    """A layer described for the formulas, whether it came from a pattern or from Keras.

    Attributes:
        name: layer name.
        type: Keras class name.
        op: the formula family: input, conv, depthwise, separable, transpose_conv, pool,
            global_pool, upsample, zero_pad, crop, dense, flatten, batchnorm, elementwise, merge,
            concat, reshape or unknown.
        config: the numbers the formulas need (kernel, strides, padding, filters, ...).
        trainable: False when the layer is frozen (all its parameters are then non-trainable).
        key: identity of the layer, so a layer applied twice is counted once in the totals.
        fallback: for `unknown` (and `elementwise` with weights): the shape Keras reports and
            (trainable, non-trainable) parameter counts.
    """

    name: str
    type: str
    op: str
    config: dict = dataclasses.field(default_factory=dict)
    trainable: bool = True
    key: object = None
    fallback: dict = None


@dataclasses.dataclass(frozen=True)
class Volume:
    """A tensor between layers: shape without batch, receptive field and jump (input pixels per step)."""

    shape: tuple
    field: tuple = (1, 1)
    jump: tuple = (1, 1)


class _Context:
    """What one table computation accumulates: totals, counted layers, warnings and notes."""

    def __init__(self, strict, sizing_habits):
        self.strict = strict
        self.sizing_habits = sizing_habits
        self.rows = []
        self.warnings = []
        self.notes = []
        self.counted_keys = set()
        self.trainable = 0
        self.non_trainable = 0

    def add(self, node, row):
        self.rows.append(row)
        if node.key is None or node.key not in self.counted_keys:  # No key: a layer used once.
            self.counted_keys.add(node.key)
            self.trainable += row.trainable_params
            self.non_trainable += row.non_trainable_params

    def table(self, name, input_shape, classes):
        return ArchTable(
            name=name, input_shape=tuple(input_shape), classes=classes,
            total_params=self.trainable + self.non_trainable, trainable_params=self.trainable,
            non_trainable_params=self.non_trainable, macs=sum(row.macs for row in self.rows),
            activation_values=sum(row.activation_values for row in self.rows if row.counted),
            rows=self.rows, warnings=self.warnings, notes=self.notes)


def compute_layer(node, inputs, context):
    """Applies our formulas to one layer.

    Args:
        node: the `LayerNode`.
        inputs: the `Volume`s reaching it.
        context: the `_Context` collecting rows, totals and warnings.

    Returns:
        The output `Volume`.

    Raises:
        GeometryError: the layer's window does not fit its input.
    """
    handler = _HANDLERS.get(node.op, _unknown)
    volume, params, macs = handler(node, inputs, context)
    trainable, non_trainable = params
    if not node.trainable:
        trainable, non_trainable = 0, trainable + non_trainable
    field = tuple(math.ceil(side) for side in volume.field)  # Whole pixels, even after an enlarging layer.
    row = ArchRow(
        name=node.name, type=node.type, output_shape=tuple(volume.shape), params=trainable + non_trainable,
        macs=macs, activation_values=_size(volume.shape), receptive_field=max(field), trainable_params=trainable,
        non_trainable_params=non_trainable, receptive_field_hw=field, counted=node.op in COUNTED_OPS)
    context.add(node, row)
    return volume


def _size(shape):
    return math.prod(side for side in shape if side is not None) if shape else 0


def _spatial(node, volume):
    if len(volume.shape) != 3:
        raise geometry.GeometryError(
            f"{node.name}: {node.type} needs a height x width x channels volume, got {format_shape(volume.shape)}")
    return volume.shape


def _axes(height, width):
    """Axis labels for messages: none when the input is square."""
    return ("", "") if height == width else ("height", "width")


def _window(node, volume, context, kernel, strides, padding, dilation=(1, 1), show_padding=True):
    """Output (height, width) and the new field and jump of a sliding window."""
    height, width, _ = _spatial(node, volume)
    pads = _pads(padding)
    labels = _axes(height, width)
    sides = []
    for axis in range(2):
        side, note = geometry.keras_padding_output(
            (height, width)[axis], kernel[axis], strides[axis], pads[axis], dilation[axis],
            strict=context.strict, layer=node.name, axis=labels[axis], show_padding=show_padding)
        if note and note not in context.notes:
            context.notes.append(note)
        sides.append(side)
    steps = [geometry.receptive_field_step(volume.field[axis], volume.jump[axis], kernel[axis], strides[axis],
                                           dilation[axis]) for axis in range(2)]
    field = (steps[0][0], steps[1][0])
    jump = (steps[0][1], steps[1][1])
    return tuple(sides), field, jump


def _pads(padding):
    """Per-axis padding: "same", "valid" or (before, after)."""
    if padding in ("same", "valid"):
        return padding, padding
    return tuple(padding[0]), tuple(padding[1])


def _input(node, inputs, context):
    return Volume(tuple(node.config["shape"])), (0, 0), 0


def _conv(node, inputs, context):
    volume = inputs[0]
    height, width, channels = _spatial(node, volume)
    config = node.config
    groups = config.get("groups", 1)
    if channels % groups or config["filters"] % groups:
        raise geometry.GeometryError(
            f"{node.name}: {channels} input channels and {config['filters']} filters must both divide into "
            f"{groups} groups")
    (out_h, out_w), field, jump = _window(node, volume, context, config["kernel"], config["strides"],
                                          config["padding"], config.get("dilation", (1, 1)))
    _check_shrink(node, context, (height, width), (out_h, out_w))
    kernel_h, kernel_w = config["kernel"]
    params = geometry.conv_params(kernel_h, kernel_w, channels, config["filters"], groups, config["use_bias"])
    macs = geometry.conv_macs(out_h, out_w, kernel_h, kernel_w, channels, config["filters"], groups)
    return Volume((out_h, out_w, config["filters"]), field, jump), (params, 0), macs


def _check_shrink(node, context, sides_in, sides_out):
    if not context.sizing_habits:
        return
    padding = node.config["padding"]
    pad = padding[0][0] if isinstance(padding, tuple) else 0
    warning = geometry.shrink_warning(node.name, sides_in[1], sides_out[1], node.config["kernel"][1],
                                      node.config["strides"][1], pad, node.config.get("dilation", (1, 1))[1])
    if warning:
        context.warnings.append(warning)


def _depthwise(node, inputs, context):
    volume = inputs[0]
    _, _, channels = _spatial(node, volume)
    config = node.config
    (out_h, out_w), field, jump = _window(node, volume, context, config["kernel"], config["strides"],
                                          config["padding"], config.get("dilation", (1, 1)))
    out_channels = channels * config["multiplier"]
    kernel_h, kernel_w = config["kernel"]
    params = geometry.conv_params(kernel_h, kernel_w, channels, out_channels, channels, config["use_bias"])
    macs = geometry.conv_macs(out_h, out_w, kernel_h, kernel_w, channels, out_channels, channels)
    return Volume((out_h, out_w, out_channels), field, jump), (params, 0), macs


def _separable(node, inputs, context):
    volume = inputs[0]
    _, _, channels = _spatial(node, volume)
    config = node.config
    (out_h, out_w), field, jump = _window(node, volume, context, config["kernel"], config["strides"],
                                          config["padding"], config.get("dilation", (1, 1)))
    middle = channels * config["multiplier"]
    kernel_h, kernel_w = config["kernel"]
    depthwise = geometry.conv_params(kernel_h, kernel_w, channels, middle, channels, use_bias=False)
    pointwise = geometry.conv_params(1, 1, middle, config["filters"], 1, config["use_bias"])
    macs = (geometry.conv_macs(out_h, out_w, kernel_h, kernel_w, channels, middle, channels)
            + geometry.conv_macs(out_h, out_w, 1, 1, middle, config["filters"]))
    return Volume((out_h, out_w, config["filters"]), field, jump), (depthwise + pointwise, 0), macs


def _enlarging(node, inputs, context):
    """Transposed convolutions and upsampling: `geometry.transposed_conv`'s and `geometry.upsampling`'s formulas."""
    volume = inputs[0]
    formula = geometry.transposed_conv if node.op == "transpose_conv" else geometry.upsampling
    shape, field, jump, params, macs = formula(_spatial(node, volume), volume.field, volume.jump, node.config)
    return Volume(shape, field, jump), (params, 0), macs


def _pool(node, inputs, context):
    volume = inputs[0]
    _, _, channels = _spatial(node, volume)
    config = node.config
    (out_h, out_w), field, jump = _window(node, volume, context, config["kernel"], config["strides"],
                                          config["padding"], show_padding=False)
    return Volume((out_h, out_w, channels), field, jump), (0, 0), 0


def _whole_window(volume):
    """Field and jump after a window covering the whole height and width (flatten, global pool)."""
    height, width = volume.shape[:2]
    field = tuple(geometry.receptive_field_step(volume.field[axis], volume.jump[axis], (height, width)[axis], 1)[0]
                  for axis in range(2))
    return field, volume.jump


def _global_pool(node, inputs, context):
    volume = inputs[0]
    _, _, channels = _spatial(node, volume)
    field, jump = _whole_window(volume)
    shape = (1, 1, channels) if node.config.get("keepdims") else (channels,)
    return Volume(shape, field, jump), (0, 0), 0


def _flatten(node, inputs, context):
    volume = inputs[0]
    if len(volume.shape) == 3:
        field, jump = _whole_window(volume)
    else:
        field, jump = volume.field, volume.jump
    return Volume((_size(volume.shape),), field, jump), (0, 0), 0


def _zero_pad(node, inputs, context):
    volume = inputs[0]
    height, width, channels = _spatial(node, volume)
    (top, bottom), (left, right) = node.config["padding"]
    sign = -1 if node.op == "crop" else 1
    shape = (height + sign * (top + bottom), width + sign * (left + right), channels)
    if min(shape[:2]) < 1:
        raise geometry.GeometryError(f"{node.name}: cropping {format_shape(volume.shape)} leaves nothing")
    return Volume(shape, volume.field, volume.jump), (0, 0), 0


def _dense(node, inputs, context):
    volume = inputs[0]
    in_units = volume.shape[-1]
    units = node.config["units"]
    positions = _size(volume.shape[:-1]) if len(volume.shape) > 1 else 1
    params = geometry.dense_params(in_units, units, node.config["use_bias"])
    shape = tuple(volume.shape[:-1]) + (units,)
    return Volume(shape, volume.field, volume.jump), (params, 0), positions * in_units * units


def _batchnorm(node, inputs, context):
    volume = inputs[0]
    trainable, moving = geometry.batchnorm_params(volume.shape[-1], node.config.get("center", True),
                                                  node.config.get("scale", True))
    return volume, (trainable, moving), 0


def _elementwise(node, inputs, context):
    params = node.fallback["params"] if node.fallback else (0, 0)
    return inputs[0], params, 0


def _merged_field(inputs):
    field = tuple(max(volume.field[axis] for volume in inputs) for axis in range(2))
    jump = tuple(max(volume.jump[axis] for volume in inputs) for axis in range(2))
    return field, jump


def _merge(node, inputs, context):
    field, jump = _merged_field(inputs)
    shapes = {tuple(volume.shape) for volume in inputs}
    if len(shapes) > 1:
        raise geometry.GeometryError(f"{node.name}: cannot combine volumes of different shapes "
                                     f"{', '.join(format_shape(shape) for shape in sorted(shapes))}")
    return Volume(inputs[0].shape, field, jump), (0, 0), 0


def _concat(node, inputs, context):
    field, jump = _merged_field(inputs)
    rank = len(inputs[0].shape)
    axis = node.config.get("axis", -1)
    axis = axis - 1 if axis >= 0 else rank + axis  # Keras counts the batch axis.
    others = {tuple(side for index, side in enumerate(volume.shape) if index != axis) for volume in inputs}
    if len(others) > 1:
        raise geometry.GeometryError(f"{node.name}: cannot concatenate volumes "
                                     f"{', '.join(format_shape(volume.shape) for volume in inputs)}")
    shape = list(inputs[0].shape)
    shape[axis] = sum(volume.shape[axis] for volume in inputs)
    return Volume(tuple(shape), field, jump), (0, 0), 0


def _reshape(node, inputs, context):
    volume = inputs[0]
    target = list(node.config["target_shape"])
    if -1 in target:
        known = math.prod(side for side in target if side != -1)
        target[target.index(-1)] = _size(volume.shape) // known
    return Volume(tuple(target), volume.field, volume.jump), (0, 0), 0


def _unknown(node, inputs, context):
    fallback = node.fallback or {}
    field, jump = _merged_field(inputs) if inputs else ((1, 1), (1, 1))
    shape = fallback.get("shape") or (inputs[0].shape if inputs else ())
    return Volume(tuple(shape), field, jump), fallback.get("params", (0, 0)), 0


_HANDLERS = {
    "input": _input,
    "conv": _conv,
    "depthwise": _depthwise,
    "separable": _separable,
    "transpose_conv": _enlarging,
    "upsample": _enlarging,
    "pool": _pool,
    "global_pool": _global_pool,
    "flatten": _flatten,
    "zero_pad": _zero_pad,
    "crop": _zero_pad,
    "dense": _dense,
    "batchnorm": _batchnorm,
    "elementwise": _elementwise,
    "merge": _merge,
    "concat": _concat,
    "reshape": _reshape,
    "unknown": _unknown,
}


# Patterns (pure Python).

def spec_table(spec_or_text, input_shape, num_classes):
    """The layer table of a pattern, without Keras; refuses geometry that does not fit.

    Args:
        spec_or_text: a `PatternSpec` or pattern text.
        input_shape: (height, width, channels).
        num_classes: number of classes (the last FC's units).

    Returns:
        An `ArchTable` whose rows have the names the built model will have; `warnings`
        lists broken sizing habits (an input that cannot be halved once per pool, a conv that
        shrinks the volume where `P=(F-1)/2` would keep it).

    Raises:
        PatternError: a syntax error.
        GeometryError: a window that does not fit (`(W-F+2P)/S` not whole, or output below 1).
        ValueError: a bad input shape or class count.
    """
    from models import presets

    input_shape = presets.check_input_shape(input_shape)
    presets.check_num_classes(num_classes)
    planned = pattern_module.plan(spec_or_text, num_classes)
    context = _Context(strict=True, sizing_habits=True)
    pools = sum(1 for layer in planned if layer.kind == "POOL")
    height, width = input_shape[:2]
    sides = [("side", height)] if height == width else [("height", height), ("width", width)]
    for axis, side in sides:
        warning = geometry.halving_warning(side, pools, axis)
        if warning:
            context.warnings.append(warning)
    volume = compute_layer(LayerNode("input", "InputLayer", "input", {"shape": input_shape}), [], context)
    volume = compute_layer(LayerNode("rescaling", "Rescaling", "elementwise"), [volume], context)
    for layer in planned:
        volume = compute_layer(planned_node(layer), [volume], context)
    return context.table("pattern", input_shape, num_classes)


def planned_node(layer):
    """Turns a `PlannedLayer` into a `LayerNode` (padding P as written, for the strict formula)."""
    config = layer.config
    if layer.kind == "CONV":
        padding = "same" if config["P"] == "same" else ((config["P"], config["P"]), (config["P"], config["P"]))
        return LayerNode(layer.name, layer.type, "conv", {
            "filters": config["K"], "kernel": (config["F"], config["F"]), "strides": (config["S"], config["S"]),
            "padding": padding, "dilation": (config["D"], config["D"]), "groups": 1, "use_bias": True})
    if layer.kind == "POOL":
        return LayerNode(layer.name, layer.type, "pool", {
            "kernel": (config["F"], config["F"]), "strides": (config["S"], config["S"]), "padding": "valid"})
    if layer.kind == "FC":
        return LayerNode(layer.name, layer.type, "dense", {"units": config["N"], "use_bias": True})
    op = {"FLATTEN": "flatten", "GAP": "global_pool", "NORM": "batchnorm"}.get(layer.kind, "elementwise")
    return LayerNode(layer.name, layer.type, op, {})


# Keras models.

def architecture_table(model, input_shape=None):
    """The layer table of any built Keras model, computed by our formulas from layer configs.

    Args:
        model: a built `keras.Model` (Sequential or Functional; nested models are expanded).
        input_shape: (height, width, channels) to compute the table for instead of the
            model's own input (e.g. to see whether a larger image fits); layers without a
            formula then still report the shape Keras gave them.

    Returns:
        An `ArchTable`. Keras's own rounding (`valid` windows that do not tile) is followed
        and listed in `notes`.

    Raises:
        ValueError: the model is not built (has no inputs).
        GeometryError: with `input_shape`, a layer whose output would be smaller than 1.
    """
    from models import keras_graph

    context = _Context(strict=False, sizing_habits=False)
    functional = keras_graph.functional_of(model)
    input_volumes = []
    for index, tensor in enumerate(functional.inputs):
        shape = tuple(input_shape) if input_shape is not None and index == 0 else tuple(tensor.shape[1:])
        layer = tensor._keras_history.operation
        node = LayerNode(layer.name, "InputLayer", "input", {"shape": shape}, key=id(layer))
        input_volumes.append(compute_layer(node, [], context))
    outputs = keras_graph.walk(functional, input_volumes, context)
    classes = outputs[0].shape[-1] if outputs and outputs[0].shape else 0
    return context.table(model.name, input_volumes[0].shape, classes)
