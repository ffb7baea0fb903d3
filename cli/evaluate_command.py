"""`evaluate`: accuracy (with its 95 % interval), per-class figures and the confusion matrix on a labeled folder.

`evaluate DATA_DIR --compare A.keras B.keras` scores two models on the same photos and says
whether their difference is more than noise (McNemar's exact test, `training.stats`).
"""

import sys
import unicodedata

from cli.errors import CliError
from cli.output import print_line


def register(subparsers):
    """Adds the `evaluate` subcommand."""
    parser = subparsers.add_parser(
        "evaluate",
        help="measure a model on a labeled folder (accuracy, per-class scores, confusion matrix)",
        description="Classifies every image of DATA_DIR (one sub-folder per class) with MODEL and reports "
                    "accuracy, precision, recall and F1 per class, and the confusion matrix. Folder names are "
                    "matched to the model's class names by name; a folder the model does not know is reported "
                    "and not counted. Unreadable files are listed on stderr and skipped. Accuracies come with "
                    "their count and 95 %% Wilson interval. With --compare A B, both models are scored on the "
                    "same photos and McNemar's exact test says whether the difference is more than noise.")
    parser.add_argument("data_dir", metavar="DATA_DIR", help="labeled folder: one sub-folder of images per class")
    parser.add_argument("--labels", metavar="TABLE",
                        help="evaluate per attribute on a labels table (.csv, .tsv, .xlsx) whose photos are in "
                             "DATA_DIR: accuracy, per-class scores, macro F1, one-vs-rest ROC-AUC and the confusion "
                             "matrix of each attribute, over the photos labelled for it")
    models = parser.add_mutually_exclusive_group(required=True)
    models.add_argument("--model", metavar="MODEL.keras", help="the model file (.keras)")
    models.add_argument("--compare", nargs=2, metavar=("A.keras", "B.keras"),
                        help="score two models on the same photos: both accuracies with 95 %% intervals and "
                             "McNemar's exact test of their difference (is B really better than A?); with "
                             "--labels, per attribute")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: accuracy, correct, n, accuracy_ci95, per_class, confusion_matrix, "
                             "classes, skipped, warnings (with --compare: the comparison, see README)")
    parser.add_argument("--confusion-png", metavar="FILE", help="also draw the confusion matrix into FILE")
    parser.add_argument("--mistakes", action="store_true",
                        help="also list the photos read wrong, surest first (a photo read wrong with a high "
                             "probability may be labelled wrong); in --json: mistakes [{path, true, predicted, "
                             "probability}]; with --labels, per attribute")
    parser.add_argument("--relight", metavar="LIGHTS",
                        help="also score re-lit copies of the photos (made in memory): warm, cool, dim, a "
                             "comma-separated list, or all; prints accuracy per light beside the plain accuracy "
                             "(with --labels, per attribute)")
    parser.add_argument("--relight-space", choices=("srgb", "linear"), default="srgb",
                        help="apply the lights' gains to the stored sRGB values (default, as a white-balance "
                             "slider does) or to linear light")
    parser.add_argument("--calibrate", action="store_true",
                        help="calibrate the light from the evaluated photos themselves (and, with --relight, from "
                             "each light's re-lit copies) before scoring: how the model does once calibrated to "
                             "their lamp (see README: light calibration); needs a model trained with TongueLens")
    parser.set_defaults(func=run)


def run(args):
    """Runs `evaluate`; returns the exit code."""
    from cli.output import print_json
    from core import modelfile
    from training import dataset
    from training.evaluate import evaluate

    if args.compare:
        if args.relight or args.calibrate or args.mistakes:
            raise CliError("--compare scores the photos as photographed; drop --relight, --calibrate and --mistakes")
        if args.labels:
            from cli import attribute_output

            return attribute_output.run_compare(args)
        return run_compare(args)
    from cli.segment_command import refuse_segmenter

    refuse_segmenter(args.model, "evaluate")
    if args.labels:
        from cli import attribute_output

        return attribute_output.run_evaluate(args)
    from core import calibration, lighting

    try:
        lights = lighting.parse_lights(args.relight) if args.relight else ()
        loaded = modelfile.load_model(args.model)
        report = evaluate(loaded, args.data_dir, calibrate=args.calibrate, keep_predictions=args.mistakes)
        if args.mistakes:
            from training.evaluate import mistakes

            report["mistakes"] = mistakes(report.pop("predictions"))
        if lights and report["n"]:
            from cli.relight_output import relight_report

            report["relight"] = relight_report(loaded, args.data_dir, lights, args.relight_space, args.calibrate)
    except (modelfile.ModelFileError, dataset.DatasetError, lighting.LightingError,
            calibration.CalibrationError) as error:
        raise CliError(str(error)) from None
    for entry in report["skipped"]:
        print_line(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for warning in report["warnings"]:
        print_line(f"warning: {warning}", file=sys.stderr)
    if report["n"] == 0:
        raise CliError(f"{args.data_dir}: no usable image of a class the model knows "
                       f"({', '.join(report['classes'])})")
    if args.confusion_png:
        from training import plots

        plots.save_confusion(report["confusion_matrix"], report["classes"], args.confusion_png,
                             title=f"Confusion matrix on {args.data_dir}")
    if args.json:
        print_json(report)
    else:
        print_calibration(report)
        print_report(report)
        if "mistakes" in report:
            print_mistakes(report["mistakes"])
        if "relight" in report:
            from cli.relight_output import print_relight

            print_relight(report["relight"])
    return 0


def run_compare(args):
    """Runs `evaluate --compare A B`; returns the exit code."""
    from cli.output import print_json
    from core import modelfile
    from training import dataset
    from training.compare import compare_models

    try:
        loaded_a, loaded_b = (modelfile.load_model(path) for path in args.compare)
        result = compare_models(loaded_a, loaded_b, args.data_dir)
    except (modelfile.ModelFileError, dataset.DatasetError) as error:
        raise CliError(str(error)) from None
    skipped = {entry["path"]: entry for entry in result["report_a"]["skipped"] + result["report_b"]["skipped"]}
    for entry in skipped.values():
        print_line(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for warning in result["warnings"]:
        print_line(f"warning: {warning}", file=sys.stderr)
    if result["n"] == 0:
        raise CliError(f"{args.data_dir}: no usable image of a class both models know")
    if args.json:
        print_json({"model_a": args.compare[0], "model_b": args.compare[1], **result})
    else:
        print_comparison(result, *args.compare)
    return 0


def print_comparison(result, path_a, path_b, indent=""):
    """Prints both accuracies, the paired counts, McNemar's p-value and the verdict."""
    n = result["n"]
    width = max(len(path_a), len(path_b))
    for letter, path in (("a", path_a), ("b", path_b)):
        figure = result[letter]
        line = accuracy_line({"accuracy": figure["value"], "correct": figure["successes"], "n": n,
                              "accuracy_ci95": [figure["low"], figure["high"]]})
        print(f"{indent}{letter.upper()}: {path:<{width}}  accuracy {line}")
    print(f"{indent}Difference (B - A): {100 * result['difference']:+.1f} points, on the same {n} images")
    print(f"{indent}Paired: both right {result['both_right']}, only A right {result['only_a_right']}, "
          f"only B right {result['only_b_right']}, both wrong {result['both_wrong']}")
    discordant = result["only_a_right"] + result["only_b_right"]
    print(f"{indent}McNemar's exact test (two-sided binomial on the {discordant} images only one model gets right): "
          f"p = {result['p_value']:.4g} (mid-p {result['p_value_mid']:.4g})")
    print(f"{indent}Verdict: {result['verdict']}")


def print_calibration(report):
    """The light calibration the figures were made with, if any: one line."""
    from core import calibration

    if "calibration" in report:
        carried = ", carried in the model file" if report.get("calibration_in_file") else ""
        print(f"{calibration.Calibration.from_json(report['calibration']).describe()}{carried}")


def print_mistakes(entries, indent=""):
    """Prints the photos read wrong, surest first: `path: true, read as predicted (probability)`."""
    if not entries:
        print(f"\n{indent}Read wrong: none")
        return
    print(f"\n{indent}Read wrong ({len(entries)}), surest first (a photo read wrong with a high probability may be "
          f"labelled wrong):")
    for entry in entries:
        print_line(f"{indent}  {entry['path']}: {entry['true']}, read as {entry['predicted']} "
                   f"({entry['probability']:.1%})")


def print_report(report):
    """Prints accuracy, the per-class table and the confusion matrix."""
    classes = report["classes"]
    print(f"Accuracy: {accuracy_line(report)}\n")
    print_class_table(report["per_class"])
    print("\nConfusion matrix (rows: true class, columns: predicted, in the order above):")
    matrix = report["confusion_matrix"]
    width = max(8, *(display_width(name) for name in classes))
    cell = max(5, len(str(max((max(row) for row in matrix), default=0))) + 1)
    print(" " * width + "".join(f"{index + 1:>{cell}}" for index in range(len(classes))))
    for index, (name, row) in enumerate(zip(classes, matrix)):
        print(pad(name, width) + "".join(f"{value:>{cell}}" for value in row) + f"   ({index + 1})")


def accuracy_line(report, images="images"):
    """`'79.8 % (75/94 images right; 95 % CI 70.6-86.7 %)'`: the accuracy with its count and interval."""
    n = report["n"]
    correct = report.get("correct", round(report["accuracy"] * n))
    low, high = report.get("accuracy_ci95") or stats_interval(correct, n)
    return f"{report['accuracy']:.1%} ({correct}/{n} {images} right; 95 % CI {low:.1%}-{high:.1%})"


def stats_interval(successes, n):
    from training import stats

    return stats.wilson_interval(successes, n)


def print_class_table(per_class, indent=""):
    """Prints per class: precision, recall with its count and 95 % interval, F1, images (CJK names too)."""
    width = max(8, *(display_width(name) for name in per_class))
    print(f"{indent}{pad('class', width)}  precision  recall   right/images  recall 95 % CI     f1")
    for name, scores in per_class.items():
        support = scores["support"]
        correct = scores.get("correct", round(scores["recall"] * support))
        low, high = scores.get("recall_ci95") or stats_interval(correct, support)
        count = f"{correct}/{support}"
        print(f"{indent}{pad(name, width)}  {scores['precision']:9.1%}  {scores['recall']:6.1%}  {count:>13}  "
              f"{f'{low:.0%}-{high:.0%}':>14}  {scores['f1']:5.2f}")


def display_width(text):
    """Columns `text` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text, width):
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))
