"""Grad-CAM and saliency: the textbook computation, on logits, and it finds what decides the class."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

from core.modelfile import LoadedModel, ModelInfo  # noqa: E402
from inspection import gradcam  # noqa: E402
from inspection.engine import InspectionEngine  # noqa: E402

SIZE = 32
PATCH = 10
CLASSES = ["red", "green"]


def _engine(model, classes=3):
    names = CLASSES if classes == 2 else [f"class_{index}" for index in range(classes)]
    return InspectionEngine(LoadedModel(model, ModelInfo(names, (SIZE, SIZE, 3))))


def _image(seed=0):
    return np.random.default_rng(seed).integers(0, 256, (SIZE, SIZE, 3), dtype=np.uint8)


def _small_model(head_activation=None, separate_softmax=False):
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Rescaling(1 / 255)(inputs)
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1")(x)
    x = layers.MaxPooling2D(name="pool1")(x)
    x = layers.Conv2D(12, 3, padding="same", activation="relu", name="conv2")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(3, activation=head_activation, name="predictions")(x)
    if separate_softmax:
        x = layers.Softmax(name="softmax")(x)
    return keras.Model(inputs, x)


def _keras_io_gradcam(model, layer_name, batch, class_index):
    """The Grad-CAM recipe of the keras.io example, on a model that outputs logits."""
    grad_model = keras.Model(model.inputs[0], [model.get_layer(layer_name).output, model.output])
    with tf.GradientTape() as tape:
        conv_output, predictions = grad_model(batch)
        class_channel = predictions[:, class_index]
    grads = tape.gradient(class_channel, conv_output)
    pooled = tf.reduce_mean(grads, axis=(0, 1, 2))
    heat = tf.squeeze(conv_output[0] @ pooled[..., tf.newaxis])
    return np.maximum(heat.numpy(), 0)


def test_gradcam_equals_the_textbook_recipe():
    model = _small_model()
    engine = _engine(model)
    image = _image()
    for class_index in range(3):
        expected = _keras_io_gradcam(model, "conv2", engine.model_input(image), class_index)
        actual = gradcam.gradcam_raw(engine, image, class_index, "conv2")
        np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4 * expected.max())
    heat = gradcam.gradcam(engine, image)
    assert heat.shape == (SIZE, SIZE) and heat.dtype == np.float32
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0)
    assert engine.gradcam_layer() == "conv2"


def test_a_softmax_output_is_explained_through_its_logits():
    logits_model = _small_model()
    image = _image(1)
    expected = gradcam.gradcam_raw(_engine(logits_model), image, 1, "conv2")
    for variant in (_small_model("softmax"), _small_model(separate_softmax=True)):
        variant.set_weights(logits_model.get_weights())
        engine = _engine(variant)
        assert engine.scores_logits
        np.testing.assert_allclose(gradcam.gradcam_raw(engine, image, 1, "conv2"), expected, rtol=1e-4,
                                   atol=1e-4 * expected.max())


def test_saliency_is_the_input_gradient():
    model = _small_model()
    engine = _engine(model)
    image = _image(2)
    batch = tf.constant(engine.model_input(image))
    with tf.GradientTape() as tape:
        tape.watch(batch)
        score = model(batch)[:, 2]
    magnitude = np.abs(tape.gradient(score, batch).numpy()[0]).max(axis=-1)
    expected = np.clip(magnitude / np.percentile(magnitude, gradcam.SALIENCY_PERCENTILE), 0, 1)
    np.testing.assert_allclose(gradcam.saliency(engine, image, 2), expected, rtol=1e-4, atol=1e-5)


def test_class_by_name_and_bad_requests():
    engine = _engine(_small_model())
    image = _image(3)
    np.testing.assert_allclose(gradcam.gradcam(engine, image, "class_2"), gradcam.gradcam(engine, image, 2))
    with pytest.raises(ValueError, match="no class 'nope'"):
        gradcam.gradcam(engine, image, "nope")
    with pytest.raises(ValueError, match="out of range"):
        gradcam.gradcam(engine, image, 7)
    with pytest.raises(ValueError, match="spatial|height, width"):
        gradcam.gradcam(engine, image, 0, "gap")


def test_overlay_colours_hot_places_and_leaves_cold_ones_nearly_alone():
    image = np.full((SIZE, SIZE, 3), 128, np.uint8)
    heat = np.zeros((SIZE, SIZE), np.float32)
    heat[:8, :8] = 1.0
    blended = gradcam.overlay(image, heat, opacity=0.6)
    assert blended.shape == image.shape and blended.dtype == np.uint8
    hot_change = np.abs(blended[:8, :8].astype(int) - 128).mean()
    cold_change = np.abs(blended[20:, 20:].astype(int) - 128).mean()
    assert hot_change > 3 * cold_change
    np.testing.assert_array_equal(gradcam.overlay(image, heat, opacity=0.0), image)
    # A heat map of another size is resized to the image.
    assert gradcam.overlay(image, heat[::4, ::4]).shape == image.shape


def _corner_task(count, rng):
    """Gray noise with a coloured patch in the top-right corner: red is class 0, green class 1."""
    images = np.repeat(rng.integers(0, 256, (count, SIZE, SIZE, 1)), 3, axis=3).astype(np.uint8)
    labels = rng.integers(0, 2, count)
    colours = np.array([[230, 40, 40], [40, 200, 40]], np.uint8)
    images[:, :PATCH, -PATCH:] = colours[labels][:, None, None, :]
    return images, labels


def _trained_corner_model():
    """A small conv net whose features sit in a nested Sequential model, trained on the corner task."""
    keras.utils.set_random_seed(0)
    images, labels = _corner_task(512, np.random.default_rng(0))
    features = keras.Sequential([
        keras.Input((SIZE, SIZE, 3)), layers.Rescaling(1 / 255),
        layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1"), layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv2"), layers.MaxPooling2D(name="pool2"),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv3")], name="features")
    inputs = keras.Input((SIZE, SIZE, 3))
    pooled = layers.GlobalAveragePooling2D(name="gap")(features(inputs))
    model = keras.Model(inputs, layers.Dense(2, activation="softmax", name="predictions")(pooled))
    model.compile(keras.optimizers.Adam(3e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(images, labels, epochs=12, batch_size=32, verbose=0)
    assert history.history["accuracy"][-1] > 0.95
    return model


def test_gradcam_on_a_nested_model_finds_the_corner_that_decides_the_class():
    engine = _engine(_trained_corner_model(), classes=2)
    assert engine.gradcam_layer() == "conv3"  # Inside the nested "features" model.
    images, labels = _corner_task(8, np.random.default_rng(1))
    shares = []
    for image, label in zip(images, labels):
        assert np.argmax(engine.predict(image)) == label
        heat = gradcam.gradcam(engine, image)
        shares.append(heat[:SIZE // 2, SIZE // 2:].sum() / heat.sum())  # The top-right quarter.
        row, column = np.unravel_index(np.argmax(heat), heat.shape)
        assert row < SIZE // 2 and column >= SIZE // 2
    assert min(shares) > 0.5, shares
    assert np.mean(shares) > 0.7, shares


def test_a_1x1_map_marks_no_place_rather_than_every_place():
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Rescaling(1 / 255)(inputs)
    x = layers.Conv2D(6, 5, strides=3, activation="relu", name="conv1",
                      kernel_initializer=keras.initializers.GlorotUniform(seed=1))(x)  # 10x10
    x = layers.Conv2D(8, 10, activation="relu", name="conv2", bias_initializer="ones",
                      kernel_initializer=keras.initializers.GlorotUniform(seed=2))(x)  # 1x1, as LeNet's C5
    x = layers.Flatten()(x)
    x = layers.Dense(3, name="predictions", kernel_initializer=keras.initializers.GlorotUniform(seed=3))(x)
    engine = _engine(keras.Model(inputs, x))
    image = _image()
    assert gradcam.cannot_localise(engine, "conv2") and not gradcam.cannot_localise(engine, "conv1")
    assert engine.gradcam_layer() == "conv1"

    evidence = [float(gradcam.gradcam_raw(engine, image, index, "conv2")[0, 0]) for index in range(3)]
    assert max(evidence) > 0  # Some class has evidence in the one cell...
    for index in range(3):  # ...and yet no place is drawn hotter than another: all 0, not all 1.
        heat = gradcam.gradcam(engine, image, index, "conv2")
        assert heat.shape == (SIZE, SIZE) and not heat.any()
    assert gradcam.gradcam(engine, image, 0, "conv1").max() == pytest.approx(1.0)
