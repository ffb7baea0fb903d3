"""The robustness table of one model on one labeled folder: accuracy as photographed and re-lit.

    .venv/bin/python -m bench.relight MODEL.keras DATA_DIR [--lights all] [--space srgb] [--json OUT]

Prints a Markdown table (one row per light: accuracy, correct/n, change against the photos
as taken) through `training.robustness.evaluate_relit`, the code behind
`main.py evaluate --relight`; `--json` also writes the rows and the per-light reports.
`bench/colour_modes.py` runs it for every colour mode it trains.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def markdown_table(rows, title=None):
    """A Markdown table of `training.robustness.robustness_rows`."""
    lines = [f"**{title}**", ""] if title else []
    lines += ["| light | accuracy | correct | change |", "| --- | --- | --- | --- |"]
    for row in rows:
        change = "" if row["change"] is None else f"{100 * row['change']:+.1f}"
        lines.append(f"| {row['light']} | {100 * row['accuracy']:.1f} % | {row['correct']}/{row['n']} | {change} |")
    return "\n".join(lines)


def measure(model_path, data_dir, lights="all", space="srgb"):
    """Loads the model and returns (`evaluate_relit` result, rows)."""
    from core import lighting, modelfile, tfruntime
    from training import robustness

    tfruntime.import_tensorflow()
    loaded = modelfile.load_model(model_path)
    result = robustness.evaluate_relit(loaded, data_dir, lighting.parse_lights(lights), space)
    return result, robustness.robustness_rows(result)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("data_dir")
    parser.add_argument("--lights", default="all", help="warm, cool, dim, a comma list, or all (default)")
    parser.add_argument("--space", default="srgb", choices=("srgb", "linear"))
    parser.add_argument("--json", metavar="OUT", help="also write the rows and reports as JSON")
    args = parser.parse_args(argv)
    result, rows = measure(args.model, args.data_dir, args.lights, args.space)
    print(markdown_table(rows, f"{args.model} on {args.data_dir} ({args.space})"))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "result": result}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
