"""`import-weights`: turn plain HDF5 weights into a TongueLens model file, for an architecture we build."""

from pathlib import Path

from cli.errors import CliError


def register(subparsers):
    """Adds the `import-weights` subcommand."""
    parser = subparsers.add_parser(
        "import-weights",
        help="make a .keras model from HDF5 weights trained for a TongueLens architecture",
        description="Builds ARCH for the given input size and classes, copies the arrays of WEIGHTS into it "
                    "layer by layer (matched by layer name, every shape checked) and saves OUT as a TongueLens "
                    "model file. WEIGHTS is a Keras weights file (model.save_weights: .weights.h5, or a Keras 2 "
                    ".h5). Legacy full-model .h5 files are refused: their configuration can carry code. "
                    "Only arrays are read from WEIGHTS; nothing in it is run.",
        epilog='example: main.py import-weights old.weights.h5 --arch vgg-mini --input 64x64x3 '
               '--classes "淡白舌,红舌,紫舌" tongue.keras')
    parser.add_argument("weights", metavar="WEIGHTS.h5", help="the HDF5 weights file")
    parser.add_argument("out", metavar="OUT.keras", help="the model file to write")
    parser.add_argument("--arch", required=True,
                        help="the architecture the weights were trained for: a preset (e.g. vgg-mini) or a "
                             "cs231n pattern string")
    parser.add_argument("--input", metavar="HxWxC",
                        help="input size the weights were trained for, e.g. 64x64x3 (default: the "
                             "architecture's own)")
    parser.add_argument("--classes", required=True, metavar="NAMES",
                        help="class names in output order, separated by commas, e.g. \"pale,red,purple\"")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(func=run)


def run(args):
    """Runs `import-weights`; returns the exit code."""
    out = Path(args.out)
    if out.suffix != ".keras":
        raise CliError(f"{out}: the model file name must end in .keras")
    if out.exists() and not args.force:
        raise CliError(f"{out}: already exists; choose another name or add --force to replace it")
    class_names = parse_class_names(args.classes)
    input_shape = _input_shape(args.arch, args.input)
    from core import modelfile, weightsfile

    try:
        loaded = weightsfile.import_weights(args.weights, out, args.arch, input_shape, class_names)
    except modelfile.ModelFileError as error:
        raise CliError(str(error)) from None
    except ValueError as error:  # The architecture cannot be built for this input (pattern, geometry).
        raise CliError(f"cannot build {args.arch!r} for input {'x'.join(map(str, input_shape))}: "
                       f"{' '.join(str(error).split())}") from None
    print(f"{out}: {args.arch}, input {'x'.join(map(str, loaded.info.input_shape))}, "
          f"{len(class_names)} classes ({', '.join(class_names)}), {loaded.model.count_params():,} parameters "
          f"from {args.weights}")
    return 0


def parse_class_names(text):
    """Splits "a, b,c" into ["a", "b", "c"]; refuses empty, single or repeated names."""
    names = [name.strip() for name in text.split(",")]
    if any(not name for name in names) or len(names) < 2:
        raise CliError(f"--classes: give at least two names separated by commas. Received: {text!r}")
    if len(set(names)) != len(names):
        raise CliError(f"--classes: a class name is repeated. Received: {text!r}")
    return names


def _input_shape(arch, text):
    import models
    from cli.output import parse_size

    try:
        native = tuple(models.default_input_shape(arch))
    except ValueError as error:
        raise CliError(f"--arch: {' '.join(str(error).split())}") from None
    if not text:
        return native
    try:
        size = parse_size(text)
    except ValueError as error:
        raise CliError(f"--input: {error}") from None
    return size if len(size) == 3 else (size[0], size[1], native[2])
