"""Filters: what a layer's weights look like, drawn as tiles.

- The first convolution of an RGB model: each filter as one RGB tile, as in Krizhevsky et
  al.'s figure of AlexNet's first layer (each filter scaled to its own range).
- Deeper convolutions: a filter spans many input channels, which have no colour. Each
  filter is a row of grayscale tiles, one per input channel, while that stays small;
  otherwise one tile per filter, the mean over its input channels. Mid gray is zero.
- Depthwise convolutions: one grayscale tile per channel.
- A Dense layer right after a Flatten of a known volume: each unit's weights folded back
  into that volume, a "template" (for a linear classifier on pixels: one picture per class).

Every result comes with a one-line note saying which of these is shown (a
`core.messages.Message`, so the app can say it in the user's language).
"""

import math

import numpy as np

from core.messages import Message, MessageError
from inspection import graph, render
from inspection.features import grid_layout

# Kernels are enlarged to tiles of at least this many pixels on their longer side.
MIN_KERNEL_TILE = 36
MIN_TEMPLATE_TILE = 64
DEFAULT_MAX_FILTERS = 64
# Per-input-channel rows are drawn while filters x inputs stays within this many tiles.
MAX_CHANNEL_TILES = 512
MAX_INPUT_CHANNELS = 32


def filter_grid(model, layer_name=None, class_names=None, max_filters=DEFAULT_MAX_FILTERS, mode="auto"):
    """Draws the weights of one layer as tiles.

    Args:
        model: a Keras model, a `core.modelfile.LoadedModel` or an `InspectionEngine`.
        layer_name: the layer (display or full name); default the first convolution.
        class_names: labels for weight templates of the output layer (taken from the
            loaded model when it is given).
        max_filters: at most this many filters (units) are drawn.
        mode: for convolutions on more than 3 channels: "auto", "channels" (a row of
            grayscale tiles per filter, one per input channel) or "mean" (one tile per filter).

    Returns:
        (uint8 RGB array, note): the image and a `core.messages.Message` saying what it shows.

    Raises:
        ValueError: the layer has no weights that can be drawn as pictures.
        inspection.graph.LayerNotFoundError: no such layer.
    """
    model_graph, class_names = _graph_and_names(model, class_names)
    site = _chosen_site(model_graph, layer_name)
    layer = site.layer
    if site.type in ("DepthwiseConv2D", "SeparableConv2D"):
        return _depthwise_grid(site, _weights(layer, "depthwise_kernel", "kernel"), max_filters)
    if site.is_conv:
        kernel = _weights(layer, "kernel")
        if kernel.ndim != 4:
            raise MessageError(Message("filters.not_2d", layer=site.name, type=site.type))
        if site.type == "Conv2DTranspose":
            kernel = np.swapaxes(kernel, 2, 3)  # Stored as (h, w, outputs, inputs).
        return _conv_grid(site, kernel, max_filters, mode)
    if site.type == "Dense":
        return _template_grid(model_graph, site, class_names, max_filters)
    raise MessageError(Message("filters.none", layer=site.name, type=site.type))


def _graph_and_names(model, class_names):
    if hasattr(model, "graph") and hasattr(model, "info"):  # An InspectionEngine.
        return model.graph, class_names or model.info.class_names
    if hasattr(model, "info") and hasattr(model, "model"):  # A LoadedModel.
        return graph.describe(model.model), class_names or model.info.class_names
    return graph.describe(model), class_names


def _chosen_site(model_graph, layer_name):
    if layer_name is not None:
        return model_graph.site(layer_name)
    convs = [site for site in model_graph.sites if site.is_conv]
    if not convs:
        raise MessageError(Message("filters.no_convolution"))
    return convs[0]


def _weights(layer, *names):
    import keras

    for name in names:
        value = getattr(layer, name, None)
        if value is not None:
            return np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float32)
    raise MessageError(Message("filters.no_weights", layer=layer.name, weights=names[0]))


def _conv_grid(site, kernel, max_filters, mode):
    height, width, inputs, filters = kernel.shape
    shown = min(filters, max(1, max_filters))
    size = f"{height}x{width}x{inputs}"
    of_total = (Message("filters.some", shown=shown, total=filters) if shown < filters
                else Message("filters.all", total=filters))
    if inputs == 3:
        tiles = [_enlarge(_min_max(kernel[:, :, :, index]), MIN_KERNEL_TILE) for index in range(shown)]
        note = Message("filters.rgb", layer=site.name, count=of_total, size=size)
        return render.compose_grid(tiles, grid_layout(shown)[1]), note
    if inputs == 1:
        tiles = [_enlarge(_symmetric_gray(kernel[:, :, 0, index]), MIN_KERNEL_TILE) for index in range(shown)]
        note = Message("filters.gray", layer=site.name, count=of_total, size=size)
        return render.compose_grid(tiles, grid_layout(shown)[1]), note
    per_channel = mode == "channels" or (
        mode == "auto" and inputs <= MAX_INPUT_CHANNELS and shown * inputs <= MAX_CHANNEL_TILES)
    if per_channel:
        columns = min(inputs, MAX_INPUT_CHANNELS)
        tiles = []
        for index in range(shown):
            scale = _largest(kernel[:, :, :, index])
            tiles += [_enlarge(_symmetric_gray(kernel[:, :, channel, index], scale), MIN_KERNEL_TILE)
                      for channel in range(columns)]
        inputs_shown = (Message("filters.first_inputs", shown=columns, total=inputs) if columns < inputs
                        else Message("filters.all_inputs", total=inputs))
        note = Message("filters.per_channel", layer=site.name, count=of_total, size=size, inputs=inputs_shown)
        return render.compose_grid(tiles, columns), note
    means = kernel.mean(axis=2)
    tiles = [_enlarge(_symmetric_gray(means[:, :, index]), MIN_KERNEL_TILE) for index in range(shown)]
    note = Message("filters.channel_mean", layer=site.name, count=of_total, size=size, inputs=inputs)
    return render.compose_grid(tiles, grid_layout(shown)[1]), note


def _depthwise_grid(site, kernel, max_filters):
    height, width, channels, multiplier = kernel.shape
    flat = kernel.reshape(height, width, channels * multiplier)
    shown = min(flat.shape[2], max(1, max_filters))
    tiles = [_enlarge(_symmetric_gray(flat[:, :, index]), MIN_KERNEL_TILE) for index in range(shown)]
    note = Message("filters.depthwise", layer=site.name, kernel=f"{height}x{width}", shown=shown,
                   total=flat.shape[2])
    return render.compose_grid(tiles, grid_layout(shown)[1]), note


def _template_grid(model_graph, site, class_names, max_filters):
    volume = _flattened_volume(model_graph, site)
    kernel = _weights(site.layer, "kernel")
    if volume is None or kernel.ndim != 2 or kernel.shape[0] != math.prod(volume):
        raise MessageError(Message("filters.not_after_flatten", layer=site.name))
    units = kernel.shape[1]
    shown = min(units, max(1, max_filters))
    height, width, channels = volume
    # Few templates are drawn larger, so that the grid (and its labels) need no enlarging later.
    tile_side = max(MIN_TEMPLATE_TILE, math.ceil(render.READABLE_SIDE / grid_layout(shown)[1]))
    tiles = []
    for unit in range(shown):
        template = kernel[:, unit].reshape(height, width, channels)
        if channels == 3:
            picture = _min_max(template)
        elif channels == 1:
            picture = _min_max(template[:, :, 0])
        else:
            picture = _min_max(template.mean(axis=2))
        tiles.append(_enlarge(picture, tile_side))
    is_output = site in model_graph.output_sites
    labels = None
    if is_output and class_names is not None and len(class_names) == units:
        labels = list(class_names[:shown])
    what = Message("filters.class_templates") if labels else Message("filters.unit_templates")
    colour = Message("filters.in_colour") if channels == 3 else (
        Message("filters.in_grayscale") if channels == 1 else Message("filters.mean_grayscale", channels=channels))
    note = Message("filters.templates", layer=site.name, what=what, volume=f"{height}x{width}x{channels}",
                   colour=colour, shown=shown, units=units)
    return render.compose_grid(tiles, grid_layout(shown)[1], labels=labels), note


def _flattened_volume(model_graph, site):
    if len(site.input_sites) != 1:
        return None
    source = model_graph.site(site.input_sites[0])
    if source.type != "Flatten" or not source.input_shapes:
        return None
    shape = source.input_shapes[0][1:]
    if len(shape) == 2:
        shape = tuple(shape) + (1,)
    if len(shape) != 3 or any(size is None for size in shape):
        return None
    return tuple(int(size) for size in shape)


def _min_max(values):
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    return render.to_rgb8(scaled)


def _largest(values):
    return float(np.abs(values).max()) or 1.0


def _symmetric_gray(values, scale=None):
    scale = _largest(values) if scale is None else scale
    return render.to_rgb8(0.5 + 0.5 * values / scale)


def _enlarge(tile, min_side):
    factor = max(1, math.ceil(min_side / max(tile.shape[:2])))
    return np.repeat(np.repeat(tile, factor, axis=0), factor, axis=1)
