"""`main.py train`: progress, summary, one-line errors, and a run that survives `kill -9`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import modelfile
from tests.training_helpers import TINY_ARCH, write_colour_images

ROOT = Path(__file__).resolve().parents[1]


def _train(capsys, *arguments):
    import main

    code = main.main(["train", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_train_prints_epochs_and_a_summary_and_writes_the_run(tmp_path, capsys):
    write_colour_images(tmp_path / "data", per_class=10)
    (tmp_path / "data" / "red" / "bad.png").write_text("no image")

    code, out, err = _train(capsys, tmp_path / "data", "--arch", TINY_ARCH, "--size", "32", "--epochs", "2",
                            "--batch", "8", "--no-augment", "--out", tmp_path / "run")

    assert code == 0
    assert "Epoch 1/2" in out and "Epoch 2/2" in out and "val_acc" in out
    assert "Validation:  accuracy" in out and "蓝色 blue" in out
    assert f"skipped: {tmp_path / 'data' / 'red' / 'bad.png'}: " in err
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert report["epochs_run"] == 2 and report["image_size"] == [32, 32]
    assert modelfile.load_model(tmp_path / "run" / "model.keras").info.class_names == ["red", "蓝色 blue"]


def test_train_refusals_are_one_line_with_exit_2(tmp_path, capsys):
    write_colour_images(tmp_path / "one", colours={"only": (9, 9, 9)}, per_class=3)

    code, out, err = _train(capsys, tmp_path / "one", "--arch", TINY_ARCH, "--out", tmp_path / "run")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.strip().splitlines()[-1].startswith(f"error: {tmp_path / 'one'}: 1 usable class folder")
    assert not (tmp_path / "run").exists()  # Nothing half-made is left behind.

    code, _, err = _train(capsys, tmp_path / "one", "--strategy", "multiworker", "--out", tmp_path / "mw")
    assert code == 2 and "keras-team/keras#20585" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "mw").exists()

    code, _, err = _train(capsys, "--resume", tmp_path / "nothing")
    assert code == 2 and "not a TongueLens run folder" in err


CHILD = r"""
import os, signal, sys
sys.path.insert(0, {root!r})
from training.progress import TrainingCallback
from training.trainer import TrainConfig, train

class KillAfterSecondEpoch(TrainingCallback):
    def on_epoch_end(self, progress):
        if progress.epoch == 2:
            os.kill(os.getpid(), signal.SIGKILL)

train(TrainConfig({data!r}, arch={arch!r}, image_size=32, epochs=3, batch_size=8, augment=False, out_dir={run!r}),
      callback=KillAfterSecondEpoch())
"""


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_and_finishes(tmp_path, capsys):
    write_colour_images(tmp_path / "data", per_class=10)
    run = tmp_path / "run"
    child = CHILD.format(root=str(ROOT), data=str(tmp_path / "data"), arch=TINY_ARCH, run=str(run))
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")

    killed = subprocess.run([sys.executable, "-c", child], env=environment, capture_output=True, timeout=300)

    assert killed.returncode == -9, killed.stderr.decode(errors="replace")[-2000:]
    assert modelfile.load_model(run / "model.keras").info.class_names == ["red", "蓝色 blue"]
    assert not (run / "report.json").exists()
    code, out, _ = _train(capsys, "--resume", run)
    assert code == 0 and "resuming after epoch 2" in out and "Epoch 3/3" in out
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    assert report["epochs_run"] == 3 and len(report["history"]["loss"]) == 3
