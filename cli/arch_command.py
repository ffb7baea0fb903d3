"""`main.py arch SPEC`: the layer table of a preset, a cs231n pattern or a saved model."""

import sys
from pathlib import Path

from cli.errors import CliError
from cli.output import parse_size, print_json

DEFAULT_CLASSES = 1000


def register(subparsers):
    """Adds the `arch` subcommand."""
    parser = subparsers.add_parser(
        "arch",
        help="show a network's layers: shapes, parameters, multiply-adds, receptive fields",
        description="Print the layer table of a network: for every layer its output shape\n"
                    "(W-F+2P)/S+1, parameters, multiply-adds, activation values per image and\n"
                    "receptive field, all computed by the cs231n formulas. A pattern whose\n"
                    "geometry does not fit is refused with the formula (exit code 2).",
        epilog="examples:\n"
               "  main.py arch vgg16\n"
               "  main.py arch lenet5 --input 32x32x1 --classes 10 --json\n"
               "  main.py arch mobilenetv2 --input 128x128 --classes 4\n"
               "  main.py arch unet-mini                      (a segmenter: one mask channel)\n"
               "  main.py arch \"INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC\" "
               "--input 32x32x3 --classes 10\n"
               "  main.py arch my_model.keras",
        formatter_class=_formatter())
    parser.add_argument(
        "spec", metavar="SPEC",
        help="a preset (lenet5, alexnet, zfnet, vgg11, vgg13, vgg16, vgg19, googlenet, resnet50, "
             "resnext50, resnext101, vgg-mini, resnext-mini), a keras.applications backbone (mobilenetv2, "
             "mobilenetv3small, mobilenetv3large, efficientnetb0, efficientnetv2b0, convnexttiny), a segmenter "
             "(unet-mini, unet), a pattern string such as 'INPUT -> [CONV -> RELU -> POOL]*2 -> FC', "
             "or a saved .keras model file")
    parser.add_argument(
        "--input", metavar="HxWxC", default=None,
        help="input size, e.g. 224x224x3 (default: the preset's own size; 32x32x3 for a pattern)")
    parser.add_argument(
        "--classes", metavar="N", type=int, default=None,
        help=f"number of classes, the units of the last layer (default: the preset's own, {DEFAULT_CLASSES} "
             "for ImageNet's and a pattern, 10 for lenet5; 1 mask channel for a segmenter)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.set_defaults(func=run)


def _formatter():
    import argparse

    return argparse.RawDescriptionHelpFormatter


def run(args):
    """Builds or loads the network, prints its table; returns the exit code."""
    table = architecture_for(args.spec, args.input, args.classes)
    if args.json:
        print_json(table.to_json())
        for warning in table.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for note in table.notes:
            print(f"note: {note}", file=sys.stderr)
    else:
        print(table.format_text())
    return 0


def architecture_for(spec, input_text=None, classes=None):
    """Returns the `ArchTable` of a preset, a pattern or a model file.

    Raises:
        CliError: a bad spec, size or class count, a refused geometry, or a bad model file.
    """
    import models
    from models.geometry import GeometryError
    from models.pattern import PatternError

    try:
        if not models.is_pattern(spec) and _is_model_file(spec):
            return _file_table(spec, input_text, classes)
        num_classes = models.default_num_classes(spec) if classes is None else classes
        return models.layer_table(spec, _input_shape(spec, input_text), num_classes)
    except (PatternError, GeometryError) as error:
        raise CliError(str(error)) from None
    except ValueError as error:
        raise CliError(str(error)) from None


def _is_model_file(spec):
    path = Path(spec)
    return path.suffix.lower() in (".keras", ".h5", ".hdf5") or path.is_file()


def _input_shape(spec, input_text):
    """The input shape from `--input`, completing HxW with the architecture's channels."""
    import models

    default = models.default_input_shape(spec)
    if input_text is None:
        return default
    size = parse_size(input_text)
    return size if len(size) == 3 else size + (default[2],)


def _file_table(path, input_text, classes):
    from core.modelfile import ModelFileError, load_model
    from models.table import architecture_table

    if input_text is not None or classes is not None:
        raise CliError("--input and --classes apply to presets and patterns; a model file has its own")
    try:
        loaded = load_model(path, as_classifier=False)
    except ModelFileError as error:
        raise CliError(str(error)) from None
    table = architecture_table(loaded.model)
    table.name = Path(path).name  # The file the user named, not the Keras model's inner name ("pattern").
    return table
