"""The data folder scan and the train/validation split (no TensorFlow needed)."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from core import images
from tests.badfiles import make_catalogue
from tests.training_helpers import write_colour_images
from training import dataset, split


def test_scan_finds_sorted_classes_nested_files_and_skips_bad_ones(tmp_path):
    written = write_colour_images(tmp_path, per_class=6, nested=True, formats=("png", "jpg", "bmp", "tif", "webp"))
    (tmp_path / "red" / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    (tmp_path / "red" / "readme.txt").write_text("notes")
    (tmp_path / "red" / ".hidden.png").write_bytes(b"ignored")
    (tmp_path / ".thumbnails").mkdir()
    (tmp_path / "loose.png").write_bytes(b"loose")

    scan = dataset.scan_dataset(tmp_path)

    assert scan.classes == sorted(written) == ["red", "蓝色 blue"]
    assert scan.counts == {"red": 6, "蓝色 blue": 6}
    paths = {str(path) for paths in written.values() for path in paths}
    assert {path for path, _ in scan.files} == paths
    assert any("子目录" in path for path, _ in scan.files)  # Nested folders belong to their class.
    skipped = {os.path.basename(entry["path"]): entry["reason"] for entry in scan.skipped}
    assert set(skipped) == {"broken.jpg", "readme.txt"}
    assert "cannot decode" in skipped["broken.jpg"] or "not an image" in skipped["broken.jpg"]
    assert ".txt" in skipped["readme.txt"]
    assert any("directly in the data folder" in warning for warning in scan.warnings)


def test_every_catalogue_file_is_used_or_skipped_with_its_own_reason(tmp_path):
    good, bad = make_catalogue(tmp_path / "catalogue")
    write_colour_images(tmp_path, colours={"plain": (90, 90, 90)}, per_class=2)

    scan = dataset.scan_dataset(tmp_path, image_size=(16, 16))

    used = {os.path.basename(path) for path, label in scan.files if scan.classes[label] == "catalogue"}
    skipped = {os.path.basename(entry["path"]): entry["reason"] for entry in scan.skipped}
    assert used == set(good)
    assert set(skipped) == set(bad)
    assert "decompression bomb" in skipped["bomb.png"]
    assert "empty file" in skipped["empty.jpg"]
    assert "folder" in skipped["folder.jpg"]
    rotated = scan.image(next(i for i, (path, _) in enumerate(scan.files) if path.endswith("rotated.jpg")))
    assert rotated.shape == (16, 16, 3)
    sizes = dict(zip((os.path.basename(path) for path, _ in scan.files), scan.sizes))
    assert sizes["rotated.jpg"] == (20, 40)  # EXIF orientation applied: 40x20 turned upright.


def test_stored_images_equal_what_the_classifier_loads(tmp_path):
    write_colour_images(tmp_path, per_class=3, size=37)
    (tmp_path / "red" / "wide.png").parent.mkdir(exist_ok=True)
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (20, 50, 3), dtype=np.uint8)).save(
        tmp_path / "red" / "wide.png")

    scan = dataset.scan_dataset(tmp_path, image_size=(24, 28))

    assert scan.images.dtype == np.uint8 and scan.images.shape[1:] == (24, 28, 3)
    for index, (path, _) in enumerate(scan.files):
        np.testing.assert_array_equal(scan.image(index), images.load_array(path, (24, 28)))


def test_single_class_is_refused_naming_the_folder(tmp_path):
    write_colour_images(tmp_path, colours={"only": (1, 2, 3)}, per_class=2)
    (tmp_path / "empty class").mkdir()
    (tmp_path / "broken class").mkdir()
    (tmp_path / "broken class" / "x.jpg").write_bytes(b"")

    with pytest.raises(dataset.DatasetError) as caught:
        dataset.scan_dataset(tmp_path)

    assert str(tmp_path) in str(caught.value)
    assert "1 usable class" in str(caught.value)
    with pytest.raises(dataset.DatasetError, match="not a folder"):
        dataset.scan_dataset(tmp_path / "missing")


def test_empty_class_is_left_out_with_a_warning(tmp_path):
    write_colour_images(tmp_path, per_class=2)
    (tmp_path / "empty").mkdir()

    scan = dataset.scan_dataset(tmp_path)

    assert "empty" not in scan.classes
    assert any("'empty' is left out" in warning for warning in scan.warnings)


def test_symlink_loops_are_not_followed_twice(tmp_path):
    write_colour_images(tmp_path, per_class=2)
    os.symlink(tmp_path / "red", tmp_path / "red" / "loop")

    scan = dataset.scan_dataset(tmp_path)

    assert scan.counts["red"] == 2


def test_duplicates_across_classes_and_small_images_are_warned(tmp_path):
    written = write_colour_images(tmp_path, per_class=2, size=20)
    duplicate = tmp_path / "蓝色 blue" / "copy.png"
    duplicate.write_bytes(written["red"][0].read_bytes())

    scan = dataset.scan_dataset(tmp_path, image_size=(32, 32))

    duplicates = [warning for warning in scan.warnings if "same image" in warning]
    assert len(duplicates) == 1 and str(duplicate) in duplicates[0] and str(written["red"][0]) in duplicates[0]
    assert any("smaller than the input size 32x32" in warning for warning in scan.warnings)


def test_large_store_goes_to_a_memory_mapped_file_that_is_released(tmp_path, monkeypatch):
    write_colour_images(tmp_path / "data", per_class=2)
    monkeypatch.setattr(dataset, "_RAM_FRACTION_FOR_STORE", 0.0)

    scan = dataset.scan_dataset(tmp_path / "data", image_size=(8, 8), cache_dir=tmp_path / "cache")

    assert isinstance(scan.images, np.memmap)
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1
    np.testing.assert_array_equal(scan.image(0), images.load_array(scan.files[0][0], (8, 8)))
    dataset.release_store(scan.images)
    assert not cached[0].exists()


def test_progress_reports_reach_the_total(tmp_path):
    write_colour_images(tmp_path, per_class=3)
    reports = []

    dataset.scan_dataset(tmp_path, on_progress=lambda done, total: reports.append((done, total)))

    assert reports[-1] == (6, 6)


def test_split_is_stratified_seeded_and_reproducible_from_its_file(tmp_path):
    labels = np.array([0] * 10 + [1] * 5 + [2] * 2 + [3] * 1)

    first = split.stratified_split(labels, 0.2, seed=7)
    again = split.stratified_split(labels, 0.2, seed=7)
    other = split.stratified_split(labels, 0.2, seed=8)

    np.testing.assert_array_equal(first.train, again.train)
    assert not np.array_equal(first.val, other.val)
    val_counts = np.bincount(labels[first.val], minlength=4)
    assert val_counts.tolist() == [2, 1, 1, 0]  # Each class keeps one for training; a lone image trains.
    assert sorted(np.concatenate([first.train, first.val]).tolist()) == list(range(len(labels)))

    write_colour_images(tmp_path / "data", per_class=5)
    scan = dataset.scan_dataset(tmp_path / "data")
    drawn = split.stratified_split(scan.labels, 0.4, seed=3)
    split.save_split(tmp_path / "split.json", drawn, scan, scan)
    saved = json.loads((tmp_path / "split.json").read_text(encoding="utf-8"))
    assert len(saved["val"]) == 4 and saved["seed"] == 3
    assert all(not entry[0].startswith("/") for entry in saved["train"])  # Relative names: portable.
    loaded, notes = split.load_split(tmp_path / "split.json", scan, scan)
    np.testing.assert_array_equal(loaded.train, drawn.train)
    np.testing.assert_array_equal(loaded.val, drawn.val)
    assert notes == []


def test_only_stray_images_beside_the_class_folders_are_warned_about(tmp_path):
    from PIL import Image

    from training.dataset import scan_dataset

    for name, color in (("red", "red"), ("blue", "blue")):
        (tmp_path / name).mkdir()
        for index in range(2):
            Image.new("RGB", (8, 8), color).save(tmp_path / name / f"{index}.png")
    (tmp_path / "README.txt").write_text("my notes")
    assert not [w for w in scan_dataset(tmp_path).warnings if "directly in the data folder" in w]
    Image.new("RGB", (8, 8), "red").save(tmp_path / "stray.png")
    assert [w for w in scan_dataset(tmp_path).warnings if "1 image file(s) lie directly" in w]


def test_links_to_the_data_folder_or_its_ancestors_are_skipped_with_a_reason_not_scanned(tmp_path):
    data = tmp_path / "data"
    write_colour_images(data, per_class=2)
    (data / "whole_disk").symlink_to("/")  # As a class, it would hold every picture on the disk.
    (data / "again").symlink_to(".")
    (data / "red" / "up").symlink_to("..")  # Inside a class: the other classes' photos would join it.
    (data / "red" / "blue").symlink_to(data / "蓝色 blue")

    scan = dataset.scan_dataset(data)

    assert scan.classes == ["red", "蓝色 blue"] and scan.counts == {"red": 2, "蓝色 blue": 2}
    reasons = {os.path.relpath(entry["path"], data): str(entry["reason"]) for entry in scan.skipped}
    back = "the chosen folder itself or a folder that contains it; not followed"
    assert reasons == {
        "whole_disk": f"symbolic link to /, {back}", "again": f"symbolic link to {data}, {back}",
        "red/up": f"symbolic link to {data}, {back}",
        "red/blue": f"symbolic link to {data / '蓝色 blue'}, a folder listed without it; not followed, so its images "
                    "count once"}


def test_a_data_folder_past_the_listing_bound_is_refused_and_a_cancel_stops_its_listing(tmp_path, monkeypatch):
    from core import imagefiles

    for index in range(6):
        for level in range(3):
            folder = tmp_path / "data" / f"class {index}" / ("sub/" * level)
            folder.mkdir(parents=True, exist_ok=True)
            for number in range(4):
                (folder / f"{number}.png").write_bytes(b"")  # Never decoded: the listing stops first.
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 50)  # One budget for the whole folder: 6 + 6 x 14 entries.

    with pytest.raises(dataset.DatasetError) as caught:
        dataset.scan_dataset(tmp_path / "data")

    assert str(caught.value) == (f"{tmp_path / 'data'}: holds more than 50 files and folders, far more than a folder "
                                 "of photos; not read (choose the folder of your photos)")
    assert not dataset.matches_folder(None, tmp_path / "data", 32)
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 1000)
    asked, decoded = [], []
    with pytest.raises(dataset.ScanCancelled):  # Asked to stop while it lists: no image is decoded.
        dataset.scan_dataset(tmp_path / "data", image_size=32, on_progress=lambda done, _: decoded.append(done),
                             should_stop=lambda: asked.append(1) or len(asked) > 2)
    assert decoded == [] and len(asked) < 10
