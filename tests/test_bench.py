"""The benchmark runs and measures what it says: harness, inputs, jobs on a tiny model, the table.

No timed assertions: timings depend on the machine and its load. The figures checked here
are the ones that must hold on any machine (counts, that every timed call was a real
forward pass, that the report's ratios and GFLOP/s follow from the raw figures).
"""

import json
import os
import sys

import pytest

from bench import data, harness, report, suite


def test_run_job_adds_process_figures_to_the_jobs_own(tmp_path):
    script = tmp_path / "job.py"
    script.write_text("import json\nblock = b'x' * (50 * 2**20)\nprint('noise')\nprint(json.dumps({'answer': 42}))\n")

    figures = harness.run_job(script)

    assert figures["answer"] == 42
    assert figures["process_seconds"] > 0
    assert figures["cpu_seconds"] >= 0
    assert figures["peak_rss_mb"] > 50  # The 50 MB block is counted by the kernel.


def test_run_job_failure_raises_with_the_jobs_error_output(tmp_path):
    script = tmp_path / "job.py"
    script.write_text("import sys\nsys.stderr.write('the disk is on fire')\nsys.exit(3)\n")

    with pytest.raises(harness.JobError, match="the disk is on fire"):
        harness.run_job(script)


def test_run_job_passes_the_launch_time(tmp_path):
    script = tmp_path / "job.py"
    script.write_text("import json, os, time\n"
                      "print(json.dumps({'since_launch': time.time() - float(os.environ['BENCH_LAUNCH_TIME'])}))\n")

    figures = harness.run_job(script)

    assert 0 <= figures["since_launch"] <= figures["process_seconds"]


def test_image_folder_links_unique_images_and_is_reused(tmp_path):
    folder = data.image_folder(tmp_path, "big", count=10, size=24, seed=3, unique=4)
    files = data.image_files(folder)
    inodes = {os.stat(path).st_ino for path in files}
    first_mtime = os.stat(files[0]).st_mtime_ns

    again = data.image_folder(tmp_path, "big", count=10, size=24, seed=3, unique=4)

    assert len(files) == 10
    assert len({os.path.dirname(path) for path in files}) == data.CLASSES
    assert len(inodes) == 4  # Four drawn images, the rest hard links to them.
    assert again == folder and os.stat(files[0]).st_mtime_ns == first_mtime  # Cached: not drawn again.


def test_alternating_order_cancels_drift():
    runner = suite.Suite(suite.Sizes.named("tiny"), work="unused")
    runner.sizes.process_repeats = 3

    order = [side for side, _ in runner._alternating(("ours", 1), ("plain", 2))]

    assert order == ["ours", "plain", "plain", "ours", "ours", "plain"]


def _results(**jobs):
    sizes = suite.Sizes.named("tiny").__dict__
    prepare = {"gflops": 100.0, "models": {"small": {"macs": 10 ** 9}}, "threads": {"cpus": 2}}
    return {"sizes": sizes, "jobs": dict(prepare=prepare, **jobs), "load_average": {"start": 1.0, "end": 1.0}}


def test_report_ratios_targets_and_limit_follow_from_the_figures():
    results = _results(**{
        "train.ours": {"best_images_per_second": 10.0, "images_per_second": 9.0, "train_images": 80,
                       "val_images": 20, "process_seconds": 30.0, "peak_rss_mb": 900},
        "train.plain": {"best_images_per_second": 8.0, "images_per_second": 7.0, "train_images": 80,
                        "val_images": 20, "process_seconds": 20.0, "peak_rss_mb": 800},
        "classify.ours": {"process_seconds": 12.0, "cpu_seconds": 12.0, "images": 500, "peak_rss_mb": 660},
        "classify.plain": {"process_seconds": 10.0, "cpu_seconds": 9.0, "images": 500, "peak_rss_mb": 500},
    })

    rows = report.build_rows(results)
    limit = next(row for row in rows if row.name.startswith("float32 matmul"))
    training = next(row for row in rows if row.unit == "images/s")
    classify = next(row for row in rows if row.name.startswith("classify") and row.unit == "s")
    memory = next(row for row in rows if row.name.startswith("classify") and row.unit == "MB")

    assert limit.ours == 100.0
    assert training.ratio == pytest.approx(0.8) and training.met  # Ours takes 8/10 of plain's time per epoch.
    assert training.gflops == pytest.approx(10 * 10 ** 9 * 2 * 3 / 1e9)  # x3 for a training step.
    assert training.limit_fraction == pytest.approx(0.6)
    assert classify.ratio == pytest.approx(1.2) and classify.met is False
    assert memory.ratio == pytest.approx(1.32) and memory.met is False
    table = report.format_table(rows)
    assert "| NO |" in table and "0.80" in table


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A 16 px vgg-mini model file and a folder of 4 synthetic photos."""
    from bench.jobs import prepare

    folder = tmp_path_factory.mktemp("bench")
    photos = data.image_folder(folder, "photos", count=4, size=24)
    model = prepare.build_and_save(folder, "small", "vgg-mini", (16, 16, 3), 4)
    return model, photos, data.image_files(photos)


def test_jobs_on_a_tiny_model_run_and_time_real_forward_passes(tiny, capsys):
    from bench.baselines import activations_plain
    from bench.jobs import activations_ours, latency_ours

    model, _, images = tiny

    def run(main, *arguments):
        capsys.readouterr()
        main([str(argument) for argument in arguments])
        return json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    latency = run(latency_ours.main, model["path"], *images, "--repeats", 1)
    ours = run(activations_ours.main, model["path"], *images, "--repeats", 2)
    plain = run(activations_plain.main, model["path"], *images[:2], "--repeats", 1)

    assert model["macs"] > 0 and model["layers"] > 10
    assert 0 < latency["forward_seconds"] and 0 < latency["load_image_seconds"]
    assert ours["forward_passes"] == ours["timed_calls"] == 8  # Every timed call was a real pass (4 images x 2).
    assert ours["layers"] == plain["layers"] == model["layers"] - 1  # Every layer but the input, on both sides.
    assert ours["values"] == plain["values"]


def test_classify_process_ends_quickly_with_its_whole_output(tiny, tmp_path):
    # main.py ends `classify` without the interpreter's teardown: output and exit code must not suffer.
    model, photos, images = tiny
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")

    stdout, _ = harness.run_command(
        [sys.executable, harness.ROOT / "main.py", "classify", photos, broken, "--model", model["path"], "--json"],
        exit_code=1)  # The broken file failed; the others were classified.

    results = json.loads(stdout)
    assert [result["path"] for result in results] == images + [str(broken)]
    assert all("top" in result for result in results[:-1]) and "error" in results[-1]


@pytest.mark.slow
def test_bench_command_runs_end_to_end_on_tiny_sizes(tmp_path):
    out = tmp_path / "bench.json"
    stdout, _ = harness.run_command(
        [sys.executable, "-m", "bench", "--tiny", "--only", "latency", "--only", "coldstart",
         "--cache", tmp_path / "cache", "--work", tmp_path / "work", "--json", out], timeout=600)

    results = json.loads(out.read_text())
    assert "| float32 matmul" in stdout and "vs model.predict" in stdout
    assert {"prepare", "latency.ours", "latency.plain", "coldstart.ours", "limit_end"} <= set(results["jobs"])
    cold = results["jobs"]["coldstart.ours"]  # The app's own signals were heard, in order.
    assert 0 < cold["window_shown"] < cold["first_prediction"] <= cold["settled"] and cold["exit_code"] == 0
    assert all(job["peak_rss_mb"] > 0 for job in results["jobs"].values())


def test_segment_speed_leaves_out_an_unreadable_photo_and_times_the_others(tmp_path, capsys):
    import numpy as np

    from bench import segment_speed
    from tests.segmentation_data import red_segmenter, tongue_photo

    rng = np.random.default_rng(1)
    (tmp_path / "photos").mkdir()
    for index in range(4):
        tongue_photo(rng, (48, 64))[0].save(tmp_path / "photos" / f"p{index}.png")
    (tmp_path / "photos" / "broken.png").write_bytes(b"not an image")  # `segment` ends with 1 for it.

    assert segment_speed.main([str(tmp_path / "photos"), "--model", str(red_segmenter(tmp_path / "red.keras")),
                               "--photos", "5"]) == 0

    captured = capsys.readouterr()
    assert "| 3 of photos (64x48) |" in captured.out  # Four readable photos, one of them the warm-up.
    assert "s for 5 (" in captured.out  # The whole command was timed, not stopped by its exit code 1.
    assert f"skipped: {tmp_path / 'photos' / 'broken.png'}: not an image file" in captured.err


def test_segment_speed_lists_photos_within_the_listing_bound_and_leaves_hidden_ones_out(tmp_path, monkeypatch):
    from bench import segment_speed
    from core import imagefiles

    (tmp_path / "photos" / ".thumbnails").mkdir(parents=True)
    for name in ("b.png", "a.jpg", ".hidden.png", ".thumbnails/c.png"):
        (tmp_path / "photos" / name).write_bytes(b"")
    assert [path.name for path in segment_speed.photos_in(tmp_path / "photos", 5)] == ["a.jpg", "b.png"]

    for index in range(20):
        (tmp_path / "photos" / f"day {index}").mkdir()
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 10)  # As `/` would go past the real one.
    with pytest.raises(SystemExit, match="holds more than 10 files and folders"):
        segment_speed.photos_in(tmp_path / "photos", 5)
