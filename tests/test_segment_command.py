"""`main.py segment` and `core.segmenter` with a hand-weighted segmenter whose masks are known exactly.

The segmenter (`tests.segmentation_data.red_segmenter`) is one 1x1 convolution: a pixel is
tongue when its red value is at least 0.7 of 255. The drawn photos have a pink tongue (red
200-240) on noise and lips whose red stays below that, so on a photo of the model's own size the
predicted mask is exactly the drawn ellipse.
"""

import json
import os

import keras
import numpy as np
import pytest
from PIL import Image

import main
from core import masks, modelfile, segmenter as segmenters
from tests.segmentation_data import red_segmenter, tongue_photo

SIZE = (48, 64)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    return red_segmenter(tmp_path_factory.mktemp("model") / "red.keras")


@pytest.fixture
def photos(tmp_path):
    """Three drawn photos (PNG, so no compression blurs the edge) and their exact masks in truth/."""
    rng = np.random.default_rng(7)
    (tmp_path / "photos").mkdir()
    (tmp_path / "truth").mkdir()
    truths = {}
    for index in range(3):
        photo, mask, _ = tongue_photo(rng, SIZE)
        photo.save(tmp_path / "photos" / f"p{index}.png")
        masks.save_mask(tmp_path / "truth" / f"p{index}.png", mask)
        truths[f"p{index}"] = mask
    return tmp_path, truths


def test_the_mask_of_a_photo_of_the_models_size_is_exact(model_path, photos):
    folder, truths = photos
    segmenter = segmenters.load_segmenter(model_path)
    for stem, truth in truths.items():
        assert np.array_equal(segmenter.mask_file(folder / "photos" / f"{stem}.png"), truth)


def test_a_larger_photo_gets_a_mask_at_its_own_size(model_path):
    photo, truth, box = tongue_photo(np.random.default_rng(11), (96, 128))
    segmenter = segmenters.load_segmenter(model_path)
    mask = segmenter.mask_of(photo)
    assert mask.shape == (96, 128)
    assert masks.iou(mask, truth) > 0.9  # Resized to 48x64 and back: only the outline moves.
    region = masks.tongue_box(mask, margin=0)
    assert all(abs(found - drawn) <= 3 for found, drawn in zip(region.box, box))


def test_segment_writes_masks_and_scores_them(model_path, photos, capsys):
    folder, truths = photos
    shifted = np.roll(truths["p1"], 3, axis=1)
    masks.save_mask(folder / "truth" / "p1.png", shifted)  # A ground truth 3 px off: a known IoU.
    expected_iou = np.count_nonzero(truths["p1"] & shifted) / np.count_nonzero(truths["p1"] | shifted)
    expected_dice = 2 * np.count_nonzero(truths["p1"] & shifted) / (truths["p1"].sum() + shifted.sum())
    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(folder / "out"),
                      "--masks", str(folder / "truth"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    rows = {row["path"].rsplit("/", 1)[-1]: row for row in result["photos"]}
    assert rows["p0.png"]["iou"] == 1.0 and rows["p2.png"]["dice"] == 1.0
    assert rows["p1.png"]["iou"] == pytest.approx(expected_iou) and expected_iou < 0.95
    assert rows["p1.png"]["dice"] == pytest.approx(expected_dice)
    assert result["mean_iou"] == pytest.approx((2 + expected_iou) / 3)
    assert result["segmented"] == 3 and result["scored"] == 3
    for stem, truth in truths.items():
        written = Image.open(folder / "out" / f"{stem}.png")
        assert written.size == (64, 48) and written.mode == "L"
        assert np.array_equal(np.asarray(written) == 255, truth) and set(np.unique(np.asarray(written))) <= {0, 255}
    box = rows["p0.png"]["box"]
    rows_with_tongue = np.flatnonzero(truths["p0"].any(axis=1))
    assert box[1] == rows_with_tongue[0] and box[3] == rows_with_tongue[-1] + 1


def test_masks_laid_out_by_class_as_synth_writes_them_are_found(model_path, photos, capsys):
    folder, truths = photos
    for layout in ("images", "masks"):
        (folder / layout / "红舌 red").mkdir(parents=True)
    for stem in truths:  # images/<class>/<stem>.png beside masks/<class>/<stem>.png (`synth --masks`).
        (folder / "photos" / f"{stem}.png").rename(folder / "images" / "红舌 red" / f"{stem}.png")
        (folder / "truth" / f"{stem}.png").rename(folder / "masks" / "红舌 red" / f"{stem}.png")

    assert main.main(["segment", str(folder / "images"), "--model", str(model_path), "--masks",
                      str(folder / "masks"), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert result["scored"] == 3 and result["mean_iou"] == 1.0  # Before: 0 scored, "no ground-truth mask".


def test_masks_keep_the_photos_sub_folders_and_round_trip_as_ground_truth(model_path, photos, capsys):
    folder, truths = photos
    for name in ("红舌 red", "pale"):
        (folder / "photos" / name).mkdir()
    os.replace(folder / "photos" / "p0.png", folder / "photos" / "红舌 red" / "IMG_1.png")
    os.replace(folder / "photos" / "p1.png", folder / "photos" / "pale" / "IMG_1.png")
    os.replace(folder / "photos" / "p2.png", folder / "photos" / "pale" / "p2.png")
    Image.open(folder / "photos" / "pale" / "p2.png").save(folder / "photos" / "pale" / "p2.bmp")
    single = folder / "single.png"
    Image.open(folder / "photos" / "pale" / "p2.png").save(single)

    out = folder / "out"
    assert main.main(["segment", str(folder / "photos"), str(single), "--model", str(model_path),
                      "--out", str(out)]) == 0
    capsys.readouterr()
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.png"))
    assert written == ["pale/IMG_1.png", "pale/p2.png", "pale/p2_2.png", "single.png", "红舌 red/IMG_1.png"]
    assert np.array_equal(np.asarray(Image.open(out / "pale" / "IMG_1.png")) == 255, truths["p1"])
    # The masks written are a ground truth `--masks` reads back, photo by photo.
    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--masks", str(out),
                      "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scored"] == 4 and result["mean_iou"] == 1.0


def test_bad_photos_and_missing_truth_are_one_line_each(model_path, photos, capsys):
    folder, _ = photos
    (folder / "photos" / "broken.png").write_bytes(b"garbage")
    (folder / "truth" / "p2.png").unlink()
    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(folder / "out"),
                      "--masks", str(folder / "truth")]) == 1  # One photo failed; the others' masks are written.
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("error: ") and "broken.png: not an image file" in errors[0]
    assert errors[1].startswith("not scored: ") and "no ground-truth mask p2.* in" in errors[1]
    assert "3 photo(s) segmented, 1 error(s)" in captured.out
    assert "mean IoU 1.0000, mean Dice 1.0000 over 2 photo(s) with ground truth" in captured.out
    assert sorted(path.name for path in (folder / "out").iterdir()) == ["p0.png", "p1.png", "p2.png"]


def test_a_folder_of_corrupt_photos_only_exits_2_and_writes_nothing(model_path, tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    for name in ("one.png", "two.jpg"):
        (tmp_path / "photos" / name).write_bytes(b"garbage")

    code = main.main(["segment", str(tmp_path / "photos"), "--model", str(model_path), "--out", str(tmp_path / "out")])

    assert code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == "error: no photo could be segmented (2 tried)"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_mask_that_cannot_be_written_fails_its_photo_only_and_exits_1(model_path, photos, capsys, monkeypatch):
    import errno

    folder, _ = photos
    save_mask = masks.save_mask

    def disk_full_for_p1(path, mask):
        if os.path.basename(path) == "p1.png":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        save_mask(path, mask)

    monkeypatch.setattr(masks, "save_mask", disk_full_for_p1)
    code = main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(folder / "out"),
                      "--json"])

    captured = capsys.readouterr()
    assert code == 1  # Before: exit 2 with one line, and p2 never segmented.
    rows = {os.path.basename(row["path"]): row for row in json.loads(captured.out)["photos"]}
    assert rows["p1.png"]["error"] == (f"{folder / 'photos' / 'p1.png'}: mask not written "
                                       f"({folder / 'out' / 'p1.png'}: No space left on device)")
    assert "mask" in rows["p0.png"] and "mask" in rows["p2.png"]
    assert sorted(path.name for path in (folder / "out").iterdir()) == ["p0.png", "p2.png"]
    assert captured.err.splitlines() == [f"error: {rows['p1.png']['error']}"]


def test_postprocessing_keeps_the_largest_region_unless_told_not_to(model_path, tmp_path, capsys):
    photo = np.full(SIZE + (3,), 60, dtype=np.uint8)
    photo[10:40, 10:40] = (230, 130, 150)   # The tongue, with a dark hole.
    photo[20:24, 20:24] = 60
    photo[2:5, 55:60] = (230, 130, 150)     # A small pink speck elsewhere.
    Image.fromarray(photo).save(tmp_path / "two.png")
    for flag, expected in (([], 900), (["--no-postprocess"], 900 - 16 + 15)):
        assert main.main(["segment", str(tmp_path / "two.png"), "--model", str(model_path),
                          "--out", str(tmp_path / "out"), "--force", *flag]) == 0  # The second replaces the first.
        capsys.readouterr()
        assert (np.asarray(Image.open(tmp_path / "out" / "two.png")) == 255).sum() == expected


def test_a_blank_photo_has_no_tongue_even_where_the_model_finds_one(model_path):
    segmenter = segmenters.load_segmenter(model_path)
    rng = np.random.default_rng(3)
    white = np.full((96, 128, 3), 250, dtype=np.uint8)  # Red 250: tongue to this model, pixel by pixel.
    noisy_pink = np.clip(np.full((96, 128, 3), (230, 140, 150)) + rng.normal(0, 2, (96, 128, 3)), 0, 255)
    for blank in (white, noisy_pink.astype(np.uint8)):
        assert segmenter.mask_of(blank, postprocess=False).all()  # What the model says,
        assert not segmenter.mask_of(blank).any()  # and what a photo with nothing in it gets.
    photo, truth, _ = tongue_photo(rng, SIZE)
    assert np.array_equal(segmenter.mask_of(photo), truth)


def test_models_that_are_not_segmenters_and_a_missing_bundle(tmp_path, photos, monkeypatch, capsys):
    folder, _ = photos
    inputs = keras.Input((8, 8, 3))
    classifier = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(inputs)))
    modelfile.save_model(classifier, tmp_path / "classifier.keras", modelfile.ModelInfo(["a", "b"], (8, 8, 3)))
    argv = ["segment", str(folder / "photos" / "p0.png"), "--out", str(tmp_path / "out")]
    assert main.main(argv + ["--model", str(tmp_path / "classifier.keras")]) == 2
    assert "not a segmenter: its output (2) is not a mask of its input's size (8x8x3)" in capsys.readouterr().err
    monkeypatch.setattr(segmenters, "BUNDLED_SEGMENTER", tmp_path / "demo" / "tongue-segmenter.keras")
    assert main.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the bundled tongue segmenter is not there" in err[0]
    assert main.main(["segment", str(folder / "photos")]) == 2
    assert "give --out DIR" in capsys.readouterr().err


def test_task_is_read_from_the_metadata(model_path, tmp_path):
    assert segmenters.read_task(model_path) == "segmentation"
    assert modelfile.load_model(model_path).info.class_names == ["tongue"]  # The file opens as any model does.
    plain = tmp_path / "plain.keras"
    inputs = keras.Input((4, 4, 3))
    keras.Model(inputs, keras.layers.Conv2D(1, 1, activation="sigmoid")(inputs)).save(plain)
    assert segmenters.read_task(plain) is None
    os.mkfifo(tmp_path / "pipe.keras")
    assert segmenters.read_task(tmp_path / "pipe.keras") is None  # Not opened: it would wait for a writer.
    with pytest.raises(modelfile.ModelFileError, match="not a regular file"):
        segmenters.load_segmenter(tmp_path / "pipe.keras")
    assert segmenters.load_segmenter(plain).info.image_size == (4, 4)  # A plain Keras mask model is accepted.


def test_the_bundled_segmenter_loads_safely_in_tonguelens_and_plain_keras():
    path = segmenters.BUNDLED_SEGMENTER
    assert path.stat().st_size < 5_000_000
    assert segmenters.read_task(path) == "segmentation"
    plain = keras.saving.load_model(path, safe_mode=True)
    assert tuple(plain.output.shape)[1:3] == tuple(plain.input.shape)[1:3]
    mask = segmenters.load_segmenter(path).mask_of(tongue_photo(np.random.default_rng(0), (200, 240))[0])
    assert mask.shape == (200, 240)


def test_classify_and_evaluate_refuse_a_segmenter(model_path, photos, capsys):
    folder, _ = photos
    assert main.main(["classify", str(folder / "photos" / "p0.png"), "--model", str(model_path)]) == 2
    assert "a tongue segmenter, not a classifier: `classify` needs a classifier" in capsys.readouterr().err
    assert main.main(["evaluate", str(folder), "--model", str(model_path)]) == 2
    assert "`evaluate` needs a classifier" in capsys.readouterr().err


def test_inspect_export_and_a_classifier_refuse_a_segmenter_even_a_plain_keras_one(model_path, photos, capsys,
                                                                                     tmp_path):
    from core import export
    from core.predictor import Classifier

    folder, _ = photos
    assert main.main(["inspect", str(folder / "photos" / "p0.png"), "--model", str(model_path)]) == 2
    assert "a tongue segmenter, not a classifier" in capsys.readouterr().err  # It read "class 'tongue' (p=1.00)".
    with pytest.raises(export.ExportError, match="a tongue segmenter, not a classifier"):
        export.export_model(model_path, "onnx", tmp_path / "seg-onnx")  # It wrote a model that always says 1.0.
    assert not (tmp_path / "seg-onnx").exists()
    plain = tmp_path / "plain.keras"  # No TongueLens metadata: its output, a mask, gives it away.
    keras.saving.save_model(keras.saving.load_model(model_path, safe_mode=True), plain)
    with pytest.raises(segmenters.SegmenterError, match=f"^{plain}: a tongue segmenter"):
        Classifier(modelfile.load_model(plain))


def _checksums(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_out_never_overwrites_a_file_already_there_without_force(model_path, photos, capsys):
    folder, truths = photos
    out = folder / "masks"
    (out / "sub").mkdir(parents=True)
    Image.open(folder / "photos" / "p0.png").save(out / "p1.png")  # A user's photo named like a mask.
    (out / "p2.png").write_bytes(b"hand-drawn ground truth")
    before = _checksums(out)

    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == (f"error: 2 mask file(s) already exist in the --out folder, the first {out / 'p1.png'}; "
                                    "give --force to overwrite them, or choose another --out")
    assert captured.out == ""  # Refused before any photo was segmented.
    assert _checksums(out) == before

    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(out),
                      "--force"]) == 0
    capsys.readouterr()
    assert np.array_equal(np.asarray(Image.open(out / "p1.png")) == 255, truths["p1"])
    assert np.array_equal(np.asarray(Image.open(out / "p2.png")) == 255, truths["p2"])


def test_out_inside_a_photo_folder_or_onto_a_photo_is_refused_even_with_force(model_path, photos, capsys):
    folder, _ = photos
    tongue = folder / "photos" / "tongue.jpg"
    Image.open(folder / "photos" / "p0.png").convert("RGB").save(tongue)
    before = _checksums(folder / "photos")
    for out in (folder / "photos", folder / "photos" / "masks"):
        assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out", str(out),
                          "--force"]) == 2
        assert capsys.readouterr().err.strip() == (
            f"error: {out}: inside the photo folder {folder / 'photos'}; the masks would lie among the photos. "
            "Choose another --out")
    # Photos named one by one: the mask of tongue.jpg would be the photo p0.png... were it named tongue.
    os.replace(folder / "photos" / "p0.png", folder / "photos" / "tongue.png")
    before = _checksums(folder / "photos")
    assert main.main(["segment", str(tongue), str(folder / "photos" / "tongue.png"), "--model", str(model_path),
                      "--out", str(folder / "photos"), "--force"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {folder / 'photos' / 'tongue.png'}: a photo being segmented; its mask would overwrite it. "
        "Choose another --out")
    assert _checksums(folder / "photos") == before
    assert not (folder / "photos" / "masks").exists()


def test_out_that_is_a_file_is_one_line(model_path, photos, capsys):
    folder, _ = photos
    (folder / "afile.keras").write_bytes(b"mine")
    assert main.main(["segment", str(folder / "photos"), "--model", str(model_path), "--out",
                      str(folder / "afile.keras")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {folder / 'afile.keras'}: not a folder (--out takes the folder to write the masks to)")
    assert (folder / "afile.keras").read_bytes() == b"mine"
