"""The formula engine: one layer's output volume, parameters, multiply-adds and receptive field.

Every number comes from our own formulas (`models.geometry`: `(W-F+2P)/S+1` and friends), never
from Keras, so a table explains a network the way the cs231n notes do and tests can check it
against Keras. A layer reaches the engine as a neutral `LayerNode`, whether it was parsed from
a pattern (`models.table.spec_table`) or read off a Keras graph (`models.keras_graph`); each
call to `compute_layer` adds one `ArchRow` to a `FormulaContext`.

Pure Python: no Keras here.
"""

import dataclasses
import math

from models import geometry

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
        window: the `Window` of a convolution or pool (F, S, P, dilation, groups), else None.
        notes: the table's notes about this layer (`core.messages.Message`s: a window rounded
            down, uneven `same` padding).
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
    window: object = None
    notes: tuple = ()

    def to_json(self):
        """The row as the `arch --json` output lists it; a convolution or pool adds its `Window`'s fields."""
        data = {
            "name": self.name,
            "type": self.type,
            "output_shape": list(self.output_shape),
            "params": self.params,
            "macs": self.macs,
            "activation_values": self.activation_values,
            # Whether those values enter the total (the cs231n convention): the totals add up from the rows.
            "counted": self.counted,
            "receptive_field": self.receptive_field,
        }
        if self.window is not None:
            data.update(self.window.to_json())
        return data


@dataclasses.dataclass(frozen=True)
class Window:
    """The sliding window of a convolution or pool, with the padding Keras actually adds.

    Attributes:
        kernel: (height, width) of the filter F before dilation.
        strides: (height, width) stride S.
        pads: (top, bottom, left, right) zero padding in pixels: the layer's own, or what Keras
            `same` adds (the odd pixel after: bottom, right).
        mode: "valid", "same", or "explicit" for padding written out (a pattern's P).
        dilation: (height, width) dilation D.
        groups: filter groups (ResNeXt's cardinality, AlexNet's two columns); 1 for a plain conv.
    """

    kernel: tuple
    strides: tuple
    pads: tuple
    mode: str
    dilation: tuple = (1, 1)
    groups: int = 1

    def to_json(self):
        """The fields `arch --json` adds to the layer's row."""
        return {
            "filter": list(self.kernel),
            "stride": list(self.strides),
            "padding": list(self.pads),
            "padding_mode": self.mode,
            "dilation": list(self.dilation),
            "groups": self.groups,
        }

    def text(self, times="x"):
        """The window in the table's compact form, in the pattern's letters: `3x3/1 P=1`, `3x3/2 P=0+1`
        (before+after), `3x3/1 P=1 G=32` (groups), `3x3/1 P=2 D=2` (dilation)."""
        kernel = times.join(str(side) for side in self.kernel)
        parts = [f"{kernel}/{_pair_text(self.strides, times)}", self.padding_text()]
        if self.dilation != (1, 1):
            parts.append("D=" + _pair_text(self.dilation, times))
        if self.groups != 1:
            parts.append(f"G={self.groups}")
        return " ".join(parts)

    def padding_text(self):
        """`P=1`; `P=0+1` when the same before and after on both axes differ; `P=1+1,0+0` per axis otherwise."""
        top, bottom, left, right = self.pads
        if top == bottom == left == right:
            return f"P={top}"
        if (top, bottom) == (left, right):
            return f"P={top}+{bottom}"
        return f"P={top}+{bottom},{left}+{right}"


def _pair_text(pair, times):
    """A stride or dilation: one number when both axes have it (`2`), else both (`1x2`)."""
    return str(pair[0]) if pair[0] == pair[1] else times.join(str(side) for side in pair)


def format_shape(shape):
    """`(224, 224, 64)` -> `224x224x64`; unknown sides print as `?`."""
    return "x".join("?" if side is None else str(side) for side in shape)


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
    """A tensor between layers: shape without batch, receptive field and jump (input pixels per step).

    `whole` is set by Flatten: the field of a unit that reads every value of the flattened volume
    (the next FC's). Each flattened value keeps its own unit's `field`.
    """

    shape: tuple
    field: tuple = (1, 1)
    jump: tuple = (1, 1)
    whole: tuple = None



class FormulaContext:
    """What one table computation accumulates: rows, parameter totals, warnings and notes.

    Args:
        strict: refuse a window that does not tile its input (patterns), instead of
            following Keras's rounding and noting it (built models).
        sizing_habits: warn about a conv that shrinks the volume where `P=(F-1)/2` would keep it.
    """

    def __init__(self, strict, sizing_habits):
        self.strict = strict
        self.sizing_habits = sizing_habits
        self.rows = []
        self.warnings = []
        self.notes = []
        self.window = None  # The `Window` of the layer being computed, set by `_window`.
        self.counted_keys = set()
        self.trainable = 0
        self.non_trainable = 0

    def add(self, node, row):
        """Keeps `row`; a layer applied twice (same `node.key`) counts its parameters once."""
        self.rows.append(row)
        if node.key is None or node.key not in self.counted_keys:  # No key: a layer used once.
            self.counted_keys.add(node.key)
            self.trainable += row.trainable_params
            self.non_trainable += row.non_trainable_params


def compute_layer(node, inputs, context):
    """Applies our formulas to one layer.

    Args:
        node: the `LayerNode`.
        inputs: the `Volume`s reaching it.
        context: the `FormulaContext` collecting rows, totals and warnings.

    Returns:
        The output `Volume`.

    Raises:
        GeometryError: the layer's window does not fit its input.
    """
    handler = _HANDLERS.get(node.op, _unknown)
    context.window, notes_before = None, len(context.notes)
    volume, params, macs = handler(node, inputs, context)
    trainable, non_trainable = params
    if not node.trainable:
        trainable, non_trainable = 0, trainable + non_trainable
    field = tuple(math.ceil(side) for side in volume.field)  # Whole pixels, even after an enlarging layer.
    row = ArchRow(
        name=node.name, type=node.type, output_shape=tuple(volume.shape), params=trainable + non_trainable,
        macs=macs, activation_values=_size(volume.shape), receptive_field=max(field), trainable_params=trainable,
        non_trainable_params=non_trainable, receptive_field_hw=field, counted=node.op in COUNTED_OPS,
        window=context.window, notes=tuple(context.notes[notes_before:]))
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


def _window(node, volume, context, kernel, strides, padding, dilation=(1, 1), show_padding=True, groups=1):
    """Output (height, width) and the new field and jump of a sliding window; keeps its `Window` in `context`."""
    height, width, _ = _spatial(node, volume)
    context.window = _window_of((height, width), kernel, strides, padding, dilation, groups)
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


def _window_of(sides, kernel, strides, padding, dilation, groups):
    """The `Window` with the padding in pixels that Keras adds for `padding`."""
    if padding == "same":
        pads = [geometry.same_pads(sides[axis], kernel[axis], strides[axis], dilation[axis]) for axis in range(2)]
    elif padding == "valid":
        pads = [(0, 0), (0, 0)]
    else:
        pads = padding
    mode = padding if padding in ("same", "valid") else "explicit"
    return Window(tuple(kernel), tuple(strides), tuple(pads[0]) + tuple(pads[1]), mode, tuple(dilation), groups)


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
                                          config["padding"], config.get("dilation", (1, 1)), groups=groups)
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
                                          config["padding"], config.get("dilation", (1, 1)), groups=channels)
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
    """Each value stays one unit of the volume (VGG16's flatten: a pool5 unit, 212 px); the FC after it
    reads them all (`whole`: 404 px)."""
    volume = inputs[0]
    whole = _whole_window(volume)[0] if len(volume.shape) == 3 else volume.whole
    return Volume((_size(volume.shape),), volume.field, volume.jump, whole), (0, 0), 0


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
    field = volume.whole or volume.field  # After a Flatten, each unit reads the whole flattened volume.
    return Volume(shape, field, volume.jump), (params, 0), positions * in_units * units


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
    shape = _broadcast(shapes)
    if shape is None:
        raise geometry.GeometryError(f"{node.name}: cannot combine volumes of different shapes "
                                     f"{', '.join(format_shape(shape) for shape in sorted(shapes))}")
    return Volume(shape, field, jump), (0, 0), 0


def _broadcast(shapes):
    """The shape Keras's merge layers give volumes of these shapes (NumPy broadcasting: a side
    of 1 stretches, as the 1x1xC gates of squeeze-and-excitation blocks do); None if they do not fit."""
    rank = max(len(shape) for shape in shapes)
    padded = [(1,) * (rank - len(shape)) + tuple(shape) for shape in shapes]
    result = []
    for sides in zip(*padded):
        larger = {side for side in sides if side != 1}
        if len(larger) > 1:
            return None
        result.append(larger.pop() if larger else 1)
    return tuple(result)


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
