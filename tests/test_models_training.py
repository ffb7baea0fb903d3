"""The two small presets train on a CPU: one optimizer step changes every trainable weight and gives a finite loss;
resnext-mini does so on both paths of its grouped convolutions (`models.grouped_conv`), to the same model.

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



def _train_resnext_mini_one_step(path, policy="float32"):
    """resnext-mini from seed 0, one SGD step on fixed data on `path`: (loss, weights before, after, model)."""
    import keras

    from models import grouped_conv
    from training import precision

    grouped_conv.set_path(path)
    try:
        keras.utils.set_random_seed(0)
        model = models.build_model("resnext-mini", (32, 32, 3), num_classes=3)
        if policy != "float32":
            model = precision.with_policy(model, policy)
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="sparse_categorical_crossentropy")
        rng = np.random.default_rng(0)
        images = rng.integers(0, 256, size=(8, 32, 32, 3)).astype("float32")
        labels = rng.integers(0, 3, size=8)
        before = [weight.copy() for weight in model.get_weights()]
        history = model.fit(images, labels, batch_size=8, epochs=1, verbose=0, shuffle=False)
        return history.history["loss"][0], before, model.get_weights(), model, images
    finally:
        grouped_conv.set_path(None)


def _paths_that_run_here():
    from models import grouped_conv

    return ["native", "fallback"] if grouped_conv.native_gradient_works()[0] else ["fallback"]


def test_resnext_mini_trains_one_step_on_each_grouped_conv_path_to_the_same_model():
    from models.layers import GroupedConv2D

    trained = {}
    for path in _paths_that_run_here():
        loss, before, after, model, images = _train_resnext_mini_one_step(path)
        assert np.isfinite(loss)
        assert sum(not np.array_equal(old, new) for old, new in zip(before, after)) >= len(model.trainable_weights)
        assert sum(isinstance(layer, GroupedConv2D) for layer in model.layers) == 6
        trained[path] = (after, np.asarray(model(images, training=False)))
    if len(trained) == 2:  # Where both run, one step on either gives the same model, to 1e-5.
        for native, fallback in zip(trained["native"][0], trained["fallback"][0]):
            np.testing.assert_allclose(fallback, native, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(trained["fallback"][1], trained["native"][1], atol=1e-5)


def test_a_mixed_bfloat16_copy_trains_on_the_fallback():
    from models.layers import GroupedConv2D

    loss, before, after, model, _ = _train_resnext_mini_one_step("fallback", policy="mixed_bfloat16")
    assert np.isfinite(loss)
    grouped = [layer for layer in model.layers if isinstance(layer, GroupedConv2D)]
    assert len(grouped) == 6 and all(layer.compute_dtype == "bfloat16" for layer in grouped)
    assert sum(not np.array_equal(old, new) for old, new in zip(before, after)) >= len(model.trainable_weights)
    if "native" in _paths_that_run_here():
        _, _, native_after, _, _ = _train_resnext_mini_one_step("native", policy="mixed_bfloat16")
        for native, fallback in zip(native_after, after):  # bfloat16 keeps about 3 significant digits.
            np.testing.assert_allclose(fallback, native, rtol=2e-2, atol=2e-3)
