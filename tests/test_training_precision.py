"""Training precision: when "auto" picks bfloat16, the mixed copy of a model, the float32 model users get."""

import numpy as np
import pytest

from core import modelfile
from tests.training_helpers import train_tiny, write_colour_images
from training import precision, runfolder
from training.progress import TrainingCallback

CPU_WITH_BF16 = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\nprocessor\t: 1\nflags\t\t: avx512_bf16\n"
CPU_WITH_AMX = "flags\t\t: fpu avx2 amx_tile amx_bf16 amx_int8\n"
CPU_WITHOUT = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n"


@pytest.mark.parametrize("cpuinfo, expected", [
    (CPU_WITH_BF16, True), (CPU_WITH_AMX, True), (CPU_WITHOUT, False), ("", False),
    (CPU_WITH_BF16 + CPU_WITHOUT, False),  # One core without it: not for every thread.
])
def test_cpu_has_bf16_reads_the_flags(cpuinfo, expected):
    assert precision.cpu_has_bf16(cpuinfo) is expected


def test_auto_picks_bfloat16_only_on_a_cpu_that_computes_it():
    assert precision.resolve_precision("auto", has_gpu=False, cpuinfo_text=CPU_WITH_BF16) == "mixed_bfloat16"
    assert precision.resolve_precision("auto", has_gpu=False, cpuinfo_text=CPU_WITHOUT) == "float32"
    assert precision.resolve_precision("auto", has_gpu=True, cpuinfo_text=CPU_WITH_BF16) == "float32"
    assert precision.resolve_precision("float32", has_gpu=False, cpuinfo_text=CPU_WITH_BF16) == "float32"
    assert precision.resolve_precision("mixed_bfloat16", has_gpu=True) == "mixed_bfloat16"
    with pytest.raises(precision.PrecisionError, match="unknown precision 'half'"):
        precision.resolve_precision("half")


def nested_model():
    import keras

    block = keras.Sequential([keras.Input((16, 16, 8)), keras.layers.Conv2D(8, 3, padding="same"),
                              keras.layers.BatchNormalization(), keras.layers.ReLU()], name="block")
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = block(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs)


def resnext_mini():
    import models

    return models.build_model("resnext-mini", (32, 32, 3), 3)  # Our GroupedConv2D, saved and cloned by config.


@pytest.mark.parametrize("make", [nested_model, resnext_mini], ids=["nested", "resnext-mini"])
def test_a_mixed_copy_computes_in_bfloat16_and_converts_back_exactly(make):
    model = make()
    images = np.random.default_rng(0).uniform(0, 255, (4,) + tuple(model.input_shape[1:])).astype("float32")
    expected = model.predict(images, verbose=0)

    mixed = precision.with_policy(model, "mixed_bfloat16")

    assert precision.policy_name(mixed) == "mixed_bfloat16" and precision.policy_name(model) == "float32"
    convolutions = [layer for layer in precision._all_layers(mixed) if "conv" in type(layer).__name__.lower()]
    assert convolutions and all(layer.compute_dtype == "bfloat16" for layer in convolutions)
    assert all(weight.dtype == "float32" for weight in mixed.weights)  # Variables stay float32.
    assert mixed.layers[-1].compute_dtype == "float32" and mixed.output.dtype == "float32"
    np.testing.assert_allclose(mixed.predict(images, verbose=0), expected, atol=0.08)

    back = precision.with_policy(mixed, "float32")
    assert precision.policy_name(back) == "float32"
    np.testing.assert_allclose(back.predict(images, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_a_bfloat16_run_learns_and_saves_a_float32_model(tmp_path):
    data = tmp_path / "data"
    write_colour_images(data, per_class=16)

    messages = []

    class Messages(TrainingCallback):
        def on_message(self, text):
            messages.append(text)

    result = train_tiny(data, tmp_path / "run", epochs=4, precision="mixed_bfloat16", callback=Messages())

    assert result.report["precision"] == "mixed_bfloat16" and result.report["val_accuracy"] >= 0.9
    assert any("computing in mixed_bfloat16" in text for text in messages)  # The user is told.
    run = tmp_path / "run"
    checkpoint = modelfile.load_model(run / runfolder.CHECKPOINT_FILE)
    assert precision.policy_name(checkpoint.model) == "mixed_bfloat16"  # --resume goes on in bfloat16.
    saved = modelfile.load_model(result.model_path)
    assert precision.policy_name(saved.model) == "float32"
    assert all(layer.compute_dtype == "float32" for layer in precision._all_layers(saved.model))


def test_an_unknown_precision_is_refused_before_anything_is_written(tmp_path):
    from training.trainer import TrainingError

    with pytest.raises(TrainingError, match="unknown precision"):
        train_tiny(tmp_path, tmp_path / "run", precision="float8")
    assert not (tmp_path / "run").exists()


def test_a_model_that_cannot_be_copied_trains_in_its_own_precision(tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_colour_images(data, per_class=8)

    def refuse(model, policy):
        raise TypeError("MyLayer.__init__() missing 1 required positional argument: 'factor'")

    monkeypatch.setattr(precision, "with_policy", refuse)  # Our copy step, as a foreign layer would make it fail.

    result = train_tiny(data, tmp_path / "run", epochs=1, precision="mixed_bfloat16")

    assert result.report["precision"] == "float32" and result.model_path
    assert any("cannot be copied into a new precision" in warning and "'factor'" in warning
               for warning in result.report["warnings"])


def test_a_best_model_that_cannot_go_back_to_float32_is_kept_as_trained(tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_colour_images(data, per_class=8)
    copy = precision.with_policy

    def only_into_bfloat16(model, policy):
        if policy == "float32":
            raise TypeError("no way back")
        return copy(model, policy)

    monkeypatch.setattr(precision, "with_policy", only_into_bfloat16)

    result = train_tiny(data, tmp_path / "run", epochs=1, precision="mixed_bfloat16")

    assert any("stays in mixed_bfloat16" in warning and "no way back" in warning
               for warning in result.report["warnings"])
    saved = modelfile.load_model(result.model_path)  # Still a whole, usable model file.
    assert precision.policy_name(saved.model) == "mixed_bfloat16"
    assert saved.info.class_names == result.report["classes"]
