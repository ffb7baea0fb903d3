"""Training on the tongue: `train --crop` cuts every photo once, at scan time, exactly as the saved
model cuts photos later; the run's files carry the segmenter; a resumed run and the app's scan keep
the same crop; a segmenter trained on `synth --masks` photos segments them.
"""

import json
import threading
from pathlib import Path

import numpy as np
import pytest

import main
from core import crop as crops, images, modelfile, segmenter as segmenters
from core.predictor import Classifier
from training import dataset, runfolder
from training.progress import TrainingCallback
from tests.segmentation_data import crop_test_photo, red_segmenter

ARCH = "INPUT -> CONV(K=4) -> RELU -> POOL -> FC"


@pytest.fixture(scope="module")
def segmenter_path(tmp_path_factory):
    return red_segmenter(tmp_path_factory.mktemp("segmenter") / "red.keras")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Two classes of purple tongues on red (`tongue` and, without a tongue, `none`), 6 photos each."""
    folder = tmp_path_factory.mktemp("crop-data") / "data"
    for index in range(6):
        (folder / "tongue").mkdir(parents=True, exist_ok=True)
        (folder / "none").mkdir(parents=True, exist_ok=True)
        crop_test_photo(folder / "tongue" / f"t{index}.png", seed=index)
        crop_test_photo(folder / "none" / f"n{index}.png", seed=10 + index, tongue=False)
    return folder


class KeepScan(TrainingCallback):
    """Keeps a copy of the images the run's scan stored (the run frees them at its end)."""

    def __init__(self):
        self.stored = {}

    def on_scan(self, scan):
        self.stored = {path: scan.image(index).copy() for index, (path, _) in enumerate(scan.files)}


def config(data, out, segmenter_path, **overrides):
    from training.config import TrainConfig

    values = dict(data_dir=str(data), arch=ARCH, image_size=32, epochs=1, batch_size=8, augment=False,
                  out_dir=str(out), crop=str(segmenter_path), precision="float32")
    values.update(overrides)
    return TrainConfig(**values)


@pytest.fixture(scope="module")
def trained(data, segmenter_path, tmp_path_factory):
    from training.trainer import train

    kept = KeepScan()
    result = train(config(data, tmp_path_factory.mktemp("runs") / "run", segmenter_path, epochs=2), callback=kept)
    return result, kept.stored


def test_a_cropped_run_stores_each_photo_as_the_saved_model_prepares_it(trained):
    result, stored = trained
    loaded = modelfile.load_model(result.model_path)
    assert loaded.info.crop.segmenter == "red.keras" and loaded.info.crop.margin == 0.1
    classifier = Classifier(loaded)
    for path, image in stored.items():
        assert np.array_equal(image, classifier.prepare(images.load_rgb(path))[0]), path
    assert result.report["crop"]["description"].startswith("cropped to the tongue by red.keras")
    no_tongue = [warning for warning in result.report["warnings"] if "no tongue was found" in warning]
    assert no_tongue and "6 photo(s)" in no_tongue[0]  # The `none` photos are used whole, and said so.
    checkpoint = modelfile.read_info(f"{result.run_dir}/{runfolder.CHECKPOINT_FILE}")
    assert checkpoint.crop == loaded.info.crop


def test_the_saved_model_answers_the_same_after_reload_and_in_classify(trained, data, capsys):
    result, _ = trained
    paths = sorted(str(path) for path in data.rglob("*.png"))
    first = Classifier(modelfile.load_model(result.model_path)).classify_files(paths, k=2)
    again = Classifier(modelfile.load_model(result.model_path)).classify_files(paths, k=2)
    assert main.main(["classify", *paths, "--model", result.model_path, "--json", "--top", "2"]) == 0
    printed = json.loads(capsys.readouterr().out)
    for one, two, three in zip(first, again, printed):
        assert one["top"][0]["label"] == two["top"][0]["label"] == three["top"][0]["label"]
        assert one["top"][0]["probability"] == pytest.approx(three["top"][0]["probability"], abs=1e-6)
        assert one["top"][0]["probability"] == two["top"][0]["probability"]


def test_evaluating_under_other_light_cuts_each_photo_as_plain_evaluation_does(trained, data, monkeypatch):
    from training import robustness
    from training.evaluate import evaluate

    result, stored = trained
    loaded = modelfile.load_model(result.model_path)
    seen = []
    scored = Classifier.probabilities
    monkeypatch.setattr(Classifier, "probabilities", lambda self, batch: seen.append(np.array(batch)) or scored(
        self, batch))

    relit = robustness.evaluate_relit(loaded, data, lights=("dim",))

    assert relit["plain"]["confusion_matrix"] == evaluate(loaded, data)["confusion_matrix"]
    # The photos as photographed reached the model cut to the tongue, as training stored them.
    assert sorted(image.tobytes() for image in seen[0]) == sorted(image.tobytes() for image in stored.values())


def test_a_resumed_run_keeps_the_checkpoints_segmenter(data, tmp_path):
    from training.trainer import train

    segmenter = red_segmenter(tmp_path / "seg.keras")
    run = tmp_path / "run"
    stop = threading.Event()

    class StopAfterFirstEpoch(TrainingCallback):
        def on_epoch_end(self, progress):
            stop.set()

    first = train(config(data, run, segmenter, epochs=3), callback=StopAfterFirstEpoch(), should_stop=stop.is_set)
    assert first.cancelled and first.model_path
    before = modelfile.read_info(first.model_path).crop
    red_segmenter(segmenter, size=(24, 32))  # The file the run was started with changes meanwhile.
    from training.config import TrainConfig

    result = train(TrainConfig(resume=str(run)))
    assert result.report["epochs_run"] == 3
    assert modelfile.load_model(result.model_path).info.crop == before


def test_a_scan_cut_the_same_way_is_handed_over_and_another_is_not(data, segmenter_path, tmp_path, monkeypatch):
    from training.trainer import train

    decoded, lock, original = [], threading.Lock(), images.load_rgb

    def counting(path):
        with lock:
            decoded.append(str(path))
        return original(path)

    tongue_crop, _ = crops.open_crop(segmenter_path)
    cut = dataset.scan_dataset(data, image_size=32, crop=tongue_crop)
    whole = dataset.scan_dataset(data, image_size=32)
    assert dataset.matches_folder(cut, data, 32, 3, tongue_crop.key)
    assert not dataset.matches_folder(whole, data, 32, 3, tongue_crop.key)
    assert not dataset.matches_folder(cut, data, 32, 3)
    monkeypatch.setattr(images, "load_rgb", counting)
    train(config(data, tmp_path / "handed", segmenter_path), scan=cut)
    assert decoded == []
    train(config(data, tmp_path / "rescanned", segmenter_path), scan=whole)
    assert len(decoded) == 12


def test_a_crop_that_cannot_be_used_stops_the_run_in_one_line(data, tmp_path, capsys):
    code = main.main(["train", str(data), "--arch", ARCH, "--size", "32", "--epochs", "1",
                      "--crop", str(tmp_path / "missing.keras"), "--out", str(tmp_path / "run")])
    assert code == 2
    assert "missing.keras: segmenter file not found" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
    not_a_segmenter = tmp_path / "classifier.keras"
    from tests.gui_helpers import color_model

    color_model(not_a_segmenter)
    assert main.main(["train", str(data), "--arch", ARCH, "--size", "32", "--epochs", "1",
                      "--crop", str(not_a_segmenter), "--out", str(tmp_path / "run2")]) == 2
    assert "not a segmenter" in capsys.readouterr().err


def test_synth_masks_train_a_segmenter_that_segments_them(tmp_path, capsys):
    from models import unet
    from training.segmentation.trainer import SegmenterConfig, train_segmenter

    out = tmp_path / "synthetic"
    assert main.main(["synth", str(out), "--per-class", "4", "--size", "64", "--masks"]) == 0
    capsys.readouterr()
    photos = sorted((out / "images").rglob("*.jpg"))
    masks_written = sorted((out / "masks").rglob("*.png"))
    assert len(photos) == len(masks_written) == 16
    result = train_segmenter(
        SegmenterConfig(data_dir=str(out), out_dir=str(tmp_path / "seg"), image_size=32, epochs=3, batch_size=4,
                        val_split=0.25, precision="float32"),
        build_fn=lambda arch, shape: unet.unet(shape, 1, name="tiny_unet", filters=(4, 8)))
    assert result.report["train_photos"] == 12 and result.report["val_mean_iou"] is not None
    assert main.main(["segment", str(photos[0]), "--model", result.model_path, "--out", str(tmp_path / "m"),
                      "--masks", str(out / "masks" / photos[0].parent.name), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)["photos"][0]
    assert row["mask"].endswith(".png") and 0.0 <= row["iou"] <= 1.0
    assert segmenters.read_task(result.model_path) == "segmentation"


def test_fine_tuning_a_cropping_model_keeps_its_crop(trained, data, tmp_path):
    from training.trainer import train

    result, _ = trained
    before = modelfile.load_model(result.model_path)
    tuned = train(config(data, tmp_path / "tuned", None, crop=None, arch=None, from_model=result.model_path))
    after = modelfile.load_model(tuned.model_path)
    assert after.info.crop == before.info.crop and after.info.attached_segmenter == before.info.attached_segmenter
    assert tuned.report["crop"]["segmenter"] == "red.keras"


def test_a_labels_table_run_cuts_each_photo_as_its_model_does_and_evaluate_cuts_them_too(
        data, segmenter_path, tmp_path, capsys):
    from training.trainer import train

    rows = ["image,tongue,side"]
    for index, path in enumerate(sorted(data.rglob("*.png"))):
        side = "" if index % 3 == 0 else ("left", "right")[index % 2]  # Blank cells are cut all the same.
        rows.append(f"{path.parent.name}/{path.name},{path.parent.name},{side}")
    labels = tmp_path / "labels.csv"
    labels.write_text("\n".join(rows) + "\n", encoding="utf-8")

    class KeepTableScan(TrainingCallback):
        def on_scan(self, scan):
            self.stored = {path: scan.images[row].copy() for path, row in zip(scan.files, scan.rows)}

    kept = KeepTableScan()
    result = train(config(data, tmp_path / "run", segmenter_path, labels=str(labels), epochs=2), callback=kept)

    loaded = modelfile.load_model(result.model_path)
    assert loaded.info.crop.segmenter == "red.keras" and [a["name"] for a in loaded.info.attributes] == [
        "tongue", "side"]
    classifier = Classifier(loaded)
    assert len(kept.stored) == 12
    for path, image in kept.stored.items():
        assert np.array_equal(image, classifier.prepare(images.load_rgb(path))[0]), path
    assert any("no tongue was found" in warning and "6 photo(s)" in warning for warning in result.report["warnings"])

    # Evaluation cuts the table's photos the same way: its accuracy is that of classify's predictions.
    predicted = {Path(row["path"]).relative_to(data).as_posix(): row["attributes"]["tongue"]["top"][0]["label"]
                 for row in classifier.classify_files([str(path) for path in kept.stored], k=1)}
    truth = {line.split(",")[0]: line.split(",")[1] for line in rows[1:]}
    expected = sum(predicted[name] == truth[name] for name in truth) / len(truth)
    assert main.main(["evaluate", str(data), "--labels", str(labels), "--model", result.model_path, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["attributes"]["tongue"]["accuracy"] == pytest.approx(expected)

    # A table scanned with the run's crop is handed over to the run; one scanned whole is not.
    from training import attribute_data

    tongue_crop, _ = crops.open_crop(segmenter_path)
    cut = attribute_data.scan_labels(data, labels, image_size=32, crop=tongue_crop)
    whole = attribute_data.scan_labels(data, labels, image_size=32)
    assert attribute_data.matches_table(cut, data, labels, 32, 3, tongue_crop.key)
    assert not attribute_data.matches_table(whole, data, labels, 32, 3, tongue_crop.key)
    assert not attribute_data.matches_table(cut, data, labels, 32, 3)
