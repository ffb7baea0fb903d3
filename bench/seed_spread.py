"""How much held-out accuracy moves from seed to seed: train with seeds 1..N, score each on a held-out folder.

    .venv/bin/python -m bench.seed_spread --data TRAIN_DIR --heldout TEST_DIR --out RESULTS_DIR \\
        --name defaults [--seeds 1-5] [--set ema_epochs=0 --set select=best ...]
    .venv/bin/python -m bench.seed_spread --out RESULTS_DIR --table        # the table of everything so far

Each seed is one `training.trainer.train` run in a fresh process (as a user's `main.py train`
would be), with `TrainConfig`'s defaults except `--set` (any TrainConfig field, value as JSON or
text), followed by `training.evaluate.evaluate` of its model on the held-out folder. The seed
changes the train/validation split, the initial weights, the batch order and the augmentation.
Every result is appended to RESULTS_DIR/results.jsonl (so runs can be added later and the table
redone); the table gives, per configuration name, the held-out accuracy of each seed, their
mean, sample standard deviation, range (max - min), and the mean 95 % Wilson interval width of
one run's figure. Run one at a time on a quiet machine: each run takes minutes on 2 cores.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS_FILE = "results.jsonl"


def parse_seeds(text):
    """`'1-5'` -> [1, 2, 3, 4, 5]; `'1,3,7'` -> [1, 3, 7]."""
    seeds = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds.extend(range(int(low), int(high or low) + 1))
    return seeds


def parse_settings(pairs):
    """`['ema_epochs=2', 'select=last']` -> {'ema_epochs': 2, 'select': 'last'} (JSON values, else text)."""
    settings = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            settings[key] = json.loads(value)
        except json.JSONDecodeError:
            settings[key] = value
    return settings


def run_one(config_json, heldout):
    """Child process: one training run and its held-out score, printed as one JSON line."""
    from core import modelfile, tfruntime

    tfruntime.import_tensorflow()
    from training.evaluate import evaluate
    from training.trainer import TrainConfig, train

    # TrainConfig(...), not from_json: a field left out must take today's default, not an old run's.
    config = TrainConfig(**json.loads(config_json))
    started = time.monotonic()
    result = train(config)
    seconds = time.monotonic() - started
    report = evaluate(modelfile.load_model(result.model_path), heldout)
    print(json.dumps({
        "heldout_accuracy": report["accuracy"], "heldout_correct": report["correct"], "heldout_n": report["n"],
        "heldout_ci95": report["accuracy_ci95"], "val_accuracy": result.report["val_accuracy"],
        "val_images": result.report["val_images"], "best_epoch": result.report["best_epoch"],
        "epochs_run": result.report["epochs_run"], "stopped_early": result.report["stopped_early"],
        "train_seconds": round(seconds, 1), "confusion_matrix": report["confusion_matrix"],
        "classes": report["classes"]}))


def run_seeds(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    settings = parse_settings(args.set or [])
    for seed in parse_seeds(args.seeds):
        run_dir = out / args.name / f"seed{seed}"
        config = {"data_dir": args.data, "out_dir": str(run_dir), "seed": seed, **settings}
        print(f"{args.name} seed {seed}: training ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)
        completed = subprocess.run(
            [sys.executable, "-m", "bench.seed_spread", "--one", json.dumps(config), "--heldout", args.heldout],
            capture_output=True, text=True, cwd=ROOT)
        (out / args.name).mkdir(parents=True, exist_ok=True)
        (out / args.name / f"seed{seed}.log").write_text(completed.stdout + completed.stderr, encoding="utf-8")
        if completed.returncode:
            print(f"  failed, see {out / args.name / f'seed{seed}.log'}", file=sys.stderr)
            continue
        row = {"name": args.name, "data": args.data, "heldout": args.heldout, "seed": seed, "settings": settings,
               **json.loads(completed.stdout.strip().splitlines()[-1])}
        with open(out / RESULTS_FILE, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(row) + "\n")
        print(f"  held-out {row['heldout_accuracy']:.1%}, best epoch {row['best_epoch']}/{row['epochs_run']}, "
              f"{row['train_seconds']:.0f} s", file=sys.stderr, flush=True)


def table(out):
    """The Markdown table of every configuration in RESULTS_DIR/results.jsonl."""
    from training import stats

    rows = [json.loads(line) for line in (Path(out) / RESULTS_FILE).read_text(encoding="utf-8").splitlines() if line]
    groups = {}
    for row in rows:
        groups.setdefault((Path(row["data"]).parent.name or row["data"], row["name"]), {})[row["seed"]] = row
    lines = ["| data | configuration | settings | held-out accuracy per seed | mean | std | range (max-min) "
             "| one run's 95 % CI width | best epoch / run |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for (data, name), by_seed in groups.items():
        seeds = sorted(by_seed)
        accuracies = [by_seed[seed]["heldout_accuracy"] for seed in seeds]
        spread = stats.spread(accuracies)
        widths = [by_seed[seed]["heldout_ci95"][1] - by_seed[seed]["heldout_ci95"][0] for seed in seeds]
        settings = ", ".join(f"{key}={value}" for key, value in by_seed[seeds[0]]["settings"].items()) or "defaults"
        per_seed = " ".join(f"{seed}: {100 * by_seed[seed]['heldout_accuracy']:.1f}" for seed in seeds)
        epochs = " ".join(f"{by_seed[seed]['best_epoch']}/{by_seed[seed]['epochs_run']}" for seed in seeds)
        lines.append(f"| {data} | {name} | {settings} | {per_seed} | {100 * spread['mean']:.1f} "
                     f"| {100 * spread['std']:.1f} | {100 * (spread['max'] - spread['min']):.1f} "
                     f"| {100 * sum(widths) / len(widths):.1f} | {epochs} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="training folder (one sub-folder per class)")
    parser.add_argument("--heldout", help="held-out folder with the same class names")
    parser.add_argument("--out", help="results folder (run folders and results.jsonl)")
    parser.add_argument("--name", default="defaults", help="name of this configuration in the table")
    parser.add_argument("--seeds", default="1-5", help="seeds, e.g. 1-5 or 1,3,7 (default 1-5)")
    parser.add_argument("--set", action="append", metavar="FIELD=VALUE", help="a TrainConfig field to change")
    parser.add_argument("--table", action="store_true", help="only print the table of RESULTS_DIR")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_one(args.one, args.heldout)
    if not args.out:
        parser.error("--out is needed")
    if not args.table:
        if not (args.data and args.heldout):
            parser.error("--data and --heldout are needed to run (or give --table)")
        run_seeds(args)
    print(table(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
