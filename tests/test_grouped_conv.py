"""Grouped convolutions (issue 12): both paths agree with Keras, the fallback never builds a grouped
backprop op, the switch and the probe behave, and files hold only Keras's own Conv2D.

The fallback is what a CPU without oneDNN's grouped kernels runs; `test_grouped_conv_without_onednn.py`
runs it on TensorFlow's plain kernels, where the native path really fails.
"""

import json
import threading
import zipfile

import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf

from core import modelfile
from models import grouped_conv
from models.layers import GroupedConv2D, swap_in_grouped_conv

GROUPED_BACKPROP_TYPES = ("Conv2DBackpropInput", "Conv2DBackpropFilter")


def _pair(filters, kernel_size, channels, **options):
    """Keras's Conv2D and ours with the same weights, built for `channels` inputs."""
    reference = keras.layers.Conv2D(filters, kernel_size, **options)
    ours = GroupedConv2D(filters, kernel_size, **options)
    for layer in (reference, ours):
        layer.build((None, 11, 11, channels))
    ours.set_weights(reference.get_weights())
    return reference, ours


def _output_and_gradients(layer, x):
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        y = layer(inputs)
        loss = tf.reduce_sum(y * y)
    return [y.numpy()] + [g.numpy() for g in tape.gradient(loss, [inputs] + layer.trainable_variables)]


def _grouped_backprop_ops(layer, shape):
    """The backprop ops of a traced training gradient whose input depth is not their filter's: grouped ones."""

    @tf.function
    def step(inputs):
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            y = layer(inputs)
            loss = tf.reduce_sum(y * y)
        gradients = tape.gradient(loss, [inputs] + layer.trainable_variables)
        assert all(gradient is not None for gradient in gradients)
        return gradients

    graph = step.get_concrete_function(tf.TensorSpec(shape, tf.float32)).graph
    grouped = []
    for op in graph.get_operations():
        if op.type == "Conv2DBackpropInput":
            depths = (op.outputs[0].shape[-1], op.inputs[1].shape[2])
        elif op.type == "Conv2DBackpropFilter":
            depths = (op.inputs[0].shape[-1], op.outputs[0].shape[2])
        else:
            continue
        if depths[0] != depths[1]:
            grouped.append(op.type)
    return grouped


@pytest.mark.parametrize("options", [
    dict(filters=8, kernel_size=3, groups=4, strides=2, padding="same"),
    dict(filters=12, kernel_size=(3, 5), groups=2, strides=1, padding="valid"),
    dict(filters=16, kernel_size=1, groups=8, strides=(2, 1), padding="valid", use_bias=False),
], ids=["3x3-stride2-same", "3x5-valid", "1x1-8groups"])
def test_both_paths_give_keras_conv2d_outputs_and_gradients(grouped_conv_path, options):
    options = dict(options)
    reference, ours = _pair(options.pop("filters"), options.pop("kernel_size"), 16, **options)
    x = np.random.default_rng(3).normal(size=(3, 11, 11, 16)).astype("float32")
    expected, got = _output_and_gradients(reference, x), _output_and_gradients(ours, x)
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-5, atol=1e-5)
    for got_gradient, expected_gradient in zip(got[1:], expected[1:]):
        np.testing.assert_allclose(got_gradient, expected_gradient, rtol=1e-4, atol=1e-4)


def test_the_fallback_builds_no_grouped_backprop_op_and_the_native_path_does():
    _, ours = _pair(8, 3, 16, groups=4, padding="same")
    try:
        grouped_conv.set_path("fallback")
        assert _grouped_backprop_ops(ours, (2, 11, 11, 16)) == []
        grouped_conv.set_path("native")  # Only traced here, not run: it builds on every machine.
        assert sorted(_grouped_backprop_ops(ours, (2, 11, 11, 16))) == sorted(GROUPED_BACKPROP_TYPES)
    finally:
        grouped_conv.set_path(None)


def test_both_paths_give_the_same_outputs_bit_for_bit():
    _, ours = _pair(8, 3, 16, groups=4, padding="same")
    x = np.random.default_rng(4).normal(size=(2, 11, 11, 16)).astype("float32")
    outputs = []
    try:
        for path in ("native", "fallback"):
            grouped_conv.set_path(path)
            outputs.append(tf.function(ours)(x).numpy())  # A new trace on each path.
    finally:
        grouped_conv.set_path(None)
    np.testing.assert_array_equal(outputs[0], outputs[1])


def test_a_dilated_grouped_conv_on_the_fallback_takes_keras_own_path():
    reference, ours = _pair(8, 3, 16, groups=2, padding="same", dilation_rate=2)
    x = np.random.default_rng(5).normal(size=(2, 11, 11, 16)).astype("float32")
    try:
        grouped_conv.set_path("fallback")
        for expected, got in zip(_output_and_gradients(reference, x), _output_and_gradients(ours, x)):
            np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    finally:
        grouped_conv.set_path(None)


def test_the_switch_reads_the_environment_and_set_path_wins(monkeypatch, caplog):
    try:
        monkeypatch.setenv(grouped_conv.ENV_VAR, "fallback")
        assert grouped_conv.active_path() == "fallback"
        monkeypatch.setenv(grouped_conv.ENV_VAR, " Native ")
        assert grouped_conv.active_path() == "native"
        grouped_conv.set_path("fallback")
        assert grouped_conv.active_path() == "fallback"
        assert "as TONGUELENS_GROUPED_CONV or set_path asks" in grouped_conv.describe()
        grouped_conv.set_path(None)
        monkeypatch.setenv(grouped_conv.ENV_VAR, "fastest")
        assert grouped_conv.requested_path() == "auto"
        assert "TONGUELENS_GROUPED_CONV='fastest'" in caplog.text
        monkeypatch.delenv(grouped_conv.ENV_VAR)
        works, _ = grouped_conv.native_gradient_works()
        assert grouped_conv.active_path() == ("native" if works else "fallback")
        with pytest.raises(ValueError, match="Received: 'fast'"):
            grouped_conv.set_path("fast")
    finally:
        grouped_conv.set_path(None)


def test_the_probe_answers_inside_a_trace_on_a_worker_thread_and_inside_a_graph():
    expected = grouped_conv.probe()
    assert expected == grouped_conv.native_gradient_works()
    answers = []

    @tf.function
    def traced():
        answers.append(grouped_conv.probe())  # Runs while the function is being traced.
        return tf.constant(0)

    worker = threading.Thread(target=traced)
    worker.start()
    worker.join()
    with tf.Graph().as_default():  # A TF1-style graph: nothing runs eagerly here.
        answers.append(grouped_conv.probe())
    assert answers == [expected, expected]


def test_the_probe_reports_a_failure_instead_of_raising(monkeypatch):
    def broken(device):
        raise RuntimeError("no such device")

    monkeypatch.setattr(grouped_conv, "_probe_device", broken)
    assert grouped_conv.probe() == (False, "no such device")


# --- Files: Keras's own Conv2D inside, our layer once TongueLens loads them -----------------


def _grouped_model():
    inputs = keras.Input((9, 9, 3))
    x = keras.layers.Conv2D(16, 1, name="plain")(inputs)
    x = GroupedConv2D(8, 3, groups=4, padding="same", name="grouped")(x)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.GlobalAveragePooling2D()(x))
    return keras.Model(inputs, outputs)


def _images():
    return np.random.default_rng(6).uniform(0, 255, size=(3, 9, 9, 3)).astype("float32")


def test_a_saved_file_holds_only_keras_layers_and_loads_back_as_ours(tmp_path):
    model = _grouped_model()
    path = tmp_path / "g.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b"], (9, 9, 3)))
    with zipfile.ZipFile(path) as archive:
        config = archive.read("config.json").decode("utf-8")
        archive.extract("model.weights.h5", tmp_path)
    assert "tonguelens" not in config and "GroupedConv2D" not in config
    [grouped] = [layer for layer in json.loads(config)["config"]["layers"] if layer["name"] == "grouped"]
    assert (grouped["module"], grouped["class_name"], grouped["config"]["groups"]) == ("keras.layers", "Conv2D", 4)
    with h5py.File(tmp_path / "model.weights.h5") as weights:
        assert sorted(weights["layers"]) == ["conv2d", "conv2d_1", "dense", "global_average_pooling2d", "input_layer"]
    assert type(model.get_layer("grouped")) is GroupedConv2D  # The model itself is unchanged by the save.

    loaded = modelfile.load_model(path).model
    assert type(loaded.get_layer("grouped")) is GroupedConv2D and type(loaded.get_layer("plain")) is keras.layers.Conv2D
    np.testing.assert_array_equal(np.asarray(loaded(_images())), np.asarray(model(_images())))


def test_a_file_from_before_issue_12_still_loads(tmp_path):
    model = _grouped_model()
    old = tmp_path / "old.keras"
    model.save(old)  # Keras's own save: the layer under its registered name, as TongueLens saved it before.
    with zipfile.ZipFile(old) as archive:
        assert "tonguelens>GroupedConv2D" in archive.read("config.json").decode("utf-8")
    loaded = modelfile.load_model(old).model
    assert type(loaded.get_layer("grouped")) is GroupedConv2D
    np.testing.assert_array_equal(np.asarray(loaded(_images())), np.asarray(model(_images())))


def test_the_checkpoint_loader_swaps_in_our_layer_and_keeps_the_optimizer(tmp_path):
    from training import trainer

    model = _grouped_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(_images(), np.array([0, 1, 0]), epochs=2, verbose=0)
    path = tmp_path / "checkpoint.keras"
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b"], (9, 9, 3)))
    restored = trainer._load_checkpoint(path)
    assert type(restored.get_layer("grouped")) is GroupedConv2D
    assert int(restored.optimizer.iterations) == 2
    for saved, kept in zip(model.optimizer.variables, restored.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(kept), np.asarray(saved))


def test_swap_in_reaches_nested_models_and_leaves_other_layers_alone():
    inner_inputs = keras.Input((9, 9, 16))
    inner = keras.Model(inner_inputs, keras.layers.Conv2D(8, 3, groups=4, name="inner_grouped")(inner_inputs))
    inputs = keras.Input((9, 9, 16))
    x = keras.layers.Conv2D(8, 3, name="ungrouped")(inner(inputs))
    outer = keras.Model(inputs, keras.layers.Conv2D(8, 1, groups=2, name="outer_grouped")(x))
    assert swap_in_grouped_conv(outer) == 2
    assert type(inner.get_layer("inner_grouped")) is GroupedConv2D
    assert type(outer.get_layer("outer_grouped")) is GroupedConv2D
    assert type(outer.get_layer("ungrouped")) is keras.layers.Conv2D
    assert swap_in_grouped_conv(outer) == 0


def test_resave_model_turns_an_old_file_into_keras_layers_with_the_same_weights_and_metadata(tmp_path):
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("resave_model", ROOT / "scripts" / "resave_model.py")
    resave_model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(resave_model)
    model = _grouped_model()
    old = tmp_path / "old.keras"
    model.save(old)  # The layer under its registered name, as before issue 12; then our metadata beside it.
    with zipfile.ZipFile(old, "a") as archive:
        archive.writestr(modelfile.METADATA_MEMBER, json.dumps({"class_names": ["a", "b"], "input_shape": [9, 9, 3],
                                                                "arch": "custom", "training": {"note": "kept"}}))
    metadata = zipfile.ZipFile(old).read(modelfile.METADATA_MEMBER)

    assert resave_model.resave(old, tmp_path / "new.keras") == 0.0
    with zipfile.ZipFile(tmp_path / "new.keras") as archive:
        assert "tonguelens" not in archive.read("config.json").decode("utf-8")
        assert archive.read(modelfile.METADATA_MEMBER) == metadata
    assert not list(tmp_path.glob("*.resaved.keras"))
    new = modelfile.load_model(tmp_path / "new.keras")
    assert new.info.training == {"note": "kept"}
    for saved, kept in zip(model.get_weights(), new.model.get_weights()):
        np.testing.assert_array_equal(kept, saved)
