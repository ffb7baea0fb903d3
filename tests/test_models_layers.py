"""Our custom layers: LRN matches TensorFlow's, and both custom layers survive a safe-mode save and load."""

import keras
import numpy as np
import tensorflow as tf

from core.modelfile import ModelInfo, load_model, save_model
from models.layers import L2Pooling2D, LocalResponseNormalization


def test_lrn_equals_tensorflow_lrn_with_the_alexnet_constants():
    values = np.random.default_rng(0).normal(0, 20, (2, 5, 5, 9)).astype("float32")
    ours = LocalResponseNormalization()(values)
    reference = tf.nn.local_response_normalization(values, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75)
    np.testing.assert_allclose(np.asarray(ours), reference.numpy(), rtol=1e-5)


def test_l2_pool_is_the_root_mean_square_of_each_window():
    values = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    pooled = np.asarray(L2Pooling2D()(values))
    window = values[0, :2, :2, 0]
    assert pooled.shape == (1, 2, 2, 1)
    np.testing.assert_allclose(pooled[0, 0, 0, 0], np.sqrt(np.mean(window ** 2)), rtol=1e-5)


def test_custom_layers_load_in_safe_mode(tmp_path):
    inputs = keras.Input((8, 8, 3))
    x = LocalResponseNormalization(size=3, name="norm")(inputs)
    x = L2Pooling2D(2, 2, name="l2pool")(x)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    model = keras.Model(inputs, outputs)
    path = tmp_path / "custom.keras"
    save_model(model, path, ModelInfo(class_names=["a", "b"], input_shape=(8, 8, 3)))
    loaded = load_model(path).model
    assert loaded.get_layer("norm").size == 3
    batch = np.random.default_rng(1).uniform(0, 255, (2, 8, 8, 3)).astype("float32")
    np.testing.assert_allclose(np.asarray(loaded(batch)), np.asarray(model(batch)), rtol=1e-5)


def test_grouped_conv_matches_keras_conv2d_in_outputs_and_gradients(tmp_path, grouped_conv_path):
    import keras
    import numpy as np
    import tensorflow as tf

    from core import modelfile
    from models.layers import GroupedConv2D

    x = np.random.default_rng(0).normal(size=(2, 9, 9, 16)).astype("float32")
    reference = keras.layers.Conv2D(8, 3, strides=2, groups=4, padding="same")
    ours = GroupedConv2D(8, 3, strides=2, groups=4, padding="same")
    reference.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(reference.get_weights())

    def output_and_gradients(layer):
        inputs = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            y = layer(inputs)
            loss = tf.reduce_sum(y * y)
        gradients = tape.gradient(loss, [inputs] + layer.trainable_variables)
        return [y.numpy()] + [g.numpy() for g in gradients]

    for expected, got in zip(output_and_gradients(reference), output_and_gradients(ours)):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)

    inputs = keras.Input((9, 9, 16))
    pooled = keras.layers.GlobalAveragePooling2D()(ours(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(pooled))
    modelfile.save_model(model, tmp_path / "g.keras", modelfile.ModelInfo(["a", "b"], (9, 9, 16)))
    reopened = keras.saving.load_model(tmp_path / "g.keras", safe_mode=True)
    np.testing.assert_allclose(reopened(x).numpy(), model(x).numpy(), atol=1e-6)
