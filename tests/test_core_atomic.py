"""Atomic writes: the previous file survives a failing writer and a killed process."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from core import atomic
from tests.conftest import ROOT


def test_write_text_replaces_the_file(tmp_path):
    target = tmp_path / "report.json"
    atomic.write_text(target, "old")
    atomic.write_text(target, "新的")
    assert target.read_text(encoding="utf-8") == "新的"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_a_failing_writer_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "model.keras"
    target.write_bytes(b"previous model")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as temporary:
            temporary.write_bytes(b"half a model")
            raise RuntimeError("crash during save")
    assert target.read_bytes() == b"previous model"
    assert [path.name for path in tmp_path.iterdir()] == ["model.keras"]


def test_atomic_path_keeps_the_suffix_for_format_sniffing_writers(tmp_path):
    with atomic.atomic_path(tmp_path / "curves.png") as temporary:
        assert temporary.suffix == ".png"
        assert temporary.parent == tmp_path
        temporary.write_bytes(b"x")
    assert (tmp_path / "curves.png").read_bytes() == b"x"


def test_sigkill_during_a_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"previous")
    writer = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from core import atomic
        with atomic.atomic_open({str(target)!r}, "wb") as stream:
            stream.write(b"partial")
            stream.flush()
            print("writing", flush=True)
            time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"writing"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert target.read_bytes() == b"previous"


def test_new_files_get_the_usual_permissions_and_replacements_keep_theirs(tmp_path):
    import stat

    fresh = tmp_path / "fresh.csv"
    atomic.write_text(fresh, "a")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic.write_text(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_stale_temporaries_of_killed_writes_are_removed_and_nothing_else(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(tmp_path / "model.keras") as temporary:
            temporary.write_bytes(b"half")
            kept_name = temporary.name
            (tmp_path / "copy").write_bytes(b"half")
            raise RuntimeError
    # A killed process leaves what a crash inside the block cannot: recreate that file.
    (tmp_path / kept_name).write_bytes(b"half")
    for name in ("model.keras", ".hidden.tmp", "notes.tmp.txt", ".a.tmp.keras"):
        (tmp_path / name).write_bytes(b"keep")
    removed = atomic.remove_stale_temporaries(tmp_path)
    assert [path.name for path in removed] == [kept_name]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["model.keras", ".hidden.tmp", "notes.tmp.txt", ".a.tmp.keras", "copy"])
