"""The TongueLens architecture library: named presets and cs231n pattern strings.

    >>> import models
    >>> model = models.build_model("vgg-mini", (64, 64, 3), num_classes=4)
    >>> model = models.build_model("INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> FC", (32, 32, 3), 10)

Every model takes raw 0-255 pixels (its first layer is a `Rescaling`, or for a
`keras.applications` backbone such as `mobilenetv2` that backbone's own preprocessing, see
`models.backbones`). Classifiers end in a softmax `Dense` named `predictions`; segmenters
(`SEGMENTER_NAMES`, the U-Nets) in a 1x1 conv named `mask` giving one tongue probability per pixel:

    >>> segmenter = models.build_model("unet-mini")  # 128x128x3 photos -> 128x128x1 masks

This module does not import Keras: the parser, the geometry and
the layer table work without it, and Keras is imported only when a model is built.
"""

from models.presets import PRESET_NAMES, SEGMENTATION, SEGMENTER_NAMES, get_preset, preset_input_shape, preset_task

# A pattern's default input when none is given: the seed's CIFAR-10 volume.
PATTERN_INPUT_SHAPE = (32, 32, 3)
# Output units when none are given: ImageNet's classes, or one tongue probability per pixel.
DEFAULT_CLASSES = 1000
DEFAULT_MASK_CLASSES = 1

__all__ = ["ARCHITECTURE_NAMES", "BACKBONE_NAMES", "PRESET_NAMES", "SEGMENTER_NAMES", "build_model",
           "default_input_shape", "default_num_classes", "is_pattern", "is_segmenter", "layer_table"]


def __getattr__(name):
    # The backbones' names are looked up when first asked for: `classify` and the app start without them.
    if name == "BACKBONE_NAMES":
        from models.backbones import BACKBONE_NAMES

        return BACKBONE_NAMES
    if name == "ARCHITECTURE_NAMES":
        from models.presets import architecture_names

        return architecture_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_pattern(text):
    """Tells whether `text` is a cs231n pattern string rather than a preset name or a path.

    Args:
        text: what the user typed.

    Returns:
        True when `text` starts like a pattern (`INPUT`, a layer keyword or `[`).
    """
    from models import pattern

    return pattern.looks_like_pattern(text)


def default_input_shape(arch):
    """Returns the input (height, width, channels) an architecture is made for.

    Args:
        arch: a preset name (e.g. `alexnet` -> (227, 227, 3)) or a pattern string (32x32x3).

    Raises:
        ValueError: `arch` is neither a preset nor a pattern.
    """
    if is_pattern(arch):
        return PATTERN_INPUT_SHAPE
    return preset_input_shape(arch)


def is_segmenter(arch):
    """Tells whether `arch` names a segmenter preset (a U-Net) rather than a classifier or a pattern."""
    if is_pattern(arch):
        return False
    try:
        return preset_task(arch) == SEGMENTATION
    except ValueError:
        return False


def default_num_classes(arch):
    """Output units of `arch` when none are given: 1 (a tongue mask) for segmenters, the preset's own
    (1000, LeNet-5's 10), else 1000."""
    if is_segmenter(arch):
        return DEFAULT_MASK_CLASSES
    if is_pattern(arch):
        return DEFAULT_CLASSES
    try:
        return get_preset(arch).classes
    except ValueError:
        return DEFAULT_CLASSES


def build_model(arch, input_shape=None, num_classes=None, name=None):
    """Builds a Keras model from a preset name or a cs231n pattern string.

    Args:
        arch: a name from `ARCHITECTURE_NAMES` (presets and backbones, the latter with weights at
            random: see `models.pretrained.build_pretrained` for ImageNet weights) or a pattern such as
            `INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC`.
        input_shape: (height, width, channels) of one raw 0-255 image; None for the
            architecture's `default_input_shape`.
        num_classes: number of output classes (units of the `predictions` layer, or channels
            of a segmenter's `mask`); None for `default_num_classes`.
        name: the model's name; defaults to the preset name or `pattern`.

    Returns:
        An unfitted `keras.Model` (weights initialised at random).

    Raises:
        models.pattern.PatternError: the pattern has a syntax error (`.column` says where).
        models.geometry.GeometryError: a layer's geometry does not fit the input.
        ValueError: an unknown preset, or a bad input shape or class count.
    """
    if input_shape is None:
        input_shape = default_input_shape(arch)
    if num_classes is None:
        num_classes = default_num_classes(arch)
    if is_pattern(arch):
        from models import from_pattern

        return from_pattern.build_from_pattern(arch, input_shape, num_classes, name=name)
    from models import presets

    return presets.build_preset(arch, input_shape, num_classes, name=name)


def layer_table(arch, input_shape=None, num_classes=None):
    """The layer table of a preset or a pattern: what `main.py arch` prints and the Train dialog shows.

    A pattern's table is computed by our formulas alone, without Keras (`models.table.spec_table`:
    its rows equal the built model's, which the tests check) and lists the sizing habits it
    breaks; a preset is built with Keras (seconds for the largest) and its graph walked.

    Args:
        arch: a preset name or a pattern string.
        input_shape: (height, width, channels); None for the architecture's `default_input_shape`.
        num_classes: number of output classes; None for `default_num_classes`.

    Returns:
        A `models.table.ArchTable`.

    Raises:
        models.pattern.PatternError: the pattern has a syntax error.
        models.geometry.GeometryError: a layer's geometry does not fit the input.
        ValueError: an unknown preset, or a bad input shape or class count.
    """
    from models import table

    if input_shape is None:
        input_shape = default_input_shape(arch)
    if num_classes is None:
        num_classes = default_num_classes(arch)
    if is_pattern(arch):
        return table.spec_table(arch, input_shape, num_classes)
    return table.architecture_table(build_model(arch, input_shape, num_classes))
