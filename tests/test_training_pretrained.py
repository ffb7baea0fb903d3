"""Training from pretrained backbone weights: `train --arch BACKBONE --weights imagenet|none|FILE` (issue 16, part B).

Nothing is downloaded from outside: the weights file is made here from the application itself,
"downloads" come from a server on 127.0.0.1, and "offline" is a port where nothing listens.
"""

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from training import phases
from training.config import TrainConfig, TrainingError, check_config
from training.progress import PHASE_DOWNLOADING, TrainingCallback
from tests.training_helpers import write_colour_images

ROOT = Path(__file__).resolve().parents[1]
# Nothing listens on port 1 of the loopback: a connection is refused at once, as offline.
UNREACHABLE = "http://127.0.0.1:1/keras-weights/"
SIZE = 32


class Recorder(TrainingCallback):
    """Keeps every event of a run."""

    def __init__(self):
        self.messages, self.phases, self.downloads, self.epochs = [], [], [], []

    def on_message(self, text):
        self.messages.append(text)

    def on_phase(self, info):
        self.phases.append(info)

    def on_batch_end(self, progress):
        if progress.phase == PHASE_DOWNLOADING:
            self.downloads.append(progress)

    def on_epoch_end(self, progress):
        self.epochs.append(progress.epoch)


@pytest.fixture(scope="module")
def mobilenet_file(tmp_path_factory):
    """MobileNetV2 no-top weights in Keras's downloaded layout, with weights no fresh build has."""
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    from models import backbones

    application = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(SIZE, SIZE, 3))
    rng = np.random.default_rng(0)
    for weight in application.weights:
        noise = rng.normal(0, 0.05, weight.shape).astype("float32")
        weight.assign(noise + (1.0 if weight.path.endswith(("variance", "gamma")) else 0.0))
    path = tmp_path_factory.mktemp("weights") / backbones.get_backbone("mobilenetv2").weights_file
    with h5py.File(path, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, application)
    return {"path": path, "weights": {weight.path: weight.numpy() for weight in application.weights}}


@pytest.fixture()
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv("TONGUELENS_WEIGHTS_URL", UNREACHABLE)


def _backbone_weights(model_path):
    import keras

    model = keras.saving.load_model(model_path, compile=False, safe_mode=True)
    return {weight.path: weight.numpy() for weight in model.get_layer("backbone").weights}


def _config(data, out, **settings):
    values = dict(arch="mobilenetv2", image_size=SIZE, epochs=3, batch_size=8, augment=False, out_dir=str(out))
    values.update(settings)
    return TrainConfig(str(data), **values)


@pytest.mark.slow
def test_a_weights_file_starts_the_backbone_trains_in_two_phases_and_resumes_in_phase_two(mobilenet_file, tmp_path):
    from training.trainer import train

    data = tmp_path / "data"
    write_colour_images(data, per_class=8, size=SIZE)
    stored = mobilenet_file["weights"]
    recorder = Recorder()
    # Killed in phase 2: stopped at the start of the third epoch (head: epoch 1; fine-tune: 2-3).
    first = train(_config(data, tmp_path / "run", weights=str(mobilenet_file["path"])), callback=recorder,
                  should_stop=lambda: len(recorder.epochs) >= 2)

    assert first.cancelled and first.report["epochs_run"] == 2
    assert [(info.name, info.first_epoch, info.last_epoch) for info in recorder.phases] == [
        ("head", 1, 1), ("fine-tune", 2, 3)]
    assert any(message.key == "trainer.weights_file" for message in recorder.messages)
    assert first.report["weights"] == {"source": "file", "path": str(mobilenet_file["path"]), "layers": 104}
    checkpoint = _backbone_weights(tmp_path / "run" / "checkpoint" / "last.keras")
    # It started from the file: the bottom of the backbone, frozen in both phases, is still the file's,
    # and batch norm never moved; the top, fine-tuned in phase 2, moved.
    np.testing.assert_array_equal(checkpoint["Conv1/kernel"], stored["Conv1/kernel"])
    for path in checkpoint:
        if path.endswith(("moving_mean", "moving_variance", "gamma", "beta")):
            np.testing.assert_array_equal(checkpoint[path], stored[path], err_msg=path)
    assert not np.array_equal(checkpoint["Conv_1/kernel"], stored["Conv_1/kernel"])
    assert np.array_equal(checkpoint["block_12_project/kernel"], stored["block_12_project/kernel"])

    resumed_recorder = Recorder()
    result = train(TrainConfig(resume=str(tmp_path / "run")), callback=resumed_recorder)
    assert not result.cancelled and result.report["epochs_run"] == 3
    # It went on in phase 2: the same layers learn, at phase 2's learning rate, on its schedule.
    assert [(info.name, info.first_epoch) for info in resumed_recorder.phases] == [("fine-tune", 2)]
    final = _backbone_weights(tmp_path / "run" / "checkpoint" / "last.keras")
    np.testing.assert_array_equal(final["block_12_project/kernel"], stored["block_12_project/kernel"])
    np.testing.assert_array_equal(final["block_16_project_BN/moving_mean"], stored["block_16_project_BN/moving_mean"])
    assert not np.array_equal(final["Conv_1/kernel"], checkpoint["Conv_1/kernel"])
    rates = result.report["history"]["learning_rate"]
    # Each phase's cosine schedule ends at 5 % of its rate: epoch 3 ends phase 2's (1e-4), so the
    # resumed optimizer went on where phase 2 stood (a fresh one would be half-way down its own).
    assert rates[0] == pytest.approx(5e-5, rel=1e-3) and rates[2] == pytest.approx(5e-6, rel=1e-3)
    assert rates[1] > rates[2]
    report = result.report
    assert [(p["name"], p["first_epoch"], p["epochs_run"]) for p in report["phases"]] == [
        ("head", 1, 1), ("fine-tune", 2, 2)]
    assert report["phases"][0]["trainable_weights"] < report["phases"][1]["trainable_weights"]
    assert report["weights"]["source"] == "file"
    saved = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert saved["phases"] == report["phases"]

    from core import modelfile

    info = modelfile.read_info(result.model_path)
    assert info.training["weights"]["path"] == str(mobilenet_file["path"]) and len(info.training["phases"]) == 2


@pytest.mark.slow
def test_a_labels_table_trains_a_head_per_attribute_on_a_backbone_from_a_weights_file(mobilenet_file, tmp_path):
    from core import modelfile
    from training.trainer import train

    data = tmp_path / "data"
    write_colour_images(data, per_class=6, size=SIZE)
    lines = ["image,colour,half"]
    for index, path in enumerate(sorted(data.rglob("*.png"))):
        half = "" if index % 4 == 0 else ("first", "second")[index % 2]  # Blank cells, as real sheets have.
        lines.append(f"{path.relative_to(data).as_posix()},{path.parent.name},{half}")
    labels = tmp_path / "labels.csv"
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = train(_config(data, tmp_path / "run", weights=str(mobilenet_file["path"]), labels=str(labels), epochs=2))

    assert not result.cancelled
    assert [attribute["name"] for attribute in modelfile.read_info(result.model_path).attributes] == ["colour", "half"]
    assert [(phase["name"], phase["epochs_run"]) for phase in result.report["phases"]] == [
        ("head", 1), ("fine-tune", 1)]
    assert result.report["weights"]["source"] == "file"
    # Both heads sit on the backbone the file started: its frozen bottom is still the file's.
    backbone = _backbone_weights(result.model_path)
    np.testing.assert_array_equal(backbone["Conv1/kernel"], mobilenet_file["weights"]["Conv1/kernel"])


def test_a_model_without_a_pretrained_backbone_trains_in_one_phase_as_before(tmp_path):
    from tests.training_helpers import train_tiny

    write_colour_images(tmp_path / "data", per_class=6)
    recorder = Recorder()
    result = train_tiny(tmp_path / "data", tmp_path / "run", epochs=2, callback=recorder)
    assert result.report["weights"] is None and recorder.phases == []
    [phase] = result.report["phases"]
    assert (phase["name"], phase["epochs"], phase["first_epoch"], phase["epochs_run"]) == ("train", 2, 1, 2)
    assert phase["unfreeze_from"] == "*" and phase["frozen_weights"] == 0
    assert not any(message.key.startswith(("trainer.phase", "trainer.weights")) for message in recorder.messages)


def test_imagenet_offline_fails_in_one_line_naming_weights_file_and_leaves_no_folder(offline, tmp_path):
    from training.trainer import train

    data = tmp_path / "data"
    write_colour_images(data, per_class=3)
    with pytest.raises(TrainingError) as caught:
        train(_config(data, tmp_path / "run", weights="imagenet"))
    message = str(caught.value)
    assert "\n" not in message and "--weights FILE" in message and "mobilenet_v2" in message
    assert not (tmp_path / "run").exists()


def test_the_command_line_offline_says_one_line_and_leaves_no_folder(tmp_path):
    data = tmp_path / "data"
    write_colour_images(data, per_class=3)
    environment = dict(os.environ, KERAS_HOME=str(tmp_path / "keras-home"), TONGUELENS_WEIGHTS_URL=UNREACHABLE)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "train", str(data), "--arch", "mobilenetv2", "--weights", "imagenet",
         "--out", str(tmp_path / "run")], capture_output=True, text=True, env=environment, timeout=300)
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
    [line] = completed.stderr.strip().splitlines()
    assert line.startswith("error: cannot download the ImageNet weights of mobilenetv2") and "--weights FILE" in line
    assert not (tmp_path / "run").exists()


def test_a_download_reports_its_progress_and_is_cached_for_the_next_run(tmp_path, monkeypatch):
    from models import backbones

    served = tmp_path / "mirror"
    served.mkdir()
    payload = os.urandom(300_000)  # Keras gives no checksum for MobileNetV2's file: any bytes do here.
    (served / backbones.get_backbone("mobilenetv2").weights_file).write_bytes(payload)
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
        monkeypatch.setenv("TONGUELENS_WEIGHTS_URL", f"http://127.0.0.1:{server.server_address[1]}/")
        config = _config(tmp_path, tmp_path / "run", weights="imagenet")
        stopped = Recorder()
        from models.pretrained import DownloadCancelled

        with pytest.raises(DownloadCancelled):
            phases.fetch_weights(config, stopped, should_stop=lambda: True)
        assert not list((tmp_path / "keras-home" / "models").iterdir())  # Nothing half-written is left.

        recorder = Recorder()
        path = phases.fetch_weights(config, recorder)
    finally:
        server.shutdown()
        thread.join()
    assert path.read_bytes() == payload and path.parent == tmp_path / "keras-home" / "models"
    done = [progress.batch for progress in recorder.downloads]
    assert done == sorted(done) and done[-1] == recorder.downloads[-1].batches == len(payload)
    assert "0.3 of 0.3 MB" in recorder.downloads[-1].message
    assert [message.key for message in recorder.messages] == ["trainer.downloading_weights",
                                                              "trainer.weights_downloaded"]
    assert phases.fetch_weights(config, Recorder()) == path  # Cached: no server needed now.


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("settings", "expected"), [
    (dict(arch="vgg-mini", weights="imagenet"), "vgg-mini has no pretrained weights; choose a backbone (mobilenetv2"),
    (dict(arch="mobilenetv2", weights="missing.h5"), "--weights missing.h5: file not found"),
    (dict(arch="mobilenetv2", weights="imagenet", from_model="old.keras"), "cannot be used with --from"),
])
def test_weights_that_cannot_work_are_refused_before_anything_is_made(settings, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TrainingError, match=expected.replace("(", r"\(")):
        check_config(TrainConfig(str(tmp_path), **settings))
    check_config(TrainConfig(str(tmp_path), arch="mobilenetv2", weights="None"))
    check_config(TrainConfig(str(tmp_path), arch="vgg-mini"))  # The default: none.
