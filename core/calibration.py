"""Light calibration: a model used under another lamp, corrected from photos taken under that lamp.

    calibration = calibrate(profile, photos_under_the_new_lamp)   # profile: the model file's lighting
    calibration.apply(photo)                                        # the photo as under the training lamp
    classifier.calibration = calibration                            # every prediction, map and check

A model's colour correction (`models.colour`) estimates the light from each photo alone, so it
divides out, with the light, the part of the tongue's colour that the whole photo shares: on
body colour that costs about 10 points (README, "Photographing tongues"). Calibration estimates
the light from many photos instead. Every model file trained here keeps its training photos'
lighting profile (`core.lighting.lighting_profile`: the mean colour cast, log R/G and log B/G,
and brightness). The photos of several patients under a new lamp have, on average, the same
tongues and faces as the training photos, so what moves their mean is the lamp: the gains that
bring their mean back to the training mean undo it, for each of them, and the differences between
patients stay. A lamp 15 % warmer shifts log R/G by 0.14, more than the whole difference between
the pale and the dark tongues of the photos measured (0.36 to 0.47): only an estimate that patients
average out of can tell the two apart.

It assumes the calibration photos are a usual mix of patients (a folder of only dark tongues
would be over-corrected) and one lamp and camera. Nothing here imports TensorFlow.
"""

import dataclasses
import math
from pathlib import Path

import numpy as np

from core import lighting
from core.messages import Message, MessageError

# Fewer photos than this give no calibration: one patient's tongue would move the estimate
# as much as a lamp (the spread of one photo's cast is 5-7 %; of the mean of 10, 2 %).
MIN_PHOTOS = 10
# Luma weights of R, G and B (ITU-R BT.601, as `core.lighting`'s brightness feature).
_LUMA = np.asarray([0.299, 0.587, 0.114])
# Where a model file written by `save_calibrated` keeps its calibration's photo count and folder.
TRAINING_KEY = "light_calibration"


class CalibrationError(MessageError):
    """Calibration is not possible (too few photos, no lighting profile in the model)."""


@dataclasses.dataclass(frozen=True)
class Calibration:
    """Gains that turn photos taken under one lamp into photos as under the training lamp.

    Attributes:
        gains: (R, G, B) multipliers, the exposure included.
        photos: how many photos they were estimated from.
        source: where the photos came from (a folder), for messages; may be empty.
    """

    gains: tuple
    photos: int
    source: str = ""

    def apply(self, images):
        """The images as under the training lamp (clipped to 0-255).

        Args:
            images: uint8 array (..., 3), or (..., 1) for a gray model's input (then every
                value is multiplied by the gains' luma-weighted mean).

        Returns:
            A new uint8 array of the same shape.
        """
        array = np.asarray(images)
        if array.shape[-1:] == (3,):
            return lighting.relight(array, self.gains)
        gain = float(np.dot(_LUMA, self.gains))
        return np.clip(np.rint(array.astype(np.float32) * gain), 0, 255).astype(np.uint8)

    def multiply(self, images, clip=True):
        """The images times the gains in float32, unrounded: what the model is given.

        The same arithmetic as the gains carried in a network (`models.calibration_layer`: a
        `Rescaling`, then a clip at 255), so the app's calibration and a copy of the model file
        that carries it give the same probabilities (`apply` rounds to uint8, for display).

        Args:
            images: array (..., 3), or (..., 1) for a gray model's input (then every value is
                multiplied by the gains' luma-weighted mean).
            clip: clip to 0-255; False where the network's own calibration layers clip later.

        Returns:
            A new float32 array of the same shape.
        """
        array = np.asarray(images, dtype=np.float32)
        if array.shape[-1:] == (3,):
            gains = np.asarray(self.gains, dtype=np.float32)
        else:
            gains = np.float32(np.dot(_LUMA, self.gains))
        scaled = array * gains
        return np.clip(scaled, 0.0, 255.0) if clip else scaled

    def describe(self):
        """One sentence for the app and the command line: how many photos, and the gains."""
        red, green, blue = (f"{gain:.2f}" for gain in self.gains)
        return Message("calibration.applied", photos=self.photos, red=red, green=green, blue=blue)

    def to_json(self):
        """A JSON-ready dict (`from_json` reads it back)."""
        return {"gains": [round(float(gain), 5) for gain in self.gains], "photos": self.photos,
                "source": self.source}

    @classmethod
    def from_json(cls, data):
        """Reads `to_json`'s dict.

        Raises:
            CalibrationError: not three positive gains.
        """
        try:
            gains = tuple(float(gain) for gain in data["gains"])
            photos = int(data.get("photos", 0))
        except (KeyError, TypeError, ValueError):
            raise CalibrationError(Message("calibration.unreadable")) from None
        if len(gains) != 3 or not all(math.isfinite(gain) and gain > 0 for gain in gains):
            raise CalibrationError(Message("calibration.unreadable"))
        return cls(gains, photos, str(data.get("source", "")))


def training_light(info):
    """The lighting profile a model file keeps of its training photos.

    Args:
        info: a `core.modelfile.ModelInfo`.

    Raises:
        CalibrationError: the file keeps none (a plain Keras file, or one trained on fewer
            than `core.lighting.MIN_PROFILE_IMAGES` photos).
    """
    profile = (info.training or {}).get("lighting")
    if not profile or profile.get("version") != lighting.PROFILE_VERSION:
        raise CalibrationError(Message("calibration.no_profile"))
    return profile


def calibrate(profile, images, rows=None, source=""):
    """The gains that bring the photos' mean light to the training photos'.

    Args:
        profile: the model's lighting profile (`training_light`).
        images: uint8 array (n, height, width, 3) of photos under the new lamp, at the
            model's input size (a memmap is fine).
        rows: optional indices of the photos in `images` to use.
        source: where they came from, kept in the result.

    Returns:
        A `Calibration`.

    Raises:
        CalibrationError: fewer than `MIN_PHOTOS` photos.
    """
    return calibrate_features(profile, lighting.lighting_features(images, rows), source)


def calibrate_features(profile, features, source=""):
    """As `calibrate`, from the photos' `core.lighting.lighting_features` (n, 3)."""
    features = np.asarray(features, dtype=np.float64).reshape(-1, len(lighting.FEATURES))
    if len(features) < MIN_PHOTOS:
        raise CalibrationError(Message("calibration.too_few", photos=len(features), needed=MIN_PHOTOS))
    target = np.asarray(profile["mean"], dtype=np.float64)
    # The colour cast: red and blue against green, in the log ratios the profile keeps.
    shift = features[:, :2].mean(axis=0) - target[:2]
    colour = np.asarray([math.exp(-shift[0]), 1.0, math.exp(-shift[1])])
    # Then the exposure, measured after the colour gains: a gain on red also moves the luma.
    means = np.exp(np.stack([features[:, 0], np.zeros(len(features)), features[:, 1]], axis=1))
    means *= colour / (means @ _LUMA)[:, None]  # Each photo's channel means at luma 1, after the gains.
    luma_after = np.log(means @ _LUMA) + features[:, 2]
    exposure = math.exp(target[2] - float(luma_after.mean()))
    return Calibration(tuple(float(gain) for gain in colour * exposure), int(len(features)), str(source))


def calibrate_files(classifier, paths, source="", on_progress=None, should_stop=None):
    """The calibration from photo files, each read as the model reads it (cut to the tongue, resized).

    Args:
        classifier: a `core.predictor.Classifier` (its `load_image`).
        paths: photos taken under the lamp to calibrate to.
        source: where they came from, kept in the result.
        on_progress: optional callable(done, total).
        should_stop: optional callable; True stops early and returns (None, skipped).

    Returns:
        (a `Calibration` or None when stopped, [{"path", "reason"}] of the files that could
        not be read: they are left out and never stop the others).

    Raises:
        CalibrationError: no lighting profile in the model, or fewer than `MIN_PHOTOS` readable photos.
    """
    from core import images

    profile = training_light(classifier.info)
    features, skipped = [], []
    for done, path in enumerate(paths, start=1):
        if should_stop is not None and should_stop():
            return None, skipped
        try:
            # In the model's channels, as the profile was measured (gray: no colour cast).
            image = images.match_channels(classifier.load_image(path), classifier.info.input_shape[-1])
            features.append(lighting.lighting_features(image))
        except images.ImageError as error:
            skipped.append({"path": str(path), "reason": error.reason})
        if on_progress is not None:
            on_progress(done, len(paths))
    return calibrate_features(profile, features, source), skipped


# --- A calibration carried inside the model file --------------------------------------------


def carried(loaded):
    """The calibration the model file carries in its network (`models.calibration_layer`), or None.

    Its gains come from the layer itself, so a plain Keras copy of the file says the same; the
    photo count and folder come from the metadata when the file was written here.
    """
    from models.calibration_layer import light_gains

    gains = light_gains(loaded.model)
    if gains is None:
        return None
    kept = (loaded.info.training or {}).get(TRAINING_KEY) or {}
    photos = kept.get("photos", 0) if isinstance(kept, dict) else 0
    source = kept.get("source", "") if isinstance(kept, dict) else ""
    return Calibration(tuple(gains), int(photos) if isinstance(photos, int) else 0, str(source))


def before_model(carried_calibration, wanted, channels=3):
    """What to apply in Python before a model that carries `carried_calibration`, so that the
    photos reach its network under `wanted`'s light.

    Args:
        carried_calibration: the model file's own calibration (`carried`), or None.
        wanted: the calibration to use now, or None (the training photos' light).
        channels: the model's input channels (a gray model takes one luma-weighted gain).

    Returns:
        A `Calibration`, or None when nothing is to be done. With a carried calibration its
        gains are the ratio of the two, to be applied unclipped (`Calibration.multiply` with
        `clip=False`): the network multiplies by its own gains and clips after, so the photo
        reaches the rest of the network as under `wanted` alone, not clipped twice.
    """
    if carried_calibration is None:
        return wanted
    target = np.asarray(wanted.gains if wanted is not None else (1.0, 1.0, 1.0))
    own = np.asarray(carried_calibration.gains)
    gains = target / own if channels == 3 else np.full(3, float(_LUMA @ target) / float(_LUMA @ own))
    if np.allclose(gains, 1.0, rtol=0.0, atol=1e-6):
        return None
    return Calibration(tuple(float(gain) for gain in gains), wanted.photos if wanted else 0,
                       wanted.source if wanted else "")


def save_calibrated(loaded, calibration, path):
    """Writes a copy of the model file that carries `calibration` in its network, atomically.

    Exports of the copy and plain Keras apply the gains too: nothing outside the file has to
    know of them. The file keeps the photos' folder by its name only. The source file is left as it is.

    Args:
        loaded: a `core.modelfile.LoadedModel` (its own calibration, if any, is replaced).
        calibration: a `Calibration`, or None for a copy without one.
        path: the new `.keras` file.

    Returns:
        The new file's `core.modelfile.ModelInfo`.
    """
    from core import modelfile
    from models.calibration_layer import with_light_gains

    model = with_light_gains(loaded.model, calibration.gains if calibration is not None else None)
    training = {key: value for key, value in (loaded.info.training or {}).items() if key != TRAINING_KEY}
    if calibration is not None:
        # The folder's name only: a file that travels should not carry the path of someone's disk.
        training[TRAINING_KEY] = {**calibration.to_json(), "source": Path(calibration.source).name}
    info = dataclasses.replace(loaded.info, training=training)
    modelfile.save_model(model, path, info)
    return info
