"""`evaluate`: accuracy, per-class precision/recall/F1 and the confusion matrix on a labeled folder."""

import sys
import unicodedata

from cli.errors import CliError


def register(subparsers):
    """Adds the `evaluate` subcommand."""
    parser = subparsers.add_parser(
        "evaluate",
        help="measure a model on a labeled folder (accuracy, per-class scores, confusion matrix)",
        description="Classifies every image of DATA_DIR (one sub-folder per class) with MODEL and reports "
                    "accuracy, precision, recall and F1 per class, and the confusion matrix. Folder names are "
                    "matched to the model's class names by name; a folder the model does not know is reported "
                    "and not counted. Unreadable files are listed on stderr and skipped.")
    parser.add_argument("data_dir", metavar="DATA_DIR", help="labeled folder: one sub-folder of images per class")
    parser.add_argument("--model", required=True, metavar="MODEL.keras", help="the model file (.keras)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: accuracy, n, per_class, confusion_matrix, classes, skipped, warnings")
    parser.add_argument("--confusion-png", metavar="FILE", help="also draw the confusion matrix into FILE")
    parser.set_defaults(func=run)


def run(args):
    """Runs `evaluate`; returns the exit code."""
    from cli.output import print_json
    from core import modelfile
    from training import dataset
    from training.evaluate import evaluate

    from cli.segment_command import refuse_segmenter

    refuse_segmenter(args.model, "evaluate")
    try:
        loaded = modelfile.load_model(args.model)
        report = evaluate(loaded, args.data_dir)
    except (modelfile.ModelFileError, dataset.DatasetError) as error:
        raise CliError(str(error)) from None
    for entry in report["skipped"]:
        print(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for warning in report["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
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
        print_report(report)
    return 0


def print_report(report):
    """Prints accuracy, the per-class table and the confusion matrix."""
    classes = report["classes"]
    print(f"Accuracy: {report['accuracy']:.1%} on {report['n']} images\n")
    print_class_table(report["per_class"])
    print("\nConfusion matrix (rows: true class, columns: predicted, in the order above):")
    matrix = report["confusion_matrix"]
    width = max(8, *(display_width(name) for name in classes))
    cell = max(5, len(str(max((max(row) for row in matrix), default=0))) + 1)
    print(" " * width + "".join(f"{index + 1:>{cell}}" for index in range(len(classes))))
    for index, (name, row) in enumerate(zip(classes, matrix)):
        print(pad(name, width) + "".join(f"{value:>{cell}}" for value in row) + f"   ({index + 1})")


def print_class_table(per_class, indent=""):
    """Prints precision, recall, F1 and support per class, columns aligned (CJK names too)."""
    width = max(8, *(display_width(name) for name in per_class))
    print(f"{indent}{pad('class', width)}  precision  recall     f1  images")
    for name, scores in per_class.items():
        print(f"{indent}{pad(name, width)}  {scores['precision']:9.1%}  {scores['recall']:6.1%}  "
              f"{scores['f1']:5.2f}  {scores['support']:6d}")


def display_width(text):
    """Columns `text` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text, width):
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))
