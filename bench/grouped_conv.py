"""Grouped convolutions: the native path, our per-group fallback and Keras's own XLA path, side by side.

    python -m bench.grouped_conv              # both kernel sets, each in a fresh process (about 5-8 minutes on 2 cores)
    python -m bench.grouped_conv --here       # only the kernels this process's TensorFlow uses
    python -m bench.grouped_conv --quick      # fewer repeats, smaller batches: checks that it runs

TensorFlow picks its CPU kernels when it starts: oneDNN's (which have a grouped gradient) by
default on CPUs with AVX512-VNNI/BF16 or AMX, its own plain kernels elsewhere, or with
`TF_ENABLE_ONEDNN_OPTS=0`, which is how this command measures the second kind on any machine
(there the native path fails and only the fallback and XLA run). Figures are milliseconds per
call, best of several after a warm-up, float32:

- one layer, forward, and forward + backward (the gradients for the input and the kernel);
- a resnext-mini training step (64x64x3, batch 32, Adam), as `train_on_batch`, in images/s.

"native" is `tf.nn.convolution` with TensorFlow's own gradient, "fallback" the same forward
with `models.grouped_conv`'s per-group gradient, "Keras XLA" a Keras `Conv2D(groups=...)`
(which Keras 3.15 compiles with XLA on TensorFlow), i.e. what plain Keras runs.
"""

import argparse
import json
import os
import subprocess
import sys
import time

# (name, batch, side, in channels, filters, groups, kernel, stride)
LAYERS = (
    ("resnext-mini conv3 3x3, 32x32x64, 8 groups", 32, 32, 64, 64, 8, 3, 1),
    ("resnext-mini conv4 3x3/2, 32x32x128, 8 groups", 32, 32, 128, 128, 8, 3, 2),
    ("ResNeXt-50 conv3 3x3, 28x28x256, 32 groups", 8, 28, 256, 256, 32, 3, 1),
    ("AlexNet conv2 5x5, 27x27x96 to 256, 2 groups", 8, 27, 96, 256, 2, 5, 1),
)
MODEL_BATCH, MODEL_SIDE = 32, 64
PATHS = ("native", "fallback", "keras_xla")


def _best_ms(function, repeats):
    function()  # Warm-up: traces and compiles.
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1e3


def _layer_functions(path, x, kernel, stride, filters, groups, size):
    """(forward, forward + backward) callables of one layer on `path`."""
    import keras
    import tensorflow as tf

    from models import grouped_conv

    if path == "keras_xla":
        layer = keras.layers.Conv2D(filters, size, strides=stride, groups=groups, padding="same", use_bias=False)
        layer.build(x.shape)
        layer.kernel.assign(kernel)

        def convolve(inputs, weights):
            return layer.convolution_op(inputs, weights)
    elif path == "native":
        def convolve(inputs, weights):
            return tf.nn.convolution(inputs, weights, strides=stride, padding="SAME")
    else:
        def convolve(inputs, weights):
            return grouped_conv.fallback_convolution(inputs, weights, (stride, stride), "SAME")

    forward = tf.function(lambda: convolve(x, kernel))
    output_gradient = tf.ones_like(forward())

    @tf.function
    def forward_backward():
        with tf.GradientTape() as tape:
            tape.watch([x, kernel])
            y = convolve(x, kernel)
        return tape.gradient(y, [x, kernel], output_gradients=output_gradient)

    return (lambda: forward().numpy()), (lambda: [g.numpy() for g in forward_backward()])


def measure_layers(repeats, quick):
    import numpy as np
    import tensorflow as tf

    rows = []
    for name, batch, side, channels, filters, groups, size, stride in LAYERS:
        batch = max(2, batch // 4) if quick else batch
        rng = np.random.default_rng(0)
        x = tf.constant(rng.normal(size=(batch, side, side, channels)).astype("float32"))
        kernel = tf.constant(rng.normal(size=(size, size, channels // groups, filters)).astype("float32") * 0.1)
        row = {"case": f"{name}, batch {batch}", "forward": {}, "forward+backward": {}}
        for path in PATHS:
            forward, both = _layer_functions(path, x, kernel, stride, filters, groups, size)
            slow = path == "keras_xla"
            for key, function in (("forward", forward), ("forward+backward", both)):
                try:
                    row[key][path] = _best_ms(function, 1 if slow and key != "forward" else repeats)
                except Exception as error:  # The native gradient where TensorFlow has no grouped kernel.
                    row[key][path] = f"fails ({type(error).__name__})"
            print(f"  {row['case']}: {path} done", file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def _resnext_mini(path):
    import keras

    import models
    from models import grouped_conv
    from models.layers import GroupedConv2D

    keras.utils.set_random_seed(0)
    grouped_conv.set_path("fallback" if path == "keras_xla" else path)
    model = models.build_model("resnext-mini", (MODEL_SIDE, MODEL_SIDE, 3), 4)
    if path == "keras_xla":  # Keras's own Conv2D(groups=...) in place of ours: what plain Keras runs.
        model = keras.models.clone_model(model, clone_function=lambda layer: (
            keras.layers.Conv2D if isinstance(layer, GroupedConv2D) else layer.__class__).from_config(
            layer.get_config()))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def measure_model(repeats, quick):
    import numpy as np

    from models import grouped_conv

    batch = 8 if quick else MODEL_BATCH
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 255, (batch, MODEL_SIDE, MODEL_SIDE, 3)).astype("float32")
    labels = rng.integers(0, 4, batch)
    row = {"case": f"resnext-mini training step, {MODEL_SIDE}x{MODEL_SIDE}x3, batch {batch}", "step": {}}
    try:
        for path in PATHS:
            try:
                model = _resnext_mini(path)
                milliseconds = _best_ms(lambda: model.train_on_batch(images, labels),
                                        1 if path == "keras_xla" else repeats)
                row["step"][path] = milliseconds
            except Exception as error:
                row["step"][path] = f"fails ({type(error).__name__})"
            print(f"  {row['case']}: {path} done", file=sys.stderr, flush=True)
    finally:
        grouped_conv.set_path(None)
    return row


def measure_here(quick):
    """Every figure with this process's kernels; returns a JSON-ready dict."""
    import keras
    import tensorflow as tf

    from models import grouped_conv

    tf.get_logger().setLevel("ERROR")  # Each path is a new tf.function; TensorFlow would warn of "retracing".
    repeats = 2 if quick else 7
    works, reason = grouped_conv.probe()
    return {"onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default"), "native_gradient": works,
            "reason": reason, "layers": measure_layers(repeats, quick), "model": measure_model(repeats, quick),
            "versions": {"tensorflow": tf.__version__, "keras": keras.__version__}}


def _cell(value):
    return value if isinstance(value, str) else f"{value:,.1f}"


def _ratio(numerator, denominator):
    if isinstance(numerator, str) or isinstance(denominator, str):
        return ""
    return f"{numerator / denominator:.2f}"


def table(results):
    """The Markdown table of one or more `measure_here` results."""
    lines = ["| kernels | case | pass | native ms | fallback ms | Keras XLA ms | fallback / native | "
             "Keras XLA / fallback |", "|---|---|---|---|---|---|---|---|"]
    for result in results:
        default = result["onednn"] == "default"
        kernels = "TensorFlow's default" if default else "TensorFlow's own (oneDNN off)"
        rows = [(row["case"], key, row[key]) for row in result["layers"] for key in ("forward", "forward+backward")]
        step = result["model"]
        rows.append((step["case"], "train step", step["step"]))
        for case, key, figures in rows:
            native, fallback, xla = (figures.get(path, "") for path in PATHS)
            lines.append(f"| {kernels} | {case} | {key} | {_cell(native)} | {_cell(fallback)} | {_cell(xla)} | "
                         f"{_ratio(fallback, native)} | {_ratio(xla, fallback)} |")
        batch = int(step["case"].rsplit(" ", 1)[-1])
        rates = ", ".join(f"{path} {batch / (value / 1e3):,.0f}" for path, value in step["step"].items()
                          if not isinstance(value, str))
        lines.append(f"| {kernels} | (resnext-mini training, images/s) | | {rates} | | | | |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.grouped_conv", description=__doc__.split("\n\n")[0])
    parser.add_argument("--here", action="store_true", help="only this process's kernels (no child processes)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller batches")
    parser.add_argument("--json", metavar="OUT", help="also write the raw figures to this file")
    parser.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)  # A child: JSON on stdout.
    args = parser.parse_args(argv)
    started = time.time()
    if args.here or args.raw:
        results = [measure_here(args.quick)]
        if args.raw:
            print(json.dumps(results[0]))
            return 0
    else:
        results = []
        for onednn in (None, "0"):
            environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
            environment.pop("TF_ENABLE_ONEDNN_OPTS", None)
            if onednn is not None:
                environment["TF_ENABLE_ONEDNN_OPTS"] = onednn
            print(f"kernels: {'oneDNN off' if onednn else 'default'}", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "bench.grouped_conv", "--raw"] + (["--quick"] if args.quick else [])
            output = subprocess.run(command, env=environment, stdout=subprocess.PIPE, text=True, check=True).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
    versions = results[0]["versions"]
    print(f"python -m bench.grouped_conv{' --quick' if args.quick else ''}: {time.time() - started:.0f} s, "
          f"{time.strftime('%Y-%m-%d %H:%M')}; load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs; "
          f"TensorFlow {versions['tensorflow']}, Keras {versions['keras']}\n")
    print(table(results))
    for result in results:
        if not result["native_gradient"]:
            print(f"\nnative gradient ({result['onednn']}): {result['reason']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    sys.exit(main())
