"""Where does the model look? Grad-CAM and gradient saliency, and heat maps blended over the image.

Grad-CAM (Selvaraju et al. 2017): weight each channel of a convolution layer's output by
the mean gradient of the class score over that channel, sum, keep the positive part and
enlarge to the image. It works on any layer with a spatial output, inside nested models too,
because the engine reaches those layers. The class score is the logit (before the softmax)
where the engine can separate it: a softmax output saturates and its gradient vanishes.

Saliency (Simonyan et al. 2014): the largest absolute gradient of the class score with
respect to the input pixels, over the colour channels.

Reference:
    Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
    Localization", ICCV 2017. Simonyan et al., "Deep Inside Convolutional Networks", 2014.
"""

import numpy as np

from inspection import colormaps, render

# Saliency is scaled so that this percentile is full heat (a few extreme pixels would
# otherwise leave the rest black).
SALIENCY_PERCENTILE = 99.5


def resolve_class(engine, image, class_index=None, attribute=None):
    """Returns `class_index`, or the predicted class's index when it is None.

    `class_index` may also be a class name (of the head `attribute`, the first by default).
    """
    if class_index is None:
        return int(np.argmax(engine.predict(image, attribute)))
    if isinstance(class_index, str):
        classes = engine.head_classes(attribute)
        if class_index not in classes:
            raise ValueError(f"the model has no class {class_index!r} (classes: {', '.join(classes)})")
        return classes.index(class_index)
    return int(class_index)


def gradcam_raw(engine, image, class_index=None, layer_name=None, attribute=None):
    """Returns the Grad-CAM map at the layer's own resolution, not normalized (float (h, w)).

    Args: as `gradcam`.
    """
    layer_name = layer_name or engine.gradcam_layer()
    class_index = resolve_class(engine, image, class_index, attribute)
    activation, gradient = engine.gradients(image, layer_name, class_index, attribute)
    if activation.ndim != 4:
        raise ValueError(f"Grad-CAM needs a layer with a (height, width, channels) output; "
                         f"{layer_name!r} outputs {activation.shape[1:]}")
    channel_weights = gradient[0].mean(axis=(0, 1))
    return np.maximum((activation[0] * channel_weights).sum(axis=-1), 0.0)


def gradcam(engine, image, class_index=None, layer_name=None, attribute=None):
    """Computes a Grad-CAM heat map for one image.

    Args:
        engine: an `inspection.engine.InspectionEngine`.
        image: uint8 image at the model's input size.
        class_index: the class to explain (index or name); default the predicted class.
        layer_name: the layer; default the last convolution (`engine.gradcam_layer()`).
        attribute: which head explains, for a model with one head per attribute (name or
            index); default the first.

    Returns:
        float32 array (height, width) at the input size, in [0, 1] (1 = the hottest place;
        all 0 when no place speaks for the class, or no place stands out: a map of one value
        everywhere, as a 1x1 layer gives, see `cannot_localise`).
    """
    cam = gradcam_raw(engine, image, class_index, layer_name, attribute)
    heat = render.resize_values(cam, engine.info.image_size, "bilinear")
    return _unit_range(heat)


def cannot_localise(engine, layer_name=None):
    """Whether a layer's map is 1x1, which cannot show where: its Grad-CAM marks no place.

    Args:
        engine: an `inspection.engine.InspectionEngine`.
        layer_name: the layer; default Grad-CAM's (`engine.gradcam_layer()`).
    """
    height, width = engine.layer(layer_name or engine.gradcam_layer()).output_shape[:2]
    return height == 1 and width == 1


def saliency(engine, image, class_index=None, attribute=None):
    """Computes a gradient saliency map: how much each pixel moves the class score.

    Args:
        engine: an `inspection.engine.InspectionEngine`.
        image: uint8 image at the model's input size.
        class_index: the class (index or name); default the predicted class.
        attribute: the head, as in `gradcam`.

    Returns:
        float32 array (height, width) in [0, 1].
    """
    class_index = resolve_class(engine, image, class_index, attribute)
    _, gradient = engine.gradients(image, None, class_index, attribute)
    magnitude = np.abs(gradient[0]).max(axis=-1)
    top = float(np.percentile(magnitude, SALIENCY_PERCENTILE))
    if top <= 0:
        top = float(magnitude.max())
    return np.clip(magnitude / top, 0.0, 1.0).astype(np.float32) if top > 0 else np.zeros_like(magnitude)


def heatmap_image(heatmap, colormap="inferno"):
    """Colours a [0, 1] heat map with a perceptual colour map; returns uint8 RGB."""
    return colormaps.apply(heatmap, colormap)


def on_photo(heatmap, box, photo_size):
    """Places the heat map of a crop on the whole photo, where the crop came from.

    A model that classifies photos cut to the tongue (`core.crop`) looks at its crop only: its
    map is stretched over the crop's box and the rest of the photo has no heat.

    Args:
        heatmap: float array in [0, 1] at the model's input size.
        box: (left, top, right, bottom) of the crop in the photo's pixels.
        photo_size: the photo's (width, height) (a box of a larger photo is scaled to it).

    Returns:
        (heat, inside): float32 (height, width) in [0, 1], 0 outside the box; bool (height,
        width), True inside the box.
    """
    width, height = photo_size
    left, top, right, bottom = (int(round(value)) for value in box)
    left, top = min(max(left, 0), width - 1), min(max(top, 0), height - 1)
    right, bottom = min(max(right, left + 1), width), min(max(bottom, top + 1), height)
    heat = np.zeros((height, width), np.float32)
    inside = np.zeros((height, width), bool)
    placed = render.resize_values(np.asarray(heatmap, dtype=np.float32), (bottom - top, right - left), "bilinear")
    heat[top:bottom, left:right] = np.clip(placed, 0.0, 1.0)
    inside[top:bottom, left:right] = True
    return heat, inside


def overlay(image, heatmap, opacity=0.5, colormap="turbo", where=None):
    """Blends a heat map over an image: hot places coloured, cold places left as they are.

    Args:
        image: uint8 RGB image (h, w, 3) (gray is accepted).
        heatmap: float array in [0, 1]; resized to the image when its size differs.
        opacity: the colour's weight where the heat is 1.
        colormap: colour map of the heat (turbo: blue cold, red hot).
        where: optional bool array of the image's size: no colour outside it (the part of a
            photo a cropping model never saw, see `on_photo`).

    Returns:
        A uint8 RGB array of the image's size.
    """
    image = render.to_rgb8(image)
    heat = np.clip(np.asarray(heatmap, dtype=np.float32), 0.0, 1.0)
    if heat.shape != image.shape[:2]:
        heat = np.clip(render.resize_values(heat, image.shape[:2], "bilinear"), 0.0, 1.0)
    colour = colormaps.apply(heat, colormap).astype(np.float32)
    # Cold places keep a faint tint, so the colour scale stays visible on the picture.
    alpha = (opacity * (0.15 + 0.85 * heat))[..., None]
    if where is not None:
        alpha = alpha * np.asarray(where, dtype=np.float32)[..., None]
    blended = image.astype(np.float32) * (1.0 - alpha) + colour * alpha
    return np.clip(np.round(blended), 0, 255).astype(np.uint8)


def _unit_range(values):
    values = np.maximum(np.asarray(values, dtype=np.float32), 0.0)
    low, high = float(values.min()), float(values.max())
    if high <= low:  # One value everywhere: no place has more evidence than another, so none is marked.
        return np.zeros_like(values)
    return values / high
