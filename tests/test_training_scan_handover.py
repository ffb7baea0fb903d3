"""One scan: a run handed the scan of its folder decodes no image again, and still notices a folder that changed."""

import os
import threading

import numpy as np
import pytest
from PIL import Image

from core import images
from training import dataset

ARCH = "INPUT -> CONV(K=4) -> RELU -> POOL -> FC"


def _write(path, colour, seed):
    rng = np.random.default_rng(seed)
    pixels = np.clip(np.asarray(colour) + rng.normal(0, 25, (32, 32, 3)), 0, 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return path


@pytest.fixture()
def data(tmp_path):
    folder = tmp_path / "data"
    for index in range(6):
        _write(folder / "red" / f"red_{index}.png", (210, 40, 40), index)
        _write(folder / "blue" / f"blue_{index}.png", (40, 40, 210), 10 + index)
    (folder / "blue" / "notes.txt").write_text("not an image", encoding="utf-8")
    return folder


@pytest.fixture()
def decodes(monkeypatch):
    """Every image decoded from now on (`core.images.load_rgb` is the one loader)."""
    decoded, lock, original = [], threading.Lock(), images.load_rgb

    def counting(path):
        with lock:
            decoded.append(str(path))
        return original(path)

    monkeypatch.setattr(images, "load_rgb", counting)
    return decoded


def _train(data, out, scan):
    from training.trainer import TrainConfig, train

    config = TrainConfig(str(data), arch=ARCH, image_size=32, epochs=1, batch_size=8, augment=False, out_dir=str(out))
    return train(config, scan=scan)


def test_matches_folder_says_no_to_another_size_channel_count_folder_or_any_edit(data, tmp_path):
    scan = dataset.scan_dataset(data, image_size=32)
    assert dataset.matches_folder(scan, data, (32, 32), 3) and dataset.matches_folder(scan, str(data), 32)
    assert not dataset.matches_folder(scan, data, 64, 3)
    assert not dataset.matches_folder(scan, data, 32, 1)
    assert not dataset.matches_folder(scan, tmp_path, 32, 3)
    assert not dataset.matches_folder(dataset.scan_dataset(data), data, 32, 3)  # Listed only: no images kept.

    edited = data / "red" / "red_0.png"
    status = os.stat(edited)
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns + 10_000_000))
    assert not dataset.matches_folder(scan, data, 32, 3)
    scan = dataset.scan_dataset(data, image_size=32)
    (data / "blue" / "readme.md").write_text("a new file that is not an image", encoding="utf-8")
    assert not dataset.matches_folder(scan, data, 32, 3)
    scan = dataset.scan_dataset(data, image_size=32)
    (data / "blue" / "blue_0.png").unlink()
    assert not dataset.matches_folder(scan, data, 32, 3)


def test_a_run_handed_a_current_scan_decodes_no_image_again(data, tmp_path, decodes):
    scan = dataset.scan_dataset(data, image_size=32)
    assert len(decodes) == 12
    decodes.clear()

    result = _train(data, tmp_path / "run", scan)

    assert decodes == []
    assert result.report["train_images"] + result.report["val_images"] == 12
    assert [item["path"] for item in result.report["skipped"]] == [str(data / "blue" / "notes.txt")]
    assert scan.images is None  # The run took the decoded images and freed them at its end.


def test_a_run_handed_a_scan_of_a_folder_that_changed_scans_it_again(data, tmp_path, decodes):
    scan = dataset.scan_dataset(data, image_size=32)
    _write(data / "red" / "red_new.png", (200, 50, 50), 99)
    decodes.clear()

    result = _train(data, tmp_path / "run", scan)

    assert sorted(decodes) == sorted(str(path) for path in data.rglob("*.png"))  # Each image once, the new one too.
    assert result.report["train_images"] + result.report["val_images"] == 13
