"""The GPU row: our networks trained and run by Keras 3 on the JAX backend, on a lent GPU.

    KERAS_BACKEND=jax python bench/gpu_keras_jax.py OUT.json

Why JAX: the lent GPU machines carry JAX with CUDA but no TensorFlow, and TensorFlow's
wheels are far over what can be carried there. Our model library is plain Keras, so the same
builders run unchanged; the tf.data input pipeline does not, so data here are random uint8
images already in memory (this measures the network, not decoding). Figures: training and
inference images/s per network in float32 and mixed bfloat16, the achieved TFLOP/s from the
architecture table's multiply-adds (2 FLOPs each; x3 for a training step), and the card's
measured matrix-multiply TFLOP/s as the limit.
"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

from models import build_model  # noqa: E402
from models.table import architecture_table  # noqa: E402

CASES = (  # (arch, side, images, batch)
    ("vgg-mini", 64, 8192, 256),
    ("resnext-mini", 64, 8192, 256),
    ("vgg16", 224, 1024, 64),
    ("resnext50", 224, 1024, 64),
)


def matmul_tflops(dtype, size=8192, repeats=10):
    """Best-of-`repeats` throughput of one `size`-cube matrix product, TFLOP/s."""
    key = jax.random.PRNGKey(0)
    a = jax.random.normal(key, (size, size), dtype)
    b = jax.random.normal(key, (size, size), dtype)
    multiply = jax.jit(jnp.matmul)
    multiply(a, b).block_until_ready()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        multiply(a, b).block_until_ready()
        best = min(best, time.perf_counter() - started)
    return 2 * size ** 3 / best / 1e12


class EpochTimer(keras.callbacks.Callback):
    """Records each epoch's wall time."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._started)


def measure(arch, side, count, batch, policy):
    keras.mixed_precision.set_global_policy(policy)
    keras.utils.set_random_seed(0)
    model = build_model(arch, (side, side, 3), 10)
    macs = architecture_table(model).macs
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (count, side, side, 3), dtype=np.uint8).astype("float32")
    labels = rng.integers(0, 10, count)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(images, labels, batch_size=batch, epochs=3, verbose=0, callbacks=[timer])
    train_rate = count / min(timer.seconds[1:])  # After the compiling first epoch.
    model.predict(images[: batch * 2], batch_size=batch, verbose=0)
    started = time.perf_counter()
    model.predict(images, batch_size=batch, verbose=0)
    predict_rate = count / (time.perf_counter() - started)
    return {
        "arch": arch, "input": f"{side}x{side}x3", "policy": policy, "batch": batch, "macs": macs,
        "train_images_per_s": round(train_rate, 1),
        "train_tflops": round(train_rate * macs * 2 * 3 / 1e12, 2),
        "predict_images_per_s": round(predict_rate, 1),
        "predict_tflops": round(predict_rate * macs * 2 / 1e12, 2),
    }


def main():
    out = Path(sys.argv[1])
    result = {
        "device": str(jax.devices()[0].device_kind), "backend": "keras " + keras.__version__ + " on jax "
        + jax.__version__, "matmul_tflops_float32": round(matmul_tflops(jnp.float32), 1),
        "matmul_tflops_bfloat16": round(matmul_tflops(jnp.bfloat16), 1), "rows": [],
    }
    print(json.dumps(result), flush=True)
    for arch, side, count, batch in CASES:
        for policy in ("float32", "mixed_bfloat16"):
            try:
                row = measure(arch, side, count, batch, policy)
            except Exception as error:  # One failing network must not lose the others' rows.
                row = {"arch": arch, "policy": policy, "error": " ".join(str(error).split())[:300]}
            result["rows"].append(row)
            print(json.dumps(row), flush=True)
            out.write_text(json.dumps(result, indent=2))
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
