"""A run that fails inside TensorFlow ends with one line (what, in which layer, what to try, what is kept)
in the core, the command line and the app, and keeps the models of its finished epochs (issue 12).

The failure is real: a layer whose fourth training call trips a TensorFlow assertion op, i.e.
the first step of epoch 2 (12 training images in batches of 4).
"""

import keras
import pytest
import tensorflow as tf

from core import modelfile
from tests.training_helpers import write_colour_images
from training import failures, runfolder
from training.trainer import TrainConfig, TrainingFailed, train

FAIL_AT_STEP = 4
EXPECTED_START = "training failed inside TensorFlow in layer 'fail_here' during epoch 2 (InvalidArgumentError: "


@keras.saving.register_keras_serializable(package="tests")
class FailOnStep(keras.layers.Layer):
    """Passes its input through; its `fail_at`-th training call fails inside TensorFlow."""

    def __init__(self, fail_at, **kwargs):
        super().__init__(**kwargs)
        self.fail_at = fail_at

    def build(self, input_shape):
        self.calls = self.add_weight(shape=(), dtype="int32", initializer="zeros", trainable=False, name="calls")

    def call(self, inputs, training=False):
        if training:
            self.calls.assign_add(1)
            tf.debugging.assert_less(self.calls.value, self.fail_at, message="provoked failure")
        return inputs

    def get_config(self):
        return {**super().get_config(), "fail_at": self.fail_at}


def failing_model(input_shape=(32, 32, 3), num_classes=2):
    inputs = keras.Input(input_shape)
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu")(x)
    x = FailOnStep(FAIL_AT_STEP, name="fail_here")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(num_classes, activation="softmax")(x))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_colour_images(root, per_class=8)
    return root


@pytest.fixture()
def failing_builds(monkeypatch):
    """Every architecture the trainer builds is `failing_model` (a model file with such a layer would be
    refused by the loader's allow-list, so the command line and the app get it through the builder)."""
    from training import phases

    monkeypatch.setattr(phases, "build_model", lambda arch, shape, classes, *args, **kwargs: (
        failing_model(shape, classes), None))


SETTINGS = dict(image_size=32, epochs=3, batch_size=4, val_split=0.25, augment=False, precision="float32")


def _assert_kept_epoch_1(run):
    assert (run / runfolder.MODEL_FILE).is_file()
    checkpoint = modelfile.read_info(run / runfolder.CHECKPOINT_FILE).training["checkpoint"]
    assert checkpoint["epochs_done"] == 1
    assert not (run / runfolder.REPORT_FILE).exists()
    details = (run / failures.ERROR_FILE).read_text(encoding="utf-8")
    assert "provoked failure" in details and "Traceback" in details


def test_a_tensorflow_failure_ends_the_run_in_one_line_and_keeps_the_finished_epoch(data, tmp_path):
    run = tmp_path / "run"
    with pytest.raises(TrainingFailed) as caught:
        train(TrainConfig(str(data), arch="custom", out_dir=str(run), **SETTINGS),
              build_fn=lambda arch, shape, classes: failing_model(shape, classes))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(EXPECTED_START), message
    assert "provoked failure" in message and "try: " in message
    assert "keeps the best model (epoch 1) and a checkpoint after epoch 1 to resume from" in message
    assert message.endswith(f"details in {run / failures.ERROR_FILE}")
    assert "provoked failure" in caught.value.details and "Traceback" in caught.value.details
    _assert_kept_epoch_1(run)


def test_the_command_line_prints_one_line_and_exits_1(data, failing_builds, tmp_path, capsys):
    import main

    run = tmp_path / "run"
    code = main.main(["train", str(data), "--arch", "vgg-mini", "--out", str(run), "--size", "32",
                      "--epochs", "3", "--batch", "4", "--val-split", "0.25", "--no-augment", "--precision", "float32"])
    errors = capsys.readouterr().err
    assert code == 1, errors
    assert "Traceback" not in errors
    [line] = [line for line in errors.splitlines() if line.startswith("error:")]
    assert line.startswith("error: " + EXPECTED_START), line
    _assert_kept_epoch_1(run)


@pytest.mark.gui
def test_the_apps_training_fails_with_the_same_line(qtbot, manager, data, failing_builds, tmp_path):
    run = tmp_path / "run"
    config = TrainConfig(str(data), arch="vgg-mini", out_dir=str(run), **SETTINGS)
    finished, failures_told = [], []
    manager.training_finished.connect(finished.append)
    manager.failed.connect(lambda kind, message: failures_told.append((kind, message)))
    with qtbot.waitSignal(manager.request_ended, timeout=180_000,
                          check_params_cb=lambda kind, number: kind == "train"):
        manager.start_training(config)
    [(kind, message)] = failures_told
    assert kind == "train"
    assert message.startswith(EXPECTED_START) and "\n" not in message and "Traceback" not in message
    assert finished == []
    _assert_kept_epoch_1(run)


def test_failing_layer_reads_keras_name_scopes():
    model = failing_model()
    conv = model.layers[2].name
    assert failures.failing_layer(f"gradient_tape/functional_1/{conv}_1/convolution/Conv2DBackpropInput",
                                  model) == conv
    assert failures.failing_layer("functional_1/fail_here_1/assert_less/Assert/AssertGuard/Assert", model) == \
        "fail_here"
    assert failures.failing_layer("Adam/AssignAddVariableOp", model) is None
    assert failures.failing_layer(None, model) is None


def test_the_advice_follows_the_error_or_the_failing_layer():
    from models.layers import GroupedConv2D

    grouped = GroupedConv2D(8, 3, groups=2, name="grouped")
    filter_error = tf.errors.InvalidArgumentError(None, None, "filter_size does not have enough elements")
    assert "TONGUELENS_GROUPED_CONV=fallback" in failures.hint(filter_error, grouped)
    assert "TONGUELENS_GROUPED_CONV" not in failures.hint(filter_error, keras.layers.Conv2D(8, 3))
    out_of_memory = tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor with shape [64,512]")
    assert failures.hint(out_of_memory, grouped) == "use a smaller batch size or image size"
    assert failures.summarize(out_of_memory) == "ResourceExhaustedError: OOM when allocating tensor with shape [64,512]"
