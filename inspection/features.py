"""Feature maps: a layer's channels as one grid image, and one channel shown large.

Each channel is scaled to its own range (its minimum dark, its maximum bright) and coloured
with a perceptual colour map, so that a weak channel's pattern is as visible as a strong
one's. A vector output (a Dense layer, or maps of 1x1) is shown as one tile per unit, all on
one scale (`shared_scale`), since a single number has no range of its own: from the lowest
unit shown to the highest, or from 0 to 1 for class probabilities, and that scale's numbers
go with the picture (`scale_digits`), since a min-max scale makes 24.8 % and 25.2 % as far
apart as 0 and 1. One unit shown large is a bar among the bars of all the layer's units
(`unit_bars`), not a tile of one colour.
"""

import math

import numpy as np

from inspection import colormaps, render

# Small maps are enlarged to tiles at least this many pixels on their longer side.
MIN_TILE_SIDE = 96
# The grid is kept within this width, shrinking large maps if needed.
MAX_GRID_WIDTH = 1280
DEFAULT_MAX_CHANNELS = 64
# `unit_bars`' colours: the background, the other units, the chosen unit and the zero line.
_BAR_BACKGROUND = (245, 245, 245)
_BAR_OTHER = (150, 150, 150)
_BAR_CHOSEN = (230, 97, 1)
_BAR_ZERO = (60, 60, 60)


def grid_layout(count):
    """Returns (rows, columns) of a near-square grid for `count` tiles."""
    count = max(1, int(count))
    columns = math.ceil(math.sqrt(count))
    return math.ceil(count / columns), columns


def as_maps(activation):
    """Returns a layer's output for one image as (height, width, channels) floats.

    Args:
        activation: (1, h, w, c) as the engine gives it, or (h, w, c); a vector (1, c) or
            (c,) becomes (1, 1, c); a 1-D map (1, length, c) becomes (1, length, c).
    """
    array = np.asarray(activation, dtype=np.float32)
    if array.ndim == 4:
        array = array[0]
    elif array.ndim == 2:
        array = array[0] if array.shape[0] == 1 else array.reshape(-1)
    if array.ndim == 1:
        array = array[None, None, :]
    if array.ndim != 3:
        raise ValueError(f"cannot show an output of shape {np.shape(activation)} as feature maps")
    return array


def shown_channels(activation, sort_by_mean=False, max_channels=DEFAULT_MAX_CHANNELS):
    """Returns the channel indices a grid shows, in tile order.

    Args:
        activation: the layer's output (see `as_maps`).
        sort_by_mean: order by mean activation, strongest first (and keep the strongest).
        max_channels: at most this many channels.
    """
    maps = as_maps(activation)
    channels = np.arange(maps.shape[2])
    if sort_by_mean:
        channels = np.argsort(-maps.mean(axis=(0, 1)), kind="stable")
    return [int(channel) for channel in channels[:max(1, max_channels)]]


def shared_scale(activation, channels=None, probabilities=False):
    """The one scale a vector output's tiles share, (low, high); None for maps (each on its own scale).

    Args:
        activation: the layer's output (see `as_maps`).
        channels: the units shown (`shown_channels`); all by default.
        probabilities: the output is class probabilities (a softmax): the scale is 0 to 1.

    Returns:
        (low, high) floats, the values drawn darkest and brightest, or None.
    """
    maps = as_maps(activation)
    if maps.shape[:2] != (1, 1):
        return None
    if probabilities:
        return 0.0, 1.0
    values = maps[0, 0] if channels is None else maps[0, 0, list(channels)]
    return float(values.min()), float(values.max())


def scale_digits(low, high, least=3, most=8):
    """The significant digits that write `low` and `high` apart (at least `least`), to label a scale.

    0.2518 and 0.2484 need 3 ("0.252", "0.248"); 0.25118 and 0.25104 need 4.
    """
    for digits in range(least, most):
        if f"{low:.{digits}g}" != f"{high:.{digits}g}":
            return digits
    return least if low == high else most


def scale_text(low, high):
    """`low` and `high` written with `scale_digits`: ("0.248", "0.252"), ("0", "1")."""
    digits = scale_digits(low, high)
    return f"{low:.{digits}g}", f"{high:.{digits}g}"


def normalize_channels(maps, value_range=None):
    """Scales each channel of (h, w, c) to [0, 1] by its own minimum and maximum.

    A constant channel (a dead unit) becomes 0. Maps of 1x1 (a vector) are scaled all
    together instead, so that units can be compared: by `value_range` (low, high) when given
    (`shared_scale`), else from their minimum to their maximum.
    """
    if maps.shape[0] * maps.shape[1] == 1:
        low, high = value_range or (float(maps.min()), float(maps.max()))
        return np.clip((maps - low) / (high - low), 0.0, 1.0) if high > low else np.zeros_like(maps)
    low = maps.min(axis=(0, 1), keepdims=True)
    span = maps.max(axis=(0, 1), keepdims=True) - low
    return np.where(span > 0, (maps - low) / np.where(span > 0, span, 1.0), 0.0).astype(np.float32)


def tile_size(map_height, map_width, columns):
    """Returns the (height, width) each tile is drawn at: small maps enlarged, wide grids shrunk."""
    longer = max(map_height, map_width)
    factor = math.ceil(MIN_TILE_SIDE / longer) if longer < MIN_TILE_SIDE else 1.0
    widest = max(16, (MAX_GRID_WIDTH - render.GAP * (columns + 1)) // columns)
    if longer * factor > widest:
        factor = widest / longer
    return max(1, round(map_height * factor)), max(1, round(map_width * factor))


def feature_grid(activation, sort_by_mean=False, max_channels=DEFAULT_MAX_CHANNELS, colormap="viridis",
                 probabilities=False):
    """Draws a layer's channels as a grid of coloured tiles.

    Args:
        activation: the layer's output for one image (see `as_maps`).
        sort_by_mean: order channels by mean activation, strongest first.
        max_channels: show at most this many channels (the first, or the strongest).
        colormap: a matplotlib colour map name (perceptual ones: viridis, magma, inferno).
        probabilities: the output is class probabilities, drawn on a scale from 0 to 1
            (`shared_scale`).

    Returns:
        A uint8 RGB array; `channel_at` maps a pixel of it back to a channel.
    """
    maps = as_maps(activation)
    channels = shown_channels(maps, sort_by_mean, max_channels)
    scaled = normalize_channels(maps[:, :, channels], shared_scale(maps, channels, probabilities))
    _, columns = grid_layout(len(channels))
    size = tile_size(maps.shape[0], maps.shape[1], columns)
    resample = "nearest" if size[0] >= maps.shape[0] else "box"
    tiles = [colormaps.apply(_resized(scaled[:, :, index], size, resample), colormap)
             for index in range(len(channels))]
    return render.compose_grid(tiles, columns)


def channel_at(grid_shape, channel_count, x, y, order=None):
    """Tells which channel's tile holds pixel (x, y) of a `feature_grid` image.

    Args:
        grid_shape: the grid image's shape (height, width[, 3]).
        channel_count: how many tiles the grid has (len of `shown_channels`).
        x: column of the pixel (as in a mouse click), 0 at the left.
        y: row of the pixel, 0 at the top.
        order: the `shown_channels` list, to return channel numbers rather than tile numbers.

    Returns:
        The channel index, or None for a gap or an empty cell.
    """
    rows, columns, tile_width, tile_height = _tile_geometry(grid_shape, channel_count)
    gap = render.GAP
    column, inside_x = divmod(int(x) - gap, tile_width + gap)
    row, inside_y = divmod(int(y) - gap, tile_height + gap)
    if not (0 <= column < columns and 0 <= row < rows) or inside_x >= tile_width or inside_y >= tile_height:
        return None
    index = row * columns + column
    if index >= channel_count:
        return None
    return int(order[index]) if order is not None else index


def tile_rects(grid_shape, channel_count):
    """Where each tile of a `feature_grid` image lies, in tile order.

    Args:
        grid_shape: the grid image's shape (height, width[, 3]).
        channel_count: how many tiles the grid has (len of `shown_channels`).

    Returns:
        [(x, y, width, height)] in the grid's pixels, one per tile (`channel_at`'s inverse).
    """
    _, columns, tile_width, tile_height = _tile_geometry(grid_shape, channel_count)
    gap = render.GAP
    return [(gap + (index % columns) * (tile_width + gap), gap + (index // columns) * (tile_height + gap),
             tile_width, tile_height) for index in range(channel_count)]


def _tile_geometry(grid_shape, channel_count):
    """(rows, columns, tile width, tile height) of a `feature_grid` image of `channel_count` tiles."""
    rows, columns = grid_layout(channel_count)
    height, width = grid_shape[:2]
    gap = render.GAP
    return rows, columns, (width - gap * (columns + 1)) // columns, (height - gap * (rows + 1)) // rows


def channel_image(activation, channel, size=256, colormap="viridis"):
    """Draws one channel large, scaled to its own range.

    Args:
        activation: the layer's output for one image (see `as_maps`).
        channel: the channel index.
        size: the longer side of the result in pixels (at least; whole-number enlargement).
        colormap: a matplotlib colour map name.

    Returns:
        A uint8 RGB array.
    """
    maps = as_maps(activation)
    if not 0 <= channel < maps.shape[2]:
        raise ValueError(f"channel {channel} is out of range (the layer has {maps.shape[2]} channels)")
    values = normalize_channels(maps[:, :, channel:channel + 1])[:, :, 0]
    longer = max(values.shape)
    factor = max(1, math.ceil(size / longer))
    enlarged = np.repeat(np.repeat(values, factor, axis=0), factor, axis=1)
    return colormaps.apply(enlarged, colormap)


def is_vector(activation):
    """Whether a layer's output is a vector (a Dense layer's units), not maps."""
    return as_maps(activation).shape[:2] == (1, 1)


def unit_rank(activation, unit):
    """Where `unit`'s value ranks among a vector's units: 1 for the largest."""
    values = as_maps(activation).reshape(-1)
    return int(np.sum(values > values[unit])) + 1


def unit_bars(activation, unit, size=256):
    """Draws a vector output's units as bars from a zero line, `unit`'s bar highlighted.

    Args:
        activation: a vector output for one image (see `as_maps`).
        unit: the unit to highlight.
        size: the picture's height, and its least width (each unit gets at least one column).

    Returns:
        A uint8 RGB array (size, width, 3), units left to right in their order.
    """
    values = as_maps(activation).reshape(-1)
    if not 0 <= unit < len(values):
        raise ValueError(f"unit {unit} is out of range (the layer has {len(values)} units)")
    bar = max(1, size // len(values))
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    span = high - low if high > low else 1.0
    zero, tops = _rows_of(0.0, high, span, size), _rows_of(values, high, span, size)
    rows = np.arange(size)[:, None]
    inside = (rows >= np.minimum(tops, zero)) & (rows <= np.maximum(tops, zero))
    columns = np.repeat(inside, bar, axis=1)
    if bar >= 3:  # A gap between wide bars, so neighbours of equal height stay apart.
        columns[:, bar - 1::bar] = False
    picture = np.empty((size, columns.shape[1], 3), np.uint8)
    picture[:] = _BAR_BACKGROUND
    picture[columns] = _BAR_OTHER
    chosen = np.zeros_like(columns)
    chosen[:, unit * bar:(unit + 1) * bar] = columns[:, unit * bar:(unit + 1) * bar]
    picture[chosen] = _BAR_CHOSEN
    picture[zero] = _BAR_ZERO
    # Marks above and below the chosen bar: among hundreds of one-pixel bars it is found by these.
    middle, half = unit * bar + bar // 2, max(bar, size // 40) // 2
    marks = slice(max(0, middle - half), middle + half + 1)
    picture[:size // 40, marks] = _BAR_CHOSEN
    picture[size - size // 40:, marks] = _BAR_CHOSEN
    return picture


def _rows_of(values, high, span, size):
    """The picture rows of `values` on an axis from `high` (row 0) down over `span` (row size - 1)."""
    return np.rint((high - np.asarray(values)) / span * (size - 1)).astype(int)


def _resized(values, size, resample):
    if values.shape == tuple(size):
        return values
    if resample == "nearest" and size[0] % values.shape[0] == 0 and size[1] % values.shape[1] == 0:
        return np.repeat(np.repeat(values, size[0] // values.shape[0], axis=0), size[1] // values.shape[1], axis=1)
    return render.resize_values(values, size, resample)
