"""The inspection engine serves exactly what each layer outputs, from one forward pass per image."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from core.modelfile import LoadedModel, ModelInfo, load_model, save_model  # noqa: E402
from inspection.engine import InspectionEngine  # noqa: E402
from inspection.graph import LayerNotFoundError  # noqa: E402

SIZE = 32


def _image(seed=0, size=SIZE):
    return np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)


def _loaded(model, classes=3):
    names = [f"class_{index}" for index in range(classes)]
    return LoadedModel(model, ModelInfo(names, tuple(model.inputs[0].shape[1:])))


def _vgg_style():
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.Rescaling(1 / 255, name="rescaling"),
        layers.Conv2D(8, 3, padding="same", activation="relu", name="block1_conv1"),
        layers.Conv2D(8, 3, padding="same", activation="relu", name="block1_conv2"),
        layers.MaxPooling2D(name="block1_pool"),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="block2_conv1"),
        layers.MaxPooling2D(name="block2_pool"),
        layers.Flatten(name="flatten"),
        layers.Dense(16, activation="relu", name="fc1"),
        layers.Dropout(0.5, name="dropout"),
        layers.Dense(3, activation="softmax", name="predictions"),
    ], name="vgg_style")


def _lenet_style():
    """One gray channel in; maps 28x28, 14x14, 10x10, 5x5, then 1x1 (conv3, LeNet-5's C5)."""
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 1)),
        layers.Rescaling(1 / 255, name="rescaling"),
        layers.Conv2D(4, 5, activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(6, 5, activation="relu", name="conv2"),
        layers.MaxPooling2D(name="pool2"),
        layers.Conv2D(8, 5, activation="relu", name="conv3"),
        layers.Flatten(name="flatten"),
        layers.Dense(3, activation="softmax", name="predictions"),
    ], name="lenet_style")


def _resnext_block(x, width, filters, groups, stride, name):
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(name=f"{name}_0_bn")(shortcut)
    x = layers.Conv2D(width, 1, use_bias=False, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_1_bn")(x)
    x = layers.ReLU(name=f"{name}_1_relu")(x)
    x = layers.Conv2D(width, 3, strides=stride, padding="same", groups=groups, use_bias=False,
                      name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_2_bn")(x)
    x = layers.ReLU(name=f"{name}_2_relu")(x)
    x = layers.Conv2D(filters, 1, use_bias=False, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.ReLU(name=f"{name}_out")(x)


def _resnext_style():
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Rescaling(1 / 127.5, offset=-1, name="rescaling")(inputs)
    x = layers.Conv2D(16, 3, strides=2, padding="same", use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    x = _resnext_block(x, 16, 32, 4, 1, "conv2_block1")
    x = _resnext_block(x, 16, 32, 4, 1, "conv2_block2")
    x = _resnext_block(x, 32, 64, 4, 2, "conv3_block1")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(3, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name="resnext_style")
    _randomize_batch_norm(model)
    return model


def _randomize_batch_norm(model):
    """Gives BatchNorm layers non-trivial statistics, so that inference mode matters."""
    rng = np.random.default_rng(1)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            gamma, beta, mean, variance = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape), rng.normal(0, 0.1, beta.shape),
                               rng.normal(0, 0.1, mean.shape), rng.uniform(0.5, 2.0, variance.shape)])


def _nested():
    """A model holding a base model, which holds a two-output block; and a Sequential head.

    Returns the model and, per nested model, (the tensor fed to it in the parent's graph,
    its outputs in the parent's graph): what a separately built reference needs.
    """
    block_input = keras.Input((16, 16, 8))
    branch_a = layers.Conv2D(8, 3, padding="same", name="branch_a")(block_input)
    branch_b = layers.Conv2D(8, 1, name="branch_b")(block_input)
    block = keras.Model(block_input, [branch_a, branch_b], name="two_branches")

    base_input = keras.Input((SIZE, SIZE, 3))
    pooled = layers.MaxPooling2D(name="pool")(
        layers.Conv2D(8, 3, padding="same", activation="relu", name="conv")(base_input))
    first, second = block(pooled)
    merged = layers.Add(name="merge")([first, second])
    base = keras.Model(base_input, merged, name="base")

    head = keras.Sequential([layers.GlobalAveragePooling2D(name="gap"),
                             layers.Dense(3, activation="softmax", name="predictions")], name="head")
    inputs = keras.Input((SIZE, SIZE, 3))
    rescaled = layers.Rescaling(1 / 255, name="rescaling")(inputs)
    features = base(rescaled)
    # Same name as a layer inside `base`: both must then be called by their full names.
    projected = layers.Conv2D(4, 1, activation="relu", name="conv")(features)
    outputs = head(projected)
    model = keras.Model(inputs, outputs, name="nested")
    feeds = {
        "base": (rescaled, [features]),
        "two_branches": (pooled, [first, second]),
        "head": (projected, [outputs]),
    }
    return model, feeds


def _reference(model, site, batch, feeds=None):
    """What `site` outputs, computed by separately built `keras.Model`s, one nesting level at a time."""
    inputs, value, container = model.inputs, batch, model
    for name in site.path[:-1]:
        value = keras.Model(inputs[0], feeds[name][0])(value, training=False)
        container = container.get_layer(name)
        inputs = container.inputs
    if site.is_model:
        return keras.Model(inputs[0], feeds[site.path[-1]][1][site.key[2]])(value, training=False)
    return keras.Model(inputs[0], site.layer.output)(value, training=False)


def _assert_all_layers_match(engine, model, image, feeds=None):
    activations = engine.all_activations(image)
    batch = engine.model_input(image)
    assert set(activations) == {layer.name for layer in engine.layers}
    for site in engine.graph.sites:
        expected = np.asarray(_reference(model, site, batch, feeds))
        actual = activations[site.name]
        assert actual.shape == expected.shape, site.name
        scale = max(1.0, float(np.abs(expected).max()))
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5 * scale, err_msg=site.name)


def test_vgg_style_sequential_activations_equal_keras_for_every_layer():
    model = _vgg_style()
    engine = InspectionEngine(_loaded(model))
    assert [layer.name for layer in engine.layers] == [layer.name for layer in model.layers]
    _assert_all_layers_match(engine, model, _image())
    assert engine.layer("block1_conv1").is_conv and engine.layer("block1_pool").has_spatial_output
    assert engine.layer("fc1").output_shape == (16,) and not engine.layer("fc1").has_spatial_output


def test_resnext_style_with_grouped_convolutions_and_add_equals_keras():
    model = _resnext_style()
    engine = InspectionEngine(_loaded(model))
    assert engine.layer("conv2_block1_2_conv").is_conv
    assert engine.last_conv_layer() == "conv3_block1_3_conv"
    assert engine.gradcam_layer() == "conv3_block1_out"
    _assert_all_layers_match(engine, model, _image(1))


def test_nested_models_expose_inner_layers_with_readable_names():
    model, feeds = _nested()
    engine = InspectionEngine(_loaded(model))
    names = [layer.name for layer in engine.layers]
    # Unique inner names stay short; the two layers called "conv" get their paths.
    assert {"pool", "branch_a", "branch_b", "merge", "gap", "predictions"} <= set(names)
    assert "base/conv" in names and "conv" in names and engine.layer("conv").full_name == "conv"
    # The two-output block gives one entry per output.
    assert "two_branches:0" in names and "two_branches:1" in names
    assert engine.layer("branch_a").full_name == "base/two_branches/branch_a"
    assert engine.layer("base/two_branches/branch_a").name == "branch_a"
    assert engine.last_conv_layer() == "conv"
    _assert_all_layers_match(engine, model, _image(2), feeds)


def test_keras_applications_model_saved_and_reopened_equals_keras(tmp_path):
    model = keras.applications.MobileNetV2(
        input_shape=(SIZE, SIZE, 3), alpha=0.35, weights=None, classes=3)
    path = tmp_path / "mobilenet.keras"
    save_model(model, path, ModelInfo(["a", "b", "c"], (SIZE, SIZE, 3), arch="MobileNetV2"))
    loaded = load_model(path)
    engine = InspectionEngine(loaded)
    reopened = loaded.model
    assert len(engine.layers) == len(reopened.layers) - 1  # Every layer but the InputLayer.
    image = _image(3)
    activations = engine.all_activations(image)
    # One separately built Keras model with every layer's output (the same graph as one
    # `keras.Model(model.inputs, layer.output)` per layer, at a fraction of the cost).
    sites = engine.graph.sites
    reference = keras.Model(reopened.inputs[0], [site.layer.output for site in sites])
    expected = reference(engine.model_input(image), training=False)
    for site, value in zip(sites, expected):
        value = np.asarray(value)
        scale = max(1.0, float(np.abs(value).max()))
        np.testing.assert_allclose(activations[site.name], value, rtol=1e-5, atol=1e-5 * scale, err_msg=site.name)
    np.testing.assert_allclose(engine.predict(image), np.asarray(reopened(engine.model_input(image)))[0],
                               rtol=1e-5, atol=1e-6)


def test_one_forward_pass_serves_every_layer_and_a_repeat_costs_none():
    model, _ = _nested()
    engine = InspectionEngine(_loaded(model))
    first, second = _image(4), _image(5)
    assert engine.forward_passes == 0
    for layer in engine.layers:
        engine.activations(first, layer.name)
    engine.predict(first)
    assert engine.forward_passes == 1
    engine.all_activations(first)
    engine.activations(first.copy(), "branch_a")  # Same pixels, another array object.
    assert engine.forward_passes == 1
    engine.activations(second, "merge")
    assert engine.forward_passes == 2
    assert not np.array_equal(engine.activations(first, "merge"), engine.activations(second, "merge"))


def test_activations_have_the_batch_axis_and_are_read_only():
    engine = InspectionEngine(_loaded(_vgg_style()))
    activation = engine.activations(_image(), "block1_pool")
    assert activation.shape == (1, 16, 16, 8)
    with pytest.raises(ValueError):
        activation[0, 0, 0, 0] = 1.0


def test_predict_gives_probabilities_for_a_model_that_outputs_logits():
    inputs = keras.Input((SIZE, SIZE, 3))
    scaled = layers.Rescaling(1 / 255)(inputs)  # Moderate logits, so the softmax is not one-hot.
    x = layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3, name="conv")(scaled))
    model = keras.Model(inputs, layers.Dense(3, name="logits")(x))
    engine = InspectionEngine(_loaded(model))
    image = _image(6)
    logits = np.asarray(model(engine.model_input(image)))[0]
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert expected.max() < 0.999
    np.testing.assert_allclose(engine.predict(image), expected, rtol=1e-5, atol=1e-7)


def test_unknown_layer_and_wrong_image_size_are_clear_errors():
    engine = InspectionEngine(_loaded(_vgg_style()))
    with pytest.raises(LayerNotFoundError, match="no layer named 'nope'.*block1_conv1"):
        engine.activations(_image(), "nope")
    with pytest.raises(ValueError, match="takes 32x32"):
        engine.activations(_image(size=20), "block1_conv1")


def test_block_outputs_are_the_ends_of_blocks():
    engine = InspectionEngine(_loaded(_vgg_style()))
    assert engine.block_outputs() == ["block1_conv2", "block1_pool", "block2_conv1", "block2_pool"]
    model, _ = _nested()
    nested = InspectionEngine(_loaded(model))
    # The last spatial output is the outer "conv"; "base/conv" ends the full-size stage.
    assert nested.block_outputs() == ["base/conv", "pool", "conv"]


def test_architecture_comes_from_the_models_library_when_present():
    engine = InspectionEngine(_loaded(_vgg_style()))
    table = engine.architecture()
    try:
        import models.table  # noqa: F401
    except ImportError:
        assert table is None
    else:
        assert len(table.rows) >= len(engine.layers) - 1


def test_the_engine_is_the_classifier_one_pass_classifies_and_caches_every_layer():
    from core.predictor import Classifier

    engine = InspectionEngine(_loaded(_resnext_style()))
    assert isinstance(engine, Classifier)
    image = _image(7)
    probabilities = engine.predict(image)
    assert engine.forward_passes == 1
    engine.all_activations(image)
    engine.activations(image, "conv3_block1_out")
    assert engine.forward_passes == 1  # Classified and inspected from one pass.
    # The batch pass (folders) gives the same answer, as a pass of its own.
    np.testing.assert_allclose(engine.probabilities(np.stack([image, _image(8)]))[0], probabilities,
                               rtol=1e-5, atol=1e-6)
    assert engine.forward_passes == 2


def test_layer_list_pairs_each_layer_with_its_table_row_even_where_names_repeat():
    model, _ = _nested()
    engine = InspectionEngine(_loaded(model))
    listed = engine.layer_list()
    inputs = [(info, row) for info, row in listed if info is None]
    assert [row.type for _, row in inputs] == ["InputLayer"]
    by_name = {info.name: row for info, row in listed if info is not None}
    # Two layers are called "conv": each gets its own row (3x3x3x8 + 8 and 1x1x8x4 + 4 weights).
    assert by_name["base/conv"].params == 3 * 3 * 3 * 8 + 8 and by_name["conv"].params == 8 * 4 + 4
    assert by_name["base/conv"].output_shape == (SIZE, SIZE, 8) and by_name["conv"].output_shape == (16, 16, 4)
    # A nested model as a whole, and a second output, have no row of their own.
    assert by_name["base"] is None and by_name["two_branches:0"] is None and by_name["two_branches:1"] is None
    assert by_name["branch_a"].name == "branch_a" and by_name["merge"].type == "Add"
    assert {info.name for info, _ in listed if info is not None} == {layer.name for layer in engine.layers}


def test_a_gray_model_is_seen_in_gray_exactly_as_it_is_fed():
    engine = InspectionEngine(_loaded(_lenet_style()))
    image = _image(3)  # A colour photo: the model reads its luma.

    view = engine.model_view(image)

    assert view.shape == (SIZE, SIZE, 3) and view.dtype == np.uint8
    assert (view[..., 0] == view[..., 1]).all() and (view[..., 1] == view[..., 2]).all()
    np.testing.assert_array_equal(view[..., 0], engine.model_input(image)[0, ..., 0])
    # A colour model is shown its colour photo as it is.
    np.testing.assert_array_equal(InspectionEngine(_loaded(_vgg_style())).model_view(image), image)


def test_grad_cam_defaults_to_the_last_map_larger_than_1x1():
    # LeNet's conv3 is the last convolution, but its 1x1 map cannot show where: conv2's 10x10 can.
    assert InspectionEngine(_loaded(_lenet_style())).gradcam_layer() == "conv2"
    only_1x1 = keras.Sequential([keras.Input((5, 5, 3)), layers.Conv2D(4, 5, name="conv"),
                                 layers.Flatten(name="flatten"), layers.Dense(3, name="predictions")])
    assert InspectionEngine(_loaded(only_1x1)).gradcam_layer() == "conv"  # Nothing larger: still an answer.


def test_the_engine_tells_which_layers_give_probabilities():
    engine = InspectionEngine(_loaded(_vgg_style()))
    assert engine.gives_probabilities("predictions")  # Dense with a softmax: drawn from 0 to 1.
    assert not engine.gives_probabilities("fc1") and not engine.gives_probabilities("block1_conv1")
