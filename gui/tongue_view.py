"""Pictures of where the tongue is, for the image on screen (numpy only; built on the model thread).

`tongue_view` turns a `core.crop.Cropped` into a `gui.messages.TongueView`: the tongue's outline
and the crop's box drawn into a transparent layer of the displayed image's size, and the crop the
model saw. `heat_on_photo` places a Grad-CAM map of a cropping model on the box it came from.
"""

import numpy as np

from gui.messages import TongueView

# The outline's and the box's colours (RGBA), and their thickness in displayed pixels.
OUTLINE_RGBA = (0, 255, 128, 255)
BOX_RGBA = (255, 210, 0, 230)
THICKNESS = 2


def tongue_view(path, cropped, display_size, model_input=None):
    """What the image panel shows of the tongue in one photo.

    Args:
        path: the image.
        cropped: the `core.crop.Cropped` of the photo (its mask at the photo's size).
        display_size: (width, height) of the image as displayed.
        model_input: the uint8 image the model was given (the crop resized), or None when the
            model takes whole photos (the outline alone was asked for).

    Returns:
        A `TongueView`.
    """
    from core import masks

    width, height = display_size
    layer = np.zeros((height, width, 4), np.uint8)
    mask = masks.resize_mask(cropped.mask, (height, width))
    layer[masks.outline(mask, THICKNESS)] = OUTLINE_RGBA
    box = display_box(cropped.box, cropped.photo_size, display_size)
    if cropped.found and model_input is not None:
        _draw_box(layer, box)
    crop = None if model_input is None else np.ascontiguousarray(model_input, dtype=np.uint8)
    return TongueView(path=path, outline=layer, found=bool(cropped.found), crop=crop,
                      box=tuple(int(value) for value in cropped.box), by_model=model_input is not None)


def display_box(box, photo_size, display_size):
    """A box in the photo's pixels, scaled to the displayed image."""
    scale_x = display_size[0] / photo_size[0]
    scale_y = display_size[1] / photo_size[1]
    left, top, right, bottom = box
    return (left * scale_x, top * scale_y, right * scale_x, bottom * scale_y)


def heat_on_photo(heatmap, box, photo_size, display_size):
    """A cropping model's heat map placed on its box in the displayed photo.

    Returns:
        (heat, inside) at the displayed size: see `inspection.gradcam.on_photo`.
    """
    from inspection import gradcam

    return gradcam.on_photo(heatmap, display_box(box, photo_size, display_size), display_size)


def _draw_box(layer, box):
    height, width = layer.shape[:2]
    left, top, right, bottom = (int(round(value)) for value in box)
    left, top = max(0, min(left, width - 1)), max(0, min(top, height - 1))
    right, bottom = max(left + 1, min(right, width)), max(top + 1, min(bottom, height))
    for rows, columns in ((slice(top, top + THICKNESS), slice(left, right)),
                          (slice(bottom - THICKNESS, bottom), slice(left, right)),
                          (slice(top, bottom), slice(left, left + THICKNESS)),
                          (slice(top, bottom), slice(right - THICKNESS, right))):
        layer[rows, columns] = BOX_RGBA
