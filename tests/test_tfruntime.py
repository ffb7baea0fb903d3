"""TensorFlow starts without its C++ start-up chatter on the terminal."""

import subprocess
import sys

from tests.conftest import ROOT


def test_a_classify_run_prints_no_tensorflow_startup_logs(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 40), (200, 40, 40)).save(tmp_path / "red.png")
    completed = subprocess.run(
        [sys.executable, "main.py", "classify", str(tmp_path / "red.png"), "--model",
         str(ROOT / "demo" / "tongue-colour-demo.keras"), "--top", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert completed.returncode == 0, completed.stderr
    assert "red.png" in completed.stdout
    for chatter in ("absl::InitializeLog", "oneDNN", "cuda", "cuInit"):
        assert chatter not in completed.stderr, completed.stderr


def test_quiet_stderr_restores_stderr_and_lets_exceptions_through(capfd):
    import os

    import pytest

    from core.tfruntime import quiet_stderr

    with pytest.raises(RuntimeError):
        with quiet_stderr():
            os.write(2, b"hidden\n")
            raise RuntimeError("boom")
    os.write(2, b"shown\n")
    assert capfd.readouterr().err == "shown\n"


def test_one_trace_per_model_or_layer_leaves_no_retracing_warning_in_the_log():
    import logging

    from core import tfruntime

    tf = tfruntime.import_tensorflow()
    heard = []
    handler = logging.Handler()
    handler.emit = lambda record: heard.append(record.getMessage())
    logger = logging.getLogger("tensorflow")
    logger.addHandler(handler)

    class Engine:  # As each model opened compiles its own pass of one method.
        def forward(self, batch):
            return batch * 2.0

    try:
        for _ in range(8):
            tf.function(Engine().forward, input_signature=[tf.TensorSpec([None], tf.float32)])(tf.constant([1.0]))
        logger.warning("a TensorFlow warning of another kind")
    finally:
        logger.removeHandler(handler)
    assert heard == ["a TensorFlow warning of another kind"]  # TensorFlow said "6 out of the last 6 calls ...".
