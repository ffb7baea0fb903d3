"""`python -m bench.grouped_conv` runs its three paths on a tiny layer and prints a table that says where
the native path fails (no timed assertions)."""

from bench import grouped_conv as bench


def test_each_path_of_a_tiny_layer_is_measured(monkeypatch):
    monkeypatch.setattr(bench, "LAYERS", (("tiny", 2, 6, 8, 8, 4, 3, 1),))
    from models import grouped_conv

    [row] = bench.measure_layers(repeats=1, quick=False)
    for key in ("forward", "forward+backward"):
        assert set(row[key]) == set(bench.PATHS)
        for path, value in row[key].items():
            if (path, key) == ("native", "forward+backward") and not grouped_conv.native_gradient_works()[0]:
                assert value == "fails (InvalidArgumentError)"
            else:
                assert isinstance(value, float) and value > 0, row


def test_the_table_shows_ratios_and_where_the_native_path_fails():
    layers = [{"case": "one layer", "forward": {"native": 2.0, "fallback": 2.0, "keras_xla": 10.0},
               "forward+backward": {"native": "fails (InvalidArgumentError)", "fallback": 8.0, "keras_xla": 800.0}}]
    model = {"case": "resnext-mini training step, 64x64x3, batch 32",
             "step": {"native": "fails (InvalidArgumentError)", "fallback": 320.0, "keras_xla": 3200.0}}
    text = bench.table([{"onednn": "0", "layers": layers, "model": model}])
    lines = text.splitlines()
    assert lines[2] == ("| TensorFlow's own (oneDNN off) | one layer | forward | 2.0 | 2.0 | 10.0 | 1.00 | 5.00 |")
    assert lines[3] == ("| TensorFlow's own (oneDNN off) | one layer | forward+backward | fails (InvalidArgumentError) "
                        "| 8.0 | 800.0 |  | 100.00 |")
    assert lines[-1].endswith("| fallback 100, keras_xla 10 | | | | |")
