"""`bench.fashion_mnist` turns IDX files (Fashion-MNIST's format) into class folders of PNG photos.

The IDX files are written here, small, in the same format as Debian's copy; the real files
are only read by the benchmark, which is not part of the suite.
"""

import gzip
import struct

import numpy as np
import pytest
from PIL import Image

from bench import fashion_mnist
from training import dataset


def write_idx(folder, prefix, images, labels):
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as stream:
        stream.write(struct.pack(">IIII", 2051, *images.shape) + images.tobytes())
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as stream:
        stream.write(struct.pack(">II", 2049, len(labels)) + labels.tobytes())


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "source"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for prefix, count in (("train", 40), ("t10k", 30)):
        labels = np.arange(count, dtype=np.uint8) % 10
        images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
        images[:, 0, 0] = labels  # Each image names its class in its first pixel.
        write_idx(folder, prefix, images, labels)
    return folder


def test_read_idx_returns_the_images_and_labels_written(source):
    images, labels = fashion_mnist.read_idx(source / "train-images-idx3-ubyte.gz",
                                            source / "train-labels-idx1-ubyte.gz")

    assert images.shape == (40, 28, 28) and images.dtype == np.uint8
    assert list(labels[:12]) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]
    assert (images[:, 0, 0] == labels).all()


def test_read_idx_refuses_a_file_of_another_kind(source):
    with pytest.raises(ValueError, match="not an IDX image file"):
        fashion_mnist.read_idx(source / "train-labels-idx1-ubyte.gz", source / "train-labels-idx1-ubyte.gz")


def test_export_writes_per_class_folders_that_the_trainer_scans(source, tmp_path):
    out = tmp_path / "out"

    fashion_mnist.export(out, train_per_class=3, heldout_per_class=2, source=source)

    for split, per_class in (("train", 3), ("heldout", 2)):
        folders = sorted(path.name for path in (out / split).iterdir())
        assert folders == sorted(fashion_mnist.CLASS_NAMES)
        for class_index, name in enumerate(fashion_mnist.CLASS_NAMES):
            files = sorted((out / split / name).glob("*.png"))
            assert len(files) == per_class
            assert all(np.asarray(Image.open(path))[0, 0] == class_index for path in files)
    scan = dataset.scan_dataset(out / "train", image_size=(28, 28))
    assert scan.classes == sorted(fashion_mnist.CLASS_NAMES) and not scan.skipped


def test_export_without_the_files_says_how_to_get_them(tmp_path):
    with pytest.raises(SystemExit, match="apt-get install dataset-fashion-mnist"):
        fashion_mnist.export(tmp_path / "out", source=tmp_path / "nothing-here")
