"""Backbone weights: imagenet (Keras's cache, a download, offline), a FILE, none (issue 16, part 1).

Nothing is downloaded from outside: weights files are made here from the applications
themselves, and "downloads" come from a server on 127.0.0.1 (`TONGUELENS_WEIGHTS_URL`).
"""

import functools
import http.server
import threading

import h5py
import keras
import numpy as np
import pytest
from keras.src.legacy.saving import legacy_h5_format

from models import backbones, pretrained

SHAPE = (32, 32, 3)
# Nothing listens on port 1 of the loopback: a connection is refused at once, as offline.
UNREACHABLE = "http://127.0.0.1:1/keras-weights/"


def _random_application(key, include_top=False, seed=0):
    """The keras.applications model of `key`, with weights no fresh build has."""
    spec = backbones.get_backbone(key)
    kwargs = dict(spec.app_kwargs)
    if include_top:
        kwargs["classes"] = 5
    application = getattr(keras.applications, spec.application)(
        include_top=include_top, weights=None, input_shape=SHAPE, **kwargs)
    rng = np.random.default_rng(seed)
    for weight in application.weights:
        noise = rng.normal(0, 0.05, weight.shape).astype("float32")
        weight.assign(noise + (1.0 if weight.path.endswith(("variance", "gamma")) else 0.0))
    return application


def _save_keras2_h5(application, path):
    """The layout keras.applications' downloaded `.h5` files have (Keras 2 `save_weights`)."""
    with h5py.File(path, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, application)
    return path


@pytest.fixture(scope="module")
def mobilenet_files(tmp_path_factory):
    """MobileNetV2 no-top weights in both layouts, and its first kernel as stored in them."""
    folder = tmp_path_factory.mktemp("mobilenet")
    application = _random_application("mobilenetv2")
    keras2 = _save_keras2_h5(application, folder / backbones.get_backbone("mobilenetv2").weights_file)
    keras3 = folder / "mobilenetv2.weights.h5"
    application.save_weights(keras3)
    with h5py.File(keras2, "r") as handle:
        name = handle["Conv1"].attrs["weight_names"][0]
        kernel2 = handle["Conv1"][name][()]
    with h5py.File(keras3, "r") as handle:
        kernel3 = handle["layers/conv2d/vars/0"][()]  # The first Conv2D of the application.
    np.testing.assert_array_equal(kernel2, kernel3)
    return {"keras2": keras2, "keras3": keras3, "first_kernel": kernel2, "application": application}


def _first_kernel(model):
    return model.get_layer("backbone").get_layer("Conv1").kernel.numpy()


@pytest.mark.parametrize("layout", ["keras2", "keras3"])
def test_weights_file_loads_into_the_backbone_only(mobilenet_files, layout):
    model = backbones.build_backbone_classifier("mobilenetv2", SHAPE, 3, pretrained=True)
    head = [weight.numpy().copy() for weight in model.get_layer("predictions").weights]
    assert not np.array_equal(_first_kernel(model), mobilenet_files["first_kernel"])
    layers = pretrained.load_backbone_weights(model, "mobilenetv2", mobilenet_files[layout])
    np.testing.assert_array_equal(_first_kernel(model), mobilenet_files["first_kernel"])
    assert layers == 104  # Every MobileNetV2 layer with weights.
    for before, weight in zip(head, model.get_layer("predictions").weights):
        np.testing.assert_array_equal(before, weight.numpy())
    # The whole backbone computes what the application that saved the file computes.
    raw = np.random.default_rng(0).uniform(0, 255, (2,) + SHAPE).astype("float32")
    features = keras.Model(model.input, model.get_layer("avg_pool").output)(raw).numpy()
    expected = mobilenet_files["application"](raw / 127.5 - 1).numpy().mean(axis=(1, 2))
    np.testing.assert_allclose(features, expected, rtol=1e-4, atol=1e-5)


def test_a_weights_file_under_the_other_layouts_name_still_loads(mobilenet_files, tmp_path):
    renamed = tmp_path / "keras3-layout.h5"  # Keras would read a `.h5` name as the Keras 2 layout.
    renamed.write_bytes(mobilenet_files["keras3"].read_bytes())
    model, loaded = pretrained.build_pretrained("mobilenetv2", SHAPE, 3, renamed)
    np.testing.assert_array_equal(_first_kernel(model), mobilenet_files["first_kernel"])
    assert loaded.to_json() == {"source": "file", "path": str(renamed), "layers": 104}


@pytest.mark.parametrize("layout", ["keras2", "keras3"])
def test_weights_of_another_backbone_are_refused_in_one_line(mobilenet_files, layout):
    with pytest.raises(pretrained.WeightsError) as caught:
        pretrained.build_pretrained("mobilenetv3small", SHAPE, 3, mobilenet_files[layout])
    message = str(caught.value)
    assert "\n" not in message and str(mobilenet_files[layout]) in message
    assert "do not fit the mobilenetv3small backbone" in message
    assert "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5" in message


def test_a_file_with_the_imagenet_classifier_is_refused_with_a_hint(tmp_path):
    path = _save_keras2_h5(_random_application("mobilenetv2", include_top=True), tmp_path / "with_top.h5")
    with pytest.raises(pretrained.WeightsError, match="includes the ImageNet classifier .*without top"):
        pretrained.build_pretrained("mobilenetv2", SHAPE, 3, path)


def test_not_weights_at_all_is_refused_in_one_line(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("not a weights file")
    with pytest.raises(pretrained.WeightsError, match=r"notes\.h5: not an HDF5 file") as caught:
        pretrained.build_pretrained("mobilenetv2", SHAPE, 3, path)
    assert "\n" not in str(caught.value)
    with pytest.raises(pretrained.WeightsError, match="not found"):
        pretrained.parse_weights(tmp_path / "missing.h5")


def test_parse_weights():
    assert pretrained.parse_weights("ImageNet") == "imagenet"
    assert pretrained.parse_weights(" none ") == "none"


def test_none_builds_the_architecture_from_scratch_and_resnet50_none_is_our_preset():
    model, loaded = pretrained.build_pretrained("resnet50", SHAPE, 3, "none")
    assert loaded is None and isinstance(model.layers[1], keras.layers.Rescaling)  # models/resnet.py's.
    with pytest.raises(pretrained.WeightsError, match="vgg-mini has no pretrained weights"):
        pretrained.build_pretrained("vgg-mini", SHAPE, 3, "imagenet")


def test_efficientnet_file_with_keras_stored_deviation_normalises_as_keras_imagenet_model(tmp_path):
    application = _random_application("efficientnetb0")
    normalization = next(layer for layer in application.layers if isinstance(layer, keras.layers.Normalization))
    mean, variance, count = normalization.get_weights()
    # Keras's ImageNet file stores the standard deviation where the variance belongs.
    normalization.set_weights([np.array(backbones.IMAGENET_MEAN_RGB, "float32").reshape(mean.shape),
                               np.array(backbones.IMAGENET_STD_RGB, "float32").reshape(variance.shape), count])
    path = _save_keras2_h5(application, tmp_path / "efficientnetb0_notop.h5")
    model, _ = pretrained.build_pretrained("efficientnetb0", SHAPE, 3, path)
    layer = backbones.efficientnet_normalization(model)
    raw = np.random.default_rng(3).uniform(0, 255, (1,) + SHAPE).astype("float32")
    normalised = keras.Model(model.get_layer("backbone").input, layer.output)(raw).numpy()
    # What Keras's EfficientNetB0(weights="imagenet") computes, with its extra 1/sqrt(std) Rescaling.
    std = np.array(backbones.IMAGENET_STD_RGB)
    expected = (raw / 255 - np.array(backbones.IMAGENET_MEAN_RGB)) / np.sqrt(std) / np.sqrt(std)
    np.testing.assert_allclose(normalised, expected, atol=1e-4)


# --- imagenet: Keras's cache, the download, offline -------------------------------------


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, UNREACHABLE)
    return tmp_path / "keras-home" / "models"


def test_the_cache_is_keras_own():
    from keras.src.backend import config

    assert pretrained.keras_models_cache() == pretrained.Path(config.keras_home()).expanduser() / "models"


def test_imagenet_offline_fails_with_one_line_naming_weights_file(keras_home):
    with pytest.raises(pretrained.WeightsError) as caught:
        pretrained.build_pretrained("mobilenetv2", SHAPE, 3, "imagenet")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("cannot download the ImageNet weights of mobilenetv2: no connection to 127.0.0.1:1")
    assert "--weights FILE" in message and str(keras_home) in message
    assert UNREACHABLE + backbones.get_backbone("mobilenetv2").weights_file in message


def test_where_to_get_weights_names_keras_url_when_no_mirror_is_set(monkeypatch):
    monkeypatch.delenv(pretrained.MIRROR_VARIABLE, raising=False)
    text = pretrained.where_to_get_weights("resnet50")
    assert ("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
            "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5 (94 MB)") in text


def test_imagenet_weights_already_in_keras_cache_need_no_network(keras_home, mobilenet_files):
    assert pretrained.cached_imagenet_weights("mobilenetv2") is None  # "needs a download of 9 MB"
    keras_home.mkdir(parents=True)
    (keras_home / mobilenet_files["keras2"].name).write_bytes(mobilenet_files["keras2"].read_bytes())
    assert pretrained.cached_imagenet_weights("mobilenetv2") == keras_home / mobilenet_files["keras2"].name
    model, loaded = pretrained.build_pretrained("mobilenetv2", SHAPE, 3, "imagenet")
    np.testing.assert_array_equal(_first_kernel(model), mobilenet_files["first_kernel"])
    assert loaded.source == "imagenet" and loaded.path == str(keras_home / mobilenet_files["keras2"].name)


@pytest.fixture
def weights_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving a folder; yields (folder, base URL, request log)."""
    folder = tmp_path / "served"
    folder.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/", requests
    server.shutdown()
    server.server_close()
    thread.join()


def test_imagenet_download_reports_progress_and_is_cached_once(keras_home, mobilenet_files, weights_server,
                                                               monkeypatch):
    folder, url, requests = weights_server
    name = mobilenet_files["keras2"].name
    (folder / name).write_bytes(mobilenet_files["keras2"].read_bytes())
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, url)
    progress = []
    model, loaded = pretrained.build_pretrained("mobilenetv2", SHAPE, 3, "imagenet",
                                                on_progress=lambda done, total: progress.append((done, total)))
    size = (folder / name).stat().st_size
    assert progress[0] == (0, size) and progress[-1] == (size, size) and len(progress) > 2
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert (keras_home / name).read_bytes() == (folder / name).read_bytes()
    assert sorted(path.name for path in keras_home.iterdir()) == [name]  # No temporary file left.
    np.testing.assert_array_equal(_first_kernel(model), mobilenet_files["first_kernel"])
    pretrained.build_pretrained("mobilenetv2", SHAPE, 3, "imagenet")
    assert len(requests) == 1  # The second build used Keras's cache.


def test_a_download_whose_checksum_is_not_keras_is_refused_and_not_cached(keras_home, weights_server, monkeypatch):
    folder, url, _ = weights_server
    name = backbones.get_backbone("mobilenetv3small").weights_file
    _save_keras2_h5(_random_application("mobilenetv3small"), folder / name)
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, url)
    with pytest.raises(pretrained.WeightsError, match="damaged .*checksum is not Keras's"):
        pretrained.imagenet_weights_path("mobilenetv3small")
    assert not keras_home.exists() or not any(keras_home.iterdir())
    keras_home.mkdir(parents=True, exist_ok=True)  # A damaged copy in the cache is not used either.
    (keras_home / name).write_bytes((folder / name).read_bytes())
    assert pretrained.cached_imagenet_weights("mobilenetv3small") is None
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, UNREACHABLE)
    with pytest.raises(pretrained.WeightsError, match="the copy in Keras's cache, .*, is damaged"):
        pretrained.imagenet_weights_path("mobilenetv3small")


def test_a_cancelled_download_leaves_nothing(keras_home, mobilenet_files, weights_server, monkeypatch):
    folder, url, _ = weights_server
    (folder / mobilenet_files["keras2"].name).write_bytes(mobilenet_files["keras2"].read_bytes())
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, url)
    with pytest.raises(pretrained.DownloadCancelled):
        pretrained.imagenet_weights_path("mobilenetv2", should_stop=lambda: True)
    assert not any(keras_home.iterdir())

