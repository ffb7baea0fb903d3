"""The sentences about architectures, a part of `core.messages.CATALOGUE`.

Why a cs231n pattern cannot be read (`models.pattern`), why a window does not fit its input
and the sizing habits the seed notes teach (`models.geometry`), and why a layer's filters
cannot be drawn (`inspection.filters`). The pattern's own words (CONV, POOL, FC, `->`, F, S, P)
and the formulas are values or kept as written, so that a translation keeps them; they are the
notation of the cs231n notes. `scripts/update_translations.sh` scans this file too.
"""


def QT_TRANSLATE_NOOP(context, text):  # noqa: N802  The name pylupdate5 extracts, as in core/messages.py.
    """Marks `text` for translation in `context`; returns it unchanged."""
    del context
    return text


ARCH_CATALOGUE = {
    # models/pattern.py: a pattern that cannot be read, and where.
    "pattern.at_column": QT_TRANSLATE_NOOP("CoreMessages", "column {column}: {reason}"),
    "pattern.empty": QT_TRANSLATE_NOOP("CoreMessages", "the pattern is empty; expected a layer such as CONV"),
    "pattern.end": QT_TRANSLATE_NOOP("CoreMessages", "the end of the pattern"),
    "pattern.quoted": QT_TRANSLATE_NOOP("CoreMessages", "'{text}'"),
    "pattern.layer_after_input": QT_TRANSLATE_NOOP("CoreMessages", "expected '->' and the first layer after INPUT"),
    "pattern.input_parameters": QT_TRANSLATE_NOOP(
        "CoreMessages", "INPUT takes no parameters; give the input size separately (e.g. {example})"),
    "pattern.arrow_after_input": QT_TRANSLATE_NOOP("CoreMessages", "expected '->' after INPUT, found {found}"),
    "pattern.arrow_or_end": QT_TRANSLATE_NOOP(
        "CoreMessages", "expected '->', '*' or the end of the pattern, found {found}"),
    "pattern.expected_end": QT_TRANSLATE_NOOP("CoreMessages", "expected the end of the pattern, found {found}"),
    "pattern.repeat_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "a repeat count must be a whole number of at least 1, found {found}"),
    "pattern.layer_at_end": QT_TRANSLATE_NOOP(
        "CoreMessages", "expected a layer ({kinds}) or '[' at the end of the pattern"),
    "pattern.unclosed": QT_TRANSLATE_NOOP(
        "CoreMessages", "expected '->' or ']' to close the '[' at column {column}, found {found}"),
    "pattern.no_parameters": QT_TRANSLATE_NOOP("CoreMessages", "{kind} takes no parameters"),
    "pattern.unknown_parameter": QT_TRANSLATE_NOOP(
        "CoreMessages", "{kind} has no parameter '{name}'; it takes {names}"),
    "pattern.parameter_twice": QT_TRANSLATE_NOOP("CoreMessages", "parameter '{name}' is given twice"),
    "pattern.value_expected": QT_TRANSLATE_NOOP("CoreMessages", "expected a value for '{name}'"),
    "pattern.expected": QT_TRANSLATE_NOOP("CoreMessages", "expected {expected}, found {found}"),
    "pattern.what.repeat_count": QT_TRANSLATE_NOOP("CoreMessages", "a repeat count after '*' (e.g. *3)"),
    "pattern.last_fc_units": QT_TRANSLATE_NOOP(
        "CoreMessages", "the last FC gives the class scores: its N={given} is replaced by the {classes} classes"),
    "pattern.letter_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "'{letter}' stands for a number in the notes' pattern: write the count, e.g. *2"),
    "pattern.too_many_layers": QT_TRANSLATE_NOOP(
        "CoreMessages", "the pattern unfolds to {count} layers; at most {most}"),
    "pattern.optional_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "'?' marks a layer the notes' pattern may leave out (POOL?): write the layer, or leave it "
                        "out"),
    "pattern.what.parameter": QT_TRANSLATE_NOOP("CoreMessages", "a parameter of {kind} ({names})"),
    "pattern.what.equals": QT_TRANSLATE_NOOP("CoreMessages", "'=' after '{name}'"),
    "pattern.what.comma_or_close": QT_TRANSLATE_NOOP("CoreMessages", "',' or ')'"),
    "pattern.unexpected_character": QT_TRANSLATE_NOOP("CoreMessages", "unexpected character '{character}'"),
    "pattern.expected_layer": QT_TRANSLATE_NOOP("CoreMessages", "expected a layer ({kinds}) or '[', found {found}"),
    "pattern.expected_layer_close": QT_TRANSLATE_NOOP(
        "CoreMessages", "expected a layer ({kinds}) or '[', found {found}; did you mean {close}?"),
    "pattern.input_first": QT_TRANSLATE_NOOP("CoreMessages", "INPUT may only open the pattern"),
    "pattern.pool_type": QT_TRANSLATE_NOOP("CoreMessages", "POOL type must be max, avg or l2, found '{found}'"),
    "pattern.dropout": QT_TRANSLATE_NOOP(
        "CoreMessages", "DROPOUT p must be a number from 0 up to (not including) 1, found '{found}'"),
    "pattern.padding_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "{kind} {parameter} must be a whole number of at least 0 or 'same', found '{found}'"),
    "pattern.positive_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "{kind} {parameter} must be a whole number of at least 1, found '{found}'"),
    "pattern.end_in_fc": QT_TRANSLATE_NOOP(
        "CoreMessages", "the pattern must end in FC (the layer giving the class scores)"),
    "pattern.end_in_fc_found": QT_TRANSLATE_NOOP(
        "CoreMessages", "the pattern must end in FC (the layer giving the class scores), found {kind}"),
    "pattern.after_flatten": QT_TRANSLATE_NOOP(
        "CoreMessages", "{kind} cannot follow FC or GAP: the volume is already flattened"),
    "pattern.stride_and_dilation": QT_TRANSLATE_NOOP(
        "CoreMessages", "CONV cannot have both S and D above 1 (Keras does not combine stride and dilation)"),

    # models/geometry.py: a window that does not fit, and the seed notes' sizing habits.
    "geometry.where_axis": QT_TRANSLATE_NOOP("CoreMessages", "{layer} ({axis})"),
    "geometry.height": QT_TRANSLATE_NOOP("CoreMessages", "height"),
    "geometry.width": QT_TRANSLATE_NOOP("CoreMessages", "width"),
    "geometry.side": QT_TRANSLATE_NOOP("CoreMessages", "side"),
    "geometry.too_small": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: output size {formula} = {exact} is smaller than 1: a {span}-pixel window does not "
                        "fit a {size}-pixel input"),
    "geometry.too_small_padded": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: output size {formula} = {exact} is smaller than 1: a {span}-pixel window does not "
                        "fit a {size}-pixel padded input"),
    "geometry.not_whole": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: output size {formula} = {exact} is not a whole number, so the window does not tile "
                        "the input; {hint}"),
    "geometry.hint.divisible": QT_TRANSLATE_NOOP(
        "CoreMessages", "choose F and S with (W-F) divisible by S (W={side})"),
    "geometry.hint.padding": QT_TRANSLATE_NOOP("CoreMessages", "P={padding} would fit"),
    "geometry.hint.no_padding": QT_TRANSLATE_NOOP(
        "CoreMessages", "no zero padding P fits with S={stride}: change F or S"),
    "geometry.rounded_down": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: {formula} = {exact}, rounded down to {rounded} (Keras 'valid')"),
    "geometry.rounded_down_same": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: {formula} = {exact}, rounded down to {rounded} (Keras 'same' adds no padding "
                        "here)"),
    "geometry.same_padding": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where}: Keras 'same' pads {before} before and {after} after (top/left, bottom/right): "
                        "{formula} = {exact}"),
    "geometry.side_below_one": QT_TRANSLATE_NOOP("CoreMessages", "{where}: input side {side} is smaller than 1"),
    "geometry.input_too_small": QT_TRANSLATE_NOOP(
        "CoreMessages", "{arch}: input {height}x{width} is too small; its pools and strides need at least "
                        "{side}x{side} pixels so that every volume stays at least 1x1"),
    "geometry.halving": QT_TRANSLATE_NOOP(
        "CoreMessages", "input {axis} {side} cannot be halved {pools} times (one per pool): {side}/2^{pools} = "
                        "{exact}; sizes like {suggested} halve cleanly"),
    "geometry.shrinks": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer} shrinks the volume {side_in} -> {side_out} px; P=(F-1)/2={keep} would keep "
                        "{side_in} px (the seed's habit: let convs keep the size and pools shrink it)"),

    # inspection/filters.py: a layer whose weights cannot be drawn.
    "filters.not_2d": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' ({type}) is not a 2-D convolution; only those are drawn"),
    "filters.none": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' ({type}) has no filters to draw; choose a convolution or a Dense layer "
                        "right after a Flatten"),
    "filters.no_convolution": QT_TRANSLATE_NOOP("CoreMessages", "the model has no convolution layer"),
    "filters.no_weights": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' has no {weights}"),
    "filters.not_after_flatten": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' (Dense) does not follow a Flatten of a known volume, so its weights cannot "
                        "be drawn as pictures"),
}
