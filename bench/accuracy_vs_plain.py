"""Held-out accuracy and wall time: `main.py train` with its defaults vs a plain Keras script.

    .venv/bin/python bench/accuracy_vs_plain.py --data TRAIN_DIR --heldout HELDOUT_DIR [--epochs 30]
    .venv/bin/python bench/accuracy_vs_plain.py --task coating [--per-class 150] [--epochs 15]

With `--data` it runs on a folder of real photos (one sub-folder per class) and scores on a
separate held-out folder with the same class names; `python -m bench.fashion_mnist` writes such
a pair from Debian's copy of Fashion-MNIST. Without it, it draws SYNTHETIC tongue images
(the `synthetic` package). Both sides train the same network (`models.build_model`) for the same
number of epochs on the same folder; both are then scored on the held-out folder by the same code. The plain side is
what a skilled user writes from the keras-io example: `image_dataset_from_directory` with a 20 %
validation split, keras-io augmentation, Adam 1e-3, `fit`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN = r'''
import sys, keras, tensorflow as tf
sys.path.insert(0, {root!r})
import models
data, size, epochs, out = {data!r}, {size}, {epochs}, {out!r}
keras.utils.set_random_seed(1337)
train_ds, val_ds = keras.utils.image_dataset_from_directory(
    data, validation_split=0.2, subset="both", seed=1337, image_size=(size, size), batch_size=32)
class_names = train_ds.class_names
augmentation = keras.Sequential([keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.1),
                                 keras.layers.RandomZoom(0.1)])
train_ds = train_ds.map(lambda x, y: (augmentation(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
model = models.build_model("{arch}", (size, size, 3), len(class_names))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds.prefetch(tf.data.AUTOTUNE), validation_data=val_ds.prefetch(tf.data.AUTOTUNE),
          epochs=epochs, verbose=0)
model.save(out)
'''

SCORE = r'''
import json, sys, keras
sys.path.insert(0, {root!r})
import models.layers
model = keras.saving.load_model({model!r}, compile=False, safe_mode=True)
data = keras.utils.image_dataset_from_directory({heldout!r}, shuffle=False, image_size=({size}, {size}),
                                                batch_size=64)
import numpy as np
labels = np.concatenate([y.numpy() for _, y in data])
predicted = np.argmax(model.predict(data, verbose=0), axis=1)
print(json.dumps({{"accuracy": float((predicted == labels).mean()), "n": int(len(labels))}}))
'''


def timed_run(command):
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if completed.returncode:
        raise SystemExit(f"{command[:3]} failed:\n{completed.stderr[-3000:]}")
    return time.perf_counter() - started, completed.stdout


def score(model, heldout, size):
    _, out = timed_run([sys.executable, "-c", SCORE.format(root=str(ROOT), model=str(model),
                                                           heldout=str(heldout), size=size)])
    return json.loads(out.strip().splitlines()[-1])


def main():
    import synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a folder of real photos to train on (one sub-folder per class)")
    parser.add_argument("--heldout", help="with --data: the held-out folder to score both models on")
    parser.add_argument("--task", default="coating", choices=sorted(synthetic.CLASS_SETS))
    parser.add_argument("--per-class", type=int, default=150)
    parser.add_argument("--heldout-per-class", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--arch", default="vgg-mini")
    parser.add_argument("--size", type=int, default=64)
    args = parser.parse_args()
    if bool(args.data) != bool(args.heldout):
        parser.error("--data and --heldout go together")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if args.data:
            train_dir, heldout_dir, source = Path(args.data), Path(args.heldout), str(Path(args.data).resolve())
        else:
            train_dir, heldout_dir, source = scratch / "train", scratch / "heldout", f"synthetic {args.task}"
            synthetic.generate_dataset(train_dir, per_class=args.per_class, size=96, seed=11, task=args.task)
            synthetic.generate_dataset(heldout_dir, per_class=args.heldout_per_class, size=96, seed=12,
                                       task=args.task)
        ours_seconds, _ = timed_run([sys.executable, "main.py", "train", str(train_dir), "--arch", args.arch,
                                     "--size", str(args.size), "--epochs", str(args.epochs),
                                     "--out", str(scratch / "run")])
        report = json.loads((scratch / "run" / "report.json").read_text())
        plain_code = PLAIN.format(root=str(ROOT), data=str(train_dir), size=args.size, epochs=args.epochs,
                                  out=str(scratch / "plain.keras"), arch=args.arch)
        plain_seconds, _ = timed_run([sys.executable, "-c", plain_code])
        ours, plain = score(scratch / "run" / "model.keras", heldout_dir, args.size), \
            score(scratch / "plain.keras", heldout_dir, args.size)
    rows = {"data": source, "arch": args.arch, "size": args.size, "epochs": args.epochs,
            "train_images": report["train_images"] + report["val_images"], "heldout_images": ours["n"],
            "ours": {"heldout_accuracy": ours["accuracy"], "wall_seconds": round(ours_seconds, 1),
                     "epochs_run": report["epochs_run"], "best_epoch": report["best_epoch"],
                     "precision": report.get("precision")},
            "plain": {"heldout_accuracy": plain["accuracy"], "wall_seconds": round(plain_seconds, 1),
                      "epochs_run": args.epochs},
            "load_average": [round(value, 2) for value in os.getloadavg()]}
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
