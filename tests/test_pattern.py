"""The cs231n pattern language: parsing, defaults, naming and syntax errors (pure Python)."""

import subprocess
import sys
from pathlib import Path

import pytest

from models import is_pattern
from models.pattern import PatternError, parse, plan

CANONICAL = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC"


def kinds(text):
    return [layer.kind for layer in parse(text)]


def test_canonical_pattern_unrolls_repeats():
    layers = kinds(CANONICAL)
    assert layers == (["CONV", "RELU", "CONV", "RELU", "POOL"] * 3) + ["FC", "RELU", "FC", "RELU", "FC"]


def test_input_is_optional_and_case_is_free():
    assert kinds("conv -> relu -> pool -> fc") == kinds("INPUT -> CONV -> RELU -> POOL -> FC")


def test_parameters_are_read_with_their_column():
    spec = parse("INPUT -> CONV(K=64, F=5, S=1, P=2, D=1) -> POOL(F=3,S=2,type=avg) -> DROPOUT(p=0.25) -> FC(N=7)")
    conv, pool, dropout, fc = spec.layers
    assert conv.args == {"K": 64, "F": 5, "S": 1, "P": 2, "D": 1}
    assert conv.column == 10
    assert pool.args == {"F": 3, "S": 2, "TYPE": "avg"}
    assert dropout.args == {"P": 0.25}
    assert fc.args == {"N": 7}


def test_padding_may_be_same():
    assert parse("CONV(P=same) -> FC").layers[0].args["P"] == "same"


def test_plan_fills_the_seed_defaults_and_names_layers():
    planned = plan(parse(CANONICAL), num_classes=10)
    convs = [layer for layer in planned if layer.kind == "CONV"]
    assert [layer.config["K"] for layer in convs] == [32, 32, 64, 64, 128, 128]
    assert all((layer.config["F"], layer.config["S"], layer.config["P"], layer.config["D"]) == (3, 1, 1, 1)
               for layer in convs)
    pools = [layer for layer in planned if layer.kind == "POOL"]
    assert all((layer.config["F"], layer.config["S"], layer.config["TYPE"]) == (2, 2, "max") for layer in pools)
    assert [layer.name for layer in planned] == [
        "block1_conv1", "block1_relu1", "block1_conv2", "block1_relu2", "block1_pool",
        "block2_conv1", "block2_relu1", "block2_conv2", "block2_relu2", "block2_pool",
        "block3_conv1", "block3_relu1", "block3_conv2", "block3_relu2", "block3_pool",
        "flatten", "fc1", "fc1_relu", "fc2", "fc2_relu", "predictions"]
    fcs = [layer for layer in planned if layer.kind == "FC"]
    assert [layer.config["N"] for layer in fcs] == [128, 128, 10]
    assert fcs[-1].config["activation"] == "softmax"


def test_given_filters_win_over_the_doubling_default():
    planned = plan(parse("CONV(K=7) -> POOL -> CONV -> CONV(K=5) -> FC"), num_classes=3)
    assert [layer.config["K"] for layer in planned if layer.kind == "CONV"] == [7, 64, 5]


def test_no_flatten_after_global_average_pool():
    planned = plan(parse("CONV -> GAP -> DROPOUT -> FC"), num_classes=3)
    assert [layer.type for layer in planned] == ["Conv2D", "GlobalAveragePooling2D", "Dropout", "Dense"]
    assert [layer.name for layer in planned] == ["block1_conv1", "global_pool", "head_dropout", "predictions"]


@pytest.mark.parametrize("text, column, expected", [
    ("", 1, "empty"),
    ("INPUT -> CONVV -> FC", 10, "did you mean CONV"),
    ("INPUT -> CONV(F=5,S=2,P=0 -> FC", 27, "expected ',' or ')'"),
    ("INPUT -> [CONV -> RELU*2 -> FC", 31, "to close the '[' at column 10"),
    ("CONV(X=3) -> FC", 6, "CONV has no parameter 'X'"),
    ("CONV(F=0) -> FC", 8, "F must be a whole number of at least 1"),
    ("CONV(F=3, F=3) -> FC", 11, "given twice"),
    ("POOL(type=median) -> FC", 11, "max, avg or l2"),
    ("DROPOUT(p=1.5) -> FC", 11, "from 0 up to"),
    ("[CONV]*0 -> FC", 8, "at least 1"),
    ("CONV -> RELU", 9, "must end in FC"),
    ("CONV -> FC -> CONV -> FC", 15, "already flattened"),
    ("CONV -> INPUT -> FC", 9, "INPUT may only open"),
    ("CONV # FC", 6, "unexpected character '#'"),
    ("RELU(K=2) -> FC", 5, "RELU takes no parameters"),
    ("CONV(S=2, D=2) -> FC", 1, "both S and D"),
    # The notes' own notation, pasted: a hint instead of "unexpected character" or "expected a repeat count".
    ("[[CONV -> RELU]*2 -> POOL?]*3 -> FC", 26, "'?' marks a layer the notes' pattern may leave out"),
    ("[[CONV -> RELU]*N -> POOL]*2 -> FC", 17, "'N' stands for a number"),
    # Both at once, as the notes write it: the first said is the first written (it said column 35 first).
    ("INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC", 26, "'N' stands for a number"),
    ("CONV -> ? -> FC", 9, "'?' marks a layer the notes' pattern may leave out"),
    # Repeats that unfold beyond any network (10^20 overflowed a list; 10^6 layers took a minute and 900 MB).
    ("[CONV]*99999999999999999999 -> FC", 8, "unfolds to 99999999999999999999 layers; at most 1000"),
    ("[[CONV]*1000]*1000 -> FC", 15, "unfolds to 1000000 layers; at most 1000"),
    ("[CONV]*600 -> [CONV]*600 -> FC", 1, "unfolds to 1200 layers; at most 1000"),
])
def test_syntax_errors_say_where_and_what(text, column, expected):
    with pytest.raises(PatternError) as caught:
        plan(parse(text), num_classes=2)
    assert caught.value.column == column
    assert expected in str(caught.value)
    assert str(caught.value).startswith(f"column {column}: ")
    assert "\n" not in str(caught.value)


def test_pattern_error_is_a_value_error_with_a_caret():
    with pytest.raises(ValueError) as caught:
        parse("CONV -> RELU")
    assert caught.value.caret_lines().splitlines()[1] == " " * 8 + "^"


@pytest.mark.parametrize("text, expected", [
    (CANONICAL, True), ("[CONV -> POOL]*2 -> FC", True), ("conv -> fc", True), ("FC", True),
    ("vgg16", False), ("resnext-mini", False), ("models/tongue.keras", False), ("", False),
])
def test_is_pattern(text, expected):
    assert is_pattern(text) is expected


def test_parser_geometry_and_table_import_no_keras():
    code = ("import sys, models, models.pattern, models.geometry, models.table, models.presets\n"
            "models.table.spec_table(models.pattern.parse('CONV -> POOL -> FC'), (8, 8, 3), 2)\n"
            "models.default_input_shape('vgg16'); models.is_pattern('CONV -> FC')\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow', 'numpy')]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_an_empty_architecture_says_the_pattern_is_empty_not_the_list_of_presets():
    import models

    for empty in ("", "   "):
        with pytest.raises(ValueError) as caught:
            models.layer_table(empty, (32, 32, 3), 2)
        assert str(caught.value) == "the pattern is empty; expected a layer such as CONV"
