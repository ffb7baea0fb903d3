"""Our training: `training.trainer.train` on a folder, timed per epoch.

    python bench/jobs/train_ours.py DATA --arch vgg-mini --size 64 --epochs 3 --out RUN_DIR
        [--no-augment] [--ram-gb 4]

`--ram-gb` makes the scan believe the machine has that much memory, to check the disk-backed
image store that a small laptop would get. Prints train/val image counts, the seconds of each
epoch (training and validation, as the run's history records them), images/s per epoch after
the first (warm-up) epoch (median and fastest epoch), the scan's seconds and where the decoded images were stored.
"""

import argparse
import statistics
import time

from bench.jobs.common import emit


def instrument_dataset(figures, ram_gb=None):
    """Wraps `training.dataset` functions to record the scan time and the store kind (no behaviour change)."""
    from training import dataset

    scan, allocate = dataset.scan_dataset, dataset.allocate_store

    def timed_scan(*args, **kwargs):
        started = time.perf_counter()
        try:
            return scan(*args, **kwargs)
        finally:
            figures["scan_seconds"] = figures.get("scan_seconds", 0.0) + time.perf_counter() - started

    def recorded_allocate(*args, **kwargs):
        store = allocate(*args, **kwargs)
        figures["store"] = "disk (memory-mapped)" if hasattr(store, "filename") else "RAM"
        figures["store_mb"] = store.nbytes / 2 ** 20
        return store

    dataset.scan_dataset, dataset.allocate_store = timed_scan, recorded_allocate
    if ram_gb:
        dataset._total_ram = lambda: int(ram_gb * 2 ** 30)  # noqa: SLF001  A smaller machine, as the scan sees it.


def per_epoch_rates(images, epoch_seconds):
    """Images per second of the epochs after the first (warm-up; the only epoch when there is one).

    Returns:
        {"images_per_second": over the median epoch, "best_images_per_second": over the fastest},
        the fastest being the one least disturbed by other work on a shared machine.
    """
    timed = epoch_seconds[1:] or epoch_seconds
    return {"images_per_second": images / statistics.median(timed), "best_images_per_second": images / min(timed)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data")
    parser.add_argument("--arch", default="vgg-mini")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-augment", dest="augment", action="store_false")
    parser.add_argument("--ram-gb", type=float)
    args = parser.parse_args(argv)
    figures = {}
    instrument_dataset(figures, args.ram_gb)
    from training.trainer import TrainConfig, train

    started = time.perf_counter()
    config = TrainConfig(data_dir=args.data, arch=args.arch, image_size=args.size, epochs=args.epochs,
                         batch_size=args.batch, augment=args.augment, out_dir=args.out, patience=args.epochs + 1)
    result = train(config)
    report = result.report
    seconds = [float(value) for value in report["history"]["seconds"]]
    figures.update(
        train_images=report["train_images"], val_images=report["val_images"], epoch_seconds=seconds,
        run_seconds=time.perf_counter() - started, **per_epoch_rates(report["train_images"], seconds))
    emit(figures)


if __name__ == "__main__":
    main()
