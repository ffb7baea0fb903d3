"""Masks: reading label, grey and JPEG masks, the largest region, holes, IoU and Dice, the tongue's box."""

import collections

import numpy as np
import pytest
from PIL import Image

from core import masks
from core.images import ImageError


def regions_by_search(mask):
    """4-connected regions found pixel by pixel (breadth-first), the slow obvious way."""
    labels = np.zeros(mask.shape, dtype=np.int64)
    count = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        queue = collections.deque([start])
        while queue:
            row, column = queue.popleft()
            for d_row, d_column in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                near = (row + d_row, column + d_column)
                if 0 <= near[0] < mask.shape[0] and 0 <= near[1] < mask.shape[1] and mask[near] and not labels[near]:
                    labels[near] = count
                    queue.append(near)
    return labels, count


def largest_by_search(mask):
    labels, count = regions_by_search(mask)
    if count == 0:
        return np.zeros_like(mask)
    sizes = np.bincount(labels.ravel())[1:]
    return labels == (int(np.argmax(sizes)) + 1)


def filled_by_search(mask):
    labels, _ = regions_by_search(~mask)
    border = set(labels[0]) | set(labels[-1]) | set(labels[:, 0]) | set(labels[:, -1])
    holes = (labels > 0) & ~np.isin(labels, list(border))
    return mask | holes


@pytest.mark.parametrize("seed", range(6))
def test_largest_region_and_holes_agree_with_a_pixel_search(seed):
    rng = np.random.default_rng(seed)
    mask = rng.random((23, 31)) < (0.35 + 0.08 * seed)
    kept = masks.largest_region(mask)
    assert np.array_equal(kept, largest_by_search(mask))
    assert np.array_equal(masks.fill_holes(mask), filled_by_search(mask))


def test_postprocess_keeps_the_tongue_and_fills_its_holes():
    mask = np.zeros((40, 50), dtype=bool)
    mask[5:30, 10:40] = True          # The tongue...
    mask[12:15, 20:24] = False        # ...with a glare hole,
    mask[20, 30] = False              # a one-pixel hole,
    mask[35:38, 2:5] = True           # and a speck of lip elsewhere.
    mask[0:3, 45:50] = True           # Another speck on the border.
    clean = masks.postprocess(mask)
    expected = np.zeros_like(mask)
    expected[5:30, 10:40] = True
    assert np.array_equal(clean, expected)
    # A gap open to the border is not a hole.
    notch = expected.copy()
    notch[5:15, 24:26] = False
    assert np.array_equal(masks.fill_holes(notch), notch)
    assert not masks.postprocess(np.zeros((4, 4), dtype=bool)).any()
    assert masks.fill_holes(np.ones((3, 3), dtype=bool)).all()


def test_a_sliver_under_two_percent_of_the_photo_is_no_tongue():
    photo = np.zeros((100, 100), dtype=bool)
    photo[40:60, 60:69] = True  # 180 pixels, 1.8 %: a strip at a tongue's edge, as found on drawings.

    assert not masks.postprocess(photo).any()  # A crop to it gave the classifier a strip to read.
    assert masks.tongue_box(masks.postprocess(photo)) is None
    photo[40:60, 60:71] = True  # 220 pixels, 2.2 %: small, but a tongue.
    assert masks.postprocess(photo).sum() == 220


def test_diagonal_neighbours_are_separate_regions():
    mask = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    block = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)
    assert np.array_equal(masks.largest_region(mask), block)
    ring = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=bool)  # Its four neighbours enclose the centre.
    assert np.array_equal(masks.fill_holes(ring), ring | np.eye(3, dtype=bool) * [[0, 0, 0], [0, 1, 0], [0, 0, 0]])


def test_iou_and_dice_of_known_masks():
    truth = np.zeros((10, 10), dtype=bool)
    truth[0:4, 0:5] = True            # 20 pixels
    predicted = np.zeros_like(truth)
    predicted[2:6, 0:5] = True        # 20 pixels, 10 shared
    assert masks.iou(predicted, truth) == pytest.approx(10 / 30)
    assert masks.dice(predicted, truth) == pytest.approx(2 * 10 / 40)
    assert masks.iou(truth, truth) == masks.dice(truth, truth) == 1.0
    empty = np.zeros_like(truth)
    assert masks.iou(empty, empty) == 1.0 and masks.iou(empty, truth) == 0.0 and masks.dice(truth, empty) == 0.0
    with pytest.raises(ValueError, match="different sizes"):
        masks.iou(truth, truth[:5])


def test_read_mask_label_grey_palette_and_noisy_jpeg(tmp_path):
    truth = np.zeros((30, 40), dtype=bool)
    truth[8:22, 10:30] = True
    Image.fromarray(truth.astype(np.uint8), "L").save(tmp_path / "labels.png")  # 0/1 values
    palette = Image.fromarray(truth.astype(np.uint8), "P")
    palette.putpalette([0, 0, 0, 128, 0, 0] + [0] * 762)  # labelme's colours: index 1 is dark red.
    palette.save(tmp_path / "palette.png")
    Image.fromarray(np.where(truth, 255, 0).astype(np.uint8), "L").save(tmp_path / "grey.bmp")
    Image.fromarray(np.where(truth, 255, 0).astype(np.uint8), "L").save(tmp_path / "noisy.jpg", quality=30)
    for name in ("labels.png", "palette.png", "grey.bmp"):
        assert np.array_equal(masks.read_mask(tmp_path / name), truth), name
    noisy = np.asarray(Image.open(tmp_path / "noisy.jpg"))
    assert 0 < noisy[~truth].max() < 128 and 128 <= noisy[truth].min() < 255  # Really noisy on both sides.
    assert np.array_equal(masks.read_mask(tmp_path / "noisy.jpg"), truth)
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(ImageError, match="broken.png"):
        masks.read_mask(tmp_path / "broken.png")


def test_a_transparent_pixel_of_a_mask_is_not_tongue(tmp_path):
    truth = np.zeros((30, 40), dtype=bool)
    truth[8:22, 10:30] = True
    layer = np.zeros((30, 40, 4), dtype=np.uint8)  # A tongue painted white on a transparent layer.
    layer[truth] = (255, 255, 255, 255)
    Image.fromarray(layer, "RGBA").save(tmp_path / "layer.png")
    Image.fromarray(np.zeros((30, 40, 4), dtype=np.uint8), "RGBA").save(tmp_path / "clear.png")
    assert np.array_equal(masks.read_mask(tmp_path / "layer.png"), truth)
    assert not masks.read_mask(tmp_path / "clear.png").any()  # Before: composited on white, all tongue.


def test_resize_mask_and_mask_image():
    mask = np.zeros((20, 20), dtype=bool)
    mask[5:15, 5:15] = True
    assert np.array_equal(masks.resize_mask(mask, (40, 40))[10:30, 10:30], np.ones((20, 20), dtype=bool))
    assert masks.resize_mask(mask, (40, 40)).sum() == 400
    image = masks.mask_to_image(mask)
    assert image.mode == "L" and set(np.unique(np.asarray(image))) == {0, 255}


def test_tongue_box_with_margin_clipped_to_the_photo_and_crop():
    mask = np.zeros((100, 80), dtype=bool)
    mask[20:60, 10:50] = True  # 40 x 40
    region = masks.tongue_box(mask, margin=0.1)
    assert region.box == (6, 16, 54, 64)
    assert region.cropped_mask.shape == (48, 48) and region.cropped_mask.sum() == 1600
    assert masks.tongue_box(mask, margin=0.5).box == (0, 0, 70, 80)
    assert masks.tongue_box(mask, margin=0).box == (10, 20, 50, 60)
    assert masks.tongue_box(np.zeros((5, 5), dtype=bool)) is None

    photo = np.full((100, 80, 3), 200, dtype=np.uint8)
    cropped = region.crop(photo)
    assert cropped.size == (48, 48) and np.asarray(cropped).min() == 200
    masked = np.asarray(region.crop(photo, mask_background=True))
    assert masked[0, 0].tolist() == [0, 0, 0] and masked[24, 24].tolist() == [200, 200, 200]
    with pytest.raises(ValueError, match="80x100"):
        region.crop(photo[:50])
