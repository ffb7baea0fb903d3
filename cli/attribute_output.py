"""The command line's output for models with one head per attribute: `evaluate --labels` and `classify`'s lines."""

import sys

from cli.errors import CliError
from cli.output import print_line


def run_evaluate(args):
    """Runs `evaluate DATA_DIR --labels TABLE --model M`; returns the exit code."""
    from cli.evaluate_command import print_calibration, print_class_table, print_mistakes
    from cli.output import print_json
    from cli.relight_output import print_relight_notes, print_relight_rows
    from core import calibration, lighting, modelfile
    from training import dataset
    from training.attribute_evaluate import evaluate_table

    try:
        lights = lighting.parse_lights(args.relight) if args.relight else ()
        loaded = modelfile.load_model(args.model)
        report = evaluate_table(loaded, args.data_dir, args.labels, keep_predictions=args.mistakes, lights=lights,
                                space=args.relight_space, calibrate=args.calibrate)
    except (modelfile.ModelFileError, dataset.DatasetError, lighting.LightingError,
            calibration.CalibrationError) as error:
        raise CliError(str(error)) from None
    _print_read_notes(report.pop("notes"), report["skipped"], report["warnings"])
    if not any(scores["n"] for scores in report["attributes"].values()):
        raise CliError(f"{args.labels}: no labelled photo of a class the model knows")
    if args.mistakes:
        from training.evaluate import mistakes

        for scores in report["attributes"].values():
            scores["mistakes"] = mistakes(scores.pop("predictions"))
    if args.confusion_png:
        _save_confusions(report, args.confusion_png)
    if args.json:
        print_json(report)
        return 0
    print_calibration(report)
    for name, scores in report["attributes"].items():
        auc = scores["macro_roc_auc"]
        print(f"{name}: accuracy {scores['accuracy']:.1%} on {scores['n']} labelled photos ({scores['blank']} blank), "
              f"macro F1 {scores['macro_f1']:.2f}, mean one-vs-rest ROC-AUC " + ("-" if auc is None else f"{auc:.3f}"))
        print_class_table(scores["per_class"], indent="  ")
        print("  confusion matrix (rows: true class, columns: predicted, in the order above):")
        for row in scores["confusion_matrix"]:
            print("    " + " ".join(f"{value:5d}" for value in row))
        if "relight" in scores:
            print_relight_rows(scores["relight"]["rows"], report["relight"]["space"], indent="  ")
        if "mistakes" in scores:
            print_mistakes(scores["mistakes"], indent="  ")
        print()
    if "relight" in report:
        rows = [row for scores in report["attributes"].values() for row in scores.get("relight", {}).get("rows", [])]
        print_relight_notes(report["relight"], warned=bool(rows) and all(row["warned"] is not None for row in rows))
    return 0


def run_compare(args):
    """Runs `evaluate DATA_DIR --labels TABLE --compare A B`; returns the exit code."""
    from cli.evaluate_command import print_comparison
    from cli.output import print_json
    from core import modelfile
    from training import dataset
    from training.compare import compare_tables

    try:
        loaded_a, loaded_b = (modelfile.load_model(path) for path in args.compare)
        result = compare_tables(loaded_a, loaded_b, args.data_dir, args.labels)
    except (modelfile.ModelFileError, dataset.DatasetError) as error:
        raise CliError(str(error)) from None
    tables = (result["table_a"], result["table_b"])
    skipped = {entry["path"]: entry for table in tables for entry in table["skipped"]}
    _print_read_notes(dict.fromkeys(note for table in tables for note in table.pop("notes")), skipped.values(),
                      result["warnings"])
    if not any(scores["n"] for scores in result["attributes"].values()):
        raise CliError(f"{args.labels}: no labelled photo that both models can score")
    if args.json:
        print_json({"model_a": args.compare[0], "model_b": args.compare[1], **result})
        return 0
    for name, comparison in result["attributes"].items():
        print(f"{name}:")
        print_comparison(comparison, *args.compare, indent="  ")
        print()
    return 0


def _print_read_notes(notes, skipped, warnings):
    """How the table was read, the photos left out and the warnings, on stderr."""
    for note in notes:
        print_line(note, file=sys.stderr)
    for entry in skipped:
        print_line(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for warning in warnings:
        print_line(f"warning: {warning}", file=sys.stderr)


def _save_confusions(report, target):
    """One picture per attribute: `<target stem>_<n>.png` beside `target` (the only one when one attribute)."""
    from pathlib import Path

    from training import plots

    target = Path(target)
    items = [(name, scores) for name, scores in report["attributes"].items() if scores["n"]]
    for index, (name, scores) in enumerate(items, start=1):
        path = target if len(items) == 1 else target.with_name(f"{target.stem}_{index}{target.suffix or '.png'}")
        plots.save_confusion(scores["confusion_matrix"], scores["classes"], path, title=f"{name}")


def result_line(result):
    """`path: attribute: label 97.1%, label 2.0%; attribute: ...` for a multi-attribute result."""
    groups = []
    for name, reading in result["attributes"].items():
        classes = ", ".join(f"{entry['label']} {entry['probability']:.1%}" for entry in reading["top"])
        groups.append(f"{name}: {classes}")
    return f"{result['path']}: " + "; ".join(groups)
