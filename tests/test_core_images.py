"""The one image loader: every good file loads as 8-bit RGB, every bad one is refused by name."""

import numpy as np
import pytest
from PIL import Image

from core import images
from tests.badfiles import make_catalogue


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("catalogue")
    good, bad = make_catalogue(folder)
    return folder, good, bad


def test_every_good_file_loads_as_8bit_rgb(catalogue):
    folder, good, _ = catalogue
    for name in good:
        image = images.load_rgb(folder / name)
        assert image.mode == "RGB", name
        assert np.asarray(image).dtype == np.uint8, name


def test_every_bad_file_is_refused_with_its_path_in_one_line(catalogue):
    folder, _, bad = catalogue
    for name in bad:
        with pytest.raises(images.ImageError) as caught:
            images.load_rgb(folder / name)
        message = str(caught.value)
        assert message.startswith(str(folder / name) + ": "), message
        assert "\n" not in message


def test_reasons_say_what_is_wrong(catalogue):
    folder, _, _ = catalogue

    def reason(name):
        with pytest.raises(images.ImageError) as caught:
            images.load_rgb(folder / name)
        return caught.value.reason

    assert "empty" in reason("empty.jpg")
    assert "HTML" in reason("page.png")
    assert "decompression bomb" in reason("bomb.png")
    assert "folder" in reason("folder.jpg")
    assert "not an image" in reason("notes.jpg")


def test_exif_orientation_is_applied(catalogue):
    folder, _, _ = catalogue
    assert images.load_rgb(folder / "rotated.jpg").size == (20, 40)


def test_transparency_is_composited_on_white(catalogue):
    folder, _, _ = catalogue
    assert np.asarray(images.load_rgb(folder / "transparent.png")).min() == 255


def test_16bit_gray_keeps_its_range(catalogue):
    folder, _, _ = catalogue
    pixels = np.asarray(images.load_rgb(folder / "gray16.png"))
    assert pixels.min() == 0 and pixels.max() == 255
    assert np.array_equal(pixels[..., 0], pixels[..., 2])


def test_animated_gif_gives_its_first_frame(catalogue):
    folder, _, _ = catalogue
    red, green, blue = np.asarray(images.load_rgb(folder / "animated.gif")).reshape(-1, 3).mean(axis=0)
    assert red > 200 and green < 50 and blue < 50


def test_load_array_resizes_to_height_width(tmp_path):
    Image.new("RGB", (50, 20), "red").save(tmp_path / "wide.png")
    array = images.load_array(tmp_path / "wide.png", size=(16, 32))
    assert array.shape == (16, 32, 3) and array.dtype == np.uint8


def test_missing_file_is_named(tmp_path):
    with pytest.raises(images.ImageError, match="file not found"):
        images.load_rgb(tmp_path / "nope.jpg")


def test_is_image_name_ignores_case():
    assert images.is_image_name("A.JPG") and images.is_image_name("b.webp")
    assert not images.is_image_name("model.keras")


def test_match_channels_makes_gray_by_luma_and_rgb_by_repeating(tmp_path):
    from training.dataset import fit_image

    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (6, 5, 3), dtype=np.uint8)
    gray = images.match_channels(rgb, 1)
    assert gray.shape == (6, 5, 1) and gray.dtype == np.uint8
    # Pillow's own luma conversion rounds where we truncate: never more than one level apart.
    pillow = np.asarray(Image.fromarray(rgb).convert("L"), dtype=np.int16)[..., None]
    assert np.abs(gray.astype(np.int16) - pillow).max() <= 1
    assert np.array_equal(images.match_channels(gray, 3), np.repeat(gray, 3, axis=-1))
    assert images.match_channels(rgb, 3) is rgb and images.match_channels(gray[..., 0], 1).shape == (6, 5, 1)
    # Training stores what classifying and inspecting compute: the same function.
    path = tmp_path / "photo.png"
    Image.fromarray(rgb).save(path)
    assert np.array_equal(fit_image(images.load_rgb(path), (6, 5), channels=1), gray)
