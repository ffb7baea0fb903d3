#!/usr/bin/env python3
"""Re-saves a TongueLens model file so that plain Keras opens it too; the weights and metadata stay.

    .venv/bin/python scripts/resave_model.py MODEL.keras [OUT.keras]     # OUT defaults to MODEL (in place)

Files saved before grouped convolutions were stored as Keras's own `Conv2D(groups=...)` name
`tonguelens>GroupedConv2D`, which only TongueLens knows. This loads such a file in TongueLens
(safe mode), saves it again (atomically) with its `tonguelens.json` copied byte for byte, and checks that
the new file gives the same probabilities on random images. Used for the bundled demo model.
"""

import argparse
import os
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import modelfile  # noqa: E402


def resave(source, destination):
    """Re-saves `source` as `destination`; returns the largest probability change (expected 0).

    The new file is written beside `destination` and checked before it replaces anything.

    Raises:
        core.modelfile.ModelFileError: `source` cannot be loaded.
    """
    import numpy as np

    source, destination = Path(source), Path(destination)
    metadata = _metadata_bytes(source)
    loaded = modelfile.load_model(source)
    images = np.random.default_rng(0).uniform(0, 255, (8,) + tuple(loaded.info.input_shape)).astype("float32")
    before = np.asarray(loaded.model(images))
    fresh = destination.with_name(destination.stem + ".resaved.keras")
    try:
        # A file without tonguelens.json gets one (what TongueLens read: class names from labels.txt or class_N).
        modelfile.save_model(loaded.model, fresh, loaded.info)
        if metadata is not None:
            _put_metadata(fresh, metadata)
        after = np.asarray(modelfile.load_model(fresh).model(images))
        os.replace(fresh, destination)
    finally:
        fresh.unlink(missing_ok=True)
    return float(np.abs(after - before).max())


def _put_metadata(path, metadata):
    """Replaces the tonguelens.json of the archive at `path` with `metadata`, byte for byte."""
    rewritten = path.with_name(path.name + ".zip")
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                if member.filename != modelfile.METADATA_MEMBER:
                    target.writestr(member, source.read(member))
            target.writestr(modelfile.METADATA_MEMBER, metadata)
        os.replace(rewritten, path)
    finally:
        rewritten.unlink(missing_ok=True)


def _metadata_bytes(path):
    with zipfile.ZipFile(path) as archive:
        if modelfile.METADATA_MEMBER not in archive.namelist():
            return None
        return archive.read(modelfile.METADATA_MEMBER)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a TongueLens .keras file")
    parser.add_argument("out", nargs="?", help="where to write the new file (default: over MODEL)")
    args = parser.parse_args(argv)
    change = resave(args.model, args.out or args.model)
    print(f"{args.out or args.model}: re-saved; largest probability change on 8 random images: {change:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
