"""The cs231n formulas for sizes, parameters, multiply-adds and receptive fields (pure Python).

One output side of a convolution or pool with input side W, window F (dilated to
`D*(F-1)+1`), stride S and zero padding P is `(W-F+2P)/S+1`. When `(W-F+2P)/S` is not a whole
number the window does not tile the input: a pattern with such a layer is refused with a
`GeometryError` that shows the formula with its numbers. Keras itself rounds down (`valid`)
or pads unevenly (`same`); for models that already exist we follow Keras and only note it.

Receptive field (pixels of the input one unit sees), walking from the input (r=1, j=1):
`r_out = r_in + (F_dilated - 1) * j_in` and `j_out = j_in * S`, where j is the distance in input
pixels between neighbouring units.

Layers that enlarge (a U-Net's decoder) run these backwards. A transposed convolution ("up-
convolution") gives `(W-1)*S+F-2P` outputs per side; each output unit takes at most `ceil(F/S)`
neighbouring input units per side, so `r_out = r_in + (ceil(F/S) - 1) * j_in` and `j_out = j_in / S`.
Upsampling by S repeats (nearest: `r_out = r_in`) or interpolates between neighbours.
"""

import math

from core.messages import Message, MessageError

# The formulas as the messages write them.
_FORMULA_WITH_PADDING = "(W-F+2P)/S+1"
_FORMULA_WITHOUT_PADDING = "(W-F)/S+1"


class GeometryError(MessageError):
    """A layer whose window does not fit its input; the message is one line with the formula (a
    `core.messages.Message`, which the app shows in its language)."""


def effective_kernel(kernel, dilation=1):
    """Returns the span of a dilated window: `D*(F-1)+1` (F itself when D is 1)."""
    return dilation * (kernel - 1) + 1


def same_output(side, stride):
    """Returns Keras `padding="same"` output side: `ceil(W/S)`."""
    return -(-side // stride)


def window_output(side, kernel, stride, pad_before=0, pad_after=0, dilation=1, *, strict=True,
                  layer="layer", axis="", show_padding=True):
    """Returns one output side of a convolution or pool, `(W-F+P1+P2)/S+1`.

    Args:
        side: input side W.
        kernel: window side F before dilation.
        stride: stride S.
        pad_before: zero padding before the input (top or left).
        pad_after: zero padding after it (bottom or right).
        dilation: dilation D; the window spans `D*(F-1)+1` pixels.
        strict: refuse a window that does not tile the input; when False, round down as
            Keras `valid` does.
        layer: the layer's name, for the message.
        axis: "height" or "width" when the input is not square, for the message.
        show_padding: write the formula with P (convolutions) or without (pools).

    Returns:
        (output side, note): the note says what Keras rounded away, else None.

    Raises:
        GeometryError: the output is smaller than 1, or (strict) `(W-F+2P)/S` is not whole.
    """
    span = effective_kernel(kernel, dilation)
    numerator = side - span + pad_before + pad_after
    exact = numerator / stride + 1
    formula = _formula_text(side, kernel, stride, pad_before, pad_after, dilation, show_padding)
    where = _where(layer, axis)
    if numerator < 0:
        values = dict(where=where, formula=formula, exact=f"{exact:g}", span=span, size=side + pad_before + pad_after)
        padded = pad_before + pad_after
        raise GeometryError(Message("geometry.too_small_padded", **values) if padded
                            else Message("geometry.too_small", **values))
    if numerator % stride == 0:
        return numerator // stride + 1, None
    if strict:
        raise GeometryError(Message("geometry.not_whole", where=where, formula=formula, exact=f"{exact:g}",
                                    hint=_padding_hint(side, span, stride, show_padding)))
    rounded = numerator // stride + 1
    return rounded, Message("geometry.rounded_down", where=where, formula=formula, exact=f"{exact:g}", rounded=rounded)


def _where(layer, axis):
    """The layer, with the axis when the input is not square ("block1_pool (height)")."""
    return Message("geometry.where_axis", layer=layer, axis=_axis_word(axis)) if axis else layer


def _axis_word(axis):
    """"height", "width" or "side" as a message (in the app's language); other text as written."""
    words = {"height": Message("geometry.height"), "width": Message("geometry.width"), "side": Message("geometry.side")}
    return words.get(axis, axis)


def _formula_text(side, kernel, stride, pad_before, pad_after, dilation, show_padding):
    kernel_text = str(kernel) if dilation == 1 else f"({dilation}*({kernel}-1)+1)"
    if not show_padding and pad_before == pad_after == 0:
        return f"{_FORMULA_WITHOUT_PADDING} = ({side}-{kernel_text})/{stride}+1"
    if pad_before == pad_after:
        return f"{_FORMULA_WITH_PADDING} = ({side}-{kernel_text}+2*{pad_before})/{stride}+1"
    return f"(W-F+P1+P2)/S+1 = ({side}-{kernel_text}+{pad_before}+{pad_after})/{stride}+1"


def _padding_hint(side, span, stride, show_padding):
    if not show_padding:
        return Message("geometry.hint.divisible", side=side)
    fitting = [pad for pad in range(span) if (side - span + 2 * pad) % stride == 0]
    if fitting:
        return Message("geometry.hint.padding", padding=fitting[0])
    return Message("geometry.hint.no_padding", stride=stride)


def keras_padding_output(side, kernel, stride, padding, dilation=1, *, strict=False, layer="layer", axis="",
                         show_padding=True):
    """Returns the output side for a Keras `padding` ("same", "valid") or explicit (before, after) pads.

    Returns:
        (output side, note), as `window_output`.
    """
    if padding == "same":
        if side < 1:
            raise GeometryError(Message("geometry.side_below_one", where=_where(layer, axis), side=side))
        return same_output(side, stride), _same_note(side, kernel, stride, dilation, _where(layer, axis))
    before, after = (0, 0) if padding == "valid" else padding
    return window_output(side, kernel, stride, before, after, dilation, strict=strict, layer=layer, axis=axis,
                         show_padding=show_padding)


def same_pads(side, kernel, stride, dilation=1):
    """Returns the (before, after) zero padding of Keras `padding="same"`: what makes `ceil(W/S)` outputs.

    TensorFlow pads `(ceil(W/S)-1)*S + F_dilated - W` pixels in all (none if that is negative),
    the odd one after (bottom or right): ZFNet's 3x3/2 pool on 110 px pads 0 and 1.
    """
    total = max((same_output(side, stride) - 1) * stride + effective_kernel(kernel, dilation) - side, 0)
    return total // 2, total - total // 2


def _same_note(side, kernel, stride, dilation, where):
    """A note for a `same` window the formula cannot give with one P: uneven padding, or a window that
    does not fit even so (a 1x1/2 on an even side); None when `(W-F+2P)/S+1` with a whole P gives it."""
    before, after = same_pads(side, kernel, stride, dilation)
    numerator = side - effective_kernel(kernel, dilation) + before + after
    formula = _formula_text(side, kernel, stride, before, after, dilation, show_padding=True)
    if numerator % stride:
        return Message("geometry.rounded_down_same", where=where, formula=formula,
                       exact=f"{numerator / stride + 1:g}", rounded=numerator // stride + 1)
    if before != after:
        return Message("geometry.same_padding", where=where, before=before, after=after, formula=formula,
                       exact=numerator // stride + 1)
    return None


def transpose_output(side, kernel, stride, padding, dilation=1, output_padding=None):
    """Returns one output side of a transposed convolution, as Keras computes it.

    Without `output_padding`: `W*S` with `padding="same"`; `(W-1)*S + max(F, S)` with "valid"
    (the inverse of `(W-F)/S+1`, plus the rows a stride larger than the window leaves empty).
    With it: `(W-1)*S + F - 2P + output_padding`, P being `F//2` ("same") or 0.

    Args:
        side: input side W.
        kernel: window side F before dilation.
        stride: stride S.
        padding: "same" or "valid".
        dilation: dilation D; the window spans `D*(F-1)+1` pixels.
        output_padding: extra rows added on one side, or None.
    """
    span = effective_kernel(kernel, dilation)
    if output_padding is None:
        return side * stride if padding == "same" else (side - 1) * stride + max(span, stride)
    if padding == "same":
        return (side - 1) * stride + span % 2 + output_padding
    return (side - 1) * stride + span + output_padding


def upsampling_step(field, jump, stride, taps=1):
    """Returns (field, jump) after an enlarging layer: `r + (taps - 1)*j` and `j/S`.

    Args:
        field: receptive field of the input units.
        jump: input pixels between neighbouring input units.
        stride: the enlargement S.
        taps: input units per side that one output unit reads (1 for nearest-neighbour
            upsampling, 2 for bilinear, `ceil(F/S)` for a transposed convolution).

    Returns:
        (field, jump); the jump stays a whole number while it can (else a float).
    """
    new_jump = jump / stride
    if new_jump == int(new_jump):
        new_jump = int(new_jump)
    return field + (taps - 1) * jump, new_jump


def transpose_taps(kernel, stride, dilation=1):
    """Input units per side one output of a transposed convolution reads: `ceil(F_dilated / S)`."""
    return math.ceil(effective_kernel(kernel, dilation) / stride)


def transposed_conv(shape, field, jump, config):
    """Output shape, receptive field, jump, parameters and multiply-adds of a transposed convolution.

    Every input value spreads an F x F x K patch: `F*F*D1*K` weights (+ K biases), and
    `H*W*F*F*D1*K` multiply-adds on an H x W x D1 input.

    Args:
        shape: (height, width, channels) of the input.
        field: (height, width) receptive field of the input units.
        jump: (height, width) input pixels between neighbouring input units.
        config: kernel, strides, padding, filters, use_bias, and optionally dilation and
            output_padding (pairs), as `models.keras_graph` reads them.

    Returns:
        (shape, field, jump, params, macs).
    """
    (height, width, channels), filters = shape, config["filters"]
    kernel, strides, dilation = config["kernel"], config["strides"], config.get("dilation", (1, 1))
    output_padding = config.get("output_padding") or (None, None)
    per_axis = [(transpose_output((height, width)[axis], kernel[axis], strides[axis], config["padding"],
                                  dilation[axis], output_padding[axis]),)
                + upsampling_step(field[axis], jump[axis], strides[axis],
                                  transpose_taps(kernel[axis], strides[axis], dilation[axis])) for axis in range(2)]
    sides, fields, jumps = zip(*per_axis)
    params = conv_params(kernel[0], kernel[1], channels, filters, 1, config["use_bias"])
    return sides + (filters,), fields, jumps, params, conv_macs(height, width, kernel[0], kernel[1], channels, filters)


# Input values per side that one output value of an `UpSampling2D` interpolates between.
UPSAMPLING_TAPS = {"nearest": 1, "bilinear": 2, "bicubic": 4, "lanczos3": 6, "lanczos5": 10}


def upsampling(shape, field, jump, config):
    """Output shape, receptive field, jump and multiply-adds of an upsampling by (Sh, Sw).

    Nearest-neighbour upsampling repeats values (no multiply-adds); the other interpolations
    weigh taps x taps input values for each output value.

    Args:
        shape: (height, width, channels) of the input.
        field, jump: (height, width) of the input units, as for `transposed_conv`.
        config: size (a pair) and interpolation.

    Returns:
        (shape, field, jump, params, macs); params is 0.
    """
    height, width, channels = shape
    size, taps = config["size"], UPSAMPLING_TAPS.get(config.get("interpolation", "nearest"), 2)
    steps = [upsampling_step(field[axis], jump[axis], size[axis], taps) for axis in range(2)]
    out_shape = (height * size[0], width * size[1], channels)
    macs = 0 if taps == 1 else out_shape[0] * out_shape[1] * channels * taps * taps
    return out_shape, (steps[0][0], steps[1][0]), (steps[0][1], steps[1][1]), 0, macs


def conv_params(kernel_h, kernel_w, in_channels, filters, groups=1, use_bias=True):
    """Parameters of a convolution: `F*F*(D1/groups)*K` weights plus K biases."""
    return kernel_h * kernel_w * (in_channels // groups) * filters + (filters if use_bias else 0)


def conv_macs(out_h, out_w, kernel_h, kernel_w, in_channels, filters, groups=1):
    """Multiply-adds of a convolution for one image: one `F*F*(D1/groups)` dot product per output value."""
    return out_h * out_w * filters * kernel_h * kernel_w * (in_channels // groups)


def dense_params(in_units, units, use_bias=True):
    """Parameters of a fully connected layer: `N_in*N` weights plus N biases."""
    return in_units * units + (units if use_bias else 0)


def batchnorm_params(channels, center=True, scale=True):
    """Returns (trainable, non-trainable) parameters of batch norm: beta/gamma and the two moving statistics."""
    return channels * (int(center) + int(scale)), 2 * channels


def receptive_field_step(field, jump, kernel, stride, dilation=1):
    """Returns (field, jump) after one window: `r + (D*(F-1)+1 - 1)*j` and `j*S`."""
    return field + (effective_kernel(kernel, dilation) - 1) * jump, jump * stride


def check_min_side(arch, input_shape, min_side):
    """Refuses an input smaller than an architecture's `min_side`.

    Raises:
        GeometryError: the height or width is below `min_side`.
    """
    height, width = input_shape[:2]
    if min(height, width) < min_side:
        raise GeometryError(Message("geometry.input_too_small", arch=arch, height=height, width=width, side=min_side))


def halving_warning(side, pools, axis="side"):
    """The seed's habit: the input side should halve cleanly once per 2x2 pool.

    Returns:
        A warning text, or None when `side / 2**pools` is whole.
    """
    if pools and side % (2 ** pools):
        return Message("geometry.halving", axis=_axis_word(axis), side=side, pools=pools,
                       exact=f"{side / 2 ** pools:g}", suggested=2 ** pools * max(1, round(side / 2 ** pools)))
    return None


def shrink_warning(layer, side_in, side_out, kernel, stride, pad, dilation=1):
    """The seed's habit: a stride-1 conv keeps the size when `P=(F-1)/2`.

    Returns:
        A warning text when this conv shrinks the volume but could keep it, else None.
    """
    span = effective_kernel(kernel, dilation)
    keep = (span - 1) // 2
    if stride == 1 and span % 2 == 1 and side_out < side_in and isinstance(pad, int) and pad < keep:
        return Message("geometry.shrinks", layer=layer, side_in=side_in, side_out=side_out, keep=keep)
    return None
