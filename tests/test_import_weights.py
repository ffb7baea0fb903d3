"""HDF5 files: full legacy models are refused unread, plain weights become a TongueLens model (issue 7, item 2)."""

import os

import h5py
import numpy as np
import pytest

from core import modelfile, weightsfile
from tests.training_helpers import TINY_ARCH

SHAPE = (32, 32, 3)
CLASSES = "淡白舌 pale,红舌 red,紫舌 purple"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A TINY_ARCH model with non-default weights, saved as Keras 3 and as Keras 2 weights files."""
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    import models

    folder = tmp_path_factory.mktemp("weights")
    keras.utils.set_random_seed(3)
    model = models.build_model(TINY_ARCH, SHAPE, 3)
    for layer in model.layers:  # Weights no fresh build would have: a copy is then a real copy.
        layer.set_weights([weight + 0.01 * (index + 1) for index, weight in enumerate(layer.get_weights())])
    model.save_weights(folder / "tiny.weights.h5")
    with h5py.File(folder / "keras2.h5", "w") as handle:  # The layout of Keras 2's `save_weights("x.h5")`.
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)
    model.save(folder / "full.h5")
    batch = np.random.default_rng(0).uniform(0, 255, (4,) + SHAPE).astype("float32")
    return {"folder": folder, "model": model, "batch": batch, "expected": model.predict(batch, verbose=0)}


def _run(capsys, *arguments):
    import main

    code = main.main(["import-weights", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["tiny.weights.h5", "keras2.h5"])
def test_weights_become_a_model_that_predicts_as_the_original(source, tmp_path, capsys, name):
    out = tmp_path / "导入.keras"

    code, stdout, stderr = _run(capsys, source["folder"] / name, out, "--arch", TINY_ARCH, "--input", "32x32x3",
                                "--classes", CLASSES)

    assert code == 0, stderr
    assert stdout.startswith(f"{out}: ") and "3 classes" in stdout
    loaded = modelfile.load_model(out)
    assert loaded.info.class_names == ["淡白舌 pale", "红舌 red", "紫舌 purple"]
    assert loaded.info.input_shape == SHAPE and loaded.info.arch == TINY_ARCH
    np.testing.assert_allclose(loaded.model.predict(source["batch"], verbose=0), source["expected"], atol=1e-6)


@pytest.mark.parametrize("arguments, expected", [
    (("--arch", TINY_ARCH, "--input", "32x32x3", "--classes", "a,b,c,d"),
     "layer predictions: the file has [1024x3, 3], the architecture needs [1024x4, 4] "
     "(the file's weights are for 3 classes, 4 names were given)"),
    (("--arch", TINY_ARCH, "--input", "48x48x3", "--classes", "a,b,c"),
     "layer predictions: the file has [1024x3, 3], the architecture needs [2304x3, 3]"),
    (("--arch", "vgg-mini", "--input", "32x32x3", "--classes", "a,b,c"),
     "whose layers are block1_conv1, block2_conv1, predictions; the weights were trained for another architecture"),
    (("--arch", "resnext-mini", "--input", "32x32x3", "--classes", "a,b,c"),
     "the weights were trained for another architecture"),
    (("--arch", TINY_ARCH, "--input", "32x32x1", "--classes", "a,b,c"),
     "layer block1_conv1: the file has [3x3x3x8, 8], the architecture needs [3x3x1x8, 8]"),
])
def test_weights_that_do_not_fit_are_refused_naming_the_layers(source, tmp_path, capsys, arguments, expected):
    weights = source["folder"] / "tiny.weights.h5"

    code, _, stderr = _run(capsys, weights, tmp_path / "out.keras", *arguments)

    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith(f"error: {weights}: these weights do not fit ")
    assert expected in stderr
    assert not (tmp_path / "out.keras").exists()


def test_a_full_legacy_model_is_refused_and_its_code_never_runs(tmp_path, capsys):
    import keras

    marker = tmp_path / "pwned.txt"
    payload = eval(f"lambda tensor: (open({str(marker)!r}, 'w').write('code ran'), tensor)[1]")
    inputs = keras.Input((8, 8, 3))
    outputs = keras.layers.Dense(2)(keras.layers.Flatten()(keras.layers.Lambda(payload)(inputs)))
    keras.Model(inputs, outputs).save(tmp_path / "evil.h5")
    marker.unlink()  # Building the model ran the payload once, here, on purpose.

    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(tmp_path / "evil.h5")
    assert str(caught.value).startswith(f"{tmp_path / 'evil.h5'}: refused: a legacy HDF5 model file")
    assert "can carry code" in str(caught.value) and "\n" not in str(caught.value)
    code, _, stderr = _run(capsys, tmp_path / "evil.h5", tmp_path / "out.keras", "--arch", TINY_ARCH,
                           "--classes", "a,b")
    assert code == 2 and "can carry code" in stderr and not (tmp_path / "out.keras").exists()
    assert not marker.exists()

    # The control: Keras's own loader without safe mode does run the file's code.
    keras.saving.load_model(tmp_path / "evil.h5", safe_mode=False)
    assert marker.read_text() == "code ran"


def test_opening_a_weights_file_as_a_model_says_how_to_import_it(source):
    with pytest.raises(modelfile.ModelFileError, match="holds weights only, no architecture") as caught:
        modelfile.load_model(source["folder"] / "tiny.weights.h5")
    assert "main.py import-weights tiny.weights.h5 --arch" in str(caught.value)
    assert weightsfile.hdf5_kind(source["folder"] / "keras2.h5") == weightsfile.KIND_WEIGHTS
    assert weightsfile.hdf5_kind(source["folder"] / "full.h5") == weightsfile.KIND_FULL_MODEL


def _not_keras_hdf5(path):
    with h5py.File(path, "w") as handle:
        handle["measurements"] = np.arange(10)


def _text_strings(path):
    with h5py.File(path, "w") as handle:
        handle.attrs["layer_names"] = [b"dense"]
        handle.create_group("dense").attrs["weight_names"] = [b"dense/kernel"]
        handle["dense/dense/kernel"] = np.array([b"not", b"numbers"])


def _nan_weights(path, source):
    import shutil

    shutil.copy(source["folder"] / "tiny.weights.h5", path)
    with h5py.File(path, "r+") as handle:
        handle["layers/dense/vars/1"][0] = np.nan


def _keras_model_file(path, source):
    keras_file = path.with_name("model.keras")
    source["model"].save(keras_file)
    path.write_bytes(keras_file.read_bytes())


@pytest.mark.parametrize("make, reason", [
    (lambda path, source: path.write_bytes(b""), "not an HDF5 file"),
    (_keras_model_file, "a .keras model file (a zip), not HDF5 weights"),
    (lambda path, source: path.write_text("<html>404</html>"), "not an HDF5 file"),
    (lambda path, source: path.write_bytes((source["folder"] / "tiny.weights.h5").read_bytes()[:20000]),
     "damaged or truncated"),
    (lambda path, source: _not_keras_hdf5(path), "not Keras weights"),
    (lambda path, source: _text_strings(path), "not an array of numbers"),
    (_nan_weights, "NaN or infinite"),
    (lambda path, source: path.mkdir(), "is a folder"),
    (lambda path, source: os.mkfifo(path), "not a regular file"),
])
def test_damaged_or_foreign_files_get_one_line_each(source, tmp_path, capsys, make, reason):
    path = tmp_path / "weights.h5"
    make(path, source)

    code, _, stderr = _run(capsys, path, tmp_path / "out.keras", "--arch", TINY_ARCH, "--input", "32x32x3",
                           "--classes", "a,b,c")

    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith(f"error: {path}: ") and reason in stderr, stderr
    assert not (tmp_path / "out.keras").exists()
    with pytest.raises(modelfile.ModelFileError) as caught:  # The app's loader says the same.
        modelfile.load_model(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_bad_arguments_are_refused_before_anything_is_read(source, tmp_path, capsys):
    weights = source["folder"] / "tiny.weights.h5"
    existing = tmp_path / "mine.keras"
    existing.write_bytes(b"a model the user keeps")

    for arguments, expected in [
        ((existing, "--arch", TINY_ARCH, "--classes", "a,b,c"), "already exists"),
        ((tmp_path / "out.h5", "--arch", TINY_ARCH, "--classes", "a,b,c"), "must end in .keras"),
        ((tmp_path / "out.keras", "--arch", TINY_ARCH, "--classes", "a"), "at least two names"),
        ((tmp_path / "out.keras", "--arch", TINY_ARCH, "--classes", "a,b,a"), "repeated"),
        ((tmp_path / "out.keras", "--arch", "no-such-net", "--classes", "a,b,c"), "--arch"),
        ((tmp_path / "out.keras", "--arch", TINY_ARCH, "--input", "big", "--classes", "a,b,c"), "--input"),
    ]:
        code, _, stderr = _run(capsys, weights, *arguments)
        assert code == 2 and expected in stderr and stderr.count("\n") == 1, stderr
    assert existing.read_bytes() == b"a model the user keeps"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine.keras"]

    code, _, _ = _run(capsys, weights, existing, "--arch", TINY_ARCH, "--classes", "a,b,c", "--force")
    assert code == 0 and modelfile.load_model(existing).info.class_names == ["a", "b", "c"]
