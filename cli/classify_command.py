"""`classify`: the top classes of images and folders of images, as text, JSON or CSV."""

import sys
from pathlib import Path

from cli.errors import CliError, files_exit_code
from cli.output import print_line


def register(subparsers):
    """Adds the `classify` subcommand."""
    parser = subparsers.add_parser(
        "classify",
        help="classify images (files or folders) with a model",
        description="Classifies each image with MODEL and prints its most probable classes. A folder is "
                    "searched recursively for images (hidden files ignored). A file that cannot be read gets "
                    "an error line and never stops the others. Exit code: 0 when every file was classified "
                    "(and its report written), 1 when some failed (the others are printed and written), 2 "
                    "when nothing was done (bad arguments, an unreadable model, every file failed).")
    parser.add_argument("paths", metavar="PATH", nargs="+", help="image files or folders")
    parser.add_argument("--model", required=True, metavar="MODEL.keras", help="the model file (.keras)")
    parser.add_argument("--top", type=int, default=3, metavar="K", help="classes to show per image (default: 3)")
    parser.add_argument("--batch", type=int, default=32, help="images per forward pass (default: 32)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: a list of {path, top: [{label, probability}]} or {path, error}; a "
                             "multi-attribute model adds attributes: {name: {top: [...]}} (top is then the first "
                             "attribute's); a model that crops to the tongue adds tongue: true, or false when none "
                             "was found")
    parser.add_argument("--csv", metavar="OUT",
                        help="also write the results to a CSV file (one column group per attribute for a "
                             "multi-attribute model)")
    parser.add_argument("--report", metavar="DIR",
                        help="also write a one-page report per photo into DIR: <name>.html (self-contained) and "
                             "<name>.pdf, with each attribute's reading, its Grad-CAM and the model's validation "
                             "figures")
    parser.add_argument("--calibrate", metavar="FOLDER",
                        help="calibrate the light first from the photos in FOLDER (20 or more patients, at least 10, "
                             "a usual mix of tongues, taken under the same lamp and camera as the photos to "
                             "classify; they may be the same photos): each photo is then corrected to the training photos' light (see README: "
                             "light calibration)")
    parser.set_defaults(func=run)


def run(args):
    """Runs `classify`; returns the exit code."""
    from cli.output import print_json, tolerate_undecodable_names
    from core import modelfile
    from core.predictor import Classifier
    from core.results import write_csv

    tolerate_undecodable_names()
    if args.top < 1 or args.batch < 1:
        raise CliError(f"--top and --batch must be at least 1. Received: top={args.top}, batch={args.batch}")
    check_outputs(args)  # Before the model is loaded and every photo classified.
    paths = expand_paths(args.paths)
    if not paths:
        raise CliError(f"no image found in {', '.join(args.paths)}")
    from cli.segment_command import refuse_segmenter

    refuse_segmenter(args.model, "classify")
    try:
        loaded = modelfile.load_model(args.model)
    except modelfile.ModelFileError as error:
        raise CliError(str(error)) from None
    classifier = Classifier(loaded)
    if args.calibrate:
        classifier.calibration = calibrate_from_folder(classifier, args.calibrate)
    elif classifier.file_calibration is not None:
        print(f"note: {classifier.file_calibration.describe()}, carried in the model file", file=sys.stderr)
    results = classifier.classify_files(paths, k=args.top, batch_size=args.batch)
    for result in results:
        if "error" in result:
            print_line(f"error: {result['error']}", file=sys.stderr)
        elif result.get("tongue") is False:
            print_line(f"note: {result['path']}: no tongue found; the whole photo was classified", file=sys.stderr)
    note_unusual_lighting(results, args.calibrate)
    if args.csv:
        write_csv(args.csv, results, args.top, model=args.model)
    unclassified = sum(1 for result in results if "error" in result)
    unreported = []
    if args.report:
        from cli.report_output import write_reports

        unreported = write_reports(loaded, results, args.report, classifier.calibration)
    if args.json:
        print_json(results)
    else:
        print_results(results)
    nothing_done = "no file could be classified" + ("" if unclassified == len(results) else " and reported")
    return files_exit_code(unclassified + len(unreported), len(results), f"{nothing_done} ({len(results)} tried)")


def check_outputs(args):
    """Refuses a --csv or --report that could not be written, before any work (one line)."""
    from cli.output import check_output_file, check_output_folder

    if args.csv:
        check_output_file(args.csv, "--csv")
    if args.report:
        check_output_folder(args.report, "--report")


def note_unusual_lighting(results, calibrated_from=None):
    """Says on stderr which photos' light is far from the training photos', then how many and what to do."""
    from core.results import lighting_cell

    unusual = [result for result in results if lighting_cell(result)]
    for result in unusual:
        print_line(lighting_note(result["path"], result["lighting"]), file=sys.stderr)
    if not unusual:
        return
    classified = sum(1 for result in results if "top" in result)
    advice = (f"the calibration from {calibrated_from} may be of another lamp" if calibrated_from else
              "if they were taken under another lamp, calibrate the light from them: --calibrate FOLDER "
              "(photos of 20 or more patients under that lamp)")
    print(f"note: the lighting of {len(unusual)} of {classified} classified photos differs from the training "
          f"photos'; {advice}", file=sys.stderr)


def lighting_note(path, lighting):
    """The stderr note of one photo whose light is unusual (its `core.predictor.lighting_summary`)."""
    directions = ", ".join(lighting.get("directions") or [])
    how = f" ({directions})" if directions else ""
    return f"note: {path}: its lighting differs from the training photos'{how}; the colour reading may be unreliable"


def calibrate_from_folder(classifier, folder):
    """The light calibration from FOLDER's photos; says it on stderr (unreadable photos are listed and left out)."""
    from core import calibration

    if not Path(folder).is_dir():
        raise CliError(f"{folder}: --calibrate takes a folder of photos taken under the lamp to calibrate to")
    photos, _ = _listed(folder)
    try:
        found, skipped = calibration.calibrate_files(classifier, photos, source=str(folder))
    except calibration.CalibrationError as error:
        raise CliError(f"{folder}: {error}") from None
    for entry in skipped:
        print_line(f"skipped (calibration): {entry['path']}: {entry['reason']}", file=sys.stderr)
    print(f"note: {found.describe()}, from {folder}", file=sys.stderr)
    return found


def expand_paths(paths):
    """Expands folders into their image files (recursively, sorted); files are kept as given.

    A file named on the command line is always tried, whatever its extension, so that a
    wrong file gets its own error line; inside folders only image file names are taken and
    other files are listed on stderr (`core.imagefiles.images_to_classify`).
    """
    expanded = []
    for path in paths:
        if not Path(path).is_dir():
            expanded.append(str(path))
            continue
        images, others = _listed(path)
        if not images:
            print_line(f"note: no image found in {path}", file=sys.stderr)
        expanded.extend(images)
        for entry in others:
            print_line(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    return expanded


def _listed(folder):
    """`core.imagefiles.images_to_classify(folder)`; a folder past any folder of photos (`/`) is one error line."""
    from core.imagefiles import TooManyEntries, images_to_classify

    try:
        return images_to_classify(folder)
    except TooManyEntries as error:
        raise CliError(str(error)) from None


def print_results(results):
    """Prints one line per file: `path: label 97.1%, label 2.0%, ...` (errors went to stderr)."""
    from cli.attribute_output import result_line

    for result in results:
        if "attributes" in result:
            print_line(result_line(result))
        elif "top" in result:
            classes = ", ".join(f"{entry['label']} {entry['probability']:.1%}" for entry in result["top"])
            print_line(f"{result['path']}: {classes}")
