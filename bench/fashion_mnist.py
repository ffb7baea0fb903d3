"""Real photos for benchmarks: Fashion-MNIST's product photos as class folders of PNG files.

    apt-get install dataset-fashion-mnist      # Debian's copy: /usr/share/datasets/fashion-mnist
    .venv/bin/python -m bench.fashion_mnist OUT_DIR [--train-per-class 300] [--heldout-per-class 100]

Fashion-MNIST (Zalando Research, MIT licence) holds 70,000 photographs of clothing from Zalando's
catalogue, shrunk to 28x28 grey. They are real photos, not drawings, and Debian ships them, so a
machine with no network beyond the package registries can still measure training on real
images. Writes OUT_DIR/train/<class>/*.png from the training file and OUT_DIR/heldout/<class>/*.png
from the separate test file, so the held-out photos were never seen in training.
"""

import argparse
import gzip
import struct
from pathlib import Path

import numpy as np

DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
CLASS_NAMES = ("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
               "ankle-boot")
_IMAGES_MAGIC, _LABELS_MAGIC = 2051, 2049


def read_idx(images_path, labels_path):
    """Reads one IDX image file and its label file.

    Returns:
        (uint8 array (n, 28, 28), uint8 array (n,) of class indices).
    """
    with gzip.open(images_path, "rb") as stream:
        magic, count, rows, columns = struct.unpack(">IIII", stream.read(16))
        if magic != _IMAGES_MAGIC:
            raise ValueError(f"{images_path}: not an IDX image file")
        images = np.frombuffer(stream.read(), dtype=np.uint8).reshape(count, rows, columns)
    with gzip.open(labels_path, "rb") as stream:
        magic, count = struct.unpack(">II", stream.read(8))
        if magic != _LABELS_MAGIC:
            raise ValueError(f"{labels_path}: not an IDX label file")
        labels = np.frombuffer(stream.read(), dtype=np.uint8)
    return images, labels


def write_class_folders(images, labels, out_dir, per_class):
    """Writes the first `per_class` images of each class as OUT_DIR/<class>/<index>.png."""
    from PIL import Image

    for class_index, name in enumerate(CLASS_NAMES):
        folder = Path(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        for index in np.flatnonzero(labels == class_index)[:per_class]:
            Image.fromarray(images[index]).save(folder / f"{index:05d}.png")


def export(out_dir, train_per_class=300, heldout_per_class=100, source=DEBIAN_DIR):
    """Writes OUT_DIR/train and OUT_DIR/heldout from the Fashion-MNIST files in `source`."""
    source = Path(source)
    if not (source / "train-images-idx3-ubyte.gz").exists():
        raise SystemExit(f"{source}: no Fashion-MNIST files (apt-get install dataset-fashion-mnist)")
    train = read_idx(source / "train-images-idx3-ubyte.gz", source / "train-labels-idx1-ubyte.gz")
    heldout = read_idx(source / "t10k-images-idx3-ubyte.gz", source / "t10k-labels-idx1-ubyte.gz")
    write_class_folders(*train, Path(out_dir) / "train", train_per_class)
    write_class_folders(*heldout, Path(out_dir) / "heldout", heldout_per_class)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--train-per-class", type=int, default=300)
    parser.add_argument("--heldout-per-class", type=int, default=100)
    parser.add_argument("--source", default=str(DEBIAN_DIR))
    args = parser.parse_args()
    export(args.out_dir, args.train_per_class, args.heldout_per_class, args.source)


if __name__ == "__main__":
    main()
