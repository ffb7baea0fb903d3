"""Output paths the command line cannot write (a file, a folder, a place not writable): one line each, exit 2.

`classify` checks its --csv and --report before it classifies anything; any other command's
output that fails as it is written is caught by `cli._run`, which names the path in one line.
"""

import os

import keras
import numpy as np
import pytest
from PIL import Image

import main
from core import modelfile

NOT_WRITABLE = "/proc/tonguelens-check"  # No file can be made in /proc, even by root.


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("outputs") / "model.keras"
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Conv2D(2, 3, name="conv")(keras.layers.Rescaling(1 / 255)(inputs))
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(keras.layers.GlobalAveragePooling2D()(x))
    modelfile.save_model(keras.Model(inputs, outputs), path, modelfile.ModelInfo(["red", "blue"], (16, 16, 3)))
    return path


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.png"
    Image.fromarray(np.full((20, 20, 3), 200, np.uint8)).save(path)
    return path


def _run(capsys, *arguments):
    code = main.main([*map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip()


def test_classify_refuses_its_outputs_before_classifying(model, photo, tmp_path, capsys):
    (tmp_path / "afile").write_text("mine")
    cases = [(["--csv", tmp_path], f"error: {tmp_path}: a folder (--csv takes a file name)"),
             (["--csv", f"{NOT_WRITABLE}/x.csv"], f"error: {NOT_WRITABLE}/x.csv: cannot write there ("),
             (["--report", tmp_path / "afile"], f"error: {tmp_path / 'afile'}: not a folder (--report takes a folder)"),
             (["--report", f"{NOT_WRITABLE}/reports"], f"error: {NOT_WRITABLE}/reports: cannot write there (")]
    for options, expected in cases:
        code, out, err = _run(capsys, "classify", photo, "--model", model, *options)
        assert code == 2 and out == "" and "\n" not in err and err.startswith(expected), err  # No photo classified.
    assert (tmp_path / "afile").read_text() == "mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["afile", "photo.png"]  # The check left nothing.

    code, out, _ = _run(capsys, "classify", photo, "--model", model, "--csv", tmp_path / "new" / "results.csv")
    assert code == 0 and out.startswith(f"{photo}: ") and (tmp_path / "new" / "results.csv").is_file()


def test_inspect_outputs_that_cannot_be_written_are_one_line(model, photo, tmp_path, capsys):
    (tmp_path / "afile").write_text("mine")
    code, _, err = _run(capsys, "inspect", photo, "--model", model, "--out", tmp_path / "afile")
    assert code == 2 and err == f"error: {tmp_path / 'afile'}: not a folder (--out takes a folder)"
    code, _, err = _run(capsys, "inspect", photo, "--model", model, "--out", tmp_path / "pictures",
                        "--dump-activations", NOT_WRITABLE)
    assert code == 2 and err.startswith(f"error: {NOT_WRITABLE}: cannot write there (")  # Before the model loads.
    assert not (tmp_path / "pictures").exists() and (tmp_path / "afile").read_text() == "mine"


def test_train_and_segment_outputs_that_are_files_are_one_line(photo, tmp_path, capsys):
    (tmp_path / "afile.keras").write_text("mine")
    code, _, err = _run(capsys, "train", tmp_path, "--out", tmp_path / "afile.keras")
    assert code == 2 and err.splitlines()[-1] == (
        f"error: {tmp_path / 'afile.keras'}: a file, not a folder; choose a folder for the run")
    code, _, err = _run(capsys, "train", tmp_path, "--out", f"{NOT_WRITABLE}/run")
    assert code == 2 and err.splitlines()[-1].startswith(f"error: {NOT_WRITABLE}/run: cannot make the run folder here (")
    assert (tmp_path / "afile.keras").read_text() == "mine"


def test_an_os_error_is_named_by_the_users_path_in_one_line(tmp_path):
    from cli import os_error_text

    (tmp_path / "folder").mkdir()
    (tmp_path / ".temporary").write_text("x")
    with pytest.raises(OSError) as renamed:
        os.replace(tmp_path / ".temporary", tmp_path / "folder")  # What an atomic write over a folder does.
    assert os_error_text(renamed.value) == f"{tmp_path / 'folder'}: Is a directory"
    assert os_error_text(FileNotFoundError(2, "No such file or directory", "a\nb")) == (
        "a\\u000ab: No such file or directory")
    assert os_error_text(OSError("disk full")) == "disk full"
