"""The named architectures: which builder makes each one and what input it is made for.

Builders live in one module per family (`vgg`, `resnet`, `classic`, `googlenet`, `unet`); this
table only names them, so listing presets does not import Keras. Classifiers (`PRESET_NAMES`)
end in a softmax over classes; segmenters (`SEGMENTER_NAMES`) end in a per-pixel mask.

The `keras.applications` backbones (`models.backbones.BACKBONE_NAMES`) are architectures too:
`get_preset("mobilenetv2")` gives a preset that builds one from scratch. `resnet50` stays our
own builder here (layer for layer Keras's ResNet50 behind a 0-1 `Rescaling`); its pretrained
form, with the caffe preprocessing ImageNet weights expect, comes from `models.pretrained`.
"""

import dataclasses
import importlib
import numbers

from core.messages import Message, MessageError


class UnknownArchitecture(MessageError):
    """A name that is no preset, backbone or segmenter; the message lists those there are."""


@dataclasses.dataclass(frozen=True)
class Preset:
    """One named architecture.

    Attributes:
        module: the `models` module holding its builder.
        builder: the builder function's name in that module.
        input_shape: the (height, width, channels) it is made for.
        min_side: the smallest input side whose volumes stay at least 1x1 (1 for networks whose
            windows pad: they shrink any image to 1x1 at worst, never to nothing).
        kwargs: extra arguments for the builder (e.g. the VGG depth).
        task: "classification" (one label per image) or "segmentation" (a mask per image).
        classes: the output units it is made for (ImageNet's 1000; LeNet-5's 10 digits).
    """

    module: str
    builder: str
    input_shape: tuple
    min_side: int
    kwargs: tuple = ()
    task: str = "classification"
    classes: int = 1000


CLASSIFICATION = "classification"
SEGMENTATION = "segmentation"


_PRESETS = {
    "lenet5": Preset("classic", "lenet5", (32, 32, 1), 32, classes=10),
    "alexnet": Preset("classic", "alexnet", (227, 227, 3), 67),
    "zfnet": Preset("classic", "zfnet", (224, 224, 3), 53),
    "vgg11": Preset("vgg", "vgg", (224, 224, 3), 32, (("depth", 11),)),
    "vgg13": Preset("vgg", "vgg", (224, 224, 3), 32, (("depth", 13),)),
    "vgg16": Preset("vgg", "vgg", (224, 224, 3), 32, (("depth", 16),)),
    "vgg19": Preset("vgg", "vgg", (224, 224, 3), 32, (("depth", 19),)),
    "googlenet": Preset("googlenet", "googlenet", (224, 224, 3), 1),
    "resnet50": Preset("resnet", "resnet50", (224, 224, 3), 1),
    "resnext50": Preset("resnet", "resnext50", (224, 224, 3), 1),
    "resnext101": Preset("resnet", "resnext101", (224, 224, 3), 1),
    "vgg-mini": Preset("vgg", "vgg_mini", (64, 64, 3), 16),
    "resnext-mini": Preset("resnet", "resnext_mini", (64, 64, 3), 1),
    "unet-mini": Preset("unet", "unet_mini", (128, 128, 3), 16, task=SEGMENTATION),
    "unet": Preset("unet", "unet", (256, 256, 3), 16, task=SEGMENTATION),
}

# The classifiers (what `train` and the Train dialog offer) and the segmenters (`train-segmenter`).
PRESET_NAMES = tuple(name for name, preset in _PRESETS.items() if preset.task == CLASSIFICATION)
SEGMENTER_NAMES = tuple(name for name, preset in _PRESETS.items() if preset.task == SEGMENTATION)


def _backbone_preset(key):
    from models import backbones

    return Preset("backbones", "backbone_classifier", backbones.DEFAULT_INPUT_SHAPE, backbones.MIN_SIDE,
                  (("backbone", key),))


def _backbone_names():
    from models.backbones import BACKBONE_NAMES  # Plain Python: no Keras import.

    return tuple(name for name in BACKBONE_NAMES if name not in _PRESETS)


def architecture_names():
    """Every name `get_preset` knows: our presets, then the backbones that are not presets already."""
    return PRESET_NAMES + _backbone_names()


def __getattr__(name):
    # `ARCHITECTURE_NAMES` is made when first asked for: `classify` and the app start without it.
    if name == "ARCHITECTURE_NAMES":
        return architecture_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_preset(name):
    """Returns the `Preset` called `name` (case-insensitive): a preset or a backbone.

    Raises:
        UnknownArchitecture: no preset has that name (a `ValueError`); the message lists the known ones.
    """
    key = str(name).strip().lower()
    if key in _PRESETS:
        return _PRESETS[key]
    if key in _backbone_names():
        return _backbone_preset(key)
    if not key:  # An empty pattern box in the Train dialog: its own short line, not the list of presets.
        raise UnknownArchitecture(Message("pattern.empty"))
    raise UnknownArchitecture(Message("arch.unknown", name=repr(name), presets=", ".join(PRESET_NAMES),
                                      backbones=", ".join(_backbone_names()), segmenters=", ".join(SEGMENTER_NAMES),
                                      example="'INPUT -> [CONV -> RELU -> POOL]*2 -> FC'"))


def preset_input_shape(name):
    """Returns the (height, width, channels) preset `name` is made for."""
    return get_preset(name).input_shape


def preset_task(name):
    """Returns "classification" or "segmentation" for preset `name`."""
    return get_preset(name).task


def build_preset(preset_name, input_shape, num_classes, name=None):
    """Builds preset `preset_name` for `input_shape` and `num_classes`; `name` names the model.

    Raises:
        ValueError: unknown preset, bad shape or class count.
        models.geometry.GeometryError: the input is too small for the preset's pools and strides.
    """
    from models import geometry

    preset = get_preset(preset_name)
    key = str(preset_name).strip().lower()
    input_shape = check_input_shape(input_shape)
    check_num_classes(num_classes)
    geometry.check_min_side(key, input_shape, preset.min_side)
    module = importlib.import_module(f"models.{preset.module}")
    builder = getattr(module, preset.builder)
    model_name = name or key.replace("-", "_")
    return builder(input_shape=input_shape, num_classes=num_classes, name=model_name, **dict(preset.kwargs))


def check_input_shape(input_shape):
    """Returns `input_shape` as a (height, width, channels) tuple of positive ints.

    Raises:
        ValueError: not three positive whole numbers; the message shows the value.
    """
    try:
        shape = tuple(int(side) for side in input_shape)
        whole = all(int(side) == side for side in input_shape)
    except (TypeError, ValueError):
        raise ValueError(f"input shape must be (height, width, channels). Received: input_shape={input_shape!r}") \
            from None
    if len(shape) != 3 or min(shape) < 1 or not whole:
        raise ValueError(f"input shape must be three positive whole numbers (height, width, channels). "
                         f"Received: input_shape={input_shape!r}")
    return shape


def check_num_classes(num_classes):
    """Raises ValueError unless `num_classes` is a whole number of at least 1."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral) or num_classes < 1:
        raise ValueError(f"the number of classes must be a whole number of at least 1. "
                         f"Received: num_classes={num_classes!r}")
