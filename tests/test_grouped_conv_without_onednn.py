"""On TensorFlow's plain CPU kernels (oneDNN off, as on CPUs without AVX512-VNNI/BF16 or AMX, e.g. an AMD
Zen 3) the native grouped gradient really fails (issue 12): there the probe picks the fallback, the
layer matches Keras, resnext-mini and a small AlexNet train, and `main.py train` trains, or fails with
one line when the native path is forced.

`TF_ENABLE_ONEDNN_OPTS=0` must be set before TensorFlow starts, so each check is a fresh process.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.training_helpers import write_colour_images

CHECKS = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import keras
import numpy as np
import tensorflow as tf

import models
from models import grouped_conv
from models.layers import GroupedConv2D
from training import precision

answer = {"probe": grouped_conv.native_gradient_works(), "path": grouped_conv.active_path()}

x = tf.constant(np.random.default_rng(0).normal(size=(2, 9, 9, 16)).astype("float32"))
reference, ours = keras.layers.Conv2D(8, 3, strides=2, groups=4, padding="same"), GroupedConv2D(
    8, 3, strides=2, groups=4, padding="same")
reference.build(x.shape)
ours.build(x.shape)
ours.set_weights(reference.get_weights())


def output_and_gradients(layer):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * y)
    return [y] + tape.gradient(loss, [x] + layer.trainable_variables)


answer["layer_error"] = max(float(np.max(np.abs(a.numpy() - b.numpy())))
                            for a, b in zip(output_and_gradients(reference), output_and_gradients(ours)))


def one_step(policy):
    keras.utils.set_random_seed(0)
    model = models.build_model("resnext-mini", (32, 32, 3), num_classes=3)
    if policy != "float32":
        model = precision.with_policy(model, policy)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    images = np.random.default_rng(0).uniform(0, 255, (8, 32, 32, 3)).astype("float32")
    return model.fit(images, np.arange(8) % 3, batch_size=8, epochs=1, verbose=0).history["loss"][0]


answer["loss"] = {policy: one_step(policy) for policy in ("float32", "mixed_bfloat16")}

# AlexNet's grouped layers have a bias and a ReLU, which TensorFlow's graph optimizer would fuse into
# one op that these kernels cannot run grouped: predict (a traced forward) and train a small one.
from models.classic import alexnet_features

inputs = keras.Input((67, 67, 3))
features = alexnet_features(inputs, 4, 11, (16, 32, 32, 32, 16), (1, 2, 1, 2, 2))
alexnet = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(features)))
alexnet.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
pictures = np.random.default_rng(1).uniform(0, 255, (4, 67, 67, 3)).astype("float32")
answer["alexnet_predict_sum"] = float(alexnet.predict(pictures, verbose=0).sum())
answer["alexnet_loss"] = alexnet.fit(pictures, np.arange(4) % 3, verbose=0).history["loss"][0]
grouped_conv.set_path("native")
forced = GroupedConv2D(8, 3, strides=2, groups=4, padding="same")  # A new layer: traced on the native path.
forced.build(x.shape)
try:
    output_and_gradients(forced)
    answer["forced_native"] = "no error"
except tf.errors.InvalidArgumentError as error:
    answer["forced_native"] = str(error)
print(json.dumps(answer))
"""


def _without_onednn(**extra):
    env = {key: value for key, value in os.environ.items() if key != "TONGUELENS_GROUPED_CONV"}
    env.update(TF_ENABLE_ONEDNN_OPTS="0", TF_CPP_MIN_LOG_LEVEL="2", **extra)
    return env


def test_on_plain_kernels_the_probe_picks_the_fallback_and_resnext_mini_trains(tmp_path):
    completed = subprocess.run([sys.executable, "-c", CHECKS, str(ROOT)], cwd=tmp_path, env=_without_onednn(),
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    works, reason = answer["probe"]
    assert not works and "Gradients for grouped convolutions are not supported on CPU" in reason
    assert answer["path"] == "fallback"
    assert answer["layer_error"] < 1e-4
    assert all(loss == loss and loss < 10 for loss in answer["loss"].values()), answer["loss"]  # Finite.
    assert abs(answer["alexnet_predict_sum"] - 4) < 1e-4 and answer["alexnet_loss"] < 10
    # The simulation is real: TensorFlow's own gradient fails here.
    assert "Gradients for grouped convolutions are not supported on CPU" in answer["forced_native"]


@pytest.mark.slow
def test_main_py_train_resnext_mini_on_plain_kernels_trains_or_fails_in_one_line(tmp_path):
    data = tmp_path / "data"
    write_colour_images(data, per_class=10)
    command = [sys.executable, str(ROOT / "main.py"), "train", str(data), "--arch", "resnext-mini", "--size", "32",
               "--epochs", "1", "--batch", "8"]

    trained = subprocess.run(command + ["--out", str(tmp_path / "run")], cwd=tmp_path, env=_without_onednn(),
                             capture_output=True, text=True, timeout=600)
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "computed group by group" in trained.stdout
    assert (tmp_path / "run" / "model.keras").is_file() and (tmp_path / "run" / "report.json").is_file()

    failed = subprocess.run(command + ["--out", str(tmp_path / "forced")], cwd=tmp_path,
                            env=_without_onednn(TONGUELENS_GROUPED_CONV="native"),
                            capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr and "[[" not in failed.stderr, failed.stderr
    # One line for the failure (the run's warnings, such as small validation classes, come before it).
    [line] = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith("error: training failed inside TensorFlow in layer 'conv"), line
    # Either grouped backprop op may fail first, each with its own words ("Gradients for grouped convolutions
    # are not supported on CPU", "filter_size does not have enough elements"): the layer gives the advice.
    assert "_2_conv'" in line and "InvalidArgumentError" in line
    assert "TONGUELENS_GROUPED_CONV=fallback" in line and "holds no model yet" in line
    assert "/Conv2DBackprop" in (tmp_path / "forced" / "error.txt").read_text(encoding="utf-8")
