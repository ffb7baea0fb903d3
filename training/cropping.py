"""The crop of a training run: the segmenter its photos are cut to the tongue with, and what its files carry.

A run with `TrainConfig.crop` (`"tongue"` for the bundled segmenter, or a segmenter file)
cuts every photo to the tongue's box once, while the scan decodes it (`training.dataset`),
and saves the segmenter inside every model file it writes (best model and checkpoint), so
the model crops the same way wherever it is used (`core.crop`). A resumed run takes the
segmenter out of its checkpoint, and fine-tuning a cropping model keeps its crop: the model
learned on tongues, so it keeps seeing tongues.

    run_crop = open_run_crop(config, checkpoint_path, checkpoint_info, source_model)   # or None
    dataset.scan_dataset(..., crop=run_crop.crop)
    modelfile.save_model(model, path, with_crop(info, run_crop))
"""

import dataclasses

from core.messages import verbatim
from training.config import TrainingError


@dataclasses.dataclass
class RunCrop:
    """A run's crop.

    Attributes:
        crop: the `core.crop.TongueCrop` the scans cut photos with.
        data: the segmenter file's bytes, saved inside every model file of the run.
    """

    crop: object
    data: bytes

    @property
    def spec(self):
        return self.crop.spec

    @property
    def key(self):
        return self.crop.key


def open_run_crop(config, checkpoint_path=None, checkpoint_info=None, source_model=None):
    """The crop a run cuts its photos with, or None for whole photos.

    Args:
        config: the run's `TrainConfig` (`crop`, `crop_margin`, `crop_mask`).
        checkpoint_path: the checkpoint a resumed run continues from.
        checkpoint_info: its `ModelInfo` (its `crop` is the run's, whatever the config says now).
        source_model: the `LoadedModel` being fine-tuned; its crop is kept when `config.crop` is not set.

    Raises:
        TrainingError: the segmenter cannot be found, read or used (the message names the file).
    """
    from core import crop as crops, modelfile, segmenter as segmenters

    try:
        if checkpoint_info is not None:
            if checkpoint_info.crop is None:
                return None
            data = modelfile.read_attached_segmenter(checkpoint_path)
            loaded = crops.segmenter_from_bytes(data, checkpoint_path)
            return RunCrop(crops.TongueCrop(segmenters.Segmenter(loaded), checkpoint_info.crop), data)
        if config.crop:
            crop, data = crops.open_crop(config.crop, config.crop_margin, config.crop_mask)
            return RunCrop(crop, data)
        if source_model is not None and source_model.info.crop is not None:
            return RunCrop(crops.crop_of(source_model), source_model.info.attached_segmenter)
    except crops.CropError as error:
        raise TrainingError(error.message) from None
    except (modelfile.ModelFileError, segmenters.SegmenterError) as error:
        raise TrainingError(getattr(error, "message", None) or verbatim(error)) from None
    return None


def with_crop(info, run_crop):
    """`info` (a `core.modelfile.ModelInfo`) with the run's crop and its segmenter; unchanged without a crop."""
    if run_crop is not None:
        info.crop, info.attached_segmenter = run_crop.spec, run_crop.data
    return info


def scan_key(run_crop):
    """What a scan given to the run must have been cut with ("" for whole photos)."""
    return run_crop.key if run_crop is not None else ""


def describe(run_crop):
    """The report's `crop`: what cut the photos, or None."""
    if run_crop is None:
        return None
    return dict(run_crop.spec.to_json(), description=str(run_crop.spec.describe()))

