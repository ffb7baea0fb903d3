"""Colour maps as 256-entry lookup tables, taken from matplotlib's perceptual maps."""

import functools

import numpy as np


@functools.lru_cache(maxsize=16)
def lookup_table(name="viridis"):
    """Returns the colour map `name` as a read-only (256, 3) uint8 table.

    Raises:
        ValueError: matplotlib has no colour map of that name.
    """
    import matplotlib

    try:
        colormap = matplotlib.colormaps[name]
    except KeyError:
        raise ValueError(f"unknown colour map {name!r} (try viridis, magma, inferno, gray, turbo)") from None
    table = np.round(colormap(np.linspace(0.0, 1.0, 256))[:, :3] * 255).astype(np.uint8)
    table.flags.writeable = False
    return table


def apply(values, name="viridis"):
    """Colours an array of values in [0, 1] (outside is clipped; NaN shows as 0).

    Returns:
        A uint8 array of shape `values.shape + (3,)`.
    """
    values = np.nan_to_num(np.asarray(values, dtype=np.float32), nan=0.0)
    indices = np.clip(np.round(values * 255.0), 0, 255).astype(np.uint8)
    return lookup_table(name)[indices]
