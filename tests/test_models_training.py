"""The two small presets train on a CPU: one optimizer step changes every trainable weight and gives a finite loss.

ResNeXt's grouped convolutions are `models.layers.GroupedConv2D`, which runs TensorFlow's own
grouped convolution on CPU (Keras's Conv2D would force each through XLA, 100x slower backward).
"""

import numpy as np
import pytest

import models


@pytest.mark.parametrize("preset", ["vgg-mini", "resnext-mini"])
def test_one_training_step_on_cpu(preset):
    model = models.build_model(preset, (32, 32, 3), num_classes=3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(8, 32, 32, 3)).astype("float32")
    labels = rng.integers(0, 3, size=8)
    # Trainable weights only: BatchNorm's moving statistics change without any gradient, so
    # counting every changed array would hide a layer that never learns.
    before = {weight.path: np.array(weight.numpy()) for weight in model.trainable_weights}
    history = model.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    unchanged = [weight.path for weight in model.trainable_weights
                 if np.array_equal(before[weight.path], weight.numpy())]
    assert len(before) == len(model.trainable_weights) > 0
    assert unchanged == []
