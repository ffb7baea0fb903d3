"""Training runs end to end on tiny generated data: learning, the run folder, cancel and resume."""

import csv
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core import modelfile
from tests.training_helpers import COLOURS, train_tiny, write_colour_images
from training import runfolder
from training.progress import PHASE_TRAINING, TrainingCallback


class Recorder(TrainingCallback):
    """Keeps every event; optionally stops or fails at a given point."""

    def __init__(self, stop_at=None, fail_after_epoch=None):
        self.batches, self.epochs, self.messages, self.scans, self.begin, self.result = [], [], [], [], None, None
        self.stop_at = stop_at  # (epoch, batch) after which should_stop returns True.
        self.fail_after_epoch = fail_after_epoch
        self.stop_requested = False
        self.batches_after_stop = 0

    def should_stop(self):
        return self.stop_requested

    def on_scan(self, scan):
        self.scans.append(scan)

    def on_train_begin(self, info):
        self.begin = info

    def on_batch_end(self, progress):
        self.batches.append(progress)
        if progress.phase != PHASE_TRAINING:
            return
        if self.stop_requested:
            self.batches_after_stop += 1
        if self.stop_at and (progress.epoch, progress.batch) == self.stop_at:
            self.stop_requested = True

    def on_epoch_end(self, progress):
        self.epochs.append(progress)
        if self.fail_after_epoch == progress.epoch:
            raise RuntimeError("simulated crash")

    def on_message(self, text):
        self.messages.append(text)

    def on_train_end(self, result):
        self.result = result


@pytest.fixture(scope="module")
def colour_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_colour_images(root, per_class=24, nested=True, formats=("png", "jpg", "tif", "webp"))
    (root / "red" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    return root


@pytest.fixture(scope="module")
def learned(colour_data, tmp_path_factory):
    """One real training run, shared by the tests that read its results."""
    recorder = Recorder()
    result = train_tiny(colour_data, tmp_path_factory.mktemp("learned") / "run", epochs=5, augment=True,
                        callback=recorder)
    return result, recorder


def test_learns_red_from_blue_and_writes_the_run_folder(learned):
    result, recorder = learned

    report = result.report
    assert report["val_accuracy"] >= 0.95
    assert report["classes"] == sorted(COLOURS) == ["red", "蓝色 blue"]
    assert report["train_images"] + report["val_images"] == 48
    assert report["val_counts"] == {"red": 5, "蓝色 blue": 5}  # Stratified 20 %.
    assert [entry["path"].endswith("broken.png") for entry in report["skipped"]] == [True]
    for key in ("image_size", "arch", "epochs_run", "best_epoch", "val_confusion_matrix", "seconds"):
        assert report[key] is not None
    assert sum(map(sum, report["val_confusion_matrix"])) == report["val_images"]
    run = Path(result.run_dir)
    for name in ("model.keras", "report.json", "history.csv", "curves.png", "confusion.png", "skipped.txt",
                 "split.json", "config.json", runfolder.CHECKPOINT_FILE):
        assert (run / name).is_file(), name
    assert "broken.png" in (run / "skipped.txt").read_text(encoding="utf-8")
    assert json.loads((run / "report.json").read_text(encoding="utf-8"))["classes"] == report["classes"]
    with open(run / "history.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == report["epochs_run"] and float(rows[-1]["val_accuracy"]) >= 0.9
    # The same numbers reach the callback that the CLI and the GUI show.
    assert recorder.begin["train_images"] == report["train_images"]
    assert [round(p.val_loss, 6) for p in recorder.epochs] == [round(v, 6) for v in report["history"]["val_loss"]]
    assert recorder.batches[-1].elapsed_seconds > 0
    assert recorder.result is result


def test_class_names_and_summary_travel_inside_the_model_file(learned):
    result, _ = learned

    loaded = modelfile.load_model(result.model_path)

    assert loaded.info.class_names == ["red", "蓝色 blue"]
    assert loaded.info.input_shape == (32, 32, 3)
    assert loaded.info.training["best_epoch"] == result.report["best_epoch"]
    with zipfile.ZipFile(result.model_path) as archive:
        info = json.loads(archive.read(modelfile.METADATA_MEMBER).decode("utf-8"))
    assert info["class_names"] == ["red", "蓝色 blue"]
    assert info["training"]["train_images"] == result.report["train_images"]


def test_cancel_mid_epoch_stops_within_a_batch_and_keeps_the_best_model(colour_data, tmp_path):
    recorder = Recorder(stop_at=(2, 2))

    result = train_tiny(colour_data, tmp_path / "run", epochs=6, callback=recorder, should_stop=recorder.should_stop)

    assert result.cancelled
    # The batch running when should_stop turned True, and at most one more, finish; no other.
    assert recorder.batches_after_stop <= 2
    assert [progress.epoch for progress in recorder.epochs] == [1]
    assert result.report["epochs_run"] == 1 and result.report["best_epoch"] == 1
    loaded = modelfile.load_model(result.model_path)
    assert loaded.info.class_names == ["red", "蓝色 blue"]
    assert (tmp_path / "run" / "report.json").is_file()


def test_resume_continues_from_the_last_checkpoint(colour_data, tmp_path):
    from training.trainer import TrainConfig, TrainingError, train

    run = tmp_path / "run"
    with pytest.raises(RuntimeError, match="simulated crash"):
        train_tiny(colour_data, run, epochs=3, callback=Recorder(fail_after_epoch=2))
    checkpoint_state = modelfile.read_info(run / runfolder.CHECKPOINT_FILE).training["checkpoint"]
    assert checkpoint_state["epochs_done"] == 2
    split_before = (run / "split.json").read_text(encoding="utf-8")

    recorder = Recorder()
    result = train(TrainConfig(resume=str(run)), callback=recorder)

    assert recorder.begin["initial_epoch"] == 2
    assert [progress.epoch for progress in recorder.epochs] == [3]
    assert result.report["epochs_run"] == 3 and len(result.report["history"]["loss"]) == 3
    assert result.report["history"]["loss"][:2] == checkpoint_state["history"]["loss"]
    assert (run / "split.json").read_text(encoding="utf-8") == split_before
    # The optimizer went on where it stopped: its step count covers all three epochs.
    import keras

    steps = int(np.ceil(result.report["train_images"] / 8))
    restored = keras.saving.load_model(run / runfolder.CHECKPOINT_FILE)
    assert int(restored.optimizer.iterations) == 3 * steps
    with pytest.raises(TrainingError, match="already finished"):
        train(TrainConfig(resume=str(run)))


def test_fine_tune_keeps_the_class_order_or_replaces_the_head(learned, colour_data, tmp_path):
    # The same model with its outputs in another order than the folder's sorted names.
    loaded = modelfile.load_model(learned[0].model_path)
    head = loaded.model.get_layer("predictions")
    kernel, bias = head.get_weights()
    head.set_weights([kernel[:, ::-1], bias[::-1]])
    loaded.info.class_names = list(reversed(loaded.info.class_names))
    reordered = tmp_path / "reordered.keras"
    modelfile.save_model(loaded.model, reordered, loaded.info)

    same = train_tiny(colour_data, tmp_path / "same", epochs=1, from_model=str(reordered))
    assert modelfile.load_model(same.model_path).info.class_names == ["蓝色 blue", "red"]
    assert same.report["val_accuracy"] >= 0.9  # The head kept its meaning: no relearning needed.

    three = tmp_path / "three"
    write_colour_images(three, colours={**COLOURS, "green": (40, 200, 40)}, per_class=6)
    new_head = train_tiny(three, tmp_path / "new_head", epochs=1, from_model=str(learned[0].model_path))
    retrained = modelfile.load_model(new_head.model_path)
    assert retrained.info.class_names == ["green", "red", "蓝色 blue"]
    assert retrained.model.output_shape == (None, 3)
    assert new_head.report["learning_rate"] == pytest.approx(1e-4)


def test_refuses_a_used_run_folder_and_bad_settings(colour_data, tmp_path):
    from training.trainer import TrainingError

    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "config.json").write_text("{}")
    with pytest.raises(TrainingError, match="already holds a run"):
        train_tiny(colour_data, tmp_path / "run")
    with pytest.raises(TrainingError, match="val_split=1.5"):
        train_tiny(colour_data, tmp_path / "other", val_split=1.5)
    with pytest.raises(TrainingError, match="cannot build"):
        train_tiny(colour_data, tmp_path / "third", arch="INPUT -> CONV(F=64, P=0) -> FC")
    assert not (tmp_path / "third").exists()  # A run that never started leaves no folder.


def test_a_folder_of_the_users_is_refused_and_an_empty_one_chosen_is_left_in_place(colour_data, tmp_path):
    from training.trainer import TrainingError

    users = tmp_path / "mine"
    users.mkdir()
    files = {"model.keras": b"the user's own model", "report.json": b"{}", "skipped.txt": b"my notes"}
    for name, data in files.items():
        (users / name).write_bytes(data)
    with pytest.raises(TrainingError) as refused:
        train_tiny(colour_data, users)
    assert str(refused.value) == (f"{users}: this folder already holds other files, which a run could overwrite; "
                                  "choose an empty or new folder")
    assert {path.name: path.read_bytes() for path in users.iterdir()} == files

    (tmp_path / "afile").write_bytes(b"x")
    with pytest.raises(TrainingError, match="afile: a file, not a folder; choose a folder for the run"):
        train_tiny(colour_data, tmp_path / "afile")

    empty = tmp_path / "empty"
    empty.mkdir()  # Chosen by the user: a run that cannot start removes what it wrote, not the folder.
    with pytest.raises(TrainingError, match="cannot build"):
        train_tiny(colour_data, empty, arch="INPUT -> CONV(F=64, P=0) -> FC")
    assert empty.is_dir() and not any(empty.iterdir())


def test_a_separate_validation_folder_is_matched_by_class_name(colour_data, tmp_path):
    write_colour_images(tmp_path / "val", colours={"蓝色 blue": (40, 40, 210), "red": (210, 40, 40),
                                                   "purple": (120, 30, 120)}, per_class=3, seed=9)
    recorder = Recorder()

    result = train_tiny(colour_data, tmp_path / "run", epochs=1, val_dir=str(tmp_path / "val"), callback=recorder)

    report = result.report
    assert report["train_images"] == 48 and report["val_images"] == 6
    assert report["val_counts"] == {"red": 3, "蓝色 blue": 3}
    assert any("'purple' is not a training class" in warning for warning in report["warnings"])
    saved = json.loads((tmp_path / "run" / "split.json").read_text(encoding="utf-8"))
    assert saved["val_dir"] == str(tmp_path / "val") and len(saved["val"]) == 6


def test_a_custom_build_fn_builds_for_the_configured_size_in_rgb(colour_data, tmp_path):
    import keras

    from training.trainer import TrainingError

    asked = []

    def build(arch, input_shape, num_classes):
        asked.append((arch, tuple(input_shape), num_classes))
        inputs = keras.Input(input_shape)
        features = keras.layers.GlobalAveragePooling2D()(keras.layers.Rescaling(1 / 255)(inputs))
        return keras.Model(inputs, keras.layers.Dense(num_classes, activation="softmax")(features), name="my_net")

    result = train_tiny(colour_data, tmp_path / "run", arch="my-net", image_size=24, epochs=1, build_fn=build)

    assert asked == [("my-net", (24, 24, 3), 2)]  # "my-net" is no preset: the builder alone knows it.
    assert result.report["input_shape"] == [24, 24, 3] and result.report["arch"] == "my-net"
    assert tuple(modelfile.read_info(result.model_path).input_shape) == (24, 24, 3)
    with pytest.raises(TrainingError, match="give an image size"):
        train_tiny(colour_data, tmp_path / "other", arch="my-net", image_size=None, build_fn=build)
