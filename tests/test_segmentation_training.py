"""`train-segmenter`: pairs and labelme files, the run folder, bad pairs skipped, cancel, resume, safe loading.

A tiny two-level U-Net (from the same builder as unet-mini) trains on 16 drawn photos at 32 px,
so each run costs a few seconds; what is checked is the machinery, not the masks' quality.
"""

import csv
import json
import os
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest
from PIL import Image, ImageDraw

import main
from core import segmenter as segmenters
from models import unet
from tests.segmentation_data import tongue_photo, write_labelme, write_pairs
from training.dataset import DatasetError
from training.progress import TrainingCallback
from training.segmentation import data
from training.segmentation.trainer import SegmenterConfig, SegmenterTrainingError, train_segmenter


def tiny_unet(arch, input_shape):
    return unet.unet(input_shape, 1, name="tiny_unet", filters=(4, 8))


def config(data_dir, out_dir, **overrides):
    values = dict(data_dir=str(data_dir), out_dir=str(out_dir), image_size=32, epochs=2, batch_size=8,
                  val_split=0.25, precision="float32")
    values.update(overrides)
    return SegmenterConfig(**values)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """16 good pairs, and one of each bad kind."""
    folder = tmp_path_factory.mktemp("seg") / "data"
    write_pairs(folder, 16)
    photo, _, _ = tongue_photo(np.random.default_rng(99))
    photo.save(folder / "images" / "no_mask.jpg")
    (folder / "images" / "broken.jpg").write_bytes(b"not a jpeg at all")
    Image.new("L", (8, 8)).save(folder / "masks" / "broken.png")
    photo.save(folder / "images" / "other_size.jpg")
    Image.new("L", (10, 12)).save(folder / "masks" / "other_size.png")
    photo.save(folder / "images" / "bad_mask.jpg")
    (folder / "masks" / "bad_mask.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    Image.new("L", (64, 48)).save(folder / "masks" / "orphan.png")
    return folder


@pytest.fixture(scope="module")
def trained(data_dir, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("runs") / "run"
    return train_segmenter(config(data_dir, run_dir), build_fn=tiny_unet)


def test_the_run_folder_and_its_report(trained):
    run_dir = Path(trained.run_dir)
    names = {path.relative_to(run_dir).as_posix() for path in run_dir.rglob("*")}
    assert {"config.json", "split.json", "skipped.txt", "model.keras", "checkpoint/last.keras", "history.csv",
            "curves.png", "report.json"} <= names
    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    assert report["task"] == "segmentation" and report["epochs_run"] == 2 and not report["cancelled"]
    assert report["train_photos"] == 12 and report["val_photos"] == 4
    assert 0.0 <= report["val_mean_iou"] <= 1.0 and 0.0 <= report["val_mean_dice"] <= 1.0
    assert len(report["val_per_photo"]) == 4
    # Dice >= IoU on every photo (2x/(1+x) >= x), a check that the two were not swapped.
    assert all(row["dice"] >= row["iou"] for row in report["val_per_photo"])
    with open(f"{run_dir}/history.csv", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["epoch"] for row in rows] == ["1", "2"]
    assert all(row["iou"] and row["val_iou"] and row["val_loss"] for row in rows)
    split = json.loads(open(f"{run_dir}/split.json", encoding="utf-8").read())
    assert len(split["train"]) == 12 and len(split["val"]) == 4 and not set(split["train"]) & set(split["val"])
    assert Image.open(f"{run_dir}/curves.png").format == "PNG"


def test_bad_pairs_are_listed_one_line_each_and_skipped(trained):
    lines = open(f"{trained.run_dir}/skipped.txt", encoding="utf-8").read().splitlines()
    assert len(lines) == 4
    by_name = {line.split(":")[0].rsplit("/", 1)[-1]: line for line in lines}
    assert "no mask" in by_name["no_mask.jpg"]
    assert "not an image" in by_name["broken.jpg"]
    assert "the mask is 10x12 but its photo" in by_name["other_size.png"]
    assert "bad_mask.png" in by_name  # The mask's file is named, not the photo's.
    assert any("1 mask(s) have no photo" in warning and "orphan.png" in warning
               for warning in trained.report["warnings"])


def test_the_model_loads_in_safe_mode_and_in_plain_keras_and_says_it_is_a_segmenter(trained):
    path = trained.model_path
    assert segmenters.read_task(path) == "segmentation"
    with zipfile.ZipFile(path) as archive:
        config_text = archive.read("config.json").decode("utf-8")
    assert "tonguelens" not in config_text  # Our loss is not named: plain Keras needs none of our code.
    assert not json.loads(config_text).get("compile_config")  # Not compiled: no loss, no optimizer state.
    plain = keras.saving.load_model(path, safe_mode=True)
    assert tuple(plain.output.shape) == (None, 32, 32, 1)
    segmenter = segmenters.load_segmenter(path)
    photo, _, _ = tongue_photo(np.random.default_rng(5))
    mask = segmenter.mask_of(photo)
    assert mask.shape == (48, 64) and mask.dtype == bool
    probabilities = segmenter.probabilities(np.zeros((2, 32, 32, 3)))
    assert probabilities.shape == (2, 32, 32) and ((probabilities >= 0) & (probabilities <= 1)).all()


class StopAt(TrainingCallback):
    """Asks the run to stop when training begins, or once `epochs` epochs have ended."""

    def __init__(self, epochs=None):
        self.epochs = epochs
        self.stop = False
        self.begin = []

    def on_train_begin(self, info):
        self.begin.append(info)
        self.stop = self.epochs is None

    def on_epoch_end(self, progress):
        self.stop = self.stop or progress.epoch == self.epochs


def test_cancel_in_the_first_epoch_keeps_no_model_and_says_so(data_dir, tmp_path):
    watcher = StopAt()
    result = train_segmenter(config(data_dir, tmp_path / "run"), callback=watcher, should_stop=lambda: watcher.stop,
                             build_fn=tiny_unet)
    assert result.cancelled and result.model_path is None
    assert result.report["cancelled"] and result.report["epochs_run"] == 0
    assert not (tmp_path / "run" / "model.keras").exists()


def test_cancel_while_reading_the_photos_leaves_no_folder(data_dir, tmp_path):
    result = train_segmenter(config(data_dir, tmp_path / "run"), should_stop=lambda: True, build_fn=tiny_unet)
    assert result.cancelled and result.model_path is None
    assert not (tmp_path / "run").exists()


def test_cancel_after_an_epoch_then_resume_from_the_command_line(data_dir, tmp_path, capsys):
    run_dir = tmp_path / "run"
    watcher = StopAt(epochs=1)
    first = train_segmenter(config(data_dir, run_dir, epochs=3), callback=watcher,
                            should_stop=lambda: watcher.stop, build_fn=tiny_unet)
    assert first.cancelled and first.report["epochs_run"] == 1 and first.report["best_epoch"] == 1
    assert segmenters.load_segmenter(first.model_path).info.input_shape == (32, 32, 3)

    assert main.main(["train-segmenter", "--resume", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert "resuming after epoch 1" in out and "Validation:  mean IoU" in out
    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    assert report["epochs_run"] == 3 and not report["cancelled"]
    assert len(report["history"]["val_iou"]) == 3, report["history"]
    with pytest.raises(SegmenterTrainingError, match="already finished"):
        train_segmenter(SegmenterConfig(resume=str(run_dir)))


def test_settings_and_folders_that_cannot_train_are_refused(tmp_path, capsys):
    with pytest.raises(SegmenterTrainingError, match="'vgg-mini' is not a segmenter"):
        train_segmenter(SegmenterConfig(data_dir=str(tmp_path), arch="vgg-mini", out_dir=str(tmp_path / "a")))
    with pytest.raises(DatasetError, match="expected an 'images' and a 'masks' folder"):
        train_segmenter(SegmenterConfig(data_dir=str(tmp_path), out_dir=str(tmp_path / "b")))
    assert not (tmp_path / "b").exists()
    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    tongue_photo(np.random.default_rng(0))[0].save(tmp_path / "images" / "alone.jpg")
    assert main.main(["train-segmenter", str(tmp_path), "--out", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err
    assert "skipped: " in err and "alone.jpg: no mask" in err
    assert err.strip().splitlines()[-1].startswith(f"error: {tmp_path}: no usable photo with a mask")
    assert main.main(["train", str(tmp_path), "--arch", "unet-mini"]) == 2
    assert "unet-mini is a segmenter" in capsys.readouterr().err


def test_a_folder_of_the_users_is_refused_before_anything_is_written(data_dir, tmp_path, capsys):
    users = tmp_path / "mine"
    users.mkdir()
    (users / "model.keras").write_bytes(b"the user's own segmenter")
    (users / "split.json").write_bytes(b"the user's split")
    with pytest.raises(SegmenterTrainingError, match="already holds other files, which a run could overwrite"):
        train_segmenter(config(data_dir, users), build_fn=tiny_unet)
    assert main.main(["train-segmenter", str(data_dir), "--out", str(users)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {users}: this folder already holds other files, which a run could overwrite; choose an empty or "
        "new folder")
    assert (users / "model.keras").read_bytes() == b"the user's own segmenter"
    assert (users / "split.json").read_bytes() == b"the user's split"


class ScanWatcher(TrainingCallback):
    def __init__(self):
        self.scanned = False

    def on_scan(self, scan):
        self.scanned = True


def test_a_size_the_network_cannot_take_is_refused_before_the_photos_are_read(data_dir, tmp_path):
    watcher = ScanWatcher()
    with pytest.raises(SegmenterTrainingError, match="input height 40 is not a multiple of 16"):
        train_segmenter(config(data_dir, tmp_path / "run", arch="unet-mini", image_size=40), callback=watcher)
    assert not watcher.scanned
    assert not (tmp_path / "run").exists()


def test_labelme_files_beside_the_photos(tmp_path):
    size = (40, 50)
    photo = Image.new("RGB", (50, 40), (90, 90, 90))
    tongue = [(10, 5), (40, 5), (35, 35), (15, 35)]
    for stem, shapes in {
        "named": [("lips", [(0, 0), (50, 0), (50, 4)]), ("Tongue body", tongue)],
        "one_label": [("t", tongue)],
        "two_labels": [("a", tongue), ("b", [(0, 0), (5, 0), (5, 5)])],
        "no_polygon": [],
    }.items():
        photo.save(tmp_path / f"{stem}.jpg")
        write_labelme(tmp_path / f"{stem}.json", shapes, size)
    photo.save(tmp_path / "wrong_size.jpg")
    write_labelme(tmp_path / "wrong_size.json", [("tongue", tongue)], (80, 100))
    photo.save(tmp_path / "unlabelled.jpg")
    write_labelme(tmp_path / "lonely.json", [("tongue", tongue)], size)
    photo.save(tmp_path / "piped.jpg")
    os.mkfifo(tmp_path / "piped.json")  # Opening it would wait for a writer forever.
    photo.save(tmp_path / "no_height.jpg")
    (tmp_path / "no_height.json").write_text(json.dumps({"shapes": [], "imageWidth": 50}), encoding="utf-8")

    layout, pairs, skipped, _ = data.find_pairs(tmp_path)
    assert layout == data.LAYOUT_LABELME
    expected = Image.new("L", (50, 40), 0)
    ImageDraw.Draw(expected).polygon(tongue, fill=1, outline=1)
    expected = np.asarray(expected, dtype=bool)
    for stem in ("named", "one_label"):
        pair = next(pair for pair in pairs if pair.relative == f"{stem}.jpg")
        assert np.array_equal(data.read_pair(pair)[1], expected), stem
    assert {entry["path"].rsplit("/", 1)[-1] for entry in skipped} == {"unlabelled.jpg", "lonely.json"}
    scan = data.scan_pairs(tmp_path, (32, 32))
    reasons = {entry["path"].rsplit("/", 1)[-1]: entry["reason"] for entry in scan.skipped}
    assert "no polygon labelled 'tongue' among the labels a, b" in reasons["two_labels.json"]
    assert reasons["no_polygon.json"] == "no polygon in the labelme file"
    assert "for a 100x80 photo but the photo is 50x40" in reasons["wrong_size.json"]
    assert reasons["piped.json"] == "not a regular file (a named pipe, socket or device), not a labelme file"
    assert reasons["no_height.json"] == 'not a labelme file: it has no "imageHeight" field'  # Was "KeyError: ...".
    assert [pair.relative for pair in scan.pairs] == ["named.jpg", "one_label.jpg"]
    assert scan.masks.shape == (2, 32, 32) and set(np.unique(scan.masks)) == {0, 1}


def test_labelme_files_in_the_masks_folder_serve_as_masks(tmp_path):
    size = (40, 50)
    tongue = [(10, 5), (40, 5), (35, 35), (15, 35)]
    for folder in ("images/pale", "masks/pale"):
        (tmp_path / folder).mkdir(parents=True)
    Image.new("RGB", (50, 40), (90, 90, 90)).save(tmp_path / "images" / "pale" / "a.jpg")
    write_labelme(tmp_path / "masks" / "pale" / "a.json", [("tongue", tongue)], size)

    layout, pairs, skipped, _ = data.find_pairs(tmp_path)

    assert layout == data.LAYOUT_FOLDERS and not skipped  # Before: "no mask" for a.jpg.
    expected = Image.new("L", (50, 40), 0)
    ImageDraw.Draw(expected).polygon(tongue, fill=1, outline=1)
    assert np.array_equal(data.read_pair(pairs[0])[1], np.asarray(expected, dtype=bool))


def test_labelme_files_are_listed_within_a_bound_once_each_and_hidden_ones_left_out(tmp_path, monkeypatch):
    from core import imagefiles

    (tmp_path / "pale" / ".backup").mkdir(parents=True)
    for path in ("pale/a.json", "pale/.b.json", "pale/.backup/c.json", "d.json"):
        write_labelme(tmp_path / path, [("tongue", [(1, 1), (5, 1), (5, 5)])], (8, 8))
    (tmp_path / "pale" / "loop").symlink_to(tmp_path)  # Walked as it was, it would never end.

    assert data.labelme_files(tmp_path) == [tmp_path / "d.json", tmp_path / "pale" / "a.json"]

    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 3)  # As `/` would go past the real one.
    with pytest.raises(DatasetError, match="more than 3 files and folders"):
        data.find_pairs(tmp_path)


def test_augmentation_moves_photo_and_mask_together():
    from training.segmentation import pipeline

    rng = np.random.default_rng(3)
    photos, targets = [], []
    for _ in range(8):
        photo, mask, _ = tongue_photo(rng, (32, 32))
        photos.append(np.asarray(photo))
        targets.append(mask.astype(np.uint8))
    dataset = pipeline.make_dataset(np.stack(photos), np.stack(targets), np.arange(8), 8, training=True,
                                    augment=True, seed=1)
    batch_photos, batch_targets = next(iter(dataset))
    assert batch_photos.shape == (8, 32, 32, 3) and batch_targets.shape == (8, 32, 32, 1)
    assert set(np.unique(batch_targets.numpy())) <= {0.0, 1.0}
    # The mask still marks the pink tongue after the random moves: pixels under it are the pinkest.
    red_minus_green = batch_photos.numpy()[..., 0] - batch_photos.numpy()[..., 1]
    inside = red_minus_green[batch_targets.numpy()[..., 0] > 0].mean()
    outside = red_minus_green[batch_targets.numpy()[..., 0] == 0].mean()
    assert inside > outside + 20
    originals = np.stack(targets).astype(np.float32)
    moved = [not any(np.array_equal(target[..., 0], original) for original in originals)
             for target in batch_targets.numpy()]
    assert sum(moved) >= 4  # The masks were moved, not only shuffled.


def test_dice_cross_entropy_loss():
    from training.segmentation.losses import DiceCrossEntropy

    truth = np.zeros((2, 4, 4, 1), dtype=np.float32)
    truth[:, :2] = 1.0
    perfect = np.clip(truth, 1e-7, 1 - 1e-7)
    loss = DiceCrossEntropy()
    assert float(loss(truth, perfect)) == pytest.approx(0.0, abs=1e-4)
    half = np.full_like(truth, 0.5)
    # Cross-entropy ln 2; Dice (2*4 + 1) / (8 + 8 + 1) of each photo.
    assert float(loss(truth, half)) == pytest.approx(np.log(2) + 1 - 9 / 17, rel=1e-4)
    restored = DiceCrossEntropy.from_config(DiceCrossEntropy(dice_weight=0.5).get_config())
    assert restored.dice_weight == 0.5


def test_pair_scan_skips_links_back_to_its_folders_among_photos_and_masks_with_a_reason(tmp_path):
    write_pairs(tmp_path, 2)
    (tmp_path / "images" / "root").symlink_to("/")
    (tmp_path / "masks" / "up").symlink_to("..")

    layout, pairs, skipped, _ = data.find_pairs(tmp_path)

    assert layout == data.LAYOUT_FOLDERS and [pair.relative for pair in pairs] == ["tongue_00.jpg", "tongue_01.jpg"]
    back = "the chosen folder itself or a folder that contains it; not followed"
    assert [(entry["path"], str(entry["reason"])) for entry in skipped] == [
        (str(tmp_path / "images" / "root"), f"symbolic link to /, {back}"),
        (str(tmp_path / "masks" / "up"), f"symbolic link to {tmp_path}, {back}")]
