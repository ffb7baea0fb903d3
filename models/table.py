"""The layer table: shape, parameters, multiply-adds, activation values and receptive field of every layer.

The numbers come from the formula engine (`models.layer_formulas`), never from Keras. Both
entry points turn their input into the engine's neutral `LayerNode`s:

- `spec_table(pattern, input_shape, num_classes)`: pure Python, for a pattern the user is
  still typing; refuses geometry that does not fit (`GeometryError`).
- `architecture_table(model)`: any built `keras.Model` (Sequential, Functional, models nested
  in models), walked by `models.keras_graph`; the receptive field of a merge is the largest of
  its inputs. A layer type we have no formula for falls back to Keras's shape and parameter count.
"""

import dataclasses

from core.messages import Message
from models import geometry
from models import pattern as pattern_module
from models.layer_formulas import ArchRow, FormulaContext, LayerNode, compute_layer, format_shape

__all__ = ["ArchRow", "ArchTable", "architecture_table", "format_count", "format_shape", "planned_node",
           "spec_table"]


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
        notes: windows that Keras's `valid` padding rounded down in a built model, and `same`
            padding that is uneven (ZFNet's pools). Published designs do this on purpose (ResNet's
            stride-2 1x1 shortcut on an even side), so it is worth knowing, not a problem.
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
    heads: tuple = ()  # The classes of each output of a model with several (one head per attribute).

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
            "notes": [str(note) for note in self.notes],
        }

    def format_text(self):
        """Returns a table like `model.summary()`, with our columns."""
        headers = ("Layer (type)", "Output shape", "Params", "MACs", "Values", "RF", "F/S P")
        # Values in brackets are not in the total, as in the cs231n notes' VGG table.
        lines = [(f"{row.name} ({row.type})", format_shape(row.output_shape), f"{row.params:,}", f"{row.macs:,}",
                  f"{row.activation_values:,}" if row.counted else f"({row.activation_values:,})",
                  str(row.receptive_field), row.window.text() if row.window else "") for row in self.rows]
        widths = [max(len(cells[index]) for cells in [headers] + lines) for index in range(len(headers))]
        rule = "-" * (sum(widths) + 2 * (len(widths) - 1))

        def join(cells):
            left = cells[0].ljust(widths[0])
            rest = [cell.rjust(width) for cell, width in zip(cells[1:-1], widths[1:-1])]
            return "  ".join([left] + rest + [cells[-1].ljust(widths[-1])]).rstrip()

        output = self.rows[-1].output_shape if self.rows else ()  # A map for a segmenter, not class scores.
        class_count = f"{self.classes} class" if self.classes == 1 else f"{self.classes} classes"
        outputs = f"output {format_shape(output)}" if len(output) == 3 else class_count
        if self.heads:  # One head per attribute: each with its own classes.
            outputs = f"{len(self.heads)} outputs of {', '.join(str(classes) for classes in self.heads)} classes"
        text = [f'Model: "{self.name}"  input {format_shape(self.input_shape)}, {outputs}']
        text += self._notes_pointer()  # Above the table: below a long one the notes were missed.
        text += [rule, join(headers), rule]
        text += [join(cells) for cells in lines]
        text += [rule,
                 f"Total params: {self.total_params:,} (trainable {self.trainable_params:,}, "
                 f"non-trainable {self.non_trainable_params:,})",
                 f"Multiply-adds per image: {_exact_and_short(self.macs)}",
                 f"Activation values per image: {_exact_and_short(self.activation_values)}; "
                 "values in brackets are not counted, as in the cs231n notes: only the input and the CONV, POOL, "
                 "FC and add outputs count"]
        if any(row.window for row in self.rows):
            text.append("F/S P: filter F x F / stride S, zero padding P (P=0+1: before+after); G: groups, D: dilation")
        text += self._field_legend()
        text += [f"warning: {warning}" for warning in self.warnings]
        text += [f"note: {note}" for note in self.notes]
        return "\n".join(text)

    def _notes_pointer(self):
        """One line per kind of note, naming the layers: "4 windows do not fit and are rounded down (conv1, ...)"."""
        rounded = [_note_layer(note) for note in self.notes if note.key.startswith("geometry.rounded_down")]
        uneven = [_note_layer(note) for note in self.notes if note.key == "geometry.same_padding"]
        lines = []
        if rounded:
            windows = "1 window does not fit and is" if len(rounded) == 1 else f"{len(rounded)} windows do not fit and are"
            lines.append(f"{windows} rounded down ({', '.join(rounded)}): see the notes below the table")
        if uneven:
            layers = "1 layer" if len(uneven) == 1 else f"{len(uneven)} layers"
            lines.append(f"{layers} padded unevenly by Keras 'same' ({', '.join(uneven)}): see the notes below the table")
        return lines

    def _field_legend(self):
        """Where a receptive field is larger than the image: what that means."""
        side = max(self.input_shape[:2]) if len(self.input_shape) >= 2 else 0
        if side and any(row.receptive_field > side for row in self.rows):
            return [f"RF above {side}: larger than the image: the whole input plus padding"]
        return []


def _note_layer(note):
    """The layer a note is about ("conv1", or "conv1 (height)")."""
    return str(note.values.get("where", note)) if hasattr(note, "values") else str(note)


def _exact_and_short(value):
    """`15,237,608 (15.2 M)`; a small count once (`542`, not `542 (542)`)."""
    exact, short = f"{value:,}", format_count(value)
    return exact if short == exact else f"{exact} ({short})"


def format_count(value):
    """A short human count: 15.2 M, 4.23 G, 9.28 T."""
    for factor, unit in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= factor:
            return f"{value / factor:.3g} {unit}"
    return str(value)


def _table(context, name, input_shape, classes):
    """The `ArchTable` of a finished computation."""
    return ArchTable(
        name=name, input_shape=tuple(input_shape), classes=classes,
        total_params=context.trainable + context.non_trainable, trainable_params=context.trainable,
        non_trainable_params=context.non_trainable, macs=sum(row.macs for row in context.rows),
        activation_values=sum(row.activation_values for row in context.rows if row.counted),
        rows=context.rows, warnings=context.warnings, notes=context.notes)


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
    spec = pattern_module.parse(spec_or_text) if isinstance(spec_or_text, str) else spec_or_text
    planned = pattern_module.plan(spec, num_classes)
    context = FormulaContext(strict=True, sizing_habits=True)
    last_fc = [layer for layer in spec.layers if layer.kind == "FC"][-1]
    if last_fc.args.get("N", num_classes) != num_classes:  # Documented, but a number written is a number meant.
        context.warnings.append(Message("pattern.last_fc_units", given=last_fc.args["N"], classes=num_classes))
    # The habit is about pools that halve (stride 2): a POOL(F=3,S=3) tiles 33 px, and halving says nothing of it.
    pools = sum(1 for layer in planned if layer.kind == "POOL" and layer.config.get("S") == 2)
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
    return _table(context, "pattern", input_shape, num_classes)


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

    context = FormulaContext(strict=False, sizing_habits=False)
    functional = keras_graph.functional_of(model)
    input_volumes = []
    for index, tensor in enumerate(functional.inputs):
        shape = tuple(input_shape) if input_shape is not None and index == 0 else tuple(tensor.shape[1:])
        layer = tensor._keras_history.operation
        node = LayerNode(layer.name, "InputLayer", "input", {"shape": shape}, key=id(layer))
        input_volumes.append(compute_layer(node, [], context))
    outputs = keras_graph.walk(functional, input_volumes, context)
    classes = outputs[0].shape[-1] if outputs and outputs[0].shape else 0
    table = _table(context, model.name, input_volumes[0].shape, classes)
    if len(outputs) > 1:
        table.heads = tuple(output.shape[-1] if output.shape else 0 for output in outputs)
    return table
