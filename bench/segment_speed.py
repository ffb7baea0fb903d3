"""Time per photo of `main.py segment`: decode, forward pass, mask back at the photo's size, post-processing.

    .venv/bin/python bench/segment_speed.py PHOTO_DIR [PHOTO_DIR ...] [--model SEG.keras] [--photos 50]

For each folder it times, per photo (one at a time, batch 1, as the app will), after one
warm-up photo: decoding the file (`core.images.load_rgb`), resizing it to the model's input,
the forward pass (`Segmenter.probabilities`, a compiled `tf.function`), resizing the probability
map back and thresholding it, and keeping the largest region with its holes filled. Then it
times the whole `main.py segment FOLDER --out TMP` command in a fresh process (TensorFlow's
start and the model's load included) and divides by the photos. Prints a Markdown table; the
wall times depend on what else runs on the machine (the load average is printed), so the CPU
time of the whole per-photo work (all threads) is printed too.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = ("decode", "resize in", "forward", "resize out + threshold", "largest region + holes", "total")
# CPU seconds of this process (all its threads) per photo: on a busy machine the wall time waits for
# the other programs, the CPU time does not; on idle cores the wall time is at most about this.
CPU_TOTAL = "total CPU time"


def photos_in(folder, count):
    """The first `count` photos under `folder`, listed as `segment` lists them (bounded, hidden ones left out).

    Raises:
        SystemExit: the folder is too large to list (`/` given by mistake), with its one-line reason.
    """
    from core.imagefiles import TooManyEntries, list_image_files

    try:
        found, _ = list_image_files(folder)
    except TooManyEntries as error:
        raise SystemExit(str(error)) from None
    return [Path(path) for path in found[:count]]


def time_steps(segmenter, paths):
    """Median milliseconds of each step over `paths`, and the sizes and count of the photos timed.

    The first readable photo warms up and is not counted; an unreadable one is left out.
    """
    from core import images, masks
    from core.segmenter import mask_from_probabilities

    rows = {step: [] for step in STEPS + (CPU_TOTAL,)}
    sizes = set()
    warmed_up = False
    for path in paths:
        cpu_start = time.process_time()
        marks = [time.perf_counter()]
        try:
            photo = images.load_rgb(path)
        except images.ImageError as error:  # One unreadable photo is left out, as `segment` leaves it.
            print(f"skipped: {error}", file=sys.stderr)
            continue
        marks.append(time.perf_counter())
        model_input = segmenter.model_input(photo)
        marks.append(time.perf_counter())
        probability = segmenter.probabilities(model_input)[0]
        marks.append(time.perf_counter())
        raw = mask_from_probabilities(probability, (photo.height, photo.width), postprocess=False)
        marks.append(time.perf_counter())
        masks.postprocess(raw)
        marks.append(time.perf_counter())
        sizes.add(photo.size)
        if not warmed_up:
            warmed_up = True
            continue
        for step, start, end in zip(STEPS, marks, marks[1:]):
            rows[step].append(1000 * (end - start))
        rows["total"].append(1000 * (marks[-1] - marks[0]))
        rows[CPU_TOTAL].append(1000 * (time.process_time() - cpu_start))
    if not rows["total"]:
        raise SystemExit("no photo could be timed: give a folder of at least two readable photos")
    return {step: statistics.median(values) for step, values in rows.items()}, sizes, len(rows["total"])


def time_command(model, folder, count):
    """Seconds of a fresh `main.py segment` on `count` photos copied as links into a temporary folder."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "photos"
        source.mkdir()
        for path in photos_in(folder, count):
            os.symlink(path.resolve(), source / path.name)
        command = [sys.executable, str(ROOT / "main.py"), "segment", str(source), "--out", str(Path(scratch) / "out")]
        if model:
            command += ["--model", str(model)]
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, cwd=ROOT)
        seconds = time.perf_counter() - started
        if completed.returncode not in (0, 1):  # 1: a photo could not be read; the others were timed.
            stderr = completed.stderr.decode(errors="replace").strip()
            raise SystemExit(f"main.py segment exited with {completed.returncode}: {stderr[-2000:]}")
        return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", metavar="PHOTO_DIR", help="folders of photos (searched recursively)")
    parser.add_argument("--model", help="a segmenter (default: the bundled one)")
    parser.add_argument("--photos", type=int, default=50, help="photos per folder (default: 50)")
    args = parser.parse_args(argv)

    from core import tfruntime

    tfruntime.import_tensorflow()
    from core import segmenter as segmenters

    model_path = Path(args.model) if args.model else segmenters.BUNDLED_SEGMENTER
    load_started = time.perf_counter()
    segmenter = segmenters.load_segmenter(model_path)
    load_seconds = time.perf_counter() - load_started
    print(f"{model_path.name}: {model_path.stat().st_size / 1e6:.2f} MB, "
          f"{segmenter.loaded.model.count_params():,} parameters, input {'x'.join(map(str, segmenter.info.input_shape))}; "
          f"loaded in {load_seconds:.2f} s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}\n")
    columns = STEPS + (CPU_TOTAL,)
    print("| photos | " + " | ".join(f"{step} (ms)" for step in columns) + " | `main.py segment`, whole command |")
    print("| --- " * (len(columns) + 2) + "|")
    for folder in args.folders:
        paths = photos_in(folder, args.photos + 1)
        medians, sizes, timed = time_steps(segmenter, paths)
        command_seconds = time_command(args.model, folder, args.photos)
        size_text = ", ".join(f"{width}x{height}" for width, height in sorted(sizes))
        print(f"| {timed} of {Path(folder).name} ({size_text}) | "
              + " | ".join(f"{medians[step]:.1f}" for step in columns)
              + f" | {command_seconds:.1f} s for {args.photos} ({1000 * command_seconds / args.photos:.0f} ms/photo) |")
    print(f"\nmedian per photo after one warm-up photo; load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
