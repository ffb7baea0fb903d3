"""Colour constancy for any model of the library: `train --colour MODE`.

    model = models.build_model("vgg-mini", (64, 64, 3), 3)
    model = with_colour_constancy(model, "shades-of-grey")   # input -> colour_constancy -> rescaling -> ...
    parse_mode("shades-of-grey+augment").augment              # True: random light while training

A mode is an estimator, optionally followed by `+augment` (random per-channel gains and
exposure while training, `training.colour_augment`), or `augment` alone, or `none`:

| mode | in the model | while training |
| --- | --- | --- |
| `none` | nothing (today's models) | |
| `grey-world` | `ColourConstancy(grey_world)` | |
| `shades-of-grey[:P]` | `ColourConstancy(shades_of_grey, power=P)`, P=6 | |
| `white-patch[:Q]` | `ColourConstancy(white_patch, percentile=Q)`, Q=95 | |
| `augment` | nothing | random light |
| `ESTIMATOR+augment` | the estimator's layer | random light |

An estimator may also take `+keep-exposure`: the layer then divides out the colour cast only,
keeping each photo's brightness (see `models.layers.ColourConstancy`).

The layer sits right after the input, before the model's `Rescaling`, so the saved `.keras`
file carries it and the app, `classify`, `evaluate`, `inspect` and exports all apply it the same
way. `shades-of-grey:2` is built from Keras's own layers (`UnitNormalization` over the image's
height and width, which divides each channel by its L2 norm, then a constant `Rescaling`), so
its files open in plain Keras; the other estimators need a per-image statistic no built-in
layer computes (a mean to divide by, a p-th root, a percentile) and use the registered
TongueLens layer `tonguelens>ColourConstancy` (config only, no weights, loadable in safe
mode, after `import models.layers`). Gray (1-channel) models get no layer: a light's colour
does not reach them, and only the augmentation's exposure part applies.

This module imports Keras only inside its functions, so the command line's `--help` stays fast.
"""

import dataclasses

from core.messages import Message, MessageError

NONE = "none"
AUGMENT = "augment"
KEEP_EXPOSURE = "keep-exposure"
LAYER_NAME = "colour_constancy"
# The built-in form's second layer (see `_colour_layers`).
SCALE_LAYER_NAME = "colour_constancy_scale"
# The mean 0-255 brightness the layers give a photo (`ColourConstancy`'s `brightness`).
BRIGHTNESS = 110.0
# Mode names on the command line -> `models.layers.ColourConstancy` estimators, with the
# parameter a `:VALUE` sets and its default.
_ESTIMATORS = {
    "grey-world": ("grey_world", None, None),
    "shades-of-grey": ("shades_of_grey", "power", 6.0),
    "white-patch": ("white_patch", "percentile", 95.0),
}
ESTIMATOR_NAMES = tuple(_ESTIMATORS)
# The default for new models, chosen from the measurements in the README ("Photographing tongues").
DEFAULT_MODE = "shades-of-grey:2+augment"


class ColourModeError(MessageError):
    """A `--colour` value that is not a mode; the message lists the modes."""


@dataclasses.dataclass(frozen=True)
class ColourMode:
    """A parsed colour mode.

    Attributes:
        estimator: a name from `ESTIMATOR_NAMES`, or None (no layer).
        parameter: the estimator's power or percentile (None: grey-world).
        augment: random light while training.
        exposure: the layer normalises brightness too.
    """

    estimator: str = None
    parameter: float = None
    augment: bool = False
    exposure: bool = True

    @property
    def name(self):
        """The canonical mode string (`parse_mode(mode.name) == mode`)."""
        parts = []
        if self.estimator:
            default = _ESTIMATORS[self.estimator][2]
            parts.append(self.estimator if self.parameter in (None, default) else
                         f"{self.estimator}:{self.parameter:g}")
            if not self.exposure:
                parts.append(KEEP_EXPOSURE)
        if self.augment:
            parts.append(AUGMENT)
        return "+".join(parts) or NONE

    def layer_config(self):
        """The `ColourConstancy` arguments of this mode, or None when it adds no layer."""
        if not self.estimator:
            return None
        estimator, parameter_name, _ = _ESTIMATORS[self.estimator]
        config = {"estimator": estimator, "exposure": self.exposure}
        if parameter_name:
            config[parameter_name] = self.parameter
        return config


def parse_mode(text):
    """Parses a `--colour` value such as `none`, `augment`, `white-patch:97+augment`.

    Returns:
        A `ColourMode`.

    Raises:
        ColourModeError: not a mode; the message shows the value and the modes.
    """
    parts = [part.strip().lower() for part in str(text or NONE).split("+")]
    if parts == [NONE]:
        return ColourMode()
    estimator = parameter = None
    augment, exposure = False, True
    for index, part in enumerate(parts):
        name, _, value = part.partition(":")
        if part == AUGMENT and not augment:
            augment = True
        elif part == KEEP_EXPOSURE and estimator and exposure:
            exposure = False
        elif index == 0 and name in _ESTIMATORS:
            estimator = name
            parameter = _parameter(text, name, value)
        else:
            raise ColourModeError(_mode_error(text))
    return ColourMode(estimator, parameter, augment, exposure)


def check_mode(text):
    """Returns the canonical name of a mode, or raises `ColourModeError`."""
    return parse_mode(text).name


def with_colour_constancy(model, mode):
    """`model` with the mode's colour-constancy layer right after its input (before `Rescaling`).

    Args:
        model: a functional Keras model taking raw 0-255 images (any preset or pattern).
        mode: a mode string or `ColourMode`.

    Returns:
        A new model with the same layers, names and weights and the mode's `colour_constancy`
        layer (the built-in form: `colour_constancy` and `colour_constancy_scale`) after the
        input; `model` itself when the mode adds no layer, the input is not RGB, or the model
        already has one.
    """
    import keras

    mode = mode if isinstance(mode, ColourMode) else parse_mode(mode)
    config = mode.layer_config()
    if config is None or model.inputs[0].shape[-1] != 3 or colour_layer(model) is not None:
        return model
    height, width = model.inputs[0].shape[1:3]
    corrected = {}

    def call(layer, *args, **kwargs):
        first = args[0] if args else None
        if not isinstance(first, (list, tuple)) and comes_from_input(first, keras):
            if id(first) not in corrected:
                tensor = first
                for colour_step in _colour_layers(config, height, width):
                    tensor = colour_step(tensor)
                corrected[id(first)] = tensor
            args = (corrected[id(first)],) + args[1:]
        return layer(*args, **kwargs)

    wrapped = keras.models.clone_model(model, call_function=call)
    wrapped.set_weights(model.get_weights())
    return wrapped


def colour_layer(model):
    """The model's colour-constancy layer (`ColourConstancy`, or the built-in form's first layer), or None."""
    return next((layer for layer in model.layers if layer.name == LAYER_NAME), None)


def colour_layers(model):
    """Every layer of the model's colour correction, in order (empty without one)."""
    return [layer for layer in model.layers if layer.name in (LAYER_NAME, SCALE_LAYER_NAME)]


def mode_of_model(model):
    """The colour-constancy part of the mode a model carries (`none` without a layer)."""
    import keras

    layer = colour_layer(model)
    if layer is None:
        return NONE
    if isinstance(layer, keras.layers.UnitNormalization):
        return ColourMode("shades-of-grey", 2.0).name
    for name, (estimator, parameter_name, _) in _ESTIMATORS.items():
        if estimator == getattr(layer, "estimator", None):
            parameter = getattr(layer, parameter_name) if parameter_name else None
            return ColourMode(name, parameter, exposure=layer.exposure).name
    return NONE


def effective_mode(model, mode):
    """The mode a trained model really has: its own layer (none on a gray model, or the source
    model's when fine-tuning) and the run's augmentation."""
    carried = parse_mode(mode_of_model(model))
    return dataclasses.replace(carried, augment=parse_mode(mode).augment).name


def corrected_images(model, images):
    """The images as the model sees them after its colour correction, for display.

    Args:
        model: a Keras model (with or without a colour-constancy layer).
        images: uint8 RGB array (height, width, 3) or (n, height, width, 3).

    Returns:
        A uint8 array of the same shape: the layer's output clipped to 0-255, or the images
        unchanged when the model has no layer.
    """
    import numpy as np

    layers = colour_layers(model)
    array = np.asarray(images)
    if not layers:
        return array
    batch = array[None] if array.ndim == 3 else array
    output = batch.astype("float32")
    for layer in layers:
        output = np.asarray(layer(output)).astype("float32")
    output = np.clip(np.rint(output), 0, 255).astype(np.uint8)
    return output[0] if array.ndim == 3 else output


def _colour_layers(config, height, width):
    """The layers that make a mode's colour correction, applied one after the other."""
    import keras

    from models.layers import ColourConstancy

    if config["estimator"] == "shades_of_grey" and config.get("power") == 2.0 and config["exposure"]:
        # x / ||x||_2 per channel, times sqrt(pixels) * brightness: each channel's root mean square
        # becomes BRIGHTNESS. Keras's own layers: the file opens in plain Keras.
        return [keras.layers.UnitNormalization(axis=(1, 2), name=LAYER_NAME),
                keras.layers.Rescaling(BRIGHTNESS * float(height * width) ** 0.5, name=SCALE_LAYER_NAME)]
    return [ColourConstancy(name=LAYER_NAME, brightness=BRIGHTNESS, **config)]


def comes_from_input(tensor, keras):
    """Whether `tensor` is the (cloned) model input, which a layer inserted after the input must come after."""
    history = getattr(tensor, "_keras_history", None)
    return history is not None and isinstance(history.operation, keras.layers.InputLayer)


def _parameter(text, name, value):
    _, parameter_name, default = _ESTIMATORS[name]
    if not value:
        return default
    if parameter_name is None:
        raise ColourModeError(Message("colour.no_parameter", name=name, text=str(text)))
    try:
        number = float(value)
    except ValueError:
        raise ColourModeError(Message("colour.not_a_number", name=name, parameter=parameter_name, text=str(text))) \
            from None
    low, high = (1.0, 64.0) if parameter_name == "power" else (50.0, 100.0)
    if not low <= number <= high:
        raise ColourModeError(Message("colour.out_of_range", name=name, parameter=parameter_name, low=f"{low:g}",
                                      high=f"{high:g}", text=str(text)))
    return number


def _mode_error(text):
    return Message("colour.unknown_mode", mode=repr(text), none=NONE, augment=AUGMENT,
                   estimators=", ".join(ESTIMATOR_NAMES), example="shades-of-grey:6", other_example="white-patch:95",
                   keep=KEEP_EXPOSURE)
