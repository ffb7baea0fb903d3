"""One multi-attribute model against one single-attribute model per attribute, on a labels table.

    .venv/bin/python -m bench.attributes_vs_single IMAGES_DIR LABELS.csv OUT_DIR [--test-fraction 0.25]

Splits the table's photos once into training and test (seeded, stratified on the rarest attribute,
`training.attribute_data.split_photos`), writes `OUT_DIR/split/train.csv`, `test.csv` and one
`train_<attribute>.csv` per attribute (the image column and that attribute's only), then, one
after the other, trains with `main.py train`'s defaults (`--labels`): the multi-attribute model
on train.csv and one model per attribute on its own column, and evaluates every model on
test.csv with `main.py evaluate --labels --json`. Prints the held-out accuracy per attribute
and writes `OUT_DIR/results.json`. Everything goes through the command line a user types.
"""

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training import attribute_data, labels_table  # noqa: E402


def split_table(labels_path, test_fraction, seed):
    """(table, train row indices, test row indices, labels matrix) of the table's rows."""
    table = labels_table.read_table(labels_path)
    columns = list(zip(*[values for _, _, values in table.rows]))
    labels = np.full((len(table.rows), len(table.attributes)), -1, dtype=np.int64)
    for k, column in enumerate(columns):
        classes = sorted({value for value in column if value is not None})
        for i, value in enumerate(column):
            if value is not None:
                labels[i, k] = classes.index(value)
    split, _ = attribute_data.split_photos(labels, test_fraction, seed)
    return table, split.train, split.val, labels


def write_table(path, table, indices, columns):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([table.image_column] + [table.attributes[k] for k in columns])
        for index in indices:
            _, reference, values = table.rows[index]
            writer.writerow([reference] + ["" if values[k] is None else values[k] for k in columns])


def run(command, log):
    """Runs a command, its output into `log`; returns its stdout."""
    started = time.time()
    with open(log, "w", encoding="utf-8") as stream:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=stream, text=True, cwd=ROOT)
        stream.write(result.stdout)
    print(f"  {' '.join(command[2:4])}... exit {result.returncode} in {time.time() - started:.0f} s", flush=True)
    if result.returncode != 0:
        raise SystemExit(f"failed, see {log}")
    return result.stdout, time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images_dir")
    parser.add_argument("labels")
    parser.add_argument("out_dir")
    parser.add_argument("--test-fraction", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=0, help="seed of the train/test split (default 0)")
    parser.add_argument("--only", help="train only this model: 'multi' or an attribute name")
    args = parser.parse_args()
    out = Path(args.out_dir)
    table, train, test, labels = split_table(args.labels, args.test_fraction, args.seed)
    everything = list(range(len(table.attributes)))
    write_table(out / "split" / "train.csv", table, train, everything)
    write_table(out / "split" / "test.csv", table, test, everything)
    for k, name in enumerate(table.attributes):
        write_table(out / "split" / f"train_{name}.csv", table, train, [k])
    print(f"{len(train)} training rows, {len(test)} test rows; labelled test photos per attribute: "
          + ", ".join(f"{name} {int((labels[test, k] >= 0).sum())}" for k, name in enumerate(table.attributes)))
    python = sys.executable
    models = [("multi", out / "split" / "train.csv")] + [
        (name, out / "split" / f"train_{name}.csv") for name in table.attributes]
    results_path = out / "results.json"
    results = json.loads(results_path.read_text()) if results_path.is_file() else {}
    for name, sheet in models:
        if args.only and name != args.only:
            continue
        run_dir = out / f"run-{name}"
        print(f"{name}:", flush=True)
        if not (run_dir / "report.json").is_file():
            _, seconds = run([python, "main.py", "train", args.images_dir, "--labels", str(sheet), "--out",
                              str(run_dir)], out / f"train-{name}.log")
        else:
            seconds = json.loads((run_dir / "report.json").read_text())["seconds"]
        text, _ = run([python, "main.py", "evaluate", args.images_dir, "--labels", str(out / "split" / "test.csv"),
                       "--model", str(run_dir / "model.keras"), "--json"], out / f"evaluate-{name}.log")
        report = json.loads(text)
        results[name] = {"train_seconds": seconds, "attributes": {
            attribute: {key: scores[key] for key in ("accuracy", "n", "macro_f1", "macro_roc_auc", "confusion_matrix",
                                                      "classes")}
            for attribute, scores in report["attributes"].items()}}
        results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print_table(results, table.attributes)


def print_table(results, attributes):
    print("\n| attribute | test photos | multi-attribute model | single-attribute model | difference |")
    print("| --- | --- | --- | --- | --- |")
    for name in attributes:
        multi = results.get("multi", {}).get("attributes", {}).get(name)
        single = results.get(name, {}).get("attributes", {}).get(name)
        if not multi or not single:
            continue
        hits_multi = round(multi["accuracy"] * multi["n"])
        hits_single = round(single["accuracy"] * single["n"])
        print(f"| {name} | {multi['n']} | {multi['accuracy']:.1%} ({hits_multi}/{multi['n']}) | "
              f"{single['accuracy']:.1%} ({hits_single}/{single['n']}) | "
              f"{(multi['accuracy'] - single['accuracy']) * 100:+.1f} points |")


if __name__ == "__main__":
    main()
