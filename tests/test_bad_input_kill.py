"""SIGKILL in the middle of saving a model (issue 7, item 3): the previous file stays whole, `--resume` finishes.

The run goes in a child process that wraps `core.modelfile.save_model`: on the chosen save,
once the first member of the new archive is written to the temporary file (Keras's own
writing, the archive still without its directory), the child tells the test through a pipe
and waits there forever. The test then
kills it with SIGKILL, so the kill lands inside the save every time, not by luck of timing.
"""

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from core import modelfile
from tests.training_helpers import TINY_ARCH, write_colour_images
from training import runfolder

ROOT = Path(__file__).resolve().parents[1]
CHILD_TIMEOUT_S = 180

CHILD = textwrap.dedent("""
    import hashlib, os, signal, sys, zipfile
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from core import modelfile

    report = os.fdopen({pipe}, "w")
    real_save_model, real_writestr = modelfile.save_model, zipfile.ZipFile.writestr
    saves = {{"count": 0, "before": None}}

    def digest(path):
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def stuck_writestr(archive, name, data, *args, **kwargs):
        real_writestr(archive, name, data, *args, **kwargs)  # Bytes of the new file, archive unfinished.
        archive.fp.flush()
        report.write(f"{{saves['before']}}\\t{{archive.filename}}\\t{{name}}\\n")  # One line: no buffering race.
        report.flush()
        while True:
            signal.pause()  # Until the test kills this process.

    def save_model(model, path, info):
        if Path(path).name == {target!r} and {when}:
            saves["count"] += 1
            if saves["count"] == {nth}:
                saves["before"] = digest(Path(path))  # The file as it was before this save.
                zipfile.ZipFile.writestr = stuck_writestr
        return real_save_model(model, path, info)

    modelfile.save_model = save_model
    import main
    sys.exit(main.main({arguments!r}))
""")


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _train_until_stuck_in_a_save(tmp_path, target, when, nth, epochs):
    """Starts the child, waits until it is inside the chosen save, kills it; returns (sha before, temp file)."""
    data = tmp_path / "data"
    write_colour_images(data, per_class=10)
    run = tmp_path / "run"
    arguments = ["train", str(data), "--arch", TINY_ARCH, "--size", "32", "--epochs", str(epochs), "--batch", "8",
                 "--no-augment", "--patience", "50", "--out", str(run)]
    read_end, write_end = os.pipe()
    script = CHILD.format(root=str(ROOT), pipe=write_end, target=target, when=when, nth=nth, arguments=arguments)
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    log = tmp_path / "child.log"  # A file, not a pipe: a full pipe would stall the child.
    with open(log, "wb") as stream:
        child = subprocess.Popen([sys.executable, "-c", script], env=environment, pass_fds=(write_end,),
                                 stdout=stream, stderr=stream)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as report:
            ready, _, _ = select.select([report], [], [], CHILD_TIMEOUT_S)
            assert ready, "the child never reached the save"
            stuck_in = report.readline().strip()  # Empty when the child ended without reaching it.
        assert stuck_in, f"the child ended before the save: {log.read_text(errors='replace')[-2000:]}"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    before, temporary, member = stuck_in.split("\t")
    return run, before, Path(temporary), member


def _resume(capsys, run):
    import main

    code = main.main(["train", "--resume", str(run)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_killed_while_saving_the_checkpoint_the_previous_one_resumes_the_run(tmp_path, capsys):
    # The second checkpoint save is the one of epoch 2; epoch 1's checkpoint is on disk by then.
    run, before, temporary, member = _train_until_stuck_in_a_save(
        tmp_path, "last.keras", "True", nth=2, epochs=3)

    checkpoint = run / runfolder.CHECKPOINT_FILE
    assert member and temporary.parent == checkpoint.parent and temporary.name.startswith(".last.")
    assert not zipfile.is_zipfile(temporary)  # The new file was cut off half-written...
    assert _sha256(checkpoint) == before  # ...and never replaced the previous one.
    assert modelfile.read_info(checkpoint).training["checkpoint"]["epochs_done"] == 1
    assert modelfile.load_model(checkpoint).info.class_names == ["red", "蓝色 blue"]
    # Epoch 2's best model, if it was better, was saved before its checkpoint.
    assert modelfile.load_model(run / runfolder.MODEL_FILE).info.training["best_epoch"] in (1, 2)
    assert not (run / runfolder.REPORT_FILE).exists()

    code, out, err = _resume(capsys, run)

    assert code == 0, err
    assert "resuming after epoch 1" in out and "Epoch 2/3" in out and "Epoch 3/3" in out
    assert not temporary.exists(), "resume removes the killed save's temporary file"
    report = json.loads((run / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert report["epochs_run"] == 3 and len(report["history"]["loss"]) == 3
    assert modelfile.load_model(run / runfolder.MODEL_FILE).info.training["epochs_run"] == 3


@pytest.mark.slow
def test_killed_while_saving_the_final_model_the_previous_model_loads_and_resume_finishes(tmp_path, capsys):
    # The last save of model.keras (the summary written into the best model after training)
    # is the only one whose summary is not marked "in_progress": a save over an existing model.
    run, before, temporary, member = _train_until_stuck_in_a_save(
        tmp_path, "model.keras", "'in_progress' not in info.training", nth=1, epochs=1)

    model = run / runfolder.MODEL_FILE
    assert member and temporary.parent == run and not zipfile.is_zipfile(temporary)
    assert before != "None" and _sha256(model) == before
    previous = modelfile.load_model(model)
    assert previous.info.class_names == ["red", "蓝色 blue"] and previous.info.training["in_progress"]
    assert not (run / runfolder.REPORT_FILE).exists()

    code, out, err = _resume(capsys, run)

    assert code == 0, err
    assert "Validation:  accuracy" in out
    finished = modelfile.load_model(model)
    assert "in_progress" not in finished.info.training and finished.info.training["epochs_run"] == 1
    assert not temporary.exists(), "resume removes the killed save's temporary file"
    report = json.loads((run / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert report["epochs_run"] == 1 and report["val_accuracy"] is not None
