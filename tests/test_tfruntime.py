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
