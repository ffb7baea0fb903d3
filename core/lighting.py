"""Lighting: re-light a photo the way another lamp or camera would, and tell an unusual light.

    warm = relight_named(image, "warm")                       # white balance shifted towards warm
    darker = relight(image, exposure=0.7)                     # 30 % less exposure
    profile = lighting_profile(training_images)               # kept in the model file
    check = check_lighting(profile, image)                    # check.unusual: far from the training light

Relighting multiplies each channel by a gain (the colour of the light, or a camera's white
balance) and all of them by an exposure factor, then clips to 0-255. The named lights are the
ones the robustness table reports (`main.py evaluate --relight`):

| light | gains (R, G, B) | exposure |
| --- | --- | --- |
| warm | 1.15, 1.00, 0.85 | 1.0 |
| cool | 0.85, 1.00, 1.15 | 1.0 |
| dim | 1, 1, 1 | 0.7 |

The gains apply to the stored sRGB values (`space="srgb"`, the default): that is what a
photo editor's or a phone's white-balance slider does to a finished JPEG, it is the change the
issue's robustness figures were measured with, and it is the stronger test: a gain g on sRGB
values is about g ** 2.2 in linear light (warm's red/blue ratio 1.35 in sRGB is about 1.9 in
linear light, roughly a 5000 K lamp swapped for a 3500 K one). `space="linear"` applies them to
linear light instead (decode sRGB, multiply, encode), as a lamp or a sensor's exposure acts
before the camera's tone curve. A model's colour correction (`models.colour`) divides by
per-channel statistics, so it undoes a gain in either space, up to clipping.

The lighting check compares one photo's light with the training photos' (see
`lighting_profile`). Nothing here imports TensorFlow: the app calls it on its GUI side.
"""

import dataclasses
import math

import numpy as np

from core.messages import Message

SRGB = "srgb"
LINEAR = "linear"
SPACES = (SRGB, LINEAR)


@dataclasses.dataclass(frozen=True)
class Light:
    """One way of re-lighting a photo.

    Attributes:
        name: short name (`warm`, `cool`, `dim`).
        gains: multiplier of each channel (R, G, B).
        exposure: multiplier of all channels (0.7: 30 % darker).
        description: one line for tables and help texts.
    """

    name: str
    gains: tuple = (1.0, 1.0, 1.0)
    exposure: float = 1.0
    description: str = ""


LIGHTS = {
    "warm": Light("warm", (1.15, 1.0, 0.85), 1.0, "white balance 15 % warmer (R x1.15, B x0.85)"),
    "cool": Light("cool", (0.85, 1.0, 1.15), 1.0, "white balance 15 % cooler (R x0.85, B x1.15)"),
    "dim": Light("dim", (1.0, 1.0, 1.0), 0.7, "exposure 30 % darker (x0.7)"),
}
LIGHT_NAMES = tuple(LIGHTS)


class LightingError(ValueError):
    """A bad light name or gain; the message shows the value."""


def relight(image, gains=(1.0, 1.0, 1.0), exposure=1.0, space=SRGB):
    """Re-lights RGB images: each channel times its gain, all times the exposure, clipped.

    Args:
        image: uint8 array (..., 3): one image (height, width, 3) or a batch (n, height, width, 3).
        gains: (R, G, B) multipliers, each > 0.
        exposure: multiplier of every channel, > 0 (0.7 is 30 % darker).
        space: `"srgb"` multiplies the stored values; `"linear"` multiplies linear light
            (sRGB decoded, multiplied, encoded again).

    Returns:
        A new uint8 array of the same shape (rounded to the nearest value).

    Raises:
        LightingError: not 3 channels, or a gain, exposure or space that makes no sense.
    """
    array = np.asarray(image)
    if array.shape[-1:] != (3,):
        raise LightingError(f"relighting needs RGB images (last axis 3). Received: shape={array.shape}")
    factors = _factors(gains, exposure)
    if space not in SPACES:
        raise LightingError(f"space must be one of {', '.join(SPACES)}. Received: space={space!r}")
    values = array.astype(np.float32) / 255.0
    if space == LINEAR:
        values = linear_to_srgb(srgb_to_linear(values) * factors)
    else:
        values = values * factors
    return np.clip(np.rint(values * 255.0), 0, 255).astype(np.uint8)


def relight_named(image, name, space=SRGB):
    """Re-lights RGB images with one of `LIGHTS` (`warm`, `cool`, `dim`); see `relight`.

    Raises:
        LightingError: an unknown light name.
    """
    light = get_light(name)
    return relight(image, light.gains, light.exposure, space)


def get_light(name):
    """The `Light` called `name`.

    Raises:
        LightingError: unknown; the message lists the known lights.
    """
    key = str(name).strip().lower()
    if key not in LIGHTS:
        raise LightingError(f"unknown light {name!r}; choose one of {', '.join(LIGHT_NAMES)} (or all)")
    return LIGHTS[key]


def parse_lights(text):
    """Light names from a command-line value: `warm`, `warm,dim` or `all`.

    Returns:
        A tuple of names from `LIGHT_NAMES`, in the order given (`all`: every light).

    Raises:
        LightingError: an unknown name.
    """
    names = [part.strip().lower() for part in str(text).split(",") if part.strip()]
    if not names:
        raise LightingError("no light given; choose warm, cool, dim or all")
    if "all" in names:
        return LIGHT_NAMES
    return tuple(dict.fromkeys(get_light(name).name for name in names))


def parse_light(text):
    """A `Light` from a command-line value: a name (`warm`), or gains with an optional exposure.

    `1.2,1,0.8` multiplies red by 1.2 and blue by 0.8; `1.2,1,0.8@0.7` also darkens by 30 %;
    `@0.7` only darkens; `none` is the light as drawn or photographed.

    Raises:
        LightingError: not a light; the message shows the value.
    """
    value = str(text).strip().lower()
    if value in ("", "none"):
        return Light("none")
    if value in LIGHTS:
        return LIGHTS[value]
    gains_text, _, exposure_text = value.partition("@")
    try:
        gains = tuple(float(part) for part in gains_text.split(",")) if gains_text else (1.0, 1.0, 1.0)
        exposure = float(exposure_text) if exposure_text else 1.0
    except ValueError:
        raise LightingError(f"not a light: {text!r}; give warm, cool, dim, or gains R,G,B with an optional "
                            "@EXPOSURE (e.g. 1.2,1,0.8@0.7)") from None
    _factors(gains, exposure)
    return Light(value, gains, exposure, f"gains {gains_text or '1,1,1'}, exposure {exposure:g}")


def srgb_to_linear(values):
    """sRGB-encoded values in 0..1 to linear light (IEC 61966-2-1)."""
    values = np.asarray(values, dtype=np.float32)
    return np.where(values <= 0.04045, values / 12.92, ((values + 0.055) / 1.055) ** 2.4).astype(np.float32)


def linear_to_srgb(values):
    """Linear light in 0..1 (clipped) to sRGB-encoded values (IEC 61966-2-1)."""
    values = np.clip(np.asarray(values, dtype=np.float32), 0.0, 1.0)
    return np.where(values <= 0.0031308, values * 12.92, 1.055 * values ** (1 / 2.4) - 0.055).astype(np.float32)


def _factors(gains, exposure):
    try:
        gains = tuple(float(gain) for gain in gains)
        exposure = float(exposure)
    except (TypeError, ValueError):
        raise LightingError(f"gains must be three numbers and exposure a number. Received: gains={gains!r}, "
                            f"exposure={exposure!r}") from None
    if len(gains) != 3 or not all(math.isfinite(value) and value > 0 for value in gains + (exposure,)):
        raise LightingError(f"gains must be three positive numbers and exposure positive. Received: "
                            f"gains={gains!r}, exposure={exposure!r}")
    return np.asarray(gains, dtype=np.float32) * np.float32(exposure)


# --- The lighting check ---------------------------------------------------------------------

# What the check measures of one photo: its colour cast (the log ratios of the red and blue
# channel means to the green one, grey-world's estimate of the light) and its brightness (the
# log of the mean luma). A gain per channel shifts these by the log of the gain.
FEATURES = ("log_red_green", "log_blue_green", "log_brightness")
# Spread added to the training photos' own, so that a few very alike photos do not make
# every new photo "unusual": about 2 % in colour and 5 % in brightness.
_MIN_SPREAD = (0.02, 0.02, 0.05)
# The threshold: above this Mahalanobis distance a photo is unusual. It is at least
# `_MIN_THRESHOLD` (the 99.9 % point of a 3-D normal: about 1 in 1,000 typical photos fires)
# and at least `_MARGIN` times the distance that 99.5 % of the training photos stay under.
_MIN_THRESHOLD = 4.0
_MARGIN = 1.15
_TRAINING_QUANTILE = 99.5
# Fewer training photos than this give no profile (their spread says nothing).
MIN_PROFILE_IMAGES = 8
PROFILE_VERSION = 1


@dataclasses.dataclass(frozen=True)
class LightingCheck:
    """How far one photo's light is from the training photos'.

    Attributes:
        distance: Mahalanobis distance of its lighting features from the training photos'.
        threshold: the distance above which a photo is unusual.
        unusual: distance > threshold: the colour reading may be unreliable.
        deviations: {feature: z-score} (see `FEATURES`): how many training spreads each
            feature lies from the training mean.
        directions: what differs, as words a message can use: `warmer`, `cooler`, `greener`,
            `magenta`, `darker`, `brighter` (those more than 2 spreads off, the largest first).
    """

    distance: float
    threshold: float
    unusual: bool
    deviations: dict
    directions: tuple


def lighting_features(images, rows=None, chunk=256):
    """The lighting features (`FEATURES`) of each image.

    Args:
        images: uint8 array (height, width, channels) or (n, height, width, channels), RGB or
            gray (channels 1); a `numpy.memmap` is read `chunk` images at a time.
        rows: optional indices into `images` (a batch) to use.
        chunk: images read at once.

    Returns:
        A float64 array (n, 3), or (3,) for one image.
    """
    array = images if rows is not None or np.ndim(images) == 4 else np.asarray(images)[None]
    indices = np.arange(len(array)) if rows is None else np.asarray(rows, dtype=np.int64)
    parts = [_features(np.asarray(array[indices[start:start + chunk]]))
             for start in range(0, len(indices), chunk)]
    features = np.concatenate(parts) if parts else np.zeros((0, len(FEATURES)))
    return features[0] if rows is None and np.ndim(images) == 3 else features


def lighting_profile(images, rows=None):
    """The training photos' lighting, kept in the model file for `check_lighting`.

    Args:
        images: uint8 array (n, height, width, channels) of training photos (a memmap is fine).
        rows: optional indices of the training photos in `images`.

    Returns:
        A JSON-ready dict (`version`, `features`, `mean`, `covariance`, `threshold`, `images`,
        `training_fired`: the fraction of the training photos the check calls unusual), or
        None with fewer than `MIN_PROFILE_IMAGES` photos.
    """
    features = lighting_features(images, rows)
    if len(features) < MIN_PROFILE_IMAGES:
        return None
    mean = features.mean(axis=0)
    covariance = np.cov(features, rowvar=False) + np.diag(np.square(_MIN_SPREAD))
    distances = _distances(features, mean, covariance)
    threshold = max(_MIN_THRESHOLD, _MARGIN * float(np.percentile(distances, _TRAINING_QUANTILE)))
    return {
        "version": PROFILE_VERSION,
        "features": list(FEATURES),
        "mean": [round(float(value), 6) for value in mean],
        "covariance": [[round(float(value), 8) for value in row] for row in covariance],
        "threshold": round(threshold, 4),
        "images": int(len(features)),
        "training_fired": round(float(np.mean(distances > threshold)), 4),
    }


def check_lighting(profile, image):
    """Tells whether a photo's light is far from the training photos' (see `lighting_profile`).

    Args:
        profile: a model's lighting profile (`ModelInfo.training["lighting"]`).
        image: uint8 array (height, width, 3 or 1): the photo, best at the model's input size
            (the size the profile was measured at; the statistics hardly depend on it).

    Returns:
        A `LightingCheck`, or None when `profile` is missing or of an unknown version.
    """
    if not profile or profile.get("version") != PROFILE_VERSION:
        return None
    mean = np.asarray(profile["mean"], dtype=np.float64)
    covariance = np.asarray(profile["covariance"], dtype=np.float64)
    features = lighting_features(image)
    distance = float(_distances(features[None], mean, covariance)[0])
    scores = (features - mean) / np.sqrt(np.diag(covariance))
    threshold = float(profile["threshold"])
    return LightingCheck(distance, threshold, distance > threshold,
                         {name: float(score) for name, score in zip(FEATURES, scores)}, _directions(scores))


def unusual_lighting_note(check):
    """What the app says beside a prediction when the photo's light is unusual.

    Args:
        check: a `LightingCheck`, or None (no profile in the model).

    Returns:
        (sentence, detail): the `core.messages.Message` "this photo's lighting differs from the
        training photos; ..." and one that says how (warmer, darker...; None when no single
        feature stands out), or (None, None) when the light is like the training photos'.
    """
    if check is None or not check.unusual:
        return None, None
    how = directions_message(check.directions)
    return Message("lighting.unusual"), (None if how is None else Message("lighting.compared", how=how))


def directions_message(directions):
    """`LightingCheck.directions` as words: the `Message` "warmer (more red, less blue), darker", or None."""
    how = None
    for word in reversed([_DIRECTION_WORDS[direction] for direction in directions if direction in _DIRECTION_WORDS]):
        how = word if how is None else Message("lighting.list", first=word, rest=how)
    return how


# Each key written out, so that the catalogue's test sees it used.
_DIRECTION_WORDS = {"warmer": Message("lighting.warmer"), "cooler": Message("lighting.cooler"),
                    "greener": Message("lighting.greener"), "magenta": Message("lighting.magenta"),
                    "darker": Message("lighting.darker"), "brighter": Message("lighting.brighter")}


def _features(batch):
    # Summed in float64 as read: a float64 copy of a chunk of photos would be 8 times its size.
    means = batch.mean(axis=(1, 2), dtype=np.float64)
    if means.shape[-1] == 1:
        means = np.repeat(means, 3, axis=-1)
    means = np.maximum(means, 1.0)
    luma = np.maximum(means @ np.asarray([0.299, 0.587, 0.114]), 1.0)
    return np.stack([np.log(means[:, 0] / means[:, 1]), np.log(means[:, 2] / means[:, 1]), np.log(luma)], axis=1)


def _distances(features, mean, covariance):
    difference = features - mean
    return np.sqrt(np.einsum("ni,ij,nj->n", difference, np.linalg.pinv(covariance), difference))


def _directions(scores, limit=2.0):
    red, blue, brightness = scores
    found = []
    if red - blue > limit:
        found.append((red - blue, "warmer"))
    elif blue - red > limit:
        found.append((blue - red, "cooler"))
    if -red > limit and -blue > limit:
        found.append((min(-red, -blue), "greener"))
    elif red > limit and blue > limit:
        found.append((min(red, blue), "magenta"))
    if brightness < -limit:
        found.append((-brightness, "darker"))
    elif brightness > limit:
        found.append((brightness, "brighter"))
    return tuple(word for _, word in sorted(found, reverse=True))
