"""`main.py arch`: presets, patterns and model files; JSON fields; refusals exit 2 with one line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import main
import models
from core.modelfile import ModelInfo, save_model

ROOT = Path(__file__).resolve().parents[1]
CANONICAL = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC"


def arch_json(capsys, *argv):
    assert main.main(["arch", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_pattern_json(capsys):
    data = arch_json(capsys, CANONICAL, "--input", "32x32x3", "--classes", "10")
    assert list(data) == ["name", "input_shape", "classes", "total_params", "trainable_params",
                          "non_trainable_params", "macs", "activation_values", "layers", "notes"]
    assert data["input_shape"] == [32, 32, 3] and data["classes"] == 10 and data["notes"] == []
    layers = data["layers"]
    row_fields = ["name", "type", "output_shape", "params", "macs", "activation_values", "counted", "receptive_field"]
    window_fields = ["filter", "stride", "padding", "padding_mode", "dilation", "groups"]
    assert all(list(layer) == row_fields + (window_fields if layer["type"] in ("Conv2D", "MaxPooling2D") else [])
               for layer in layers)
    assert [layer["type"] for layer in layers].count("Conv2D") == 6
    assert [layer["output_shape"] for layer in layers if layer["type"] == "MaxPooling2D"] == [
        [16, 16, 32], [8, 8, 64], [4, 4, 128]]
    assert [layer["name"] for layer in layers if layer["type"] == "Dense"] == ["fc1", "fc2", "predictions"]
    assert data["total_params"] == sum(layer["params"] for layer in layers)
    # The values total adds up from the rows it counts; a Flatten or a ReLU sees memory counted before.
    assert data["activation_values"] == sum(layer["activation_values"] for layer in layers if layer["counted"])
    assert not any(layer["counted"] for layer in layers if layer["type"] in ("Flatten", "ReLU"))


def test_text_table(capsys):
    assert main.main(["arch", "CONV -> POOL -> FC", "--input", "8x8x3", "--classes", "2"]) == 0
    text = capsys.readouterr().out
    assert "Layer (type)" in text and "block1_pool (MaxPooling2D)" in text and "4x4x32" in text
    assert "Total params: 1,922" in text  # conv 3*3*3*32+32 = 896, fc 4*4*32*2+2 = 1,026
    # Flatten's values are the pool's memory seen again: in brackets, out of the total (the cs231n convention).
    flatten = next(line for line in text.splitlines() if line.startswith("flatten (Flatten)"))
    assert "(512)" in flatten and "values in brackets are not counted" in text


def test_a_model_file_with_a_head_per_attribute_is_named_by_its_file_and_heads(capsys):
    assert main.main(["arch", str(ROOT / "demo" / "tongue-colour-demo.keras")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    # It read 'Model: "pattern" ... 4 classes' (the Keras name, and the first head's classes).
    assert first == 'Model: "tongue-colour-demo.keras"  input 64x64x3, 4 outputs of 4, 4, 2, 2 classes'


def test_counts_of_trillions_are_said_in_t():
    from models.table import format_count

    assert [format_count(value) for value in (999, 15_200_000, 9_280_000_000_000)] == ["999", "15.2 M", "9.28 T"]


def test_refused_geometry_exits_2_with_the_formula_on_one_line():
    result = subprocess.run(
        [sys.executable, "main.py", "arch", "INPUT -> CONV(F=5,S=2,P=0) -> FC", "--input", "32x32x3"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [result.stderr.strip().splitlines()[-1]]
    assert "(W-F+2P)/S+1 = (32-5+2*0)/2+1 = 14.5" in lines[0]


@pytest.mark.parametrize("argv, expected", [
    (["INPUT -> CONV(F=5,S=2,P=0 -> FC"], "column 27: expected ',' or ')'"),
    (["vgg17"], "unknown architecture 'vgg17'"),
    (["vgg-mini", "--input", "12x12x3"], "vgg-mini: input 12x12 is too small"),
    (["vgg-mini", "--input", "big"], "expected a size like 224x224x3"),
    (["vgg-mini", "--classes", "0"], "num_classes=0"),
    (["missing.keras"], "missing.keras: file not found"),
])
def test_bad_specs_exit_2(capsys, argv, expected):
    assert main.main(["arch", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in captured.err and captured.err.count("\n") == 1


def test_lenet5_figure(capsys):
    data = arch_json(capsys, "lenet5", "--input", "32x32", "--classes", "10")
    assert data["input_shape"] == [32, 32, 1]  # Channels come from the preset.
    assert data["total_params"] == 61706


def test_alexnet_figure(capsys):
    data = arch_json(capsys, "alexnet")
    assert data["input_shape"] == [227, 227, 3] and data["classes"] == 1000
    assert data["total_params"] == 60965224
    conv1 = next(layer for layer in data["layers"] if layer["name"] == "conv1")
    assert conv1["output_shape"] == [55, 55, 96] and conv1["params"] == 34944


def test_vgg16_figure(capsys):
    data = arch_json(capsys, "vgg16")
    assert data["total_params"] == 138357544
    fields = {layer["name"]: layer["receptive_field"] for layer in data["layers"]}
    assert (fields["block5_conv3"], fields["block5_pool"]) == (196, 212)
    # Each flattened value is one pool5 unit; fc1 reads the whole 7x7 window: 212 + 6*32.
    assert (fields["flatten"], fields["fc1"], fields["predictions"]) == (212, 404, 404)


def test_a_field_larger_than_the_image_is_explained(capsys):
    assert main.main(["arch", "vgg16"]) == 0
    assert "RF above 224: larger than the image: the whole input plus padding" in capsys.readouterr().out
    assert main.main(["arch", "INPUT -> CONV(P=0) -> POOL -> FC", "--input", "32x32x3", "--classes", "2"]) == 0
    assert "RF above" not in capsys.readouterr().out  # The FC after a 15x15 pool sees 4 + 14*2 = 32 px, no more.



def test_every_conv_and_pool_gives_f_s_and_p_so_each_shape_can_be_checked_by_hand(capsys):
    data = arch_json(capsys, "alexnet")
    rows = {layer["name"]: layer for layer in data["layers"]}
    conv1, pool1, conv2 = rows["conv1"], rows["pool1"], rows["conv2"]
    assert (conv1["filter"], conv1["stride"], conv1["padding"], conv1["padding_mode"]) == (
        [11, 11], [4, 4], [0, 0, 0, 0], "valid")  # (227-11+2*0)/4+1 = 55
    assert (pool1["filter"], pool1["stride"], pool1["padding"]) == ([3, 3], [2, 2], [0, 0, 0, 0])
    assert (conv2["filter"], conv2["padding"], conv2["groups"]) == ([5, 5], [2, 2, 2, 2], 2)  # the two columns
    assert conv2["output_shape"] == [27, 27, 256] and conv2["params"] == 307456  # Unchanged figures.
    assert "filter" not in rows["fc6"] and "filter" not in rows["norm1"]

    assert main.main(["arch", "vgg16"]) == 0
    text = capsys.readouterr().out
    assert "F/S P" in text
    assert any(line.startswith("block1_conv1 (Conv2D)") and line.endswith("3x3/1 P=1") for line in text.splitlines())
    assert any(line.startswith("block1_pool (MaxPooling2D)") and line.endswith("2x2/2 P=0")
               for line in text.splitlines())


def test_alexnet_at_224_points_to_its_rounded_windows_above_the_table(capsys):
    # The paper's famous mismatch: (224-11)/4+1 = 54.25. Keras rounds down; the preset is not refused.
    assert main.main(["arch", "alexnet", "--input", "224x224x3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    pointer = "4 windows do not fit and are rounded down (conv1, pool1, pool2, pool5): see the notes below the table"
    assert lines.index(pointer) < lines.index(next(line for line in lines if line.startswith("Layer (type)")))
    assert "note: conv1: (W-F+2P)/S+1 = (224-11+2*0)/4+1 = 54.25, rounded down to 54 (Keras 'valid')" in lines

    data = arch_json(capsys, "alexnet", "--input", "224x224x3")
    assert data["notes"][0] == "conv1: (W-F+2P)/S+1 = (224-11+2*0)/4+1 = 54.25, rounded down to 54 (Keras 'valid')"


def test_zfnet_gives_the_padding_keras_same_adds_to_its_pools_110_to_55(capsys):
    data = arch_json(capsys, "zfnet")
    pool1 = next(layer for layer in data["layers"] if layer["name"] == "pool1")
    assert pool1["output_shape"][:2] == [55, 55] and pool1["padding_mode"] == "same"
    assert pool1["padding"] == [0, 1, 0, 1]  # (110-3+0+1)/2+1 = 55: the odd pixel after, as TensorFlow pads.
    assert ("pool1: Keras 'same' pads 0 before and 1 after (top/left, bottom/right): "
            "(W-F+P1+P2)/S+1 = (110-3+0+1)/2+1 = 55") in data["notes"]
    assert main.main(["arch", "zfnet"]) == 0
    text = capsys.readouterr().out
    assert "2 layers padded unevenly by Keras 'same' (pool1, pool2): see the notes below the table" in text
    assert any(line.startswith("pool1 (MaxPooling2D)") and line.endswith("3x3/2 P=0+1") for line in text.splitlines())


def test_model_file(tmp_path, capsys):
    path = tmp_path / "small.keras"
    model = models.build_model("CONV -> POOL -> FC", (16, 16, 3), 4)
    save_model(model, path, ModelInfo(class_names=list("abcd"), input_shape=(16, 16, 3)))
    data = arch_json(capsys, str(path))
    assert data["input_shape"] == [16, 16, 3] and data["classes"] == 4
    assert data["total_params"] == model.count_params()
    assert main.main(["arch", str(path), "--input", "32x32x3"]) == 2
    assert "a model file has its own" in capsys.readouterr().err


def test_help_describes_both_commands(capsys):
    for command in ("arch", "to-fully-conv"):
        with pytest.raises(SystemExit) as exited:
            main.main([command, "--help"])
        assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "(W-F+2P)/S+1" in text and "--classes N" in text and "OUT.keras" in text


def test_a_presets_deliberate_rounding_is_a_note_not_a_warning(capsys):
    # resnext-mini's stride-2 shortcuts round (64-1)/2+1 = 32.5 down to 32, as ResNet's do by design.
    assert main.main(["arch", "resnext-mini"]) == 0
    text = capsys.readouterr().out
    assert "note: conv3_block1_0_conv: (W-F+2P)/S+1 = (64-1+2*0)/2+1 = 32.5, rounded down to 32" in text
    assert "warning:" not in text
