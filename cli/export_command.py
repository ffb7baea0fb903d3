"""`export`: a model file as ONNX, LiteRT (phones) or a TensorFlow SavedModel (servers), checked."""

import sys

from cli.errors import CliError


def register(subparsers):
    """Adds the `export` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export a model for phones (LiteRT), servers (SavedModel) or ONNX runtimes",
        description="Writes MODEL as FORMAT into the new folder OUT, with labels.txt (class names in output "
                    "order; a model with one head per attribute has one output and one labels_<head>.txt per "
                    "attribute, named by its output layer) and metadata.json (input size and channels, preprocessing: raw 0-255 RGB pixels, "
                    "the outputs: probabilities). Before it is kept, the export is run in its own runtime "
                    "(onnxruntime, the LiteRT interpreter, TensorFlow) on the sample images and must give "
                    "the probabilities of `classify` within 1e-4; otherwise it is refused and nothing is "
                    "written.",
        epilog="examples:\n"
               "  main.py export demo/tongue-colour-demo.keras --format litert --out exports/tongue-litert\n"
               "  main.py export model.keras --format savedmodel --out serving/tongue/1\n"
               "  main.py export model.keras --format onnx --out exports/tongue-onnx",
        formatter_class=_formatter())
    parser.add_argument("model", metavar="MODEL", help="the model file (.keras)")
    parser.add_argument("--format", required=True, choices=("onnx", "litert", "savedmodel"),
                        help="onnx: model.onnx; litert: model.tflite (Android, iOS, Raspberry Pi); "
                             "savedmodel: a TensorFlow SavedModel folder (TensorFlow Serving)")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="the folder to create for the export")
    parser.add_argument("--images", nargs="+", metavar="PATH",
                        help="image files or folders to check the export on (default: the bundled samples)")
    parser.add_argument("--force", action="store_true", help="replace an earlier export in OUT")
    parser.add_argument("--json", action="store_true", help="print the export's metadata as JSON")
    parser.set_defaults(func=run)


def _formatter():
    import argparse

    return argparse.RawDescriptionHelpFormatter


def run(args):
    """Runs `export`; returns the exit code."""
    from cli.output import print_json, tolerate_undecodable_names
    from core import export, tfruntime

    tolerate_undecodable_names()
    image_paths = _image_paths(args.images) if args.images else None
    try:
        export.check_format(args.format)
        export.check_destination(args.out, args.force)  # Before TensorFlow's seconds of loading.
        tfruntime.import_tensorflow()
        result = export.export_model(args.model, args.format, args.out, image_paths=image_paths,
                                     overwrite=args.force, on_stage=lambda text: print(f"{text} ...", file=sys.stderr))
    except export.ExportError as error:
        raise CliError(f"{error}{_option_for(error)}") from None
    if args.json:
        print_json({"path": str(result.path), **result.metadata})
        return 0
    names = ", ".join(sorted(path.name for path in result.path.iterdir()))
    agreement = ("the same probabilities as the model's" if result.max_difference == 0 else
                 f"probabilities within {result.max_difference:.2g} of the model's")
    print(f"{result.path}: {result.format} export of {args.model} ({names}); checked on {result.images} images "
          f"with {result.metadata['checked']['runtime']}: {agreement}")
    return 0


def _image_paths(arguments):
    from cli.classify_command import expand_paths

    paths = expand_paths(arguments)
    if not paths:
        raise CliError(f"--images: no image found in {', '.join(arguments)}")
    return paths


def _option_for(error):
    """The option that acts on a refusal, where there is one: an existing export is replaced with --force."""
    inner = error.message.values.get("text") if error.message.key == "at_path" else error.message
    return " (--force)" if getattr(inner, "key", None) == "export.exists" else ""
