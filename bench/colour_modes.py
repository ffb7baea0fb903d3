"""Which colour constancy to use: train with each `--colour` mode, score as photographed and re-lit.

    .venv/bin/python -m bench.colour_modes --out RUNS --task coating=/data/coating-colour \\
        --modes none,grey-world,shades-of-grey,white-patch,augment,shades-of-grey+augment --seeds 1337,1,2
    .venv/bin/python -m bench.colour_modes --out RUNS --table          # the tables of what has run so far

For every task, mode and seed (one after the other, never in parallel): `main.py train
TASK/train --colour MODE --seed SEED` with the defaults otherwise, then `bench.relight` on
TASK/test (as photographed, warm, cool, dim). Each result is appended to RUNS/results.jsonl
as it comes, and a run already there is not trained again, so the script can be stopped and
started again. A task `NAME=synthetic:TASK:N` draws SYNTHETIC images (`main.py synth --task
TASK --per-class N`, train seed 0, test seed 1) into RUNS/NAME first, and the same test
tongues drawn under each light (`synth --light warm|cool|dim`, into test-warm, ...): those
are scored too (`drawn_warm`, ...), so the synthetic rows also say how a model does on
pictures made under another light, JPEG-encoded after it.

The tables (Markdown) give, per task and mode, the mean accuracy over seeds with the spread
(min-max), the largest drop under a light, and one row per seed.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIGHTS = ("warm", "cool", "dim")
RESULTS = "results.jsonl"


def run_one(out, task, data_dir, mode, seed, epochs, extra):
    """Trains one model and scores it; returns the result row (also appended to RESULTS)."""
    run_dir = out / task / mode.replace(":", "_") / f"seed{seed}"
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if not (run_dir / "report.json").is_file():
        command = [sys.executable, str(ROOT / "main.py"), "train", str(Path(data_dir) / "train"), "--colour", mode,
                   "--seed", str(seed), "--epochs", str(epochs), "--out", str(run_dir), *extra]
        with open(f"{run_dir}.train.log", "w", encoding="utf-8") as log:
            subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=True, env=_env())
    relit = f"{run_dir}.relight.json"
    subprocess.run([sys.executable, "-m", "bench.relight", str(run_dir / "model.keras"), str(Path(data_dir) / "test"),
                    "--json", relit], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=_env())
    rows = {row["light"]: row for row in json.loads(Path(relit).read_text(encoding="utf-8"))["rows"]}
    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    result = {"task": task, "mode": mode, "seed": seed, "plain": rows["as photographed"]["accuracy"],
              **{light: rows[light]["accuracy"] for light in LIGHTS}, "n": rows["as photographed"]["n"],
              "val_accuracy": report.get("val_accuracy"), "best_epoch": report.get("best_epoch"),
              "epochs_run": report.get("epochs_run"), "seconds": round(time.monotonic() - started, 1)}
    for light in LIGHTS:
        drawn = Path(data_dir) / f"test-{light}"
        if drawn.is_dir():
            result[f"drawn_{light}"] = _accuracy(run_dir / "model.keras", drawn)
    with open(out / RESULTS, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(result) + "\n")
    return result


def prepare_task(out, name, spec):
    """The data folder of a task: a path, or `synthetic:TASK:N` drawn into OUT/NAME once."""
    if not spec.startswith("synthetic:"):
        return spec
    _, synth_task, per_class = spec.split(":")
    folder = out / name
    for split, seed, light in (("train", 0, None), ("test", 1, None), *((f"test-{light}", 1, light)
                                                                        for light in LIGHTS)):
        if not (folder / split).is_dir():
            command = [sys.executable, str(ROOT / "main.py"), "synth", str(folder / split), "--task", synth_task,
                       "--per-class", per_class, "--seed", str(seed), "--size", "96"]
            subprocess.run(command + (["--light", light] if light else []), check=True, env=_env(),
                           stdout=subprocess.DEVNULL)
    return str(folder)


def load_results(out):
    path = out / RESULTS
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tables(results):
    """The summary and per-seed Markdown tables of `results`."""
    lines = []
    for task in dict.fromkeys(row["task"] for row in results):
        rows = [row for row in results if row["task"] == task]
        lines += [f"**{task}** (mean over seeds, min-max in brackets; worst: largest drop under a light)", "",
                  "| mode | seeds | as photographed | warm | cool | dim | worst drop |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for mode in dict.fromkeys(row["mode"] for row in rows):
            runs = [row for row in rows if row["mode"] == mode]
            cells = [_spread([row[key] for row in runs]) for key in ("plain",) + LIGHTS]
            drops = [row["plain"] - min(row[light] for light in LIGHTS) for row in runs]
            lines.append(f"| {mode} | {len(runs)} | " + " | ".join(cells) +
                         f" | {100 * sum(drops) / len(drops):.1f} |")
        lines += ["", "| mode | seed | as photographed | warm | cool | dim | val | best epoch / run | s |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for row in rows:
            lines.append(f"| {row['mode']} | {row['seed']} | " + " | ".join(
                f"{100 * row[key]:.1f}" for key in ("plain",) + LIGHTS) +
                f" | {100 * (row['val_accuracy'] or 0):.1f} | {row['best_epoch']} / {row['epochs_run']} | "
                f"{row['seconds']:.0f} |")
        drawn = [row for row in rows if "drawn_warm" in row]
        if drawn:
            lines += ["", "| mode | seed | drawn warm | drawn cool | drawn dim |", "| --- | --- | --- | --- | --- |"]
            lines += [f"| {row['mode']} | {row['seed']} | " + " | ".join(
                f"{100 * row[f'drawn_{light}']:.1f}" for light in LIGHTS) + " |" for row in drawn]
        lines.append("")
    return "\n".join(lines)


def _accuracy(model, folder):
    completed = subprocess.run([sys.executable, str(ROOT / "main.py"), "evaluate", str(folder), "--model", str(model),
                                "--json"], check=True, capture_output=True, text=True, env=_env())
    return json.loads(completed.stdout)["accuracy"]


def _spread(values):
    mean = 100 * sum(values) / len(values)
    if len(values) == 1:
        return f"{mean:.1f}"
    return f"{mean:.1f} ({100 * min(values):.1f}-{100 * max(values):.1f})"


def _env():
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "CUDA_VISIBLE_DEVICES": ""}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the runs and results.jsonl")
    parser.add_argument("--task", action="append", default=[], metavar="NAME=DIR",
                        help="a task: DIR holds train/ and test/ class folders, or synthetic:TASK:N")
    parser.add_argument("--modes", default="none", help="comma-separated --colour modes")
    parser.add_argument("--seeds", default="1337", help="comma-separated seeds")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--table", action="store_true", help="only print the tables of results.jsonl")
    parser.add_argument("--train-arg", action="append", default=[], help="extra argument for main.py train")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.table:
        done = {(row["task"], row["mode"], row["seed"]) for row in load_results(args.out)}
        seeds = [int(seed) for seed in args.seeds.split(",")]
        for seed in seeds:
            for name, spec in (task.split("=", 1) for task in args.task):
                data_dir = prepare_task(args.out, name, spec)
                for mode in args.modes.split(","):
                    if (name, mode, seed) in done:
                        continue
                    row = run_one(args.out, name, data_dir, mode, seed, args.epochs, args.train_arg)
                    print(json.dumps(row), flush=True)
    print(tables(load_results(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
