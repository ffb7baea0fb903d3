"""Relighting a photo (warm, cool, dim, any gains) and the lighting check, without TensorFlow."""

import numpy as np
import pytest

from core import lighting


def _photo(seed=0, size=32, cast=(1.0, 1.0, 1.0), brightness=1.0):
    """A tongue-like picture: a pink-red blob on skin, a few white highlights, some noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[:size, :size] / size
    image = np.empty((size, size, 3))
    image[:] = (175, 130, 110)  # Skin.
    blob = (x - 0.5) ** 2 + (y - 0.55) ** 2 < 0.09
    image[blob] = (190 + rng.normal(0, 8), 95 + rng.normal(0, 8), 100 + rng.normal(0, 8))
    image[rng.random((size, size)) < 0.02] = (235, 232, 228)  # Highlights.
    image = image * np.asarray(cast) * brightness + rng.normal(0, 4, image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def test_named_lights_multiply_srgb_values_and_clip():
    image = np.asarray([[[100, 100, 100], [240, 128, 20]]], dtype=np.uint8)

    assert lighting.relight_named(image, "warm").tolist() == [[[115, 100, 85], [255, 128, 17]]]
    assert lighting.relight_named(image, "cool").tolist() == [[[85, 100, 115], [204, 128, 23]]]
    assert lighting.relight_named(image, "dim").tolist() == [[[70, 70, 70], [168, 90, 14]]]
    assert lighting.relight(image, (2.0, 1.0, 0.5), exposure=0.5).tolist() == [[[100, 50, 25], [240, 64, 5]]]
    assert lighting.relight_named(image, "warm").dtype == np.uint8
    assert image.tolist() == [[[100, 100, 100], [240, 128, 20]]]  # The input is left alone.


def test_linear_space_multiplies_light_not_stored_values():
    image = _photo()
    assert np.array_equal(lighting.relight(image, space="linear"), image)  # sRGB there and back is exact.
    darker = lighting.relight(image, exposure=0.5, space="linear").astype(float)
    # Half the light is about 73 % of the sRGB value: the curve is close to a 2.2 power.
    ratio = darker[image > 60] / image[image > 60]
    assert ratio.mean() == pytest.approx(0.5 ** (1 / 2.2), abs=0.02)
    assert lighting.srgb_to_linear(lighting.linear_to_srgb(np.linspace(0, 1, 11))) == pytest.approx(
        np.linspace(0, 1, 11), abs=1e-5)


def test_bad_lights_are_refused_with_the_value():
    image = _photo()
    with pytest.raises(lighting.LightingError, match="sunset"):
        lighting.relight_named(image, "sunset")
    with pytest.raises(lighting.LightingError, match="gains"):
        lighting.relight(image, (1.0, 0.0, 1.0))
    with pytest.raises(lighting.LightingError, match="shape"):
        lighting.relight(image[..., :1], (1.0, 1.0, 1.0))
    with pytest.raises(lighting.LightingError, match="space"):
        lighting.relight(image, space="cmyk")
    assert lighting.parse_lights("all") == ("warm", "cool", "dim")
    assert lighting.parse_lights("Dim, warm,dim") == ("dim", "warm")
    with pytest.raises(lighting.LightingError):
        lighting.parse_lights(" , ")


def test_a_batch_is_relit_like_its_images_one_by_one():
    batch = np.stack([_photo(seed) for seed in range(3)])
    relit = lighting.relight_named(batch, "cool")
    for image, expected in zip(batch, relit):
        assert np.array_equal(lighting.relight_named(image, "cool"), expected)


def test_the_check_is_quiet_on_the_training_photos_and_fires_on_a_cast():
    rng = np.random.default_rng(1)
    # Training photos vary a little in white balance and exposure, as a clinic's do.
    training = np.stack([_photo(seed, cast=1 + rng.normal(0, 0.03, 3), brightness=1 + rng.normal(0, 0.05))
                         for seed in range(60)])
    profile = lighting.lighting_profile(training)

    assert profile["images"] == 60 and profile["features"] == list(lighting.FEATURES)
    assert profile["training_fired"] <= 0.02
    quiet = [lighting.check_lighting(profile, image).unusual for image in training]
    assert sum(quiet) <= 1
    assert not lighting.check_lighting(profile, _photo(99)).unusual  # A new photo under the same light.

    warm = lighting.check_lighting(profile, lighting.relight(_photo(99), (1.4, 1.0, 0.7)))
    dark = lighting.check_lighting(profile, lighting.relight(_photo(99), exposure=0.4))
    assert warm.unusual and warm.distance > warm.threshold and warm.directions[0] == "warmer"
    assert warm.deviations["log_red_green"] > 2 > warm.deviations["log_blue_green"]
    assert dark.unusual and "darker" in dark.directions
    assert lighting.check_lighting(profile, lighting.relight(_photo(99), (0.7, 1.0, 1.4))).directions[0] == "cooler"


def test_the_profile_reads_a_memory_mapped_store_by_rows_and_survives_gray(tmp_path):
    store = np.memmap(tmp_path / "store.u8", dtype=np.uint8, mode="w+", shape=(20, 32, 32, 3))
    for index in range(20):
        store[index] = _photo(index)
    by_rows = lighting.lighting_profile(store, rows=np.arange(0, 20, 2))
    assert by_rows == lighting.lighting_profile(np.asarray(store[::2]))
    assert by_rows["images"] == 10

    gray = np.stack([_photo(index)[..., :1] for index in range(10)])
    profile = lighting.lighting_profile(gray)
    assert profile is not None and not lighting.check_lighting(profile, gray[0]).unusual


def test_no_profile_from_a_handful_of_photos_and_no_check_without_one():
    assert lighting.lighting_profile(np.stack([_photo(seed) for seed in range(3)])) is None
    assert lighting.check_lighting(None, _photo()) is None
    assert lighting.check_lighting({"version": 999}, _photo()) is None
