"""The model file: one .keras carries class names and input size; untrusted files are refused."""

import zipfile

import keras
import numpy as np
import pytest

from core import modelfile
from core.predictor import Classifier


def tiny_model(input_shape=(16, 16, 3), classes=3, softmax=True):
    inputs = keras.Input(input_shape)
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(4, 3, name="conv")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(classes, activation="softmax" if softmax else None, name="predictions")(x)
    return keras.Model(inputs, outputs, name="tiny")


def test_class_names_and_input_shape_survive_save_and_load(tmp_path):
    model = tiny_model()
    names = ["淡白舌 pale", "红舌 red", "紫舌 purple"]
    info = modelfile.ModelInfo(names, (16, 16, 3), arch="tiny", training={"val_accuracy": 0.9})
    path = tmp_path / "模型.keras"
    modelfile.save_model(model, path, info)
    loaded = modelfile.load_model(path)
    assert loaded.info.class_names == names
    assert loaded.info.input_shape == (16, 16, 3)
    assert loaded.info.training == {"val_accuracy": 0.9}
    batch = np.random.default_rng(0).uniform(0, 255, (2, 16, 16, 3)).astype("float32")
    np.testing.assert_allclose(loaded.model.predict(batch, verbose=0), model.predict(batch, verbose=0), atol=1e-6)


def test_our_file_also_opens_in_plain_keras(tmp_path):
    path = tmp_path / "m.keras"
    modelfile.save_model(tiny_model(), path, modelfile.ModelInfo(["a", "b", "c"], (16, 16, 3)))
    assert "tonguelens.json" in zipfile.ZipFile(path).namelist()
    assert keras.saving.load_model(path, safe_mode=True).output_shape == (None, 3)


def test_plain_keras_file_takes_labels_txt_or_numbered_names(tmp_path):
    tiny_model(classes=2).save(tmp_path / "plain.keras")
    assert modelfile.load_model(tmp_path / "plain.keras").info.class_names == ["class_0", "class_1"]
    (tmp_path / "labels.txt").write_text("白苔\n黄苔\n", encoding="utf-8")
    assert modelfile.load_model(tmp_path / "plain.keras").info.class_names == ["白苔", "黄苔"]


def test_saving_over_a_model_keeps_the_old_one_when_the_save_fails(tmp_path):
    path = tmp_path / "m.keras"
    modelfile.save_model(tiny_model(), path, modelfile.ModelInfo(["a", "b", "c"], (16, 16, 3)))
    before = path.read_bytes()
    with pytest.raises(Exception):
        modelfile.save_model(object(), path, modelfile.ModelInfo(["a"], (16, 16, 3)))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]


def test_lambda_model_is_refused_and_its_code_never_runs(tmp_path):
    marker = tmp_path / "pwned.txt"
    # A real Python lambda: Keras stores its bytecode in the file, which is what an attacker ships.
    payload = eval(f"lambda tensor: (open({str(marker)!r}, 'w').write('code ran'), tensor)[1]")
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.Lambda(payload)(inputs)
    outputs = keras.layers.Dense(2)(keras.layers.Flatten()(x))
    keras.Model(inputs, outputs).save(tmp_path / "evil.keras")
    marker.unlink()  # Building the model above ran the payload once, here, on purpose.

    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(tmp_path / "evil.keras")
    assert "safe mode" in str(caught.value) and "evil.keras" in str(caught.value)
    assert not marker.exists()

    # The control: without safe mode the same file does run its code.
    keras.saving.load_model(tmp_path / "evil.keras", safe_mode=False)
    assert marker.read_text() == "code ran"


@pytest.mark.parametrize("content, reason", [
    (b"", "not a Keras"),
    (b"hello, not a model", "not a Keras"),
])
def test_not_a_model_gets_one_line(tmp_path, content, reason):
    path = tmp_path / "fake.keras"
    path.write_bytes(content)
    with pytest.raises(modelfile.ModelFileError, match=reason) as caught:
        modelfile.load_model(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_truncated_model_is_refused(tmp_path):
    path = tmp_path / "m.keras"
    modelfile.save_model(tiny_model(), path, modelfile.ModelInfo(["a", "b", "c"], (16, 16, 3)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(modelfile.ModelFileError):
        modelfile.load_model(path)


def test_h5_and_other_extensions_are_refused(tmp_path):
    for name in ("old.h5", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(modelfile.ModelFileError, match=name):
            modelfile.load_model(tmp_path / name)


def test_models_that_do_not_take_one_image_are_refused(tmp_path):
    vector_in = keras.Input((10,))
    keras.Model(vector_in, keras.layers.Dense(2)(vector_in)).save(tmp_path / "vector.keras")
    with pytest.raises(modelfile.ModelFileError, match="needs an image"):
        modelfile.load_model(tmp_path / "vector.keras")

    four = keras.Input((8, 8, 4))
    keras.Model(four, keras.layers.Dense(2)(keras.layers.Flatten()(four))).save(tmp_path / "rgba.keras")
    with pytest.raises(modelfile.ModelFileError, match="4 channels"):
        modelfile.load_model(tmp_path / "rgba.keras")

    a, b = keras.Input((8, 8, 3)), keras.Input((8, 8, 3))
    merged = keras.layers.Flatten()(keras.layers.Add()([a, b]))
    keras.Model([a, b], keras.layers.Dense(2)(merged)).save(tmp_path / "two.keras")
    with pytest.raises(modelfile.ModelFileError, match="2 inputs"):
        modelfile.load_model(tmp_path / "two.keras")

    image = keras.Input((8, 8, 3))
    sequence = keras.layers.Reshape((16, 12))(keras.layers.Conv2D(3, 1)(image))  # (batch, 16, 12): no classes.
    keras.Model(image, sequence).save(tmp_path / "sequence.keras")
    with pytest.raises(modelfile.ModelFileError, match=r"does not end in one vector \(or one map\) of class scores"):
        modelfile.load_model(tmp_path / "sequence.keras")


def test_classifier_gives_probabilities_even_for_logit_models(tmp_path):
    path = tmp_path / "logits.keras"
    tiny_model(softmax=False).save(path)
    classifier = Classifier(modelfile.load_model(path))
    probabilities = classifier.probabilities(np.full((3, 16, 16, 3), 100, np.uint8))
    assert probabilities.shape == (3, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_classifier_matches_predict_and_reports_bad_files(tmp_path):
    from PIL import Image

    path = tmp_path / "m.keras"
    model = tiny_model()
    modelfile.save_model(model, path, modelfile.ModelInfo(["a", "b", "c"], (16, 16, 3)))
    classifier = Classifier(modelfile.load_model(path))
    files = []
    for index, color in enumerate(["red", "green", "blue", "white", "black"]):
        files.append(tmp_path / f"{index}.png")
        Image.new("RGB", (20, 24), color).save(files[-1])
    (tmp_path / "bad.jpg").write_text("not an image")
    files.insert(2, tmp_path / "bad.jpg")
    results = classifier.classify_files(files, k=3, batch_size=2)
    assert [result["path"] for result in results] == [str(path) for path in files]
    assert "error" in results[2] and "bad.jpg" in results[2]["error"]
    good = [result for result in results if "top" in result]
    arrays = np.stack([classifier.load_image(result["path"]) for result in good]).astype("float32")
    expected = model.predict(arrays, verbose=0)
    for result, row in zip(good, expected):
        assert result["top"][0]["label"] == ["a", "b", "c"][int(np.argmax(row))]
        assert result["top"][0]["probability"] == pytest.approx(float(row.max()), abs=1e-5)


@pytest.mark.parametrize("build", ["functional", "sequential", "logit"])
def test_a_plain_binary_classifier_with_one_sigmoid_unit_reads_as_two_classes(tmp_path, build):
    from inspection.engine import InspectionEngine

    if build == "sequential":
        model = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Rescaling(1 / 255),
                                  keras.layers.Conv2D(4, 3, name="conv"), keras.layers.GlobalAveragePooling2D(),
                                  keras.layers.Dense(1, activation="sigmoid", name="out")])
    else:
        model = tiny_model(classes=1, softmax=False)
        if build == "functional":
            features = model.get_layer("predictions").input
            model = keras.Model(model.input, keras.layers.Dense(1, activation="sigmoid", name="p")(features))
    model.save(tmp_path / "binary.keras")
    photos = np.random.default_rng(0).uniform(0, 255, (4, 16, 16, 3)).astype("float32")
    expected = keras.saving.load_model(tmp_path / "binary.keras").predict(photos, verbose=0)[:, 0]
    if build == "logit":
        expected = 1 / (1 + np.exp(-expected))

    loaded = modelfile.load_model(tmp_path / "binary.keras")

    assert loaded.info.class_names == ["class_0", "class_1"]
    classifier = Classifier(loaded)
    probabilities = classifier.probabilities(photos)
    np.testing.assert_allclose(probabilities[:, 1], expected, atol=1e-5)  # Before: 1.0 for every photo.
    np.testing.assert_allclose(probabilities[:, 0], 1 - expected, atol=1e-5)
    engine = InspectionEngine(loaded)  # Grad-CAM reads class logits: +z/2 and -z/2.
    assert engine.scores_logits
    # `arch` shows the layers as the file has them.
    assert modelfile.load_model(tmp_path / "binary.keras", as_classifier=False).model.output_shape == (None, 1)


def test_multi_label_and_one_class_heads_and_nan_weights_are_refused_in_one_line(tmp_path):
    model = tiny_model(classes=3, softmax=False)
    multi = keras.Model(model.input, keras.layers.Dense(3, activation="sigmoid")(model.get_layer("predictions").input))
    multi.save(tmp_path / "multi.keras")
    with pytest.raises(modelfile.ModelFileError, match="3 sigmoid units, a yes/no probability per label"):
        modelfile.load_model(tmp_path / "multi.keras")
    tiny_model(classes=1).save(tmp_path / "one.keras")  # Dense(1, softmax): always 100 %.
    with pytest.raises(modelfile.ModelFileError, match=r"one unit \(softmax\): no classes to choose from"):
        modelfile.load_model(tmp_path / "one.keras")

    broken = tiny_model()
    kernel = broken.get_layer("conv").kernel
    kernel.assign(np.full(kernel.shape, np.nan, np.float32))
    modelfile.save_model(broken, tmp_path / "nan.keras", modelfile.ModelInfo(["a", "b", "c"], (16, 16, 3)))
    with pytest.raises(modelfile.ModelFileError, match="conv/kernel holds values that are not numbers") as caught:
        modelfile.load_model(tmp_path / "nan.keras")
    assert "\n" not in str(caught.value)


def test_a_model_too_large_to_run_and_class_names_blank_or_twice_are_refused(tmp_path):
    huge = keras.Input((20000, 20000, 3))
    keras.Model(huge, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(huge))).save(tmp_path / "huge.keras")
    with pytest.raises(modelfile.ModelFileError, match="takes 20000×20000-pixel images, more than TongueLens runs"):
        modelfile.load_model(tmp_path / "huge.keras")
    for names, reason in ((["a", "a", "b"], "class name 2, 'a', is also an earlier class's name"),
                          (["a", " ", "b"], "class name 2 is blank")):
        modelfile.save_model(tiny_model(), tmp_path / "named.keras", modelfile.ModelInfo(names, (16, 16, 3)))
        with pytest.raises(modelfile.ModelFileError, match=reason):
            modelfile.load_model(tmp_path / "named.keras")
