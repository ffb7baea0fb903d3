"""HDF5 weights from an attacker (issue 19, classes 3, 5, 6): nothing outside the file is read, no hang, one line.

A weights file can ask HDF5 to read other files: external storage (any file's bytes as an
array), external links and virtual datasets (other HDF5 files), soft links. Each builder
here makes one from a genuine weights file, and a control shows h5py does read the outside
data through it; `import-weights` and the model loader must refuse it before any array is
read, and its bytes must never reach a model file.
"""

import os

import h5py
import numpy as np
import pytest

from core import modelfile, timelimit, weightsfile
from tests import badfiles
from tests.training_helpers import TINY_ARCH

SHAPE = (32, 32, 3)
BIAS = "layers/dense/vars/1"  # The last layer's bias: 3 float32, 12 bytes.
SECRET = b"PRIVATE KEY!"  # 12 bytes, as a private key's first line would be.


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    """A genuine weights file and model file of TINY_ARCH, and outside files an attacker would aim at."""
    import models

    folder = tmp_path_factory.mktemp("untrusted_weights")
    model = models.build_model(TINY_ARCH, SHAPE, 3)
    model.save_weights(folder / "genuine.weights.h5")
    modelfile.save_model(model, folder / "genuine.keras", modelfile.ModelInfo(["a", "b", "c"], SHAPE))
    (folder / "secret.txt").write_bytes(SECRET)
    with h5py.File(folder / "outside.h5", "w") as handle:
        handle["bias"] = np.full(3, 42.0, np.float32)
    return folder


def _attacks(folder):
    """{kind: (make, what h5py reads through it, our reason)} for `badfiles.weights_with`."""
    return {
        "external storage": (badfiles.external_storage(folder / "secret.txt", len(SECRET)),
                             np.frombuffer(SECRET, "<f4"), f"/{BIAS} takes its bytes from another file (HDF5 "
                                                           f"external storage: {folder / 'secret.txt'})"),
        "external link": (badfiles.external_link(folder / "outside.h5", "/bias"), np.full(3, 42.0, np.float32),
                          f"/{BIAS} is an external link (into another HDF5 file); a weights file holds no links"),
        "soft link": (badfiles.soft_link("/layers/dense/vars/0"), None,
                      f"/{BIAS} is a soft link (a path HDF5 follows when it is read); a weights file holds no "
                      "links"),
        "virtual dataset": (badfiles.virtual_dataset(folder / "outside.h5", "bias", (3,)),
                            np.full(3, 42.0, np.float32), f"/{BIAS} is a virtual dataset, made of the datasets of "
                                                          "other files"),
    }


def _import(capsys, weights, out, *extra):
    import main

    code = main.main(["import-weights", str(weights), str(out), "--arch", TINY_ARCH, "--input", "32x32x3",
                      "--classes", "a,b,c", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", ["external storage", "external link", "soft link", "virtual dataset"])
def test_import_weights_refuses_a_file_that_reads_other_files(material, tmp_path, capsys, kind):
    make, outside, reason = _attacks(material)[kind]
    if kind == "soft link":  # Same shape as the bias, so the import would otherwise accept it.
        make = badfiles.soft_link("/spare")
    crafted = badfiles.weights_with(material / "genuine.weights.h5", tmp_path / "crafted.weights.h5", BIAS, make)
    if kind == "soft link":
        with h5py.File(crafted, "r+") as handle:
            handle["spare"] = np.full(3, 7.0, np.float32)
        outside = np.full(3, 7.0, np.float32)
    with h5py.File(crafted, "r") as handle:  # The control: h5py follows it and reads the outside data.
        np.testing.assert_array_equal(handle[BIAS][()], outside)
    out = tmp_path / "out" / "model.keras"

    code, stdout, stderr = _import(capsys, crafted, out)

    assert code == 2 and stdout == ""
    assert stderr == f"error: {crafted}: refused: {reason}\n"
    assert not out.parent.exists() or os.listdir(out.parent) == []  # Nothing written, so nothing leaked.
    with pytest.raises(modelfile.ModelFileError, match="refused: "):  # Dropped on the app: the same line.
        modelfile.load_model(crafted)
    code, _, stderr = _import(capsys, material / "genuine.weights.h5", out)
    assert code == 0 and SECRET not in out.read_bytes(), stderr


@pytest.mark.parametrize("kind", ["external storage", "external link", "soft link", "virtual dataset"])
def test_a_keras_file_whose_weights_read_other_files_is_refused_by_us_and_by_keras(material, tmp_path, kind):
    import keras

    make, _, reason = _attacks(material)[kind]
    weights = badfiles.weights_of(material / "genuine.keras", tmp_path / "inner.weights.h5")
    crafted = badfiles.in_keras_archive(material / "genuine.keras", tmp_path / "crafted.keras",
                                        badfiles.weights_with(weights, tmp_path / "crafted.h5", BIAS, make))

    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(crafted)

    assert str(caught.value) == f"{crafted}: refused: in its weights, {reason}"
    # Keras's own loader, the second wall, refuses each of these four as well.
    with pytest.raises(ValueError, match="Not allowed: H5 file with"):
        keras.saving.load_model(crafted, safe_mode=True)
    assert modelfile.load_model(material / "genuine.keras").info.class_names == ["a", "b", "c"]


def _keras2_undecodable(path):
    """A Keras 2 weights file whose one layer name is not UTF-8."""
    with h5py.File(path, "w") as handle:
        handle.attrs["layer_names"] = [b"dens\xff"]
    return path


@pytest.mark.parametrize("build, reason", [
    (lambda material, path: badfiles.undecodable_group(
        badfiles.weights_with(material / "genuine.weights.h5", path, BIAS,
                              lambda handle, name: handle.create_dataset(name, data=np.zeros(3, np.float32)))),
     "refused: /layers/caf\\xe9: a name that is not UTF-8 text"),
    (lambda material, path: _keras2_undecodable(path), "a layer or weight name that is not UTF-8 text (dens\\xff)"),
    (lambda material, path: badfiles.weights_with(material / "genuine.weights.h5", path, BIAS, badfiles.absurd_shape),
     f"refused: /{BIAS} declares 4,096.0 GiB (1099511627776); at most 4.0 GiB per array"),
    (lambda material, path: badfiles.weights_with(
        material / "genuine.weights.h5", path, BIAS,
        lambda handle, name: handle.create_dataset(name, shape=(2_000_000,), dtype="<f4", chunks=(1,))),
     f"refused: /{BIAS} is cut into 2,000,000 chunks; at most 1,000,000"),
    (lambda material, path: badfiles.weights_with(
        material / "genuine.weights.h5", path, BIAS,
        lambda handle, name: handle.create_dataset(name, shape=(3,), dtype="<f4", chunks=(3,), compression=32123,
                                                   allow_unknown_filter=True)),
     f"refused: /{BIAS} is compressed with HDF5 filter 32123, which TongueLens does not read"),
    (lambda material, path: badfiles.deep_groups(badfiles.weights_with(
        material / "genuine.weights.h5", path, BIAS,
        lambda handle, name: handle.create_dataset(name, data=np.zeros(3, np.float32))), 5000),
     "refused: its groups are nested more than 64 levels deep (at /deep/deep/"),
], ids=["group-name", "keras2-layer-name", "absurd-shape", "many-chunks", "unknown-filter", "deep-groups"])
def test_names_that_are_not_text_and_absurd_arrays_are_refused_before_reading(material, tmp_path, capsys, build,
                                                                                reason):
    crafted = build(material, tmp_path / "odd.weights.h5")

    code, _, stderr = _import(capsys, crafted, tmp_path / "out.keras")

    assert code == 2 and stderr.startswith(f"error: {crafted}: ") and stderr.count("\n") == 1, stderr
    assert reason in stderr and "Traceback" not in stderr, stderr
    assert not (tmp_path / "out.keras").exists()


def test_a_read_that_takes_longer_than_its_limit_is_stopped_with_one_line(material, tmp_path):
    out = tmp_path / "model.keras"

    with pytest.raises(modelfile.ModelFileError) as caught:  # Even starting the reader takes longer than this.
        weightsfile.import_weights(material / "genuine.weights.h5", out, TINY_ARCH, SHAPE, ["a", "b", "c"],
                                   time_limit_s=0.01)

    assert str(caught.value) == (f"{material / 'genuine.weights.h5'}: reading this HDF5 file took longer than "
                                 "0.01 s and was stopped: it may be damaged")
    assert not out.exists()
    loaded = weightsfile.import_weights(material / "genuine.weights.h5", out, TINY_ARCH, SHAPE, ["a", "b", "c"])
    assert loaded.info.class_names == ["a", "b", "c"] and out.exists()


def test_the_reader_process_is_killed_when_it_hangs_and_a_crash_is_one_line():
    with pytest.raises(timelimit.ChildFailed) as caught:
        timelimit.run_in_child(badfiles.spin_forever, (), time_limit_s=3)
    assert caught.value.timed_out and str(caught.value) == "took longer than 3 s and was stopped"

    with pytest.raises(timelimit.ChildFailed) as caught:
        timelimit.run_in_child(badfiles.crash, (), time_limit_s=60)
    assert not caught.value.timed_out
    assert str(caught.value).startswith("the reading process stopped unexpectedly (exit code -")

    with pytest.raises(timelimit.ChildFailed, match="^FileNotFoundError: "):
        timelimit.run_in_child(os.stat, ("/no/such/file",), time_limit_s=60)
    assert timelimit.run_in_child(sorted, ([3, 1, 2],), time_limit_s=60) == [1, 2, 3]


CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from core import modelfile, weightsfile

for path, kind in json.loads(sys.argv[1]):
    try:
        if kind == "import":
            weightsfile.import_weights(path, path + ".out.keras", {arch!r}, (32, 32, 3), ["a", "b", "c"])
        else:
            modelfile.load_model(path)
        answer = "loaded"
    except modelfile.ModelFileError as error:
        answer = str(error)
    print(json.dumps([path, answer]), flush=True)
"""


def test_in_a_real_process_each_attack_file_ends_in_one_line_within_60_s(material, tmp_path):
    """Every load and import of the catalogue, one after the other: each answers within 60 s, no traceback."""
    import json
    import select
    import subprocess
    import sys
    from pathlib import Path

    from tests.test_untrusted_models import tiny_model

    good = tmp_path / "good.keras"
    modelfile.save_model(tiny_model(), good, modelfile.ModelInfo(["a", "b"], (8, 8, 3)))
    saved = badfiles.saved_model_writing(tmp_path / "savedmodel", tmp_path / "marker.txt")
    jobs = [
        (badfiles.with_lambda(good, tmp_path / "tfsm.keras", badfiles.keras_function("keras.layers", "TFSMLayer"),
                              {"inputs": str(saved)}, {"call_endpoint": "serving_default"}), "load"),
        (badfiles.with_lambda(good, tmp_path / "reuters.keras",
                              badfiles.keras_function("keras.datasets.reuters", "get_word_index"),
                              {"inputs": "reuters_word_index.json"}), "load"),
        (badfiles.with_metadata(good, tmp_path / "deep.keras", "[" * 100_000), "load"),
        (badfiles.with_metadata(good, tmp_path / "bomb.keras", '{"class_names": ["' + "x" * (50 << 20) + '"]}'),
         "load"),
        (badfiles.with_many_members(good, tmp_path / "many.keras", 3000), "load"),
        (badfiles.rewrite_archive(good, tmp_path / "config.keras", replace={"config.json": b"[" * 100_000}), "load"),
    ]
    for kind, (make, _, _) in _attacks(material).items():
        name = kind.replace(" ", "-")
        weights = badfiles.weights_with(material / "genuine.weights.h5", tmp_path / f"{name}.weights.h5", BIAS, make)
        jobs += [(weights, "import"), (weights, "load")]
        inner = badfiles.weights_with(badfiles.weights_of(material / "genuine.keras", tmp_path / f"{name}.inner.h5"),
                                      tmp_path / f"{name}.crafted.h5", BIAS, make)
        jobs.append((badfiles.in_keras_archive(material / "genuine.keras", tmp_path / f"{name}.keras", inner), "load"))
    jobs += [(good, "load"), (material / "genuine.weights.h5", "import")]
    root = str(Path(__file__).resolve().parents[1])
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=root, arch=TINY_ARCH), json.dumps([[str(p), k] for p, k in jobs])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    answers = []
    try:
        for path, _ in jobs:
            ready, _, _ = select.select([child.stdout], [], [], 60 + (60 if not answers else 0))  # + importing TF.
            assert ready, f"no answer within 60 s for {path} (after {answers[-1:] or 'none'})"
            answers.append(json.loads(child.stdout.readline()))
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
    stderr = child.stderr.read()
    assert "Traceback" not in stderr, stderr[-3000:]
    for (path, kind), (answered, message) in zip(jobs, answers):
        assert answered == str(path)
        if path in (good, material / "genuine.weights.h5"):
            assert message == "loaded"
        else:
            assert message.startswith(f"{path}: ") and "\n" not in message, (kind, message)
    assert not (tmp_path / "marker.txt").exists()
    assert not any(SECRET in Path(f"{path}.out.keras").read_bytes() for path, kind in jobs
                   if kind == "import" and Path(f"{path}.out.keras").exists())
