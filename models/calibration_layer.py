"""A light calibration carried inside a model: per-channel gains right after the input.

    calibrated = with_light_gains(model, (1.12, 1.0, 0.86))   # input -> light_calibration(_clip) -> ...
    light_gains(calibrated)                                    # (1.12, 1.0, 0.86)
    with_light_gains(calibrated, None)                         # the model as trained again

`core.calibration` finds the gains from photos taken under a new lamp and applies them in
Python before the model. Written into the file, the same gains travel with it: to another
machine, into plain Keras and into every export (ONNX, LiteRT, SavedModel), which know nothing
of our Python side. The gains are Keras's own layers, so the file still opens in plain Keras
and in safe mode: a `Rescaling` with one scale per channel (the luma-weighted mean of the three
on a gray model), then a `ReLU` capped at 255, which clips as `Calibration.apply` does. They sit
before everything else, the model's colour correction included, as the Python side does.

This module imports Keras only inside its functions.
"""

LAYER_NAME = "light_calibration"
CLIP_LAYER_NAME = "light_calibration_clip"
LAYER_NAMES = (LAYER_NAME, CLIP_LAYER_NAME)
# Luma weights of R, G and B (as `core.calibration` applies gains to a gray image).
_LUMA = (0.299, 0.587, 0.114)


def light_gains(model):
    """The (R, G, B) gains the model carries, or None without a calibration layer.

    A gray model keeps one gain (the luma-weighted mean): it is returned three times.
    """
    layer = next((layer for layer in model.layers if layer.name == LAYER_NAME), None)
    if layer is None:
        return None
    scale = layer.scale
    values = [float(value) for value in (scale if isinstance(scale, (list, tuple)) else [scale])]
    return tuple(values * 3) if len(values) == 1 else tuple(values)


def with_light_gains(model, gains):
    """`model` with the gains as its first layers, replacing any it carried.

    Args:
        model: a functional Keras model taking raw 0-255 images.
        gains: (R, G, B) multipliers, or None to take the calibration out.

    Returns:
        A new model with the same layers, names and weights (`model` itself when there is
        nothing to add or take out).
    """
    import keras

    from models.colour import comes_from_input

    if gains is None and light_gains(model) is None:
        return model
    channels = model.inputs[0].shape[-1]
    scale = [float(gain) for gain in gains] if gains is not None else None
    if scale is not None and channels != 3:
        scale = sum(weight * gain for weight, gain in zip(_LUMA, scale))
    calibrated = {}

    def call(layer, *args, **kwargs):
        first = args[0] if args else None
        if layer.name in LAYER_NAMES:
            return first  # The old gains: left out, the new ones come from the input below.
        if scale is not None and not isinstance(first, (list, tuple)) and comes_from_input(first, keras):
            if id(first) not in calibrated:
                gained = keras.layers.Rescaling(scale, name=LAYER_NAME)(first)
                calibrated[id(first)] = keras.layers.ReLU(max_value=255.0, name=CLIP_LAYER_NAME)(gained)
            args = (calibrated[id(first)],) + args[1:]
        return layer(*args, **kwargs)

    rebuilt = keras.models.clone_model(model, call_function=call)
    rebuilt.set_weights(model.get_weights())
    return rebuilt
