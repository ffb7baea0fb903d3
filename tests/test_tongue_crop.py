"""Classifying on the tongue (`core.crop`): the crop, the model file that carries its segmenter, and
every use of that file (classify, evaluate, inspect, export, to-fully-conv, plain Keras).

The segmenter is hand-weighted (`red_segmenter`: a pixel is tongue when its red value is at least 0.7
of 255) and the classifier too (`cropping_color_model`: mean red against mean blue), on photos of a
purple tongue on a red background: cut to the tongue the answer is "blue", whole it is "red".
"""

import hashlib
import json
import zipfile

import keras
import numpy as np
import pytest

import main
from core import crop as crops, images, masks, modelfile, segmenter as segmenters
from core.predictor import Classifier
from tests.badfiles import rewrite_archive
from tests.gui_helpers import color_model, cropping_color_model
from tests.segmentation_data import crop_test_photo, red_segmenter


@pytest.fixture(scope="module")
def segmenter_path(tmp_path_factory):
    return red_segmenter(tmp_path_factory.mktemp("segmenter") / "red.keras")


@pytest.fixture(scope="module")
def model_path(tmp_path_factory, segmenter_path):
    return cropping_color_model(tmp_path_factory.mktemp("model") / "cropping.keras", segmenter_path)


@pytest.fixture()
def photo(tmp_path):
    return crop_test_photo(tmp_path / "tongue.png")


def spec(segmenter_path, margin=0.1, mask_background=False):
    return crops.CropSpec(margin, mask_background, "red", hashlib.sha256(segmenter_path.read_bytes()).hexdigest())


def test_a_photo_is_cut_to_the_tongues_box_with_its_margin(segmenter_path, photo):
    path, truth = photo
    crop = crops.TongueCrop(segmenters.load_segmenter(segmenter_path), spec(segmenter_path))
    cropped = crop.crop(images.load_rgb(path))
    expected = masks.tongue_box(truth, 0.1).box
    assert cropped.found and cropped.photo_size == (128, 96)
    assert np.abs(np.subtract(cropped.box, expected)).max() <= 2  # The mask comes back from the model's 64x48.
    left, top, right, bottom = cropped.box
    assert cropped.image.size == (right - left, bottom - top)
    assert masks.iou(cropped.mask, truth) > 0.95

    masked = crops.TongueCrop(crop.segmenter, spec(segmenter_path, mask_background=True)).crop(images.load_rgb(path))
    corner = np.asarray(masked.image)[0, 0]
    assert masked.box == cropped.box and tuple(corner) == crops.BACKGROUND_FILL
    assert tuple(np.asarray(cropped.image)[0, 0]) != crops.BACKGROUND_FILL  # Kept when not masked.


def test_a_photo_without_a_tongue_is_used_whole(segmenter_path, tmp_path):
    path, _ = crop_test_photo(tmp_path / "none.png", tongue=False)
    cropped = crops.TongueCrop(segmenters.load_segmenter(segmenter_path), spec(segmenter_path)).crop(
        images.load_rgb(path))
    assert not cropped.found and cropped.box == (0, 0, 128, 96) and cropped.image.size == (128, 96)


def test_the_model_file_carries_its_segmenter_and_the_crop_is_applied_wherever_it_is_loaded(model_path, photo):
    path, _ = photo
    with zipfile.ZipFile(model_path) as archive:
        assert crops.SEGMENTER_MEMBER in archive.namelist()
        metadata = json.loads(archive.read(modelfile.METADATA_MEMBER))
    assert metadata["crop"]["mask_background"] is True and metadata["crop"]["member"] == crops.SEGMENTER_MEMBER

    loaded = modelfile.load_model(model_path)
    assert loaded.info.crop.margin == 0.1 and loaded.segmenter.info.task == "segmentation"
    classifier = Classifier(loaded)
    assert classifier.classify_image(path)["top"][0]["label"] == "blue"  # The tongue.
    whole = Classifier(modelfile.load_model(color_model(model_path.with_name("whole.keras"))))
    assert whole.classify_image(path)["top"][0]["label"] == "red"  # The whole photo is mostly background.

    model_input, cropped = classifier.prepare(images.load_rgb(path))
    assert cropped.found and model_input.shape == (32, 32, 3)
    plain = keras.saving.load_model(model_path, safe_mode=True)  # Plain Keras ignores the extra member.
    assert plain.output.shape[-1] == 2


def test_classify_evaluate_and_a_reloaded_file_give_the_same_answers(model_path, photo, tmp_path, capsys):
    path, _ = photo
    folder = tmp_path / "labelled"
    (folder / "blue").mkdir(parents=True)
    (folder / "red").mkdir()
    crop_test_photo(folder / "blue" / "tongue.png", seed=1)
    crop_test_photo(folder / "red" / "no_tongue.png", seed=2, tongue=False)  # Used whole: red.

    no_tongue = folder / "red" / "no_tongue.png"
    assert main.main(["classify", str(path), str(no_tongue), "--model", str(model_path), "--json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    printed = rows[0]["top"]
    in_process = Classifier(modelfile.load_model(model_path)).classify_image(path)["top"]
    assert [row["label"] for row in printed] == [row["label"] for row in in_process] == ["blue", "red"]
    assert printed[0]["probability"] == pytest.approx(in_process[0]["probability"], abs=1e-6)
    assert rows[0]["tongue"] is True and rows[1]["tongue"] is False and rows[1]["top"][0]["label"] == "red"
    assert f"note: {no_tongue}: no tongue found; the whole photo was classified" in captured.err

    assert main.main(["evaluate", str(folder), "--model", str(model_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accuracy"] == 1.0
    assert any("no tongue was found in 1 photo(s)" in warning for warning in report["warnings"])


def test_inspect_puts_grad_cam_on_the_box_the_model_saw(model_path, photo, tmp_path, capsys):
    path, _ = photo
    out = tmp_path / "look"
    assert main.main(["inspect", str(path), "--model", str(model_path), "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["crop"]["found"] and result["prediction"][0]["label"] == "blue"
    assert (out / "gradcam.png").is_file()
    assert "cut to the tongue" in result["notes"]["gradcam.png"]


def test_grad_cam_of_a_crop_is_placed_on_its_box():
    from inspection import gradcam

    heat, inside = gradcam.on_photo(np.ones((8, 8), np.float32), (10, 20, 30, 60), (100, 80))
    assert heat.shape == (80, 100) and inside.sum() == 20 * 40
    assert heat[20:60, 10:30].min() == 1.0 and heat[~inside].max() == 0.0


def test_export_refuses_a_cropping_model_and_to_fully_conv_keeps_its_crop(model_path, segmenter_path, tmp_path,
                                                                        capsys):
    assert main.main(["export", str(model_path), "--format", "savedmodel", "--out", str(tmp_path / "out")]) == 2
    assert "cut to the tongue by its own segmenter" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

    inputs = keras.Input((8, 8, 3))
    x = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(keras.layers.Flatten()(x))
    info = modelfile.ModelInfo(["blue", "red"], (8, 8, 3), crop=spec(segmenter_path),
                               attached_segmenter=segmenter_path.read_bytes())
    modelfile.save_model(keras.Model(inputs, outputs), tmp_path / "flat.keras", info)
    converted = tmp_path / "fully.keras"
    assert main.main(["to-fully-conv", str(tmp_path / "flat.keras"), str(converted), "--input", "16x16"]) == 0
    capsys.readouterr()
    reloaded = modelfile.load_model(converted)
    assert reloaded.info.crop == info.crop and reloaded.segmenter is not None


def test_a_segmenter_member_is_checked_like_any_model_file(model_path, segmenter_path, tmp_path):
    classifier_bytes = color_model(tmp_path / "not-a-segmenter.keras").read_bytes()
    swapped = rewrite_archive(model_path, tmp_path / "swapped.keras", replace={crops.SEGMENTER_MEMBER: b"junk"})
    with pytest.raises(modelfile.ModelFileError, match="SHA-256 differs"):
        modelfile.load_model(swapped)

    metadata = json.loads(zipfile.ZipFile(model_path).read(modelfile.METADATA_MEMBER))
    metadata["crop"]["sha256"] = hashlib.sha256(classifier_bytes).hexdigest()
    wrong = rewrite_archive(model_path, tmp_path / "wrong.keras", replace={
        crops.SEGMENTER_MEMBER: classifier_bytes, modelfile.METADATA_MEMBER: json.dumps(metadata).encode()})
    with pytest.raises(modelfile.ModelFileError, match="its tongue segmenter: not a segmenter"):
        modelfile.load_model(wrong)

    missing = rewrite_archive(model_path, tmp_path / "missing.keras", drop=(crops.SEGMENTER_MEMBER,))
    with pytest.raises(modelfile.ModelFileError, match="holds no segmenter"):
        modelfile.load_model(missing)

    from tests.badfiles import keras_function, with_lambda

    evil = with_lambda(segmenter_path, tmp_path / "evil-segmenter.keras", keras_function("keras.layers", "TFSMLayer"),
                       {"filepath": str(tmp_path)})
    evil_bytes = evil.read_bytes()
    metadata["crop"]["sha256"] = hashlib.sha256(evil_bytes).hexdigest()
    attack = rewrite_archive(model_path, tmp_path / "attack.keras", replace={
        crops.SEGMENTER_MEMBER: evil_bytes, modelfile.METADATA_MEMBER: json.dumps(metadata).encode()})
    with pytest.raises(modelfile.ModelFileError, match="its tongue segmenter: refused: it holds a Lambda layer"):
        modelfile.load_model(attack)


def test_crop_settings_in_a_file_are_checked(model_path, tmp_path):
    metadata = json.loads(zipfile.ZipFile(model_path).read(modelfile.METADATA_MEMBER))
    for field, value, reason in (("margin", 3, "margin is not a number from 0 to 1"),
                                 ("mask_background", "yes", "mask_background is not true or false"),
                                 ("sha256", "../x", "sha256 is not a SHA-256"),
                                 ("member", "model.weights.h5", "names a member other than")):
        bad = dict(metadata, crop=dict(metadata["crop"], **{field: value}))
        path = rewrite_archive(model_path, tmp_path / f"bad-{field}.keras",
                               replace={modelfile.METADATA_MEMBER: json.dumps(bad).encode()})
        with pytest.raises(modelfile.ModelFileError, match=reason) as caught:
            modelfile.load_model(path)
        said = caught.value.reason.values["reason"]  # Keyed, so the app says which field in its language.
        assert said.key == f"crop.{field}", said
