"""The profiles behind BENCHMARKS.md's explanations: where the time of each job goes.

    python -m bench.profiles [training] [precision] [exit]     # all three without arguments

- `training`: one training epoch split into its parts on the benchmark's model: the train
  step alone on tensors already in memory, the forward pass, the augmentation layers and our
  input pipeline's gather, each in images/s (or ms per batch), on 2 cores.
- `precision`: float32 against Keras's `mixed_bfloat16` policy (inference and training).
- `exit`: a process that imports Keras, ended normally against ended without the
  interpreter's teardown (what `main.py classify` does).

Each prints one line per figure; run it on a quiet machine.
"""

import os
import subprocess
import sys
import time

ARCH, SIDE, BATCH = "vgg-mini", 64, 32


def _best_seconds(function, repeats=3):
    function()  # Warm-up: traces and allocates.
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _data(count, side):
    import numpy as np

    rng = np.random.default_rng(0)
    return (rng.uniform(0, 255, (count, side, side, 3)).astype("float32"),
            rng.integers(0, 4, count).astype("int32"))


def _model(policy="float32"):
    import keras

    import models

    keras.mixed_precision.set_global_policy(policy)
    keras.utils.set_random_seed(0)
    model = models.build_model(ARCH, (SIDE, SIDE, 3), 4)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _rates(model, images, labels):
    """(forward images/s, training images/s) on tensors in memory."""
    import tensorflow as tf

    forward = tf.function(lambda batch: model(batch, training=False))

    def predict_all():
        for start in range(0, len(images), BATCH):
            forward(images[start:start + BATCH]).numpy()

    def fit_epoch():
        model.fit(images, labels, batch_size=BATCH, epochs=1, verbose=0)

    return len(images) / _best_seconds(predict_all), len(images) / _best_seconds(fit_epoch)


def training():
    """Prints the parts of a training epoch of the benchmark's model."""
    import numpy as np
    import tensorflow as tf

    from training import pipeline

    images, labels = _data(320, SIDE)
    forward_rate, train_rate = _rates(_model(), images, labels)
    print(f"{ARCH} {SIDE} px, batch {BATCH}: forward {forward_rate:.0f} images/s, train step {train_rate:.0f} "
          f"images/s (tensors in memory, no pipeline)")
    augment = pipeline.augmentation_layers(seed=1)
    augment_batch = tf.function(lambda batch: augment(batch, training=True))
    milliseconds = _best_seconds(lambda: augment_batch(images[:BATCH]).numpy()) * 1e3
    print(f"augmentation layers: {milliseconds:.1f} ms per batch of {BATCH} "
          f"({milliseconds / 1e3 * train_rate / BATCH:.0%} of a train step)")
    store = np.random.default_rng(0).integers(0, 255, (2000, 224, 224, 3), dtype=np.uint8)
    dataset = pipeline.make_dataset(store, np.arange(len(store)), np.zeros(len(store), np.int32), BATCH,
                                    training=True)
    seconds = _best_seconds(lambda: [None for _ in dataset], repeats=2)
    print(f"our input pipeline (shuffle, gather from the decoded store, cast, prefetch): "
          f"{len(store) / seconds:.0f} images/s at 224 px")


def precision():
    """Prints float32 against mixed_bfloat16 speed on this CPU."""
    images, labels = _data(256, SIDE)
    for policy in ("float32", "mixed_bfloat16"):
        forward_rate, train_rate = _rates(_model(policy), images, labels)
        print(f"{policy}: forward {forward_rate:.0f} images/s, training {train_rate:.0f} images/s")


def exit_cost():
    """Prints how long a process that imported Keras takes to end, normally and without teardown."""
    script = ("import os, sys, time, keras\n"
              "print(time.time(), flush=True)\n"
              "if sys.argv[1] == 'now':\n"
              "    os._exit(0)\n")
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    for how in ("normal", "now", "normal", "now"):
        output = subprocess.run([sys.executable, "-c", script, how], capture_output=True, text=True,
                                env=environment, check=True).stdout
        ended = time.time()
        print(f"exit {how:6}: {ended - float(output.split()[-1]):.2f} s from the last line to the process's end")


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or ["training", "precision", "exit"]
    functions = {"training": training, "precision": precision, "exit": exit_cost}
    for name in names:
        functions[name]()


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    main()
