"""`calibrate`: a model's light calibration from photos taken under a lamp, written into a copy of the file."""

import sys
from pathlib import Path

from cli.errors import CliError


def register(subparsers):
    """Adds the `calibrate` subcommand."""
    parser = subparsers.add_parser(
        "calibrate",
        help="calibrate a model to another lamp, into a copy of the model file",
        description="Estimates the light of FOLDER's photos (20 or more patients, at least 10, a usual mix of "
                    "tongues, all under one lamp and camera) against the model's training photos, prints the "
                    "gains, and with --out writes a copy of MODEL that applies them itself: in the app, "
                    "classify, evaluate, plain Keras and every export (see README: light calibration). MODEL is "
                    "never changed.")
    parser.add_argument("folder", metavar="FOLDER", nargs="?",
                        help="photos taken under the lamp to calibrate to (searched recursively)")
    parser.add_argument("--model", required=True, metavar="MODEL.keras", help="the model file (.keras)")
    parser.add_argument("--out", metavar="NEW.keras", help="write the calibrated copy here")
    parser.add_argument("--clear", action="store_true",
                        help="instead of calibrating, write a copy without the calibration MODEL carries")
    parser.add_argument("--force", action="store_true", help="replace an existing file at --out")
    parser.add_argument("--json", action="store_true", help="print the calibration as JSON")
    parser.set_defaults(func=run)


def run(args):
    """Runs `calibrate`; returns the exit code."""
    from cli.classify_command import calibrate_from_folder
    from cli.output import print_json
    from core import calibration, modelfile
    from core.predictor import Classifier

    out = _checked_out(args)
    try:
        loaded = modelfile.load_model(args.model)
    except modelfile.ModelFileError as error:
        raise CliError(str(error)) from None
    classifier = Classifier(loaded)
    found = None if args.clear else calibrate_from_folder(classifier, args.folder)
    if out is not None:
        try:
            calibration.save_calibrated(loaded, found, out)
        except (OSError, modelfile.ModelFileError) as error:
            raise CliError(f"{out}: {error}") from None
        print(f"wrote {out}" + ("" if found else " (no light calibration)"), file=sys.stderr)
    if args.json:
        print_json(found.to_json() if found else None)
    elif found is not None:
        print(" ".join(f"{channel} x{gain:.4f}" for channel, gain in zip(("red", "green", "blue"), found.gains)))
    return 0


def _checked_out(args):
    """The --out path, checked before anything slow runs; None without one."""
    if args.clear and args.folder:
        raise CliError("--clear takes no FOLDER: it writes a copy without the calibration")
    if not args.clear and not args.folder:
        raise CliError("give a FOLDER of photos taken under the lamp to calibrate to (or --clear)")
    if args.out is None:
        if args.clear:
            raise CliError("--clear writes a copy: give --out NEW.keras")
        return None
    out = Path(args.out)
    if out.suffix != ".keras":
        raise CliError(f"{out}: the copy must be a .keras file")
    if out.resolve() == Path(args.model).resolve():
        raise CliError(f"{out}: --out must be a new file, not MODEL itself (MODEL is never changed)")
    if out.exists() and not args.force:
        raise CliError(f"{out}: already exists; add --force to replace it")
    return out
