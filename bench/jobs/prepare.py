"""Builds and saves the benchmark's models, and measures the machine's float32 matmul throughput.

    python bench/jobs/prepare.py OUT_DIR --model NAME=ARCH@HxWxC ... [--matmul 2048]

Prints {"gflops": measured limit, "models": {NAME: {"path", "macs", "params", "layers"}}}.
The models keep their random initial weights: speed does not depend on what they learned.
"""

import argparse
import os
import time
from pathlib import Path

from bench.jobs.common import emit


def build_and_save(out_dir, name, arch, input_shape, num_classes):
    """Builds `arch`, saves it as `out_dir/name.keras` with class names; returns its figures."""
    import keras

    import models
    from core import modelfile
    from models.table import architecture_table

    path = Path(out_dir) / f"{name}.keras"
    keras.utils.set_random_seed(0)
    model = models.build_model(arch, input_shape, num_classes)
    classes = [f"class_{index}" for index in range(num_classes)]
    modelfile.save_model(model, path, modelfile.ModelInfo(classes, tuple(input_shape), arch=arch))
    return {"path": str(path), "arch": arch, "input_shape": list(input_shape),
            "macs": int(architecture_table(model).macs), "params": int(model.count_params()),
            "layers": len(model.layers)}


def matmul_gflops(size=2048, repeats=10):
    """The machine's float32 matrix-multiply throughput with TensorFlow, in GFLOP/s (best of `repeats`)."""
    import tensorflow as tf

    a = tf.random.normal((size, size))
    b = tf.random.normal((size, size))
    multiply = tf.function(tf.matmul)
    multiply(a, b).numpy()  # Warm-up: trace and allocate.
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        multiply(a, b).numpy()
        best = min(best, time.perf_counter() - started)
    return 2 * size ** 3 / best / 1e9


def parse_model(text):
    """`NAME=ARCH@HxWxC[#CLASSES]` -> (name, arch, (h, w, c), classes)."""
    name, rest = text.split("=", 1)
    rest, _, classes = rest.partition("#")
    arch, _, shape = rest.rpartition("@")
    return name, arch, tuple(int(side) for side in shape.split("x")), int(classes or 4)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir")
    parser.add_argument("--model", action="append", default=[], type=parse_model)
    parser.add_argument("--matmul", type=int, default=2048, help="matrix side for the throughput test")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    figures = {"models": {}}
    for name, arch, shape, classes in args.model:
        figures["models"][name] = build_and_save(args.out_dir, name, arch, shape, classes)
    figures["gflops"] = matmul_gflops(args.matmul)
    import keras
    import tensorflow as tf

    figures["threads"] = {"intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                          "cpus": os.cpu_count()}
    figures["versions"] = {"tensorflow": tf.__version__, "keras": keras.__version__}
    figures["cpu"] = cpu_name()
    emit(figures)


def cpu_name():
    """The processor's model name (Linux), else the platform's processor string."""
    import platform

    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


if __name__ == "__main__":
    main()
