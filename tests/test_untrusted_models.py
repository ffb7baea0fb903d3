"""Model files from an attacker (issue 19, classes 1, 2, 5, 6): refused before any of them runs, in one line.

Every bad file is built here from a good one (`tests/badfiles.py`). Where a file is the
attack it claims to be, a control shows what plain Keras, in safe mode, does with it.
"""

import copy
import json
import os
import sys

import keras
import numpy as np
import pytest

from core import modelarchive, modelfile
from tests import badfiles
from tests.badfiles import keras_function

# Keras's process-wide settings a model file must not be able to change.
GLOBALS = (keras.config.image_data_format, keras.config.backend, keras.config.floatx, keras.config.epsilon)

# Python's audit hooks see every socket a load would open; they cannot be removed, so the one
# hook here only records while a test asks it to.
_SOCKET_EVENTS = []
_RECORDING = [False]


def _audit(event, args):
    if _RECORDING[0] and event.startswith("socket."):
        _SOCKET_EVENTS.append(event)


sys.addaudithook(_audit)


def tiny_model(input_shape=(8, 8, 3), classes=2):
    inputs = keras.Input(input_shape, name="image")
    x = keras.layers.Rescaling(1 / 255, name="rescaling")(inputs)
    x = keras.layers.Conv2D(4, 3, name="conv", activation="relu")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="tiny")


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A good TongueLens model file with two classes."""
    path = tmp_path_factory.mktemp("good") / "good.keras"
    modelfile.save_model(tiny_model(), path, modelfile.ModelInfo(["淡红舌 light-red", "紫舌 purple"], (8, 8, 3)))
    return path


def refusal(path):
    """Loads `path`, which must be refused; returns the one-line reason (the part after the path)."""
    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message and "Traceback" not in message, message
    return message[len(f"{path}: "):]


def still_loads(good):
    assert modelfile.load_model(good).info.class_names == ["淡红舌 light-red", "紫舌 purple"]


def _main(capsys, *arguments):
    import main

    code = main.main([*map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- Class 1: code that runs --------------------------------------------------------------------------


def test_a_lambda_that_builds_a_tfsmlayer_is_refused_and_the_savedmodel_never_loads(good, tmp_path):
    marker = tmp_path / "marker.txt"
    saved = badfiles.saved_model_writing(tmp_path / "savedmodel", marker)
    evil = badfiles.with_lambda(good, tmp_path / "evil.keras", keras_function("keras.layers", "TFSMLayer"),
                                {"inputs": str(saved)}, {"call_endpoint": "serving_default"})

    reason = refusal(evil)

    assert reason.startswith("refused: it holds a Lambda layer (function: keras.layers.TFSMLayer)")
    assert "safe mode" in reason and "(at config.layers[1] 'harmless')" in reason
    assert not marker.exists()
    still_loads(good)

    # The control: Keras safe mode alone builds the TFSMLayer, and the SavedModel's initializer runs.
    keras.saving.load_model(evil, safe_mode=True)
    assert marker.read_text() == "the SavedModel's initializer ran"


@pytest.fixture(scope="module")
def tfsm_attack(good, tmp_path_factory):
    """(the TFSMLayer-in-a-Lambda file, the marker its SavedModel would write), for tests that never load it."""
    folder = tmp_path_factory.mktemp("tfsm")
    marker = folder / "marker.txt"
    saved = badfiles.saved_model_writing(folder / "savedmodel", marker)
    evil = badfiles.with_lambda(good, folder / "evil.keras", keras_function("keras.layers", "TFSMLayer"),
                                {"inputs": str(saved)}, {"call_endpoint": "serving_default"})
    return evil, marker


@pytest.mark.parametrize("command", [
    ["classify", "{image}", "--model", "{model}"],
    ["arch", "{model}"],
    ["inspect", "{image}", "--model", "{model}", "--out", "{out}"],
    ["to-fully-conv", "{model}", "{out}/converted.keras"],
    ["evaluate", "{data}", "--model", "{model}"],
    ["train", "{data}", "--from", "{model}", "--out", "{out}/run", "--epochs", "1"],
])
def test_every_command_refuses_the_tfsmlayer_file_in_one_line(tfsm_attack, tmp_path, capsys, command):
    from tests.training_helpers import write_colour_images

    evil, marker = tfsm_attack
    write_colour_images(tmp_path / "data", per_class=2, size=8)
    image = next((tmp_path / "data" / "red").iterdir())
    names = {"model": evil, "image": image, "out": tmp_path / "out", "data": tmp_path / "data"}

    code, out, err = _main(capsys, *[part.format(**names) for part in command])

    assert code == 2 and not marker.exists()
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{evil}: " in err and "refused: it holds a Lambda layer (function: keras.layers.TFSMLayer)" in err
    assert not (tmp_path / "out" / "converted.keras").exists()
    assert not (tmp_path / "out" / "run" / "model.keras").exists()


@pytest.mark.parametrize("module, name, value", [
    ("keras.config", "set_image_data_format", "channels_first"),
    ("keras.config", "set_backend", "jax"),
    ("keras.config", "set_floatx", "float16"),
    ("keras.config", "set_epsilon", 1.0),
    ("keras.config", "enable_unsafe_deserialization", None),
    ("keras.datasets.reuters", "get_word_index", "reuters_word_index.json"),
    ("keras.src.backend.config", "set_image_data_format", "channels_first"),
])
def test_a_lambda_calling_a_public_keras_function_is_refused_before_it_runs(good, tmp_path, module, name, value):
    evil = badfiles.with_lambda(good, tmp_path / "evil.keras", keras_function(module, name), {"inputs": value})
    before = [setting() for setting in GLOBALS]
    _SOCKET_EVENTS.clear()
    _RECORDING[0] = True
    try:
        reason = refusal(evil)
    finally:
        _RECORDING[0] = False

    assert reason.startswith(f"refused: it holds a Lambda layer (function: {module}.{name})")
    assert [setting() for setting in GLOBALS] == before  # The process is as it was...
    assert _SOCKET_EVENTS == []  # ...nothing went to the network...
    from keras.src.saving import serialization_lib
    assert serialization_lib.in_safe_mode() is not False  # ...and safe mode is still on.
    still_loads(good)


def test_the_public_function_file_is_a_real_attack_on_plain_keras(good, tmp_path):
    evil = badfiles.with_lambda(good, tmp_path / "evil.keras",
                                keras_function("keras.config", "set_image_data_format"), {"inputs": "channels_first"})
    try:
        keras.saving.load_model(evil, safe_mode=True)
        assert keras.config.image_data_format() == "channels_first"  # Changed for the whole process.
    finally:
        keras.config.set_image_data_format("channels_last")


def _with_extra_layer(good, path, layer):
    config = copy.deepcopy(badfiles.read_config(good))
    config["config"]["layers"].append(layer)
    return badfiles.with_config(good, path, config)


def _with_activation(good, path, activation):
    config = copy.deepcopy(badfiles.read_config(good))
    dense = next(layer for layer in config["config"]["layers"] if layer["class_name"] == "Dense")
    dense["config"]["activation"] = activation
    return badfiles.with_config(good, path, config)


@pytest.mark.parametrize("layer, expected", [
    ({"module": "keras.layers", "class_name": "TFSMLayer", "config": {"filepath": "/tmp/x", "name": "tfsm"}},
     "refused: it holds a TFSMLayer layer, which TongueLens never loads: it loads a TensorFlow SavedModel"),
    ({"module": "keras.layers", "class_name": "StringLookup", "config": {"vocabulary": "/etc/passwd", "name": "l"}},
     "refused: it holds a StringLookup layer, which TongueLens never loads: lookup layers can read vocabulary files"),
    ({"module": "keras.layers", "class_name": "TorchModuleWrapper", "config": {"name": "t"}},
     "refused: it holds a TorchModuleWrapper layer, which TongueLens never loads: it wraps a pickled PyTorch module"),
    ({"module": "subprocess", "class_name": "Popen", "config": {"args": ["touch", "/tmp/x"]}},
     "refused: it uses 'Popen' from module 'subprocess'; only Keras's own classes and TongueLens's are loaded"),
    ({"module": "keras.callbacks", "class_name": "BackupAndRestore", "config": {"backup_dir": "/tmp"}},
     "refused: it uses 'BackupAndRestore' from 'keras.callbacks', which is not among the Keras classes"),
    ({"module": "keras.optimizers", "class_name": "Adam", "config": {}},
     "refused: it uses 'Adam' from 'keras.optimizers', which is not among the Keras classes"),
    ({"module": "keras.layers", "class_name": "Dense", "registered_name": "someone>Dense", "config": {}},
     "refused: it uses 'someone>Dense' (class 'Dense' of module 'keras.layers'), which is neither a Keras layer"),
    ({"module": "os", "class_name": "L2Pooling2D", "registered_name": "tonguelens>L2Pooling2D", "config": {}},
     "refused: it uses 'tonguelens>L2Pooling2D' (class 'L2Pooling2D' of module 'os')"),
    ({"class_name": "__lambda__", "config": {"code": "ZZZZ", "defaults": None, "closure": None}},
     "refused: its config.json holds a '__lambda__' object"),
    ({"class_name": "__typespec__", "spec_name": "TensorSpec", "module": "tensorflow", "config": []},
     "refused: its config.json holds a '__typespec__' object"),
    ({"class_name": "__numpy__", "config": {"value": [1], "dtype": "object"}},
     "refused: its config.json holds an array of type 'object'"),
    ({"module": "keras.layers", "class_name": "Dense", "config": {"name": "x" * 5000}},
     "its config.json holds a text of 5,000 characters at config.layers[5] 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "x…'.config.name (at most 1,024)"),
], ids=["tfsmlayer", "stringlookup", "torch", "popen", "callback", "optimizer", "someone-registered",
        "ours-from-os", "lambda-code", "typespec", "object-array", "long-name"])
def test_classes_outside_the_allow_list_are_refused_naming_what_and_where(good, tmp_path, layer, expected):
    reason = refusal(_with_extra_layer(good, tmp_path / "odd.keras", layer))

    assert reason.startswith(expected), reason
    assert "config.layers[5]" in reason


def test_a_function_object_is_allowed_only_as_an_activation(good, tmp_path):
    reason = refusal(_with_activation(good, tmp_path / "odd.keras", keras_function("keras.config", "set_backend")))

    assert reason == ("refused: it calls the function 'set_backend' of module 'keras.config'; a model file may only "
                      "name Keras's activation functions (at config.layers[4] 'predictions'.config.activation)")

    builtin = {"module": "builtins", "class_name": "function", "config": "softmax", "registered_name": "function"}
    loaded = modelfile.load_model(_with_activation(good, tmp_path / "fine.keras", builtin))
    assert loaded.info.class_names == ["淡红舌 light-red", "紫舌 purple"]


# --- What image classifiers are made of still loads ---------------------------------------------------


def test_a_plain_keras_application_with_its_training_configuration_loads(tmp_path):
    model = keras.applications.MobileNetV2(input_shape=(32, 32, 3), weights=None, classes=3, alpha=0.35)
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, 100)
    model.compile(keras.optimizers.AdamW(schedule), keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2)])
    model.save(tmp_path / "mobilenet.keras")

    loaded = modelfile.load_model(tmp_path / "mobilenet.keras")
    compiled = modelfile.load_keras_model(tmp_path / "mobilenet.keras", compile=True)

    assert loaded.info.class_names == ["class_0", "class_1", "class_2"]
    assert isinstance(compiled.optimizer, keras.optimizers.AdamW)
    batch = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    np.testing.assert_allclose(loaded.model.predict(batch, verbose=0), model.predict(batch, verbose=0), atol=1e-5)


def test_grouped_convolutions_load_both_as_keras_conv2d_and_as_older_tonguelens_files(tmp_path):
    import models.layers  # noqa: F401

    inputs = keras.Input((8, 8, 4))
    x = keras.layers.Conv2D(4, 3, groups=2, name="keras_grouped")(inputs)
    x = models.layers.L2Pooling2D(name="l2pool")(x)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    path = tmp_path / "grouped.keras"
    keras.Model(inputs, outputs).save(path)
    config = badfiles.read_config(path)
    pool = next(layer for layer in config["config"]["layers"] if layer["name"] == "l2pool")
    assert pool["registered_name"] == "tonguelens>L2Pooling2D"
    pool["module"] = None  # As older files wrote some of ours.

    assert modelfile.load_keras_model(badfiles.with_config(path, tmp_path / "old.keras", config)).count_params() > 0

    config["config"]["layers"].append({"module": None, "class_name": "GroupedConv2D", "config": {},
                                       "registered_name": "tonguelens>GroupedConv2D"})
    from core import modelcheck
    modelcheck.check_config(config)  # An older file's grouped convolution passes the allow-list.


# --- Class 5: bombs -----------------------------------------------------------------------------------


def test_a_50_mb_class_name_in_a_small_file_is_refused_unread(good, tmp_path):
    text = json.dumps({"class_names": ["x" * (50 << 20), "b"], "input_shape": [8, 8, 3]})
    bomb = badfiles.with_metadata(good, tmp_path / "bomb.keras", text)
    assert bomb.stat().st_size < 1 << 20

    assert refusal(bomb).startswith("its member tonguelens.json declares 50.0 MiB but stores ")

    large = badfiles.with_declared_size(badfiles.with_metadata(good, tmp_path / "large.keras", text[:1000]),
                                        "tonguelens.json", 9 << 20)
    assert refusal(large) == "its tonguelens.json declares 9.0 MiB; at most 8.0 MiB"

    long_name = badfiles.with_metadata(good, tmp_path / "long.keras", json.dumps(
        {"class_names": ["x" * (1 << 20), "b"], "input_shape": [8, 8, 3]}))
    assert refusal(long_name) == ("the TongueLens metadata in this file is damaged (class name 1 is 1,048,576 "
                                  "characters long; at most 256)")
    still_loads(good)


def test_a_member_that_declares_less_than_it_holds_is_read_only_as_far_as_declared(good, tmp_path):
    text = json.dumps({"class_names": ["a", "b"], "input_shape": [8, 8, 3], "arch": " " * (20 << 20)})
    liar = badfiles.with_declared_size(badfiles.with_metadata(good, tmp_path / "liar.keras", text),
                                       "tonguelens.json", 100)

    assert refusal(liar) == modelarchive.NOT_AN_ARCHIVE  # 100 bytes read, then the checksum fails.


def test_a_member_that_declares_gigabytes_is_refused_before_anything_is_extracted(good, tmp_path):
    lying = badfiles.with_declared_size(badfiles.rewrite_archive(good, tmp_path / "lying.keras"),
                                        "model.weights.h5", 3 << 30)
    assert refusal(lying).startswith("its member model.weights.h5 declares 3.0 GiB but stores")

    zeros = badfiles.rewrite_archive(good, tmp_path / "zeros.keras", add=[("assets/zeros.bin.z", bytes(64 << 20))])
    assert zeros.stat().st_size < 1 << 20
    assert refusal(zeros).startswith("its member assets/zeros.bin declares 64.0 MiB but stores")


def test_an_archive_of_many_members_is_refused_before_python_parses_its_directory(good, tmp_path):
    many = badfiles.with_many_members(good, tmp_path / "many.keras", 5000)

    assert refusal(many) == "the archive lists 5,004 members; a model file has a few (at most 1,000)"


def test_keras_gets_only_the_checked_config_and_weights(good, tmp_path):
    crowded = badfiles.rewrite_archive(good, tmp_path / "crowded.keras",
                                       add=[("assets/notes.txt", b"x" * 1000), ("extra.bin", b"y" * 1000)])

    with modelarchive.unpacked_for_keras(crowded) as folder:
        assert sorted(os.listdir(folder)) == ["config.json", "model.weights.h5"]
        assert (tmp_path / "crowded.keras").exists()
    assert not os.path.exists(folder)  # Removed afterwards.
    assert modelfile.load_model(crowded).info.class_names == ["淡红舌 light-red", "紫舌 purple"]


def test_repeated_member_names_are_refused(good, tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write.
        twice = badfiles.rewrite_archive(good, tmp_path / "twice.keras", add=[("config.json", b"{}")])

    assert refusal(twice) == "the archive holds 2 members named config.json"


# --- Class 6: JSON of every shape ---------------------------------------------------------------------


@pytest.mark.parametrize("text, reason", [
    ("[]", "it is a JSON list, not an object"),
    ("null", "it is a JSON null, not an object"),
    ('"class_names"', "it is a JSON string, not an object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"class_names": "ab", "input_shape": [8, 8, 3]}', "its class_names is a JSON string, not a list"),
    ('{"class_names": [1, 2], "input_shape": [8, 8, 3]}', "class name 1 is a JSON number, not a string"),
    ('{"class_names": ["a", "b"], "input_shape": "8x8"}', "its input_shape is not three positive whole numbers"),
    ('{"class_names": ["a", "b"], "input_shape": [8, 8, 3], "training": []}',
     "its training summary is a JSON list, not an object"),
    ('{"class_names": ["a", "b"], "input_shape": [8, 8, 3], "training": "x"}',
     "its training summary is a JSON string, not an object"),
    ('{"class_names": ["a", "b"], "input_shape": [8, 8, 3], "arch": 5}', "its arch is a JSON number, not a string"),
    ('{"class_names": ["a", "b"], "input_shape": [8, 8, 3], "training": ' + '{"a": ' * 40 + "1" + "}" * 41,
     "its training summary is nested more than 16 levels deep"),
    ('{"input_shape": [8, 8, 3]}', "it has no class_names"),
    (b"\xff\xfe{}", "invalid start byte"),
], ids=["list", "null", "string", "deep", "names-string", "names-numbers", "shape-string", "training-list",
        "training-string", "arch-number", "training-deep", "no-names", "not-utf8"])
def test_metadata_of_any_shape_gives_one_line(good, tmp_path, capsys, text, reason):
    odd = badfiles.with_metadata(good, tmp_path / "odd.keras", text)

    message = refusal(odd)

    assert message.startswith("the TongueLens metadata in this file is damaged (") and reason in message, message
    code, _, err = _main(capsys, "arch", odd)
    assert code == 2 and err == f"error: {odd}: {message}\n"
    still_loads(good)


@pytest.mark.parametrize("text, reason", [
    (b"[]", "its config.json is a JSON list, not a model configuration"),
    (b"null", "its config.json is a JSON null, not a model configuration"),
    (b"[" * 100_000 + b"]" * 100_000, "its config.json is nested too deeply to be a model"),
    (b'{"a": ' * 150 + b"1" + b"}" * 150, "its config.json is nested more than 100 levels deep (at …a.a.a."),
    (b"\xff\xfe", "its config.json is not valid JSON ("),
    (None, "not a Keras model: the archive holds no config.json"),
], ids=["list", "null", "deep-list", "deep-object", "not-utf8", "missing"])
def test_a_config_of_any_shape_gives_one_line(good, tmp_path, text, reason):
    if text is None:
        odd = badfiles.rewrite_archive(good, tmp_path / "odd.keras", drop=("config.json",))
    else:
        odd = badfiles.rewrite_archive(good, tmp_path / "odd.keras", replace={"config.json": text})

    assert refusal(odd).startswith(reason)
    still_loads(good)


def test_labels_txt_that_is_not_usable_falls_back_to_numbered_names(tmp_path):
    tiny_model().save(tmp_path / "plain.keras")
    for content in (b"\xff\xfe not text\nb\n", ("x" * 5000 + "\nb\n").encode()):
        (tmp_path / "labels.txt").write_bytes(content)
        assert modelfile.load_model(tmp_path / "plain.keras").info.class_names == ["class_0", "class_1"]


def test_resuming_from_a_checkpoint_that_was_replaced_is_refused_before_it_runs(tmp_path, capsys):
    from tests.training_helpers import TINY_ARCH, write_colour_images
    from training import runfolder

    write_colour_images(tmp_path / "data", per_class=4, size=16)
    run = tmp_path / "run"
    code, _, err = _main(capsys, "train", tmp_path / "data", "--arch", TINY_ARCH, "--size", "16", "--epochs", "1",
                         "--no-augment", "--out", run)
    assert code == 0, err
    config = json.loads((run / runfolder.CONFIG_FILE).read_text(encoding="utf-8"))
    config["epochs"] = 2  # One more epoch to go: `--resume` loads the checkpoint.
    (run / runfolder.CONFIG_FILE).write_text(json.dumps(config), encoding="utf-8")
    checkpoint = run / runfolder.CHECKPOINT_FILE
    marker = tmp_path / "marker.txt"
    saved = badfiles.saved_model_writing(tmp_path / "savedmodel", marker)
    original = checkpoint.with_name("original.keras")
    checkpoint.rename(original)
    badfiles.with_lambda(original, checkpoint, keras_function("keras.layers", "TFSMLayer"), {"inputs": str(saved)},
                         {"call_endpoint": "serving_default"})

    code, _, err = _main(capsys, "train", "--resume", run)

    assert code == 2 and not marker.exists()
    assert err.startswith(f"error: {checkpoint}: cannot load the checkpoint (refused: it holds a Lambda layer")
    assert err.count("\n") == 1 and "Traceback" not in err
    original.replace(checkpoint)
    code, out, err = _main(capsys, "train", "--resume", run)
    assert code == 0 and "Epoch 2/2" in out, err
