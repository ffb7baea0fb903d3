#!/usr/bin/env python3
"""Trains a tongue segmenter on a folder of real photos with masks, and measures it on photos it never saw.

    .venv/bin/python scripts/make_segmenter.py DATA_DIR --work WORK_DIR [--train-count 200] [--test-count 100]
        [--other OTHER_DIR ...] [--group STEM,STEM ...] [--bundle]

DATA_DIR is laid out for `main.py train-segmenter` (`images/` + `masks/`). The script draws a
seeded test set of `--test-count` photos that training never sees, and `--train-count` photos
(default: all the others) to train on, as symbolic links under WORK_DIR (the photos are never
copied, and never into the repository). It trains with `train-segmenter`'s defaults through the
same core (`training.segmentation.trainer`; 20 % of the training photos validate), then scores
the best model on the test photos and on every `--other` collection (all of its photos) with
`main.py segment`'s code, each photo at its own size. For scale it also scores a fixed centred
ellipse of the training masks' mean width and height. `--group` keeps near-duplicate photos on
one side of the split. A run folder already in WORK_DIR is resumed, or reused when finished.
`--bundle` writes the model as demo/tongue-segmenter.keras with demo/tongue-segmenter.json (its
data, licence and scores): only for a collection whose licence allows shipping a model trained
on it; `--bundle-dir DIR` writes the same two files elsewhere (a candidate to look at first).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import atomic, masks, modelfile, segmenter as segmenters  # noqa: E402
from training.progress import TrainingCallback  # noqa: E402
from training.segmentation import data, evaluate, trainer  # noqa: E402



class PrintEpochs(TrainingCallback):
    """Prints one line per epoch, and the run's notes."""

    def on_epoch_end(self, progress):
        print(f"epoch {progress.epoch}/{progress.epochs}: loss {progress.loss:.4f} val_loss {progress.val_loss:.4f} "
              f"({progress.elapsed_seconds:.0f} s)", flush=True)

    def on_message(self, text):
        print(text, flush=True)


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", metavar="DATA_DIR", help="images/ + masks/ of the collection to train on")
    parser.add_argument("--work", required=True, help="folder for the split (symbolic links), the run and the scores")
    parser.add_argument("--train-count", type=int, help="photos to train on (default: all but the test photos)")
    parser.add_argument("--test-count", type=int, default=100, help="photos held out for the test (default: 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the test/train draw (default: 0)")
    parser.add_argument("--group", action="append", default=[], metavar="STEM,STEM",
                        help="photos to keep on one side of the split (near-duplicates); repeatable")
    parser.add_argument("--other", action="append", default=[], metavar="DIR",
                        help="another collection (images/ + masks/) to score on, all of its photos; repeatable")
    parser.add_argument("--arch", default=trainer.DEFAULT_ARCH)
    parser.add_argument("--size", type=int, help="input side (default: the architecture's own)")
    parser.add_argument("--epochs", type=int, help="the most epochs (default: train-segmenter's)")
    parser.add_argument("--bundle", action="store_true",
                        help="write demo/tongue-segmenter.keras and demo/tongue-segmenter.json")
    parser.add_argument("--bundle-dir", metavar="DIR", help="write those two files into DIR instead of demo/")
    parser.add_argument("--source", default="", help="where the training photos come from (for the bundle report)")
    parser.add_argument("--licence", default="", help="their licence (for the bundle report)")
    return parser.parse_args(argv)


def draw_split(pairs, test_count, train_count, seed, groups):
    """Seeded test and train pairs; the members of a group go where the group's first member goes."""
    order = np.random.default_rng(seed).permutation(len(pairs))
    test_rows = set(order[:test_count].tolist())
    stem_row = {Path(pair.image).stem: row for row, pair in enumerate(pairs)}
    for group in groups:
        rows = [stem_row[stem] for stem in group.split(",") if stem in stem_row]
        for row in rows[1:]:
            (test_rows.add if rows[0] in test_rows else test_rows.discard)(row)
    test = [pairs[row] for row in order if row in test_rows]
    rest = [pairs[row] for row in order if row not in test_rows]
    return test, rest[:train_count] if train_count else rest


def link_pairs(pairs, folder):
    """Makes `folder/images` and `folder/masks` of symbolic links to the pairs' files."""
    for sub in ("images", "masks"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        for sub, source in (("images", pair.image), ("masks", pair.mask)):
            link = folder / sub / Path(source).name
            if not link.exists():
                os.symlink(os.path.abspath(source), link)


def ellipse_scores(train_pairs, test_pairs):
    """Scores of one fixed centred ellipse whose width and height are the training masks' mean box."""
    fractions = []
    for pair in train_pairs:
        box = masks.tongue_box(data.read_pair(pair)[1], margin=0)
        if box is not None:
            left, top, right, bottom = box.box
            height, width = box.mask.shape
            fractions.append(((right - left) / width, (bottom - top) / height))
    width_fraction, height_fraction = np.mean(fractions, axis=0)
    rows = []
    for pair in test_pairs:
        photo, truth = data.read_pair(pair)
        canvas = Image.new("L", photo.size, 0)
        width, height = photo.size
        ImageDraw.Draw(canvas).ellipse(((1 - width_fraction) / 2 * width, (1 - height_fraction) / 2 * height,
                                        (1 + width_fraction) / 2 * width, (1 + height_fraction) / 2 * height), fill=255)
        predicted = np.asarray(canvas) > 0
        rows.append({"path": pair.image, "iou": masks.iou(predicted, truth), "dice": masks.dice(predicted, truth)})
    summary = evaluate.summarise(rows)
    summary["ellipse"] = {"width_fraction": round(float(width_fraction), 3),
                          "height_fraction": round(float(height_fraction), 3)}
    return summary


def score(model_path, pairs):
    started = time.perf_counter()
    result = evaluate.score_pairs(segmenters.load_segmenter(model_path), pairs)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def brief(scores):
    """The scores without the per-photo list, for printing."""
    return {key: value for key, value in scores.items() if key not in ("per_photo", "skipped")}


def main(argv=None):
    args = parse_arguments(argv)
    work = Path(args.work)
    _, pairs, skipped, _ = data.find_pairs(args.data_dir)
    test_pairs, train_pairs = draw_split(pairs, args.test_count, args.train_count, args.seed, args.group)
    link_pairs(train_pairs, work / "train")
    link_pairs(test_pairs, work / "test")
    print(f"{args.data_dir}: {len(pairs)} pairs ({len(skipped)} skipped); training on {len(train_pairs)}, "
          f"testing on {len(test_pairs)}", flush=True)

    options = {"arch": args.arch}
    if args.size:
        options["image_size"] = args.size
    if args.epochs:
        options["epochs"] = args.epochs
    config = trainer.SegmenterConfig(data_dir=str(work / "train"), out_dir=str(work / "run"), **options)
    run_dir = work / "run"
    if (run_dir / "report.json").is_file():
        print(f"{run_dir}: already trained; scoring its model again", flush=True)
        result = trainer.SegmenterResult(str(run_dir), str(run_dir / "model.keras"),
                                         json.loads((run_dir / "report.json").read_text(encoding="utf-8")))
    else:
        if (run_dir / "config.json").is_file():
            config = trainer.SegmenterConfig(resume=str(run_dir))  # Continue an interrupted run.
        result = trainer.train_segmenter(config, callback=PrintEpochs())
    test_data_pairs = data.find_pairs(work / "test")[1]
    summary = {
        "data_dir": args.data_dir, "seed": args.seed, "train_photos": len(train_pairs), "test_photos": len(test_pairs),
        "run_dir": str(run_dir), "report": {key: result.report.get(key) for key in (
            "arch", "image_size", "epochs_run", "best_epoch", "val_mean_iou", "val_mean_dice", "train_photos",
            "val_photos", "seconds", "train_photos_per_second", "precision")},
        "test": score(result.model_path, test_data_pairs),
        "ellipse_test": ellipse_scores(train_pairs, test_data_pairs),
        "other": {other: score(result.model_path, data.find_pairs(other)[1]) for other in args.other},
    }
    atomic.write_text(work / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({"report": summary["report"], "test": brief(summary["test"]),
                      "ellipse_test": brief(summary["ellipse_test"]),
                      "other": {key: brief(value) for key, value in summary["other"].items()}}, indent=2))
    if args.bundle or args.bundle_dir:
        folder = Path(args.bundle_dir) if args.bundle_dir else segmenters.BUNDLED_SEGMENTER.parent
        bundle(result.model_path, summary, args, folder / segmenters.BUNDLED_SEGMENTER.name)


def bundle(model_path, summary, args, destination):
    """Writes the segmenter (float32, no optimizer) and its report (`<name>.json`) beside it."""
    loaded = modelfile.load_model(model_path)
    training = dict(loaded.info.training, data=args.source or args.data_dir, licence=args.licence,
                    test_mean_iou=summary["test"]["mean_iou"], test_mean_dice=summary["test"]["mean_dice"])
    info = segmenters.segmenter_info(loaded.info.input_shape, loaded.info.arch, training)
    modelfile.save_model(loaded.model, destination, info)
    report = {key: summary[key] for key in ("seed", "train_photos", "test_photos", "report")}
    report.update(source=args.source, licence=args.licence, test=brief(summary["test"]),
                  ellipse_test=brief(summary["ellipse_test"]),
                  other={Path(key).name: brief(value) for key, value in summary["other"].items()},
                  size_bytes=destination.stat().st_size)
    report_path = destination.with_suffix(".json")
    atomic.write_text(report_path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {destination} ({report['size_bytes']:,} bytes) and {report_path}")


if __name__ == "__main__":
    main()
