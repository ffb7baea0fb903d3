#!/usr/bin/env python3
"""Trains the bundled demo model on SYNTHETIC tongue images and writes `demo/`.

    .venv/bin/python scripts/make_demo_model.py

Everything goes through the same `training` core as `main.py train --labels`. Steps: draw a
synthetic labels table with four attributes (body colour, coating, cracks, tooth marks; seed 0,
20 % of the cells blank), train one model with one head per attribute (a small pattern network
at 64 px) with the defaults, re-save the best model without optimizer state (smaller file), then
measure held-out accuracy per attribute on freshly drawn pictures of another seed (1, no blank
cells) and write `demo/heldout.json`. The images are synthetic: the demo model shows the
workflow, it is not a medical tool.
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import synthetic  # noqa: E402
from core import atomic, modelfile  # noqa: E402
from training import attribute_evaluate, trainer  # noqa: E402
from training.progress import TrainingCallback  # noqa: E402

DEMO_DIR = ROOT / "demo"
# The name stays: the app, its settings and the README open this file (it now reads four attributes).
DEMO_MODEL = DEMO_DIR / "tongue-colour-demo.keras"
TRAIN_SEED = 0
HELDOUT_SEED = 1
BLANK = 0.2
# About 300,000 parameters (1.3 MB): global average pooling finds cracks and tooth marks anywhere.
ARCH = ("INPUT -> [CONV(K=16) -> NORM -> RELU]*2 -> POOL -> [CONV(K=32) -> NORM -> RELU]*2 -> POOL -> "
        "[CONV(K=64) -> NORM -> RELU]*2 -> POOL -> [CONV(K=128) -> NORM -> RELU]*2 -> POOL -> GAP -> "
        "FC(N=64) -> RELU -> DROPOUT(p=0.3) -> FC")


class PrintEpochs(TrainingCallback):
    """Prints one line per epoch."""

    def on_epoch_end(self, progress):
        print(f"epoch {progress.epoch}/{progress.epochs}: loss {progress.loss:.3f} acc {progress.accuracy:.3f} "
              f"val_loss {progress.val_loss:.3f} val_acc {progress.val_accuracy:.3f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=300, help="training pictures per body colour")
    parser.add_argument("--heldout-per-class", type=int, default=100, help="held-out pictures per body colour")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--arch", default=ARCH)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        started = time.time()
        synthetic.generate_attribute_table(scratch / "train", per_class=args.per_class, size=96, seed=TRAIN_SEED,
                                           blank=BLANK)
        config = trainer.TrainConfig(data_dir=str(scratch / "train" / "images"),
                                     labels=str(scratch / "train" / "labels.csv"), arch=args.arch, image_size=64,
                                     epochs=args.epochs, out_dir=str(scratch / "run"),
                                     # No early stopping: the crack and tooth-mark heads start learning late.
                                     patience=args.epochs)
        result = trainer.train(config, callback=PrintEpochs())
        loaded = modelfile.load_model(result.model_path)  # compile=False: no optimizer state
        loaded.info.training = dict(
            loaded.info.training, data_dir="(synthetic)", labels="labels.csv (synthetic)",
            data=f"synthetic tongue images (synthetic/drawing.py), seed {TRAIN_SEED}, {args.per_class} per body "
                 f"colour, {BLANK:.0%} of the cells blank; NOT medical data")
        loaded.info.arch = "demo pattern network"
        modelfile.save_model(loaded.model, DEMO_MODEL, loaded.info)
        for stale in DEMO_DIR.glob("confusion*.png"):
            stale.unlink()
        for path in Path(result.run_dir).glob("confusion_*.png"):
            shutil.copyfile(path, DEMO_DIR / path.name)
        for name in ("report.json", "curves.png", "history.csv"):
            shutil.copyfile(Path(result.run_dir) / name, DEMO_DIR / name)

        synthetic.generate_attribute_table(scratch / "heldout", per_class=args.heldout_per_class, size=96,
                                           seed=HELDOUT_SEED)
        held_out = attribute_evaluate.evaluate_table(modelfile.load_model(DEMO_MODEL), scratch / "heldout" / "images",
                                                     scratch / "heldout" / "labels.csv")
        summary = {
            "model": DEMO_MODEL.name, "arch": args.arch, "train_seed": TRAIN_SEED, "blank": BLANK,
            "train_images_per_body_colour": args.per_class, "heldout_seed": HELDOUT_SEED,
            "heldout_images": held_out["n"],
            "heldout_accuracy": {name: scores["accuracy"] for name, scores in held_out["attributes"].items()},
            "heldout_macro_f1": {name: scores["macro_f1"] for name, scores in held_out["attributes"].items()},
            "confusion_matrices": {name: {"classes": scores["classes"], "matrix": scores["confusion_matrix"]}
                                   for name, scores in held_out["attributes"].items()},
            "val_accuracy": {entry["name"]: entry["val_accuracy"] for entry in result.report["attributes"]},
            "epochs_run": result.report.get("epochs_run"), "train_seconds": result.report.get("seconds"),
            "seconds": round(time.time() - started, 1),
        }
        atomic.write_text(DEMO_DIR / "heldout.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        print(json.dumps({k: summary[k] for k in ("heldout_accuracy", "val_accuracy", "epochs_run", "seconds")},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
