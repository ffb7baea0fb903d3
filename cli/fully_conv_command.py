"""`main.py to-fully-conv MODEL.keras OUT.keras`: turn a Flatten + Dense head into convolutions."""

from pathlib import Path

from cli.errors import CliError
from cli.output import parse_size


def register(subparsers):
    """Adds the `to-fully-conv` subcommand."""
    parser = subparsers.add_parser(
        "to-fully-conv",
        help="turn a model's Flatten + Dense head into convolutions (a map of class scores)",
        description="Convert a trained model's Flatten + Dense head into equivalent convolutions "
                    "(the first FC becomes a conv with F = the spatial size of its input, later ones "
                    "1x1 convs), copying the weights. The new model slides over a larger image and "
                    "returns a map of class scores; on the trained size its output is the same.")
    parser.add_argument("model", metavar="MODEL.keras", help="a trained model whose head is Flatten + Dense")
    parser.add_argument("output", metavar="OUT.keras", help="where to write the converted model (atomically)")
    parser.add_argument("--input", metavar="HxW", default=None,
                        help="image size the converted model takes, e.g. 384x384 (default: the trained size)")
    parser.set_defaults(func=run)


def run(args):
    """Loads, converts and saves; returns the exit code."""
    from core.modelfile import ModelFileError, ModelInfo, load_model, save_model
    from models.fully_conv import FullyConvError, to_fully_conv
    from models.geometry import GeometryError

    source, destination = Path(args.model), Path(args.output)
    if destination.suffix != ".keras":
        raise CliError(f"{destination}: the output file name must end in .keras")
    if destination.resolve() == source.resolve():
        raise CliError(f"{destination}: write the converted model to a new file, not over the original")
    size = None
    if args.input is not None:
        try:
            size = parse_size(args.input)[:2]
        except ValueError as error:
            raise CliError(str(error)) from None
    try:
        loaded = load_model(source)
        converted = to_fully_conv(loaded.model, size)
        rows, cols, classes = converted.outputs[0].shape[1:]
        input_shape = tuple(int(side) for side in converted.inputs[0].shape[1:])
        info = loaded.info
        save_model(converted, destination, ModelInfo(
            class_names=list(info.class_names), input_shape=input_shape, preprocessing=info.preprocessing,
            arch=f"{info.arch} (fully convolutional)".strip(), training=dict(info.training),
            crop=info.crop, attached_segmenter=info.attached_segmenter))  # It still sees photos cut to the tongue.
    except (ModelFileError, FullyConvError, GeometryError) as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{destination}: cannot write ({error.strerror or error})") from None
    print(f"wrote {destination}: a {input_shape[0]}x{input_shape[1]} image gives a {rows}x{cols} map "
          f"of {classes} class scores")
    return 0
