"""The cs231n formulas and the pattern table: sizes, parameters, refusals, warnings (pure Python)."""

import pytest

from models import geometry
from models.geometry import GeometryError
from models.table import spec_table

CANONICAL = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC"


def test_seed_example_11x11x4_with_f5_s2_p0_gives_4():
    assert geometry.window_output(11, 5, 2, 0, 0) == (4, None)
    table = spec_table("CONV(K=3, F=5, S=2, P=0) -> FC", (11, 11, 4), 2)
    assert table.row("block1_conv1").output_shape == (4, 4, 3)
    assert table.row("block1_conv1").params == 5 * 5 * 4 * 3 + 3


def test_seed_example_5x5x3_with_k2_f3_s2_p1_gives_3x3x2():
    row = spec_table("CONV(K=2, F=3, S=2, P=1) -> FC", (5, 5, 3), 2).row("block1_conv1")
    assert row.output_shape == (3, 3, 2)
    assert row.params == 3 * 3 * 3 * 2 + 2
    assert row.macs == 3 * 3 * 2 * (3 * 3 * 3)


def test_canonical_pattern_on_cifar():
    table = spec_table(CANONICAL, (32, 32, 3), 10)
    types = [row.type for row in table.rows]
    assert types.count("Conv2D") == 6
    assert types.count("Dense") == 3
    assert [row.output_shape for row in table.rows if row.type == "MaxPooling2D"] == [
        (16, 16, 32), (8, 8, 64), (4, 4, 128)]
    assert table.row("predictions").output_shape == (10,)
    assert table.row("fc1").params == 4 * 4 * 128 * 128 + 128
    assert table.warnings == []


def test_not_whole_geometry_is_refused_with_the_formula():
    with pytest.raises(GeometryError) as caught:
        spec_table("INPUT -> CONV(F=5,S=2,P=0) -> FC", (32, 32, 3), 10)
    message = str(caught.value)
    assert "block1_conv1" in message
    assert "(W-F+2P)/S+1 = (32-5+2*0)/2+1 = 14.5" in message
    assert "\n" not in message


def test_refusal_suggests_a_padding_that_fits():
    with pytest.raises(GeometryError, match="P=2 would fit"):
        spec_table("CONV(F=3, S=3, P=0) -> FC", (32, 32, 3), 2)


def test_pool_that_does_not_tile_is_refused():
    with pytest.raises(GeometryError, match=r"\(W-F\)/S\+1 = \(7-2\)/2\+1 = 3.5"):
        spec_table("POOL -> FC", (7, 7, 3), 2)


def test_output_smaller_than_one_is_refused():
    with pytest.raises(GeometryError, match="smaller than 1"):
        spec_table("[CONV -> POOL]*4 -> FC", (8, 8, 3), 2)


def test_rectangular_input_names_the_axis():
    with pytest.raises(GeometryError, match=r"block1_conv1 \(width\)"):
        spec_table("CONV(F=5, S=2, P=0) -> FC", (33, 32, 3), 2)


def test_dilation_widens_the_window_and_the_receptive_field():
    table = spec_table("CONV(F=3, D=2, P=0) -> FC", (9, 9, 1), 2)
    row = table.row("block1_conv1")
    assert row.output_shape == (5, 5, 32)  # (9 - (2*(3-1)+1)) / 1 + 1
    assert row.receptive_field == 5
    assert row.params == 3 * 3 * 1 * 32 + 32


def test_same_padding_keeps_ceil_of_w_over_s():
    assert spec_table("CONV(F=3, S=2, P=same) -> FC", (9, 9, 3), 2).row("block1_conv1").output_shape == (5, 5, 32)


def test_receptive_field_formula():
    assert geometry.receptive_field_step(1, 1, 3, 1) == (3, 1)
    assert geometry.receptive_field_step(6, 2, 3, 1) == (10, 2)
    assert geometry.receptive_field_step(10, 2, 2, 2) == (12, 4)
    fields = [row.receptive_field for row in spec_table(CANONICAL, (32, 32, 3), 10).rows
              if row.type in ("Conv2D", "MaxPooling2D")]
    assert fields == [3, 5, 6, 10, 14, 16, 24, 32, 36]


def test_parameter_and_cost_formulas():
    assert geometry.conv_params(11, 11, 3, 96) == 34944
    assert geometry.conv_params(5, 5, 96, 256, groups=2) == 5 * 5 * 48 * 256 + 256
    assert geometry.conv_params(3, 3, 64, 64, use_bias=False) == 36864
    assert geometry.conv_macs(55, 55, 11, 11, 3, 96) == 55 * 55 * 96 * 363
    assert geometry.dense_params(7 * 7 * 512, 4096) == 102764544
    assert geometry.batchnorm_params(64) == (128, 128)


def test_activation_total_counts_input_conv_pool_and_fc_only():
    table = spec_table("CONV(K=4) -> RELU -> POOL -> FC", (4, 4, 1), 3)
    # Input 16, conv 4*4*4 = 64, pool 2*2*4 = 16, FC 3; ReLU, Rescaling and Flatten not again.
    assert table.activation_values == 16 + 64 + 16 + 3


def test_sizing_habit_warnings():
    shrinking = spec_table("CONV(F=5, P=0) -> FC", (32, 32, 3), 2)
    assert any("shrinks the volume 32 -> 28" in warning and "P=(F-1)/2=2" in warning
               for warning in shrinking.warnings)
    odd = spec_table("[CONV -> POOL(F=3, S=2)]*2 -> FC", (31, 31, 3), 2)
    assert [row.output_shape[0] for row in odd.rows if row.type == "MaxPooling2D"] == [15, 7]
    assert any("input side 31 cannot be halved 2 times" in warning for warning in odd.warnings)
    last_units = spec_table("CONV -> FC(N=10) -> FC(N=5)", (8, 8, 3), 3)  # N=5 was dropped without a word.
    assert [str(warning) for warning in last_units.warnings] == [
        "the last FC gives the class scores: its N=5 is replaced by the 3 classes"]
    assert not spec_table("CONV -> FC(N=3)", (8, 8, 3), 3).warnings
    thirds = spec_table("CONV -> POOL(F=3, S=3) -> FC", (33, 33, 3), 2)  # 33 -> 11: it tiles; 32 would not.
    assert [row.output_shape[0] for row in thirds.rows if row.type == "MaxPooling2D"] == [11]
    assert not any("halved" in warning for warning in thirds.warnings)


def test_min_side_check():
    with pytest.raises(GeometryError, match="at least 32x32"):
        geometry.check_min_side("vgg16", (31, 40, 3), 32)
    geometry.check_min_side("vgg16", (32, 32, 3), 32)


def test_table_json_has_exactly_the_issue_fields():
    data = spec_table("CONV -> POOL -> FC", (8, 8, 3), 2).to_json()
    assert set(data) == {"name", "input_shape", "classes", "total_params", "trainable_params",
                         "non_trainable_params", "macs", "activation_values", "layers", "notes"}
    # The issue's fields, and whether the row's values are in the total (so the total adds up from the rows).
    assert set(data["layers"][0]) == {"name", "type", "output_shape", "params", "macs", "activation_values",
                                      "counted", "receptive_field"}
    conv = data["layers"][2]
    assert {key: conv[key] for key in ("filter", "stride", "padding", "padding_mode", "dilation", "groups")} == {
        "filter": [3, 3], "stride": [1, 1], "padding": [1, 1, 1, 1], "padding_mode": "explicit",
        "dilation": [1, 1], "groups": 1}
    assert data["input_shape"] == [8, 8, 3]
    assert data["layers"][0] == {"name": "input", "type": "InputLayer", "output_shape": [8, 8, 3], "params": 0,
                                 "macs": 0, "activation_values": 192, "counted": True, "receptive_field": 1}


def test_text_table_lists_every_layer_and_the_totals():
    text = spec_table(CANONICAL, (32, 32, 3), 10).format_text()
    assert "block3_pool (MaxPooling2D)" in text
    assert "4x4x128" in text
    assert "Total params: 567,082" in text


def test_bad_shape_and_classes_are_value_errors():
    with pytest.raises(ValueError, match="input_shape"):
        spec_table("CONV -> FC", (32, 32), 2)
    with pytest.raises(ValueError, match="num_classes=0"):
        spec_table("CONV -> FC", (32, 32, 3), 0)


def test_small_totals_are_printed_once():
    text = spec_table("INPUT -> CONV(K=1, F=1, P=0) -> FC", (4, 4, 1), 2).format_text()
    assert "Multiply-adds per image: 48\n" in text  # 16 for the conv, 32 for the FC; not "48 (48)".
    assert "Activation values per image: 34;" in text  # 16 + 16 + 2.
    assert "Multiply-adds per image: 1,168" not in text
    larger = spec_table("INPUT -> CONV(K=2, F=1, P=0) -> FC", (16, 16, 3), 2).format_text()
    assert "Activation values per image: 1,282 (1.28 k);" in larger  # 768 + 512 + 2: both forms.


def test_a_flatten_value_sees_one_unit_and_the_fc_after_it_the_whole_volume():
    table = spec_table("INPUT -> CONV -> RELU -> FC", (32, 32, 3), 2)
    assert table.row("block1_conv1").receptive_field == 3
    assert table.row("flatten").receptive_field == 3  # One value of the flattened volume: one conv unit.
    assert table.row("predictions").receptive_field == 34  # All 32x32 units: 3 + 31, the image plus padding.


def test_window_text_says_f_s_p_groups_and_dilation():
    from models.layer_formulas import Window

    assert Window((3, 3), (1, 1), (1, 1, 1, 1), "same").text() == "3x3/1 P=1"
    assert Window((3, 3), (2, 2), (0, 1, 0, 1), "same").text("×") == "3×3/2 P=0+1"
    assert Window((3, 3), (1, 1), (1, 1, 1, 1), "same", groups=32).text() == "3x3/1 P=1 G=32"
    assert Window((3, 3), (1, 1), (2, 2, 2, 2), "explicit", dilation=(2, 2)).text() == "3x3/1 P=2 D=2"
    assert Window((1, 7), (1, 2), (0, 0, 3, 3), "same").text() == "1x7/1x2 P=0+0,3+3"


def test_keras_same_padding_is_given_in_pixels_with_the_odd_one_after():
    assert geometry.same_pads(110, 3, 2) == (0, 1)  # ZFNet's pool1: (110-3+0+1)/2+1 = 55.
    assert geometry.same_pads(224, 7, 2) == (2, 3)  # GoogLeNet's conv1: 112.
    assert geometry.same_pads(56, 3, 1) == (1, 1)
    assert geometry.same_pads(8, 1, 2) == (0, 0)
    side, note = geometry.keras_padding_output(8, 1, 2, "same", layer="shortcut")
    assert side == 4 and note == "shortcut: (W-F+2P)/S+1 = (8-1+2*0)/2+1 = 4.5, rounded down to 4 (Keras 'same' " \
                                 "adds no padding here)"
    assert geometry.keras_padding_output(56, 3, 1, "same") == (56, None)
