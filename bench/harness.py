"""Runs one benchmark job in a fresh process and measures it from the outside.

Every job is a script that prints one JSON object (its own figures) on its last line of
stdout. The harness adds the whole-process wall time, the CPU time and the peak resident
memory, read from the kernel's accounting of that child (`os.wait4`), so ours and the
plain-Keras baseline are measured the same way. While the child runs, a sampler also reads
its anonymous (heap) memory from /proc, which tells a memory-mapped image cache (file pages
the kernel may drop at any time) from memory the process really holds.
"""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAUNCH_TIME_ENV = "BENCH_LAUNCH_TIME"


class JobError(RuntimeError):
    """A job failed or timed out; the message holds the end of its output."""


def job_environment(extra=None):
    """The environment every job gets: the repository on the path, quiet TensorFlow, no GPU, offscreen Qt."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2",
                       CUDA_VISIBLE_DEVICES=os.environ.get("CUDA_VISIBLE_DEVICES", ""),
                       QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    environment.update(extra or {})
    return environment


def run_command(command, timeout=900, env=None, exit_code=0):
    """Runs `command` (a list) in a fresh process; returns (stdout text, process figures).

    `exit_code` is the code the command must end with (`main.py classify` ends with 1 when
    some files failed).

    The process figures are `process_seconds` (wall), `cpu_seconds` (user + system),
    `peak_rss_mb` (kernel's maximum resident set) and `peak_anon_mb` (sampled heap memory).

    Raises:
        JobError: the command ended with another code or ran past `timeout` seconds.
    """
    environment = job_environment(env)
    started = time.perf_counter()
    environment[LAUNCH_TIME_ENV] = repr(time.time())
    process = subprocess.Popen([str(part) for part in command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment, cwd=ROOT)
    sampler = _AnonSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = _communicate(process, timeout)
    finally:
        sampler.stop()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != exit_code:
        name = " ".join(Path(str(part)).name for part in command[:3])
        raise JobError(f"{name} exited with {process.returncode}:\n{stderr.decode(errors='replace')[-3000:]}")
    figures = {"process_seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "peak_rss_mb": usage.ru_maxrss / 1024}  # Linux reports KiB.
    if sampler.peak_kib:
        figures["peak_anon_mb"] = sampler.peak_kib / 1024
    return stdout.decode(errors="replace"), figures


def run_job(script, *arguments, timeout=900, env=None):
    """Runs `python script arguments...` and returns its JSON figures plus the process figures.

    Returns:
        A dict: the job's own figures (its last stdout line), `process_seconds`,
        `cpu_seconds`, `peak_rss_mb` and `peak_anon_mb`.

    Raises:
        JobError: the job failed, timed out or printed no JSON last line.
    """
    stdout, process_figures = run_command([sys.executable, script, *arguments], timeout=timeout, env=env)
    lines = stdout.strip().splitlines()
    try:
        figures = json.loads(lines[-1])
    except (IndexError, ValueError):
        raise JobError(f"{Path(script).name} printed no JSON figures line; its output ends:\n{stdout[-1000:]}") \
            from None
    figures.update(process_figures)
    return figures


def _communicate(process, timeout):
    """Reads both pipes without reaping the child, so that `os.wait4` can still collect its usage."""
    chunks = {"out": [], "err": []}

    def drain(stream, key):
        for block in iter(lambda: stream.read(65536), b""):
            chunks[key].append(block)

    readers = [threading.Thread(target=drain, args=(process.stdout, "out"), daemon=True),
               threading.Thread(target=drain, args=(process.stderr, "err"), daemon=True)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout
    for reader in readers:
        reader.join(max(0.0, deadline - time.monotonic()))
    if any(reader.is_alive() for reader in readers):
        process.kill()
        os.wait4(process.pid, 0)
        raise JobError(f"job timed out after {timeout} s")
    return b"".join(chunks["out"]), b"".join(chunks["err"])


class _AnonSampler(threading.Thread):
    """Samples the child's RssAnon (KiB) from /proc every 50 ms; keeps the peak (0 where /proc is missing)."""

    def __init__(self, pid, interval=0.05):
        super().__init__(daemon=True)
        self.path = Path(f"/proc/{pid}/status")
        self.interval = interval
        self.peak_kib = 0
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.is_set():
            try:
                for line in self.path.read_text().splitlines():
                    if line.startswith("RssAnon:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                        break
            except (OSError, ValueError):
                return
            self._stopped.wait(self.interval)

    def stop(self):
        self._stopped.set()
        self.join(1.0)


def load_average():
    """The 1-minute load average, or None where the platform does not tell."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None
