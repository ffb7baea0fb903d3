#!/usr/bin/env python3
"""Trains the bundled demo model on SYNTHETIC tongue images and writes `demo/`.

    .venv/bin/python scripts/make_demo_model.py

Everything goes through the same `training` core as `main.py train`. Steps: draw a
synthetic body-colour dataset (seed 0), train `resnext-mini` at 64 px with the defaults,
re-save the best model without optimizer state (smaller file), then measure held-out
accuracy on freshly drawn images of another seed (1) and write `demo/heldout.json`.
The images are synthetic: the demo model shows the workflow, it is not a medical tool.
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
from training import evaluate, trainer  # noqa: E402
from training.progress import TrainingCallback  # noqa: E402

DEMO_DIR = ROOT / "demo"
DEMO_MODEL = DEMO_DIR / "tongue-colour-demo.keras"
TRAIN_SEED = 0
HELDOUT_SEED = 1


class PrintEpochs(TrainingCallback):
    """Prints one line per epoch."""

    def on_epoch_end(self, progress):
        print(f"epoch {progress.epoch}/{progress.epochs}: loss {progress.loss:.3f} acc {progress.accuracy:.3f} "
              f"val_loss {progress.val_loss:.3f} val_acc {progress.val_accuracy:.3f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=300, help="training images per class")
    parser.add_argument("--heldout-per-class", type=int, default=100, help="held-out images per class")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--arch", default="resnext-mini")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        started = time.time()
        synthetic.generate_dataset(scratch / "train", per_class=args.per_class, size=96, seed=TRAIN_SEED)
        config = trainer.TrainConfig(data_dir=str(scratch / "train"), arch=args.arch, image_size=64,
                                     epochs=args.epochs, out_dir=str(scratch / "run"))
        result = trainer.train(config, callback=PrintEpochs())
        loaded = modelfile.load_model(result.model_path)  # compile=False: no optimizer state
        loaded.info.training = dict(loaded.info.training, data="synthetic tongue images (synthetic/drawing.py), "
                                    f"seed {TRAIN_SEED}, {args.per_class} per class; NOT medical data")
        modelfile.save_model(loaded.model, DEMO_MODEL, loaded.info)
        for name in ("report.json", "curves.png", "confusion.png", "history.csv"):
            shutil.copyfile(Path(result.run_dir) / name, DEMO_DIR / name)

        synthetic.generate_dataset(scratch / "heldout", per_class=args.heldout_per_class, size=96,
                                   seed=HELDOUT_SEED)
        held_out = evaluate.evaluate(modelfile.load_model(DEMO_MODEL), scratch / "heldout")
        summary = {
            "model": DEMO_MODEL.name, "arch": args.arch, "train_seed": TRAIN_SEED,
            "train_images_per_class": args.per_class, "heldout_seed": HELDOUT_SEED,
            "heldout_images": held_out["n"], "heldout_accuracy": held_out["accuracy"],
            "val_accuracy": result.report.get("val_accuracy"), "epochs_run": result.report.get("epochs_run"),
            "confusion_matrix": held_out["confusion_matrix"], "classes": held_out["classes"],
            "seconds": round(time.time() - started, 1),
        }
        atomic.write_text(DEMO_DIR / "heldout.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        print(json.dumps({k: summary[k] for k in ("heldout_accuracy", "val_accuracy", "epochs_run", "seconds")}))


if __name__ == "__main__":
    main()
