"""`main.py classify`: text, JSON and CSV output; a bad file gets its own error and stops nothing."""

import csv
import json

import pytest

from core import modelfile
from tests.badfiles import make_catalogue
from tests.training_helpers import TINY_ARCH, write_colour_images


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    import models

    path = tmp_path_factory.mktemp("model") / "tiny.keras"
    model = models.build_model(TINY_ARCH, (32, 32, 3), 3)
    modelfile.save_model(model, path, modelfile.ModelInfo(["红", "green", "blue"], (32, 32, 3), arch=TINY_ARCH))
    return path


def _classify(capsys, *arguments):
    import main

    code = main.main(["classify", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_catalogue_through_classify_every_file_gets_a_result_or_its_error(model_path, tmp_path, capsys):
    good, bad = make_catalogue(tmp_path / "catalogue")
    files = sorted((tmp_path / "catalogue").iterdir())

    code, out, err = _classify(capsys, *files, "--model", model_path, "--json", "--top", "2",
                               "--csv", tmp_path / "out.csv")

    assert code == 1  # Some files failed; the others were classified.
    results = {result["path"].split("/")[-1]: result for result in json.loads(out)}
    assert set(results) == set(good) | set(bad)
    for name in good:
        top = results[name]["top"]
        assert [entry["label"] for entry in top] != [] and len(top) == 2
        assert sum(entry["probability"] for entry in top) <= 1.0 + 1e-6
    for name in bad:
        assert name in results[name]["error"]
        assert f"error: {results[name]['error']}" in err  # One line per problem on stderr.
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["path"] for row in rows] == [result["path"] for result in json.loads(out)]
    assert list(rows[0]) == ["path", "label_1", "probability_1", "label_2", "probability_2", "error", "lighting",
                            "model"]
    assert {row["model"] for row in rows} == {str(model_path)}  # Results of several models stay apart.
    by_name = {row["path"].split("/")[-1]: row for row in rows}
    assert by_name["plain.jpg"]["label_1"] == results["plain.jpg"]["top"][0]["label"]
    assert by_name["empty.jpg"]["error"] and not by_name["empty.jpg"]["label_1"]


def test_folders_are_expanded_recursively_and_text_output_names_each_file(model_path, tmp_path, capsys):
    written = write_colour_images(tmp_path / "photos", per_class=2, nested=True)
    (tmp_path / "photos" / "red" / "notes.txt").write_text("x")

    code, out, err = _classify(capsys, tmp_path / "photos", "--model", model_path, "--top", "1")

    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 4
    for paths in written.values():
        for path in paths:
            assert any(line.startswith(f"{path}: ") and line.endswith("%") for line in lines)
    assert "notes.txt" in err


def test_a_folder_with_a_corrupt_image_exits_1_and_still_writes_the_good_result(model_path, tmp_path, capsys):
    written = write_colour_images(tmp_path / "photos", colours={"red": (210, 40, 40)}, per_class=1)
    good = written["red"][0]
    corrupt = tmp_path / "photos" / "red" / "corrupt.png"
    corrupt.write_bytes(good.read_bytes()[:40])  # A PNG cut off after its header.

    code, out, err = _classify(capsys, tmp_path / "photos", "--model", model_path, "--csv", tmp_path / "out.csv")

    assert code == 1
    assert out.startswith(f"{good}: ") and len(out.strip().splitlines()) == 1
    assert [line for line in err.splitlines() if line.startswith("error: ")] == [
        line for line in err.splitlines() if line.startswith(f"error: {corrupt}: ")]
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["path"]: row for row in csv.DictReader(stream)}
    assert rows[str(good)]["label_1"] and rows[str(corrupt)]["error"]


def test_a_folder_of_corrupt_images_only_exits_2(model_path, tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    for name in ("one.png", "two.jpg"):
        (tmp_path / "photos" / name).write_bytes(b"not an image")

    code, out, err = _classify(capsys, tmp_path / "photos", "--model", model_path)

    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1] == "error: no file could be classified (2 tried)"


def test_a_folder_past_the_listing_bound_is_one_error_line_before_the_model_loads(tmp_path, capsys, monkeypatch):
    from core import imagefiles

    for index in range(20):
        (tmp_path / "photos" / f"day {index}").mkdir(parents=True)
        (tmp_path / "photos" / f"day {index}" / "tongue.jpg").write_bytes(b"")
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 30)  # As `/` or `/proc` would go past the real one.

    code, out, err = _classify(capsys, tmp_path / "photos", "--model", tmp_path / "missing.keras")

    assert code == 2 and out == ""
    assert err == (f"error: {tmp_path / 'photos'}: holds more than 30 files and folders, far more than a folder of "
                   "photos; not read (choose the folder of your photos)\n")


def test_nothing_classified_exits_2_with_an_error_line(model_path, tmp_path, capsys):
    (tmp_path / "bad.jpg").write_bytes(b"")

    code, out, err = _classify(capsys, tmp_path / "bad.jpg", "--model", model_path)

    assert code == 2
    assert err.strip().splitlines()[-1].startswith("error: no file could be classified")
    code, _, err = _classify(capsys, tmp_path / "bad.jpg", "--model", tmp_path / "missing.keras")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "missing.keras" in err
