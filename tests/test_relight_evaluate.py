"""`evaluate --relight`: accuracy on re-lit copies of a labeled folder, beside the plain accuracy."""

import json

import numpy as np
import pytest
from PIL import Image

from core import modelfile


def _redder_than_blue_model(channels=3):
    """A hand-weighted model: class `warmish` when the red mean exceeds the blue mean, else `coolish`."""
    import keras

    inputs = keras.Input((16, 16, channels), name="input")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs)
    kernel = np.zeros((channels, 2), dtype="float32")
    kernel[0] = (-100.0, 100.0)  # Outputs: coolish, warmish.
    kernel[-1] = (100.0, -100.0)
    model.get_layer("predictions").set_weights([kernel, np.zeros(2, dtype="float32")])
    return model


@pytest.fixture(scope="module")
def folder_and_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("relight")
    # Each class differs from the other by 10 levels of red against blue: a 15 % cast flips one of them.
    colours = {"warmish": (130, 120, 120), "coolish": (120, 120, 130)}
    for name, colour in colours.items():
        (root / "data" / name).mkdir(parents=True)
        for index in range(5):
            Image.fromarray(np.full((20, 24, 3), colour, dtype=np.uint8)).save(root / "data" / name / f"{index}.png")
    path = root / "model.keras"
    modelfile.save_model(_redder_than_blue_model(), path, modelfile.ModelInfo(["coolish", "warmish"], (16, 16, 3)))
    return root / "data", path


def test_each_light_is_scored_on_copies_made_in_memory(folder_and_model):
    from training import robustness

    data_dir, path = folder_and_model
    before = sorted(p.stat().st_mtime_ns for p in data_dir.rglob("*.png"))

    result = robustness.evaluate_relit(modelfile.load_model(path), data_dir)

    assert result["plain"]["accuracy"] == 1.0 and result["n"] == 10
    # Warm light turns the cool-ish photos warm, cool light the warm-ish ones; dim keeps red above blue.
    assert result["relit"]["warm"]["accuracy"] == 0.5
    assert result["relit"]["warm"]["per_class"]["coolish"]["recall"] == 0.0
    assert result["relit"]["cool"]["per_class"]["warmish"]["recall"] == 0.0
    assert result["relit"]["dim"]["accuracy"] == 1.0
    rows = robustness.robustness_rows(result)
    assert [row["light"] for row in rows] == ["as photographed", "warm", "cool", "dim"]
    assert [row["correct"] for row in rows] == [10, 5, 5, 10]
    assert rows[1]["change"] == pytest.approx(-0.5) and rows[0]["change"] is None
    assert sorted(p.stat().st_mtime_ns for p in data_dir.rglob("*.png")) == before
    assert len(list(data_dir.rglob("*"))) == 12  # No copy written.


def test_a_gray_model_sees_relit_photos_in_gray(folder_and_model, tmp_path):
    from training import robustness

    data_dir, _ = folder_and_model
    path = tmp_path / "gray.keras"
    modelfile.save_model(_redder_than_blue_model(channels=1), path, modelfile.ModelInfo(["coolish", "warmish"],
                                                                                        (16, 16, 1)))

    result = robustness.evaluate_relit(modelfile.load_model(path), data_dir, lights=("dim",))

    assert list(result["relit"]) == ["dim"] and result["n"] == 10


def _evaluate(capsys, *arguments):
    import main

    code = main.main(["evaluate", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_prints_the_table_and_json(folder_and_model, capsys):
    data_dir, path = folder_and_model

    code, out, _ = _evaluate(capsys, data_dir, "--model", path, "--relight", "all")
    assert code == 0
    assert "Accuracy: 100.0% (10/10 images right; 95 % CI" in out
    lines = out[out.index("Under other light"):].splitlines()
    assert lines[2].split()[:4] == ["as", "photographed", "100.0%", "10/10"]
    assert lines[3].split() == ["warm", "50.0%", "5/10", "-50.0", "points"]
    assert lines[5].split()[:3] == ["dim", "100.0%", "10/10"]

    code, out, _ = _evaluate(capsys, data_dir, "--model", path, "--relight", "cool", "--json")
    report = json.loads(out)
    assert report["accuracy"] == 1.0
    assert [row["light"] for row in report["relight"]["rows"]] == ["as photographed", "cool"]
    assert report["relight"]["lights"]["cool"]["gains"] == [0.85, 1.0, 1.15]
    assert report["relight"]["reports"]["cool"]["confusion_matrix"] == [[5, 0], [5, 0]]

    code, out, _ = _evaluate(capsys, data_dir, "--model", path, "--json")
    assert "relight" not in json.loads(out)


def test_an_unknown_light_is_one_line_error(folder_and_model, capsys):
    data_dir, path = folder_and_model
    code, _, err = _evaluate(capsys, data_dir, "--model", path, "--relight", "sunset")
    assert code != 0 and err.strip().splitlines() == [
        "error: unknown light 'sunset'; choose one of warm, cool, dim (or all)"]


def test_a_labels_table_is_scored_under_each_light_as_its_folder_is(tmp_path, capsys):
    from tests.calibration_helpers import make_clinic, one_column_table
    from training import robustness

    clinic = make_clinic(tmp_path)
    model = modelfile.load_model(clinic["model"])
    table = one_column_table(clinic["plain"])

    code, out, _ = _evaluate(capsys, clinic["plain"], "--labels", table, "--model", clinic["model"], "--relight",
                             "all", "--json")

    assert code == 0
    report = json.loads(out)
    expected = robustness.robustness_rows(robustness.evaluate_relit(model, clinic["plain"]))
    assert report["attributes"]["tone"]["relight"]["rows"] == expected
    assert min(row["accuracy"] for row in expected) < expected[0]["accuracy"]  # Some light costs accuracy.
    assert report["relight"]["lights"]["warm"]["gains"] == [1.15, 1.0, 0.85]

    code, out, _ = _evaluate(capsys, clinic["plain"], "--labels", table, "--model", clinic["model"], "--relight",
                             "warm,cool")
    assert code == 0 and "  Under other light (re-lit copies, gains on sRGB values):" in out
    assert "  warm: " in out and "warned: photos whose light" in out


def test_a_labels_table_calibrated_from_its_photos_scores_as_its_folder_does(tmp_path, capsys):
    from tests.calibration_helpers import make_clinic, one_column_table
    from training.evaluate import evaluate

    clinic = make_clinic(tmp_path)
    table = one_column_table(clinic["warm"])

    code, out, _ = _evaluate(capsys, clinic["warm"], "--labels", table, "--model", clinic["model"], "--calibrate",
                             "--json")

    assert code == 0
    report = json.loads(out)
    expected = evaluate(modelfile.load_model(clinic["model"]), clinic["warm"], calibrate=True)
    assert report["attributes"]["tone"]["correct"] == expected["correct"] > evaluate(
        modelfile.load_model(clinic["model"]), clinic["warm"])["correct"]
    assert report["calibration"]["gains"] == pytest.approx(expected["calibration"]["gains"])
    assert report["calibration_in_file"] is False

    code, out, _ = _evaluate(capsys, clinic["warm"], "--labels", table, "--model", clinic["model"], "--calibrate")
    assert code == 0 and out.startswith("Light calibrated from")
