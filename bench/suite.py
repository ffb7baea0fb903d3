"""Every benchmark: which jobs run, on what inputs, in which order.

Each benchmark runs our job and its plain-Keras baseline in fresh processes of the same run,
one after the other (process-level jobs alternate ours/plain/plain/ours when repeated, so a
change in the machine's load hits both sides alike). The raw figures of every job go into one
dict; `bench.report` turns them into the table.
"""

import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import data, harness

BENCH = Path(__file__).resolve().parent
JOBS = BENCH / "jobs"
BASELINES = BENCH / "baselines"
MAIN = harness.ROOT / "main.py"

# The tiny network of the memory job: about 2.1 M multiply-adds per 224 px image, so the
# epoch measures the input pipeline and its memory, not the convolutions.
TINY_PATTERN = "INPUT -> CONV(K=8, F=4, S=4, P=0) -> RELU -> POOL -> CONV(K=16) -> RELU -> GAP -> FC"

BENCHMARK_NAMES = ("limit", "train", "classify", "latency", "activations", "coldstart", "memory")


@dataclasses.dataclass
class Sizes:
    """How big each benchmark is (`full` for BENCHMARKS.md, `quick` to develop, `tiny` for tests)."""

    arch: str = "vgg-mini"
    side: int = 64  # Model input side for train/classify/latency/activations.
    photo_side: int = 128  # Side of the generated photos (resized by both sides to the model's input).
    train_images: int = 400
    epochs: int = 4  # The first is warm-up.
    classify_images: int = 500
    latency_images: int = 20
    latency_repeats: int = 3
    activation_images: int = 9
    activation_repeats: int = 2
    process_repeats: int = 2  # Whole-process jobs (classify, cold start) run this many times per side.
    memory_images: int = 10000
    memory_side: int = 224
    memory_unique: int = 1000
    memory_low_ram_gb: float = 4.0  # A laptop this size gets the disk-backed image store.
    matmul_side: int = 2048

    @classmethod
    def named(cls, name):
        if name == "full":
            return cls()
        if name == "quick":
            return cls(side=32, photo_side=64, train_images=120, epochs=2, classify_images=100, latency_images=8,
                       latency_repeats=2, activation_images=4, activation_repeats=1, process_repeats=1,
                       memory_images=600, memory_side=96, memory_unique=200, matmul_side=1024)
        if name == "tiny":
            return cls(side=16, photo_side=32, train_images=24, epochs=2, classify_images=12, latency_images=3,
                       latency_repeats=1, activation_images=2, activation_repeats=1, process_repeats=1,
                       memory_images=24, memory_side=32, memory_unique=12, memory_low_ram_gb=0.001,
                       matmul_side=256)
        raise ValueError(f"unknown size {name!r}; choose full, quick or tiny")


class Suite:
    """Runs the chosen benchmarks and collects their raw figures.

    Args:
        sizes: a `Sizes`.
        cache: folder for generated images (kept between runs).
        work: folder for models and run folders of this run.
        only: names from `BENCHMARK_NAMES` to run (all when empty).
        log: callable(text) for progress lines.
    """

    def __init__(self, sizes, cache=data.DEFAULT_CACHE, work=None, only=(), log=None):
        self.sizes = sizes
        self.cache = Path(cache)
        self.own_work = work is None  # A folder made here is removed at the end; one given is kept.
        self.work = Path(work or tempfile.mkdtemp(prefix="tonguelens-bench-"))
        self.only = set(only) or set(BENCHMARK_NAMES)
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.results = {"sizes": dataclasses.asdict(sizes), "load_average": {}, "jobs": {}}

    def run(self):
        """Runs everything chosen; returns the raw results dict."""
        started = time.perf_counter()
        self.results["load_average"]["start"] = harness.load_average()
        try:
            self._prepare()
            for name in BENCHMARK_NAMES[1:]:
                if name in self.only:
                    getattr(self, f"_{name}")()
            self.log("measuring the matmul throughput again (the limit is the better of the two)")
            self._job("limit_end", JOBS / "prepare.py", self.work / "models", "--matmul", self.sizes.matmul_side)
        finally:
            if self.own_work:
                shutil.rmtree(self.work, ignore_errors=True)
        self.results["load_average"]["end"] = harness.load_average()
        self.results["seconds"] = time.perf_counter() - started
        return self.results

    # --- Inputs and the limit ------------------------------------------------------------

    def _prepare(self):
        sizes = self.sizes
        self.log("preparing images (cached in %s) and models" % self.cache)
        self.photos = data.image_folder(self.cache, f"photos-{sizes.photo_side}-{sizes.classify_images}",
                                        sizes.classify_images, sizes.photo_side)
        self.train_data = data.image_folder(self.cache, f"train-{sizes.photo_side}-{sizes.train_images}",
                                            sizes.train_images, sizes.photo_side, seed=11)
        self.photo_files = data.image_files(self.photos)
        model_specs = [f"small={sizes.arch}@{sizes.side}x{sizes.side}x3"]
        if "memory" in self.only:
            self.big_data = data.image_folder(
                self.cache, f"big-{sizes.memory_side}-{sizes.memory_images}", sizes.memory_images,
                sizes.memory_side, seed=23, unique=sizes.memory_unique)
            model_specs.append(f"tiny={TINY_PATTERN}@{sizes.memory_side}x{sizes.memory_side}x3")
        arguments = [self.work / "models", "--matmul", sizes.matmul_side]
        for spec in model_specs:
            arguments += ["--model", spec]
        self.log("measuring the machine's float32 matmul throughput")
        prepared = self._job("prepare", JOBS / "prepare.py", *arguments)
        self.models = prepared["models"]
        self.model_path = self.models["small"]["path"]

    # --- The benchmarks -----------------------------------------------------------------

    def _train(self):
        sizes = self.sizes
        common = ["--arch", sizes.arch, "--size", sizes.side, "--epochs", sizes.epochs]
        self.log(f"training: {sizes.train_images} images, {sizes.epochs} epochs, x{sizes.process_repeats} per side")
        jobs = (("ours", [JOBS / "train_ours.py", self.train_data, *common, "--out"]),
                ("plain", [BASELINES / "train_plain.py", self.train_data, *common]))
        for index, (side, arguments) in enumerate(self._alternating(*jobs)):
            if side == "ours":
                arguments = arguments + [self.work / f"run-train-{index}"]  # A new run folder each time.
            self._job(f"train.{side}", *arguments, best=lambda run: -run["best_images_per_second"])

    def _classify(self):
        ours = [sys.executable, MAIN, "classify", self.photos, "--model", self.model_path, "--json"]
        plain = [sys.executable, BASELINES / "classify_plain.py", self.photos, self.model_path]
        self.log(f"classify a folder of {len(self.photo_files)} images, x{self.sizes.process_repeats} per side")
        for side, command in self._alternating(("ours", ours), ("plain", plain)):
            stdout, figures = harness.run_command(command)
            figures.update(_last_line_figures(stdout))
            figures["images"] = _count_results(stdout)
            self._keep(f"classify.{side}", figures)
        for _ in range(self.sizes.process_repeats):
            self._job("classify.ours_in_process", JOBS / "classify_ours.py", self.photos, self.model_path,
                      best=lambda run: run["classify_seconds"])

    def _latency(self):
        sizes = self.sizes
        images = self.photo_files[:sizes.latency_images]
        arguments = [self.model_path, *images, "--repeats", sizes.latency_repeats]
        self.log("one image to probabilities")
        self._job("latency.ours", JOBS / "latency_ours.py", *arguments)
        self._job("latency.plain", BASELINES / "latency_plain.py", *arguments)

    def _activations(self):
        sizes = self.sizes
        images = self.photo_files[:sizes.activation_images]
        arguments = [self.model_path, *images, "--repeats", sizes.activation_repeats]
        self.log("all-layer activations of one image")
        self._job("activations.ours", JOBS / "activations_ours.py", *arguments)
        self._job("activations.plain", BASELINES / "activations_plain.py", *arguments)

    def _coldstart(self):
        image = self.photo_files[0]
        settings = self.work / "gui-settings.ini"
        environment = {"TONGUELENS_SETTINGS": str(settings)}
        self.log(f"app cold start, x{self.sizes.process_repeats} per side")
        jobs = (("ours", [JOBS / "coldstart_ours.py", self.model_path, image, self.work / "screenshot.png"]),
                ("plain_qt", [BASELINES / "coldstart_plain_qt.py"]))
        for side, arguments in self._alternating(*jobs):
            self._job(f"coldstart.{side}", *arguments, env=environment)
        self._job("coldstart.plain_predict", BASELINES / "coldstart_plain_predict.py", self.model_path, image)

    def _memory(self):
        sizes = self.sizes
        common = ["--arch", TINY_PATTERN, "--size", sizes.memory_side, "--epochs", 1, "--no-augment"]
        self.log(f"memory: one epoch over {sizes.memory_images} images at {sizes.memory_side} px")
        self._job("memory.ours", JOBS / "train_ours.py", self.big_data, *common, "--out", self.work / "run-memory")
        self._job("memory.ours_low_ram", JOBS / "train_ours.py", self.big_data, *common,
                  "--out", self.work / "run-memory-low-ram", "--ram-gb", sizes.memory_low_ram_gb)
        self._job("memory.plain", BASELINES / "train_plain.py", self.big_data, *common)

    # --- Helpers ------------------------------------------------------------------------

    def _alternating(self, first, second):
        """(side, command) pairs in the order ours, plain, plain, ours, ... for `process_repeats` each."""
        order = []
        for repeat in range(self.sizes.process_repeats):
            order += [first, second] if repeat % 2 == 0 else [second, first]
        return order

    def _job(self, key, script, *arguments, env=None, best=None):
        began = time.perf_counter()
        figures = harness.run_job(script, *arguments, env=env)
        self._keep(key, figures, best)
        self.log(f"  {key}: {time.perf_counter() - began:.1f} s")
        return figures

    def _keep(self, key, figures, best=None):
        """Stores a job's figures; a repeated job keeps every run under `runs` and its best run's figures on top.

        Args:
            key: the job's name in the results.
            figures: this run's figures.
            best: callable(run figures) -> sort key, smallest best; default: the shortest process.
        """
        figures["load_average"] = harness.load_average()
        jobs = self.results["jobs"]
        runs = jobs.get(key, {}).get("runs", []) + [figures]
        chosen = min(runs, key=best or (lambda run: run["process_seconds"]))
        jobs[key] = dict(chosen, runs=runs)


def _last_line_figures(stdout):
    """The figures the baseline prints after its results (a JSON object on the last line), else {}."""
    lines = stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        return json.loads(lines[-1])
    return {}


def _count_results(stdout):
    """The number of files classified in `classify --json` output (ours and the baseline print the same shape)."""
    text = stdout.strip()
    start, end = text.find("["), text.rfind("]")
    results = json.loads(text[start:end + 1])
    return sum(1 for result in results if "top" in result)
