"""The SYNTHETIC tongue-photo generator: determinism, layout, class colours, safe writes."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import synthetic
from core.images import load_array
from synthetic import CLASS_SETS, SyntheticDataError, draw_tongue, generate_dataset

ROOT = Path(__file__).resolve().parents[1]


def _all_files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _mean_colours(size=48, seeds=range(12), **attributes):
    """Mean RGB of images drawn from equally seeded generators, so only `attributes` differ."""
    means = [np.asarray(draw_tongue(np.random.default_rng(seed), size, **attributes), dtype=float)
             .reshape(-1, 3).mean(axis=0) for seed in seeds]
    return np.mean(means, axis=0)


# --- draw_tongue ---------------------------------------------------------------------------

def test_draw_tongue_returns_rgb_image_of_the_requested_size():
    image = draw_tongue(np.random.default_rng(0), 40, "red", "yellow", cracks=True, tooth_marks=True)
    assert image.mode == "RGB" and image.size == (40, 40)
    pixels = np.asarray(image)
    assert pixels.std() > 10  # A picture, not a flat colour.


@pytest.mark.parametrize("arguments, message", [
    (dict(body="blue"), "unknown body colour 'blue'"),
    (dict(body="red", coating="green"), "unknown coating 'green'"),
    (dict(body="red", size=8), "image size must be"),
])
def test_draw_tongue_rejects_bad_arguments(arguments, message):
    arguments = {"size": 32, **arguments}
    with pytest.raises(SyntheticDataError, match=message):
        draw_tongue(np.random.default_rng(0), **arguments)


def test_same_rng_state_changes_only_what_the_arguments_change():
    def draw(**changes):
        attributes = {"body": "light-red", "coating": "none", "cracks": False, "tooth_marks": False, **changes}
        return np.asarray(draw_tongue(np.random.default_rng(5), 64, **attributes), dtype=int)

    plain = draw()
    assert np.array_equal(plain, draw())
    for changes in ({"body": "purple"}, {"coating": "thick-white"}, {"cracks": True}, {"tooth_marks": True}):
        changed = np.abs(draw(**changes) - plain).max(axis=-1) > 12
        # The tongue changes; the rest of the picture (its corners at least) stays.
        assert 0.002 < changed.mean() < 0.5, changes
        assert not changed[:6, :6].any() and not changed[:6, -6:].any(), changes


def test_body_colours_differ_in_the_expected_directions():
    means = {body: _mean_colours(body=body, coating="none") for body in synthetic.BODY_COLOURS}
    redness = {body: rgb[0] - rgb[1] for body, rgb in means.items()}
    brightness = {body: rgb.sum() for body, rgb in means.items()}
    assert redness["pale"] < redness["light-red"] < redness["red"]
    assert brightness["pale"] > brightness["light-red"] > brightness["red"]
    assert means["purple"][2] > means["red"][2] + 3  # Purple has more blue than red ...
    assert means["purple"][0] < means["red"][0] - 3  # ... and less red.


def test_coatings_differ_in_the_expected_directions():
    means = {coating: _mean_colours(body="light-red", coating=coating) for coating in synthetic.COATINGS}

    def yellowness(rgb):
        return (rgb[0] + rgb[1]) / 2 - rgb[2]

    assert yellowness(means["yellow"]) > yellowness(means["thick-white"]) + 3
    assert yellowness(means["yellow"]) > yellowness(means["thin-white"]) + 3
    whiteness = {coating: rgb[1] + rgb[2] for coating, rgb in means.items()}  # White lifts green and blue.
    assert whiteness["none"] < whiteness["thin-white"] < whiteness["thick-white"]


# --- generate_dataset ----------------------------------------------------------------------

def test_dataset_layout_counts_and_readme(tmp_path):
    out = tmp_path / "synthetic data"
    counts = generate_dataset(out, per_class=3, size=32, seed=1)
    assert counts == {name: 3 for name in CLASS_SETS["color"]}
    assert CLASS_SETS["color"] == ["淡白舌 pale", "淡红舌 light-red", "红舌 red", "紫舌 purple"]
    folders = sorted(path.name for path in out.iterdir() if path.is_dir())
    assert folders == sorted(CLASS_SETS["color"])
    for name in CLASS_SETS["color"]:
        files = sorted((out / name).iterdir())
        assert [path.suffix for path in files] == [".jpg"] * 3
        assert all(load_array(path).shape == (32, 32, 3) for path in files)
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "SYNTHETIC IMAGES - NOT MEDICAL DATA" in readme and "不是医学数据" in readme
    manifest = json.loads((out / synthetic.MARKER_NAME).read_text(encoding="utf-8"))
    assert manifest["complete"] is True and len(manifest["files"]) == 12


@pytest.mark.parametrize("task, classes", [("coating", 4), ("color+coating", 16)])
def test_other_tasks_name_their_classes(tmp_path, task, classes):
    counts = generate_dataset(tmp_path / task, per_class=1, size=16, seed=0, task=task)
    assert list(counts) == CLASS_SETS[task] and len(counts) == classes
    assert all(count == 1 for count in counts.values())
    manifest = json.loads((tmp_path / task / synthetic.MARKER_NAME).read_text(encoding="utf-8"))
    for relative, attributes in manifest["attributes"].items():
        folder = relative.split("/")[0]
        coating = attributes["coating"].replace("none", "no-coating")
        expected = coating if task == "coating" else f"{attributes['body']} {coating}"
        assert folder.endswith(expected)


def test_same_seed_gives_byte_identical_files_and_another_seed_other_images(tmp_path):
    generate_dataset(tmp_path / "a", per_class=2, size=32, seed=7)
    generate_dataset(tmp_path / "b", per_class=2, size=32, seed=7)
    generate_dataset(tmp_path / "c", per_class=2, size=32, seed=8)
    first, second, other = (_all_files(tmp_path / name) for name in "abc")
    assert first == second
    images = [name for name in first if name.endswith(".jpg")]
    assert images and all(first[name] != other[name] for name in images)


def test_progress_is_reported_for_every_image(tmp_path):
    calls = []
    generate_dataset(tmp_path / "out", per_class=2, size=16, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(done, 8) for done in range(1, 9)]


def test_classes_of_a_written_dataset_differ_in_colour(tmp_path):
    generate_dataset(tmp_path / "out", per_class=24, size=32, seed=3)
    means = {}
    for name in CLASS_SETS["color"]:
        # The middle of the lower half is mostly tongue.
        crops = [load_array(path)[14:28, 10:22].reshape(-1, 3) for path in (tmp_path / "out" / name).iterdir()]
        means[name.split()[-1]] = np.concatenate(crops).mean(axis=0)
    assert means["pale"][0] - means["pale"][1] < means["light-red"][0] - means["light-red"][1]
    assert means["light-red"][0] - means["light-red"][1] < means["red"][0] - means["red"][1]
    assert means["purple"][2] > means["red"][2] and means["purple"][0] < means["red"][0]


@pytest.mark.parametrize("arguments, message", [
    (dict(per_class=0), "images per class"),
    (dict(size=4), "image size"),
    (dict(seed=-3), "seed must be"),
    (dict(task="tongue shape"), "unknown task"),
])
def test_bad_arguments_are_refused_before_anything_is_written(tmp_path, arguments, message):
    with pytest.raises(SyntheticDataError, match=message):
        generate_dataset(tmp_path / "out", **arguments)
    assert not (tmp_path / "out").exists()


# --- Writing safely ------------------------------------------------------------------------

def test_refuses_a_non_empty_folder_it_did_not_write(tmp_path):
    (tmp_path / "holiday.jpg").write_bytes(b"user photo")
    with pytest.raises(SyntheticDataError, match="not empty"):
        generate_dataset(tmp_path, per_class=1, size=16)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["holiday.jpg"]
    generate_dataset(tmp_path, per_class=1, size=16, force=True)
    assert (tmp_path / "holiday.jpg").read_bytes() == b"user photo"
    assert (tmp_path / "淡白舌 pale" / "pale_0000.jpg").is_file()


def test_never_overwrites_a_file_it_did_not_write_even_with_force(tmp_path):
    (tmp_path / "淡白舌 pale").mkdir()
    (tmp_path / "淡白舌 pale" / "pale_0000.jpg").write_bytes(b"user photo")
    with pytest.raises(SyntheticDataError, match="was not made by synth"):
        generate_dataset(tmp_path, per_class=1, size=16, force=True)
    assert (tmp_path / "淡白舌 pale" / "pale_0000.jpg").read_bytes() == b"user photo"
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "README.txt").write_text("the user's notes")
    with pytest.raises(SyntheticDataError, match="README.txt"):
        generate_dataset(tmp_path / "other", per_class=1, size=16, force=True)


def test_rerun_replaces_its_own_output_and_keeps_user_files(tmp_path):
    generate_dataset(tmp_path, per_class=3, size=16, task="coating")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "黄苔 yellow" / "my_photo.jpg").write_bytes(b"mine")
    counts = generate_dataset(tmp_path, per_class=2, size=16, task="color")
    assert counts == {name: 2 for name in CLASS_SETS["color"]}
    remaining = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    expected = [f"{name}/{name.split()[-1]}_{index:04d}.jpg" for name in CLASS_SETS["color"] for index in range(2)]
    assert remaining == sorted([*expected, "README.txt", synthetic.MARKER_NAME, "notes.txt", "黄苔 yellow/my_photo.jpg"])
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_hostile_manifest_cannot_make_it_delete_outside_files(tmp_path):
    outside = tmp_path / "precious.jpg"
    outside.write_bytes(b"keep me")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "sub" / "x_0000.jpg").write_bytes(b"keep me too")  # Valid name, but not ours by content.
    manifest = {"generator": "tonguelens-synthetic",
                "files": ["../precious.jpg", "../out/../precious.jpg", "/abs/x_0000.jpg", "a/b/x_0000.jpg"]}
    (out / synthetic.MARKER_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    generate_dataset(out, per_class=1, size=16)
    assert outside.read_bytes() == b"keep me"
    assert (out / "sub" / "x_0000.jpg").read_bytes() == b"keep me too"


def test_generator_module_imports_neither_tensorflow_nor_qt():
    code = ("import sys; import synthetic, cli.synth_command; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'PyQt5')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- The command line ----------------------------------------------------------------------

def test_synth_command_writes_the_folder(tmp_path, capsys):
    from main import main

    out = tmp_path / "demo"
    assert main(["synth", str(out), "--per-class", "2", "--size", "24", "--seed", "4", "--task", "coating"]) == 0
    printed = capsys.readouterr().out
    assert "wrote 8 SYNTHETIC images (not medical data)" in printed
    assert all(f"{name}: 2" in printed for name in CLASS_SETS["coating"])
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == sorted(CLASS_SETS["coating"])
    assert Image.open(out / "薄白苔 thin-white" / "thin-white_0001.jpg").size == (24, 24)


def test_synth_command_reports_a_refused_folder_in_one_line(tmp_path, capsys):
    from main import main

    (tmp_path / "thesis.docx").write_bytes(b"x")
    assert main(["synth", str(tmp_path), "--per-class", "1", "--size", "16"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and error.count("\n") == 1 and "--force" in error


def test_synth_help_says_synthetic(capsys):
    from main import main

    with pytest.raises(SystemExit):
        main(["synth", "--help"])
    assert "SYNTHETIC" in capsys.readouterr().out


# --- The samples in the repository ---------------------------------------------------------

def test_repository_samples_are_the_documented_synthetic_images(tmp_path):
    samples = ROOT / "samples"
    names = sorted(path.name for path in samples.glob("*.jpg"))
    assert 6 <= len(names) <= 8
    readme = (samples / "README.txt").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "NOT MEDICAL DATA" in readme
    rows = [line.split("\t") for line in readme.splitlines()]
    listed = {row[0]: row[1] for row in rows if row[0].endswith(".jpg")}
    assert sorted(listed) == names
    assert set(listed.values()) == set(CLASS_SETS["color"])
    for name, class_name in synthetic.write_samples(tmp_path):
        assert listed[name] == class_name
        remade = np.asarray(Image.open(tmp_path / name), dtype=float)
        shipped = np.asarray(Image.open(samples / name).convert("RGB"), dtype=float)
        assert np.abs(remade - shipped).mean() < 2.0, name
