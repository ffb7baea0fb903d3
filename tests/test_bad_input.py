"""Bad input through the command line (issue 7): every good file gets a result, every bad one its own line.

The catalogue of `tests/badfiles.py` and the odd files of `tests/bad_input_helpers.py`
go through `classify` and `train` as a clinician's folder would; the data-folder problems
(empty classes, one class, hidden files, link loops, unreadable files, duplicates, small
images) through `train`. Exit code 2 only when nothing could be done.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core import modelfile
from tests.bad_input_helpers import (
    CATALOGUE_REASONS, ODD_REASONS, drop_file_read_override, make_odd_files, write_unreadable)
from tests.badfiles import make_catalogue
from tests.training_helpers import TINY_ARCH, write_colour_images

ROOT = Path(__file__).resolve().parents[1]
REASONS = {**CATALOGUE_REASONS, **ODD_REASONS}


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    import models

    path = tmp_path_factory.mktemp("model") / "tiny.keras"
    modelfile.save_model(models.build_model(TINY_ARCH, (32, 32, 3), 2), path,
                         modelfile.ModelInfo(["红 red", "blue"], (32, 32, 3), arch=TINY_ARCH))
    return path


def _main(capsys, *arguments):
    import main

    code = main.main([*map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _problem_lines(err):
    lines = err.splitlines()
    assert "Traceback" not in err
    assert all(line.startswith(("skipped: ", "warning: ", "error: ", "note: ")) for line in lines), lines
    return lines


def shown(text):
    """`text` as printed: a name that is not valid UTF-8 is escaped (`\\udcXX`), never a crash."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _lines_naming(lines, path):
    return [line for line in lines if line.split(": ", 1)[1].startswith(f"{shown(path)}: ")]


def test_a_folder_of_bad_files_through_classify_one_line_each(model_path, tmp_path, capsys):
    folder = tmp_path / "photos"
    good, bad = make_catalogue(folder)
    odd_good, odd_bad = make_odd_files(folder)
    good, bad = {**good, **odd_good}, {**bad, **odd_bad}
    csv_path = tmp_path / "results.csv"
    csv_path.write_text("an older result file\n", encoding="utf-8")

    code, out, err = _main(capsys, "classify", folder, "--model", model_path, "--json", "--csv", csv_path)

    assert code == 1  # Some files failed; the others were classified and written.
    results = {os.path.basename(result["path"]): result for result in json.loads(out)}
    assert set(good) <= set(results)
    for name in good:
        assert [entry["label"] for entry in results[name]["top"]] in (["红 red", "blue"], ["blue", "红 red"]), name
    lines = _problem_lines(err)
    assert len(lines) == len(bad)  # One line per problem, no more.
    for name in bad:
        mine = _lines_naming(lines, folder / name)
        assert len(mine) == 1, (name, lines)
        assert REASONS[name] in mine[0], mine[0]
        if name in results:  # Image-named files are tried, and their error is in the results too.
            assert shown(results[name]["error"]) == mine[0].split(": ", 1)[1]
    assert (folder / os.fsdecode(b"caf\xe9.png")).is_file()  # Nothing in the folder was touched.
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("path,label_1") and len(rows) == 1 + len(results)
    assert any(row.startswith(f"{folder}/caf\\udce9.png,") for row in rows)  # Escaped, never a crash.


def test_classify_refuses_a_pipe_given_as_the_model_without_waiting(model_path, tmp_path, capsys):
    os.mkfifo(tmp_path / "model.keras")
    Image.new("RGB", (32, 32), "red").save(tmp_path / "red.png")

    code, _, err = _main(capsys, "classify", tmp_path / "red.png", "--model", tmp_path / "model.keras")

    assert code == 2
    assert err == f"error: {tmp_path / 'model.keras'}: not a regular file (a named pipe, socket or device), " \
                  "not a model file\n"


def _messy_data_folder(root):
    """A data folder with every problem of issue 7, item 4; returns what the run must report."""
    written = write_colour_images(root, per_class=8)
    catalogue = root / "red" / "from the camera"  # A nested folder belongs to its class.
    good, bad = make_catalogue(catalogue)
    odd_good, odd_bad = make_odd_files(root / "蓝色 blue")
    (root / "empty class").mkdir()
    (root / ".thumbnails").mkdir()
    (root / ".thumbnails" / "x.png").write_bytes(b"a hidden folder's junk")
    (root / "red" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "red" / "._照片_000.png").write_bytes(b"an AppleDouble file, hidden")
    (root / "red" / "Thumbs.db").write_bytes(b"windows thumbnails")
    os.symlink(root / "red", root / "red" / "shortcut to red")  # A link loop.
    copy = root / "蓝色 blue" / "copied by mistake.png"
    copy.write_bytes(written["red"][3].read_bytes())
    used = ([path for paths in written.values() for path in paths] + [catalogue / name for name in good]
            + [root / "蓝色 blue" / name for name in odd_good] + [copy])
    skipped = {**{str(catalogue / name): reason for name, reason in CATALOGUE_REASONS.items()},
               **{str(root / "蓝色 blue" / name): reason for name, reason in ODD_REASONS.items()},
               str(root / "red" / "shortcut to red"): "a folder that contains it; not followed"}
    assert set(bad) == set(CATALOGUE_REASONS) and set(odd_bad) == set(ODD_REASONS)
    return sorted(Path(os.path.relpath(path, root)).as_posix() for path in used), skipped, (copy, written["red"][3])


def test_training_on_a_messy_folder_finishes_reporting_every_problem_once(tmp_path, capsys):
    data = tmp_path / "data"
    used, skipped, (copy, original) = _messy_data_folder(data)
    run = tmp_path / "run"

    code, out, err = _main(capsys, "train", data, "--arch", TINY_ARCH, "--size", "32", "--epochs", "1",
                           "--batch", "16", "--no-augment", "--out", run)

    assert code == 0, err
    lines = _problem_lines(err)
    for path, reason in skipped.items():
        mine = _lines_naming(lines, path)
        assert len(mine) == 1 and mine[0].startswith("skipped: ") and reason in mine[0], (path, mine)
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(lines) == len(skipped) + len(warnings)
    # Each class has a handful of validation images: one warning per class says how uncertain its figures are.
    small = [line for line in warnings if "validation image(s) (fewer than 20)" in line]
    assert len(small) == 2 and any("class 'red' has only" in line for line in small)
    warnings = [line for line in warnings if line not in small]
    assert len(warnings) == 3, warnings  # Exactly these three; hidden files are silent, the link loop is skipped.
    assert any("'empty class' is left out" in line for line in warnings)
    assert any("same image is in classes red, 蓝色 blue" in line and str(copy) in line and str(original) in line
               for line in warnings)
    assert any("smaller than the input size 32x32 and are upscaled" in line for line in warnings)
    for hidden in (".thumbnails", ".DS_Store", "._照片_000", "Thumbs.db"):
        assert hidden not in err and hidden not in out

    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in report["skipped"]} == set(skipped)
    assert report["classes"] == ["red", "蓝色 blue"] and report["epochs_run"] == 1
    split = json.loads((run / "split.json").read_text(encoding="utf-8"))
    trained_on = sorted(entry[0] for entry in split["train"] + split["val"])
    assert trained_on == used  # Every good odd file is used, each once (the link loop is not walked again).
    assert (run / "skipped.txt").read_text(encoding="utf-8").count("\n") == len(skipped)
    assert modelfile.load_model(run / "model.keras").info.class_names == ["red", "蓝色 blue"]


def test_nothing_usable_exits_2_after_one_line_per_file(tmp_path, capsys):
    good, bad = make_catalogue(tmp_path / "data" / "pale")
    for name in good:
        os.remove(tmp_path / "data" / "pale" / name)
    (tmp_path / "data" / "red").mkdir()
    (tmp_path / "data" / "red" / "notes.jpg").write_text("not a photo", encoding="utf-8")
    os.mkfifo(tmp_path / "data" / "red" / "pipe.jpg")

    code, out, err = _main(capsys, "train", tmp_path / "data", "--arch", TINY_ARCH, "--out", tmp_path / "run")

    assert code == 2
    lines = _problem_lines(err)
    assert lines[-1] == (f"error: {tmp_path / 'data'}: 0 usable class folder(s) found (none); need at least 2 "
                         "sub-folder(s) with images, one per class")
    skipped = [line for line in lines if line.startswith("skipped: ")]
    assert len(skipped) == len(bad) + 2  # Each file says why it could not be used.
    assert sum(line.startswith("warning: ") and "is left out" in line for line in lines) == 2
    assert not (tmp_path / "run").exists()


def test_a_single_class_is_refused_in_one_line_with_exit_2(tmp_path, capsys):
    write_colour_images(tmp_path / "data", colours={"淡红舌": (200, 120, 120)}, per_class=4)
    (tmp_path / "data" / ".hidden class").mkdir()
    (tmp_path / "data" / ".hidden class" / "a.png").write_bytes((tmp_path / "data" / "淡红舌" / "照片_000.png")
                                                                .read_bytes())

    code, _, err = _main(capsys, "train", tmp_path / "data", "--arch", TINY_ARCH, "--out", tmp_path / "run")

    assert code == 2
    assert err == (f"error: {tmp_path / 'data'}: 1 usable class folder(s) found (淡红舌); need at least 2 "
                   "sub-folder(s) with images, one per class\n")


SCAN_CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from training import dataset
    try:
        open({locked!r}, "rb").close()
        really_locked = False
    except PermissionError:
        really_locked = True
    scan = dataset.scan_dataset({data!r}, image_size=(16, 16))
    print(json.dumps({{"really_locked": really_locked, "counts": scan.counts, "skipped": scan.skipped,
                      "warnings": scan.warnings}}))
""")


def test_unreadable_files_pipes_and_link_loops_are_skipped_without_waiting(tmp_path):
    """Runs the scan in a child that obeys file modes even as root, with a time limit: a hang fails."""
    data = tmp_path / "data"
    write_colour_images(data, per_class=3)
    locked = data / "red" / "locked.jpg"
    write_unreadable(locked)
    os.mkfifo(data / "red" / "pipe.png")
    os.symlink(data / "red", data / "red" / "loop")
    write_colour_images(data / "red" / "locked folder", colours={"x": (1, 2, 3)}, per_class=2)
    os.chmod(data / "red" / "locked folder", 0)
    (data / "蓝色 blue" / "dangling.jpg").symlink_to(data / "nowhere.jpg")
    script = SCAN_CHILD.format(root=str(ROOT), locked=str(locked), data=str(data))

    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                               preexec_fn=drop_file_read_override)

    assert completed.returncode == 0, completed.stderr[-2000:]
    seen = json.loads(completed.stdout)
    assert seen["really_locked"]  # The child could not read the file: the case is real, even as root.
    reasons = {os.path.basename(entry["path"]): entry["reason"] for entry in seen["skipped"]}
    assert reasons == {"locked.jpg": "permission denied", "pipe.png": reasons["pipe.png"],
                       "dangling.jpg": reasons["dangling.jpg"], "loop": reasons["loop"]}
    assert reasons["loop"].endswith("the chosen folder itself or a folder that contains it; not followed")
    assert "not a regular file" in reasons["pipe.png"] and "broken symbolic link" in reasons["dangling.jpg"]
    assert seen["counts"] == {"red": 3, "蓝色 blue": 3}  # The loop adds no image twice.
    assert seen["warnings"] == [f"{data / 'red' / 'locked folder'}: cannot read the folder (Permission denied); "
                                "skipped"]


def test_a_failed_csv_write_leaves_the_previous_file_whole(tmp_path):
    from core.results import write_csv

    path = tmp_path / "results.csv"
    path.write_text("path,label_1\nold.png,red\n", encoding="utf-8")
    rows = [{"path": f"{index}.png", "top": [{"label": "red", "probability": 0.9}]} for index in range(500)]
    rows.append({"path": "broken.png", "top": [{"label": "red"}]})  # Fails half-way through the file.

    with pytest.raises(KeyError):
        write_csv(path, rows, 1)

    assert path.read_text(encoding="utf-8") == "path,label_1\nold.png,red\n"
    assert [child.name for child in tmp_path.iterdir()] == ["results.csv"]


def test_images_smaller_than_the_input_are_upscaled_with_one_warning_each(tmp_path):
    from training import dataset

    write_colour_images(tmp_path, per_class=2, size=40)
    Image.fromarray(np.full((5, 7, 3), 200, np.uint8)).save(tmp_path / "red" / "tiny.png")

    scan = dataset.scan_dataset(tmp_path, image_size=(32, 32))

    assert scan.warnings == [f"{tmp_path / 'red' / 'tiny.png'}: 7x5 is smaller than the input size 32x32; upscaled"]
    tiny = scan.image(next(i for i, (path, _) in enumerate(scan.files) if path.endswith("tiny.png")))
    assert tiny.shape == (32, 32, 3) and (tiny == 200).all()


def test_classify_in_a_real_process_prints_one_line_per_problem(model_path, tmp_path):
    """The real `main.py`: a UTF-8 terminal's strict stdout, the quick exit, exit code 1 (some files failed)."""
    folder = tmp_path / "photos"
    good, bad = make_catalogue(folder)
    odd_good, odd_bad = make_odd_files(folder)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHONIO", "PYTHONUTF8"))}
    environment.update(LC_ALL="C.UTF-8", TF_CPP_MIN_LOG_LEVEL="3")

    completed = subprocess.run([sys.executable, "main.py", "classify", str(folder), "--model", str(model_path),
                                "--json"], cwd=ROOT, env=environment, capture_output=True, timeout=240)

    assert completed.returncode == 1, completed.stderr.decode(errors="replace")[-2000:]
    err = completed.stderr.decode("utf-8")
    assert "Traceback" not in err
    ours = [line for line in err.splitlines() if line.startswith(("error: ", "skipped: "))]
    assert len(ours) == len(bad) + len(odd_bad)
    for name in {**bad, **odd_bad}:
        assert len(_lines_naming(ours, folder / name)) == 1, name
    results = {os.path.basename(result["path"]): result for result in json.loads(completed.stdout)}
    assert all("top" in results[name] for name in {**good, **odd_good})
