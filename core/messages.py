"""The core's messages: a key per sentence, its English template, and the values it names.

The core (`core/`, `training/`, `inspection/`) tells users what happened in sentences: why a
file was skipped, what a run is doing, why a folder cannot be trained on. Each sentence is a
`Message`: a key of `CATALOGUE` plus the values its template names.

    reason = Message("image.empty")                                  # "empty file (0 bytes)"
    error = Message("at_path", path="a.jpg", text=reason)            # "a.jpg: empty file (0 bytes)"
    error.key, error.values                                          # "at_path", {"path": ..., "text": ...}

A `Message` is a `str` whose text is the English sentence, so the command line, the JSON and
CSV files and the logs show it as they always did, byte for byte. The app shows it in the
user's language (`gui.core_text.localize`): it translates the template by its key through Qt's
`.ts` catalogue and fills in the same values, translating the values that are messages too.
The templates are marked for pylupdate5 (`scripts/update_translations.sh` scans this file),
and `tests/test_gui_core_text.py` lists every key that has no Chinese translation.

Values are shown as given (paths, numbers, class names); a template's placeholders are plain
`{name}` fields, without format specs, so that a translation can put them in any order.
Pure Python: no Qt (the marker below only returns its text).
"""

import string
import types

from core.archmessages import ARCH_CATALOGUE
from core.modelmessages import MODEL_CATALOGUE

CONTEXT = "CoreMessages"


def QT_TRANSLATE_NOOP(context, text):  # noqa: N802  The name pylupdate5 extracts; like Qt's, it returns the text.
    """Marks `text` for translation in `context`; returns it unchanged."""
    del context
    return text


# Key -> English template. Keys are "area.what"; "at_path" puts a path before any sentence.
CATALOGUE = {
    # Any sentence about one file or folder.
    "at_path": QT_TRANSLATE_NOOP("CoreMessages", "{path}: {text}"),
    # Text from a part of the program that has no keys yet (a model's layers, Keras): shown as written.
    "verbatim": QT_TRANSLATE_NOOP("CoreMessages", "{text}"),
    "word.none": QT_TRANSLATE_NOOP("CoreMessages", "none"),

    # core/images.py: why a file is not a usable image.
    "image.not_found": QT_TRANSLATE_NOOP("CoreMessages", "file not found"),
    "image.permission_denied": QT_TRANSLATE_NOOP("CoreMessages", "permission denied"),
    "image.too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "image too large, refused as a possible decompression bomb ({detail})"),
    "image.cannot_read": QT_TRANSLATE_NOOP("CoreMessages", "cannot read file ({detail})"),
    "image.cannot_decode": QT_TRANSLATE_NOOP("CoreMessages", "cannot decode image ({detail})"),
    "image.broken_link": QT_TRANSLATE_NOOP(
        "CoreMessages", "broken symbolic link (points to {target}, which does not exist)"),
    "image.link_loop": QT_TRANSLATE_NOOP("CoreMessages", "symbolic link loop (the link points back to itself)"),
    "image.is_folder": QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not an image file"),
    "image.not_regular": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a regular file (a named pipe, socket or device), not an image file"),
    "image.empty": QT_TRANSLATE_NOOP("CoreMessages", "empty file (0 bytes)"),
    "image.html": QT_TRANSLATE_NOOP("CoreMessages", "not an image: the file is an HTML page"),
    "image.heic": QT_TRANSLATE_NOOP("CoreMessages", "HEIC/HEIF image, not supported: convert it to JPEG or PNG"),
    "image.unknown_format": QT_TRANSLATE_NOOP("CoreMessages", "not an image file Pillow can read (unknown format)"),

    # core/imagefiles.py: files a listing leaves out.
    "listing.folder_named_like_image": QT_TRANSLATE_NOOP(
        "CoreMessages", "is a folder named like an image, not an image file"),
    "listing.unread_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "not an image type TongueLens reads ({suffix}); accepted: {accepted}"),
    "listing.no_extension": QT_TRANSLATE_NOOP("CoreMessages", "no extension"),
    "listing.link_to_ancestor": QT_TRANSLATE_NOOP(
        "CoreMessages", "symbolic link to {target}, the chosen folder itself or a folder that contains it; "
                        "not followed"),
    "listing.link_listed_anyway": QT_TRANSLATE_NOOP(
        "CoreMessages", "symbolic link to {target}, a folder listed without it; not followed, so its images "
                        "count once"),
    "listing.unreadable_folder": QT_TRANSLATE_NOOP("CoreMessages", "cannot read the folder ({detail}); skipped"),
    "listing.too_many_entries": QT_TRANSLATE_NOOP(
        "CoreMessages", "holds more than {limit} files and folders, far more than a folder of photos; not read "
                        "(choose the folder of your photos)"),

    # training/dataset.py: a data folder's refusal and its scan's warnings.
    "dataset.not_a_folder": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a folder (expected one sub-folder of images per class)"),
    "dataset.cannot_read_folder": QT_TRANSLATE_NOOP("CoreMessages", "cannot read the folder ({detail})"),
    "dataset.too_few_classes": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} usable class folder(s) found ({found}); need at least {needed} "
                        "sub-folder(s) with images, one per class"),
    "dataset.loose_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} image file(s) lie directly in the data folder, not in a class folder; ignored"),
    "dataset.empty_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "class folder has no usable image; class '{name}' is left out"),
    "dataset.duplicate": QT_TRANSLATE_NOOP("CoreMessages", "the same image is in classes {classes}: {paths}"),
    "dataset.small_image": QT_TRANSLATE_NOOP(
        "CoreMessages", "{size} is smaller than the input size {input}; upscaled"),
    "dataset.small_images": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} images are smaller than the input size {input} and are upscaled, e.g. {examples}"),
    "dataset.no_tongue": QT_TRANSLATE_NOOP(
        "CoreMessages", "no tongue was found in {count} photo(s); they are used whole, e.g. {examples}"),

    # training/split.py: the saved split against a fresh scan.
    "split.bad_fraction": QT_TRANSLATE_NOOP(
        "CoreMessages", "the validation fraction must be between 0 and 1. Received: val_split={value}"),
    "split.missing_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} file(s) of the saved split are no longer usable and are left out, e.g. {example}"),
    "split.added_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} file(s) added to {folder} since the split was made are not used"),

    # training/strategy.py and training/precision.py: settings refused.
    "strategy.unknown": QT_TRANSLATE_NOOP("CoreMessages", "unknown strategy {name}; choose one of {choices}"),
    "strategy.multiworker": QT_TRANSLATE_NOOP(
        "CoreMessages", "--strategy multiworker is not available: Keras 3 model.fit does not work with "
                        "tf.distribute.MultiWorkerMirroredStrategy (keras-team/keras#20585; with two local "
                        "workers its first training step fails inside Keras). Use --strategy mirrored to train "
                        "on all GPUs of one machine"),
    "precision.unknown": QT_TRANSLATE_NOOP("CoreMessages", "unknown precision {name}; choose one of {choices}"),

    # models/presets.py and models/colour.py: an architecture or a --colour mode that is not one.
    "arch.unknown": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown architecture {name}; presets are: {presets}; backbones: {backbones}; segmenters: "
                        "{segmenters} (or give a pattern such as {example})"),
    "colour.unknown_mode": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown colour mode {mode}; choose {none}, {augment}, or an estimator ({estimators}, e.g. "
                        "{example} or {other_example}) optionally followed by +{keep} and/or +{augment}"),
    "colour.no_parameter": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} takes no parameter. Received: --colour {text}"),
    "colour.not_a_number": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: {parameter} must be a number. Received: --colour {text}"),
    "colour.out_of_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: {parameter} must be between {low} and {high}. Received: --colour {text}"),

    # training/config.py and training/runfolder.py: a run that cannot start.
    "config.no_data_folder": QT_TRANSLATE_NOOP("CoreMessages", "no data folder given"),
    "config.epochs": QT_TRANSLATE_NOOP("CoreMessages", "epochs must be at least 1. Received: epochs={value}"),
    "config.batch_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "the batch size must be at least 1. Received: batch_size={value}"),
    "config.val_split": QT_TRANSLATE_NOOP(
        "CoreMessages", "the validation split must be at least 0 and below 1. Received: val_split={value}"),
    "config.patience": QT_TRANSLATE_NOOP(
        "CoreMessages", "the patience must be at least 1 epoch. Received: patience={value}"),
    "config.ema_epochs": QT_TRANSLATE_NOOP(
        "CoreMessages", "the averaging horizon must not be negative. Received: ema_epochs={value}"),
    "config.warmup_epochs": QT_TRANSLATE_NOOP(
        "CoreMessages", "the warm-up must not be negative. Received: warmup_epochs={value}"),
    "config.select": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown model selection {mode}; choose one of {choices}"),
    "config.learning_rate": QT_TRANSLATE_NOOP(
        "CoreMessages", "the learning rate must be positive. Received: learning_rate={value}"),
    "config.crop_margin": QT_TRANSLATE_NOOP(
        "CoreMessages", "the crop's margin must be between 0 and 1. Received: crop_margin={value}"),
    "config.weights_need_backbone": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights}: {arch} has no pretrained weights; choose a backbone ({backbones}) "
                        "or --weights none"),
    "config.weights_with_from_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights} cannot be used with --from: fine-tuning a model starts from its own "
                        "weights"),
    "config.weights_not_found": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights}: file not found; give imagenet, none or a weights file (.h5)"),
    "config.weights_is_folder": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights}: is a folder; give imagenet, none or a weights file (.h5)"),
    "run.folder_in_use": QT_TRANSLATE_NOOP(
        "CoreMessages", "this folder already holds a run; resume it or choose another folder"),
    "run.folder_not_empty": QT_TRANSLATE_NOOP(
        "CoreMessages", "this folder already holds other files, which a run could overwrite; choose an empty or "
                        "new folder"),
    "run.not_a_folder": QT_TRANSLATE_NOOP("CoreMessages", "a file, not a folder; choose a folder for the run"),
    "run.cannot_make_folder": QT_TRANSLATE_NOOP("CoreMessages", "cannot make the run folder here ({reason})"),
    "run.not_a_run": QT_TRANSLATE_NOOP("CoreMessages", "not a TongueLens run folder (no {file})"),
    "run.finished": QT_TRANSLATE_NOOP("CoreMessages", "this run already finished (see {file})"),

    # training/trainer.py and training/monitor.py: what a run is doing, its warnings and refusals.
    "trainer.checking_folder": QT_TRANSLATE_NOOP("CoreMessages", "checking the images in {folder}"),
    "trainer.checking": QT_TRANSLATE_NOOP("CoreMessages", "checking images"),
    "trainer.fine_tuning": QT_TRANSLATE_NOOP(
        "CoreMessages", "fine-tuning {model}: input size {size} and architecture come from the model"),
    "trainer.building": QT_TRANSLATE_NOOP("CoreMessages", "building the model"),
    "trainer.computing_in": QT_TRANSLATE_NOOP(
        "CoreMessages", "computing in {precision} (faster on this CPU); the saved model will be float32"),
    "trainer.downloading_weights": QT_TRANSLATE_NOOP(
        "CoreMessages", "downloading the ImageNet weights of {backbone} (about {megabytes} MB, once) into {folder}"),
    "trainer.downloading_progress": QT_TRANSLATE_NOOP(
        "CoreMessages", "downloading the ImageNet weights of {backbone}: {done} of {total} MB"),
    "trainer.downloading_unknown_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "downloading the ImageNet weights of {backbone}: {done} MB"),
    "trainer.weights_downloaded": QT_TRANSLATE_NOOP(
        "CoreMessages", "the ImageNet weights of {backbone} are downloaded: {path}"),
    "trainer.weights_imagenet": QT_TRANSLATE_NOOP(
        "CoreMessages", "{backbone} starts from its ImageNet weights ({path})"),
    "trainer.weights_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "{backbone} starts from the weights in {path} ({layers} layers)"),
    "trainer.backbone_from_scratch": QT_TRANSLATE_NOOP(
        "CoreMessages", "{backbone} starts from random weights; pretrained weights usually learn more from few "
                        "photos: ImageNet weights (--weights imagenet, a {megabytes} MB download) or a weights file "
                        "(--weights FILE)"),
    "trainer.phase_head": QT_TRANSLATE_NOOP(
        "CoreMessages", "phase {index} of {count}: the new head learns on the frozen backbone (epochs {first}-{last}, "
                        "learning rate {rate})"),
    "trainer.phase_fine_tune": QT_TRANSLATE_NOOP(
        "CoreMessages", "phase {index} of {count}: the backbone learns too from layer {layer} on, batch norm "
                        "frozen (epochs {first}-{last}, learning rate {rate})"),
    "trainer.phase_every_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "phase {index} of {count}: every layer learns (epochs {first}-{last}, learning rate {rate})"),
    "trainer.evaluating": QT_TRANSLATE_NOOP("CoreMessages", "evaluating the best model on the validation images"),
    "trainer.batch_norm": QT_TRANSLATE_NOOP(
        "CoreMessages", "recomputing the batch-norm statistics of the averaged weights on the training images"),
    "trainer.stopping": QT_TRANSLATE_NOOP("CoreMessages", "stopping: keeping the best model of the finished epochs"),
    "trainer.early_stopping": QT_TRANSLATE_NOOP(
        "CoreMessages", "early stopping: no better validation loss for {epochs} epochs; keeping epoch {best}"),
    "trainer.loss_nan": QT_TRANSLATE_NOOP("CoreMessages", "training stopped: the loss became NaN (try a lower --lr)"),
    "trainer.not_training_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "class folder '{name}' is not a training class; ignored"),
    "trainer.precision_not_copied": QT_TRANSLATE_NOOP(
        "CoreMessages", "this model cannot be copied into a new precision ({reason}); training it in {precision}"),
    "trainer.stays_in_precision": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model stays in {precision}: it cannot be copied into float32 ({reason})"),
    "trainer.image_size_too_small": QT_TRANSLATE_NOOP(
        "CoreMessages", "the image size is too small. Received: image_size={size}"),
    "trainer.size_for_build_fn": QT_TRANSLATE_NOOP(
        "CoreMessages", "give an image size: {arch} is built by a custom build_fn, whose input size TongueLens "
                        "cannot know"),
    "trainer.cannot_build": QT_TRANSLATE_NOOP("CoreMessages", "cannot build {arch} for input {shape}: {reason}"),
    "trainer.no_training_images": QT_TRANSLATE_NOOP("CoreMessages", "no image left for training"),
    "trainer.no_validation_images": QT_TRANSLATE_NOOP(
        "CoreMessages", "no image left for validation; add images (at least 2 per class) or give a --val-dir"),
    "trainer.classes_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "the classes changed since the run started (was {was}; now {now}); start a new run"),
    "trainer.checkpoint_unloadable": QT_TRANSLATE_NOOP("CoreMessages", "cannot load the checkpoint ({reason})"),
    "trainer.no_dense_head": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model has no Dense layer at its end to replace for new classes"),

    # training/labels_table.py and training/attribute_data.py: a labels table (one row per photo).
    "labels.not_found": QT_TRANSLATE_NOOP("CoreMessages", "labels table not found"),
    "labels.unknown_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a labels table TongueLens reads ({suffix}); use .csv, .tsv, .txt or .xlsx"),
    "labels.cannot_read": QT_TRANSLATE_NOOP("CoreMessages", "cannot read the labels table ({detail})"),
    "labels.cell_too_long": QT_TRANSLATE_NOOP(
        "CoreMessages", "line {line}: a cell is longer than {limit} characters, or a quotation mark opened there "
                        "is never closed; the table is not read"),
    "labels.too_many_columns": QT_TRANSLATE_NOOP(
        "CoreMessages", "the sheet's header has more than {limit} columns; the table is not read"),
    "labels.too_many_rows": QT_TRANSLATE_NOOP(
        "CoreMessages", "the sheet has rows past row {limit}, the last Excel allows; the table is not read"),
    "labels.part_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "{part} inside the workbook unzips to {size} MB, more than any labels table needs (at most "
                        "{limit} MB); the table is not read"),
    "labels.bad_encoding": QT_TRANSLATE_NOOP(
        "CoreMessages", "the labels table is neither UTF-8 nor GBK text; save it as CSV UTF-8"),
    "labels.no_openpyxl": QT_TRANSLATE_NOOP(
        "CoreMessages", "reading an Excel table needs the openpyxl package; install it or save the sheet as CSV"),
    "labels.empty": QT_TRANSLATE_NOOP("CoreMessages", "the labels table is empty"),
    "labels.no_attributes": QT_TRANSLATE_NOOP(
        "CoreMessages", "the labels table needs an image column and at least one attribute column"),
    "labels.empty_header": QT_TRANSLATE_NOOP("CoreMessages", "column {column} of the header has no name"),
    "labels.duplicate_header": QT_TRANSLATE_NOOP("CoreMessages", "the header names these columns twice: {columns}"),
    "labels.no_image_name": QT_TRANSLATE_NOOP("CoreMessages", "row {line}: the image cell is empty"),
    "labels.named_twice": QT_TRANSLATE_NOOP(
        "CoreMessages", "row {line}: the same image as row {first}; this row is skipped"),
    "labels.ambiguous_id": QT_TRANSLATE_NOOP(
        "CoreMessages", "row {line}: the ID matches {count} files ({files}); name the file by its path"),
    "labels.image_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "row {line}: no such image (neither a path under the images folder nor the name of one "
                        "image file without its extension)"),
    "labels.outside_folder": QT_TRANSLATE_NOOP(
        "CoreMessages", "row {line}: the path leads out of the images folder; only photos inside it are read"),
    "labels.absolute_path": QT_TRANSLATE_NOOP(
        "CoreMessages", "row {line}: an absolute path outside the images folder; name the photo by its path "
                        "inside the images folder"),
    "labels.unreadable_image": QT_TRANSLATE_NOOP("CoreMessages", "row {line}: {reason}"),
    "labels.read": QT_TRANSLATE_NOOP(
        "CoreMessages", "read {rows} rows as {encoding}; {attributes} attribute(s): {names}"),
    "labels.utf8_bom": QT_TRANSLATE_NOOP("CoreMessages", "UTF-8 with BOM"),
    "labels.too_few_classes": QT_TRANSLATE_NOOP(
        "CoreMessages", "column '{column}' has {count} class(es) ({found}); an attribute needs at least {needed}"),
    "labels.unlabelled_photos": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} photo(s) have no label in any column and are not used, e.g. {example}"),
    "labels.no_photos": QT_TRANSLATE_NOOP("CoreMessages", "no row of the labels table names a usable image"),
    "labels.attribute_summary": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: {counts}; {blank} blank"),
    "labels.stratified_on": QT_TRANSLATE_NOOP(
        "CoreMessages", "split stratified on '{name}', the attribute with the rarest class ({rarest}: {count})"),
    "labels.val_dir_refused": QT_TRANSLATE_NOOP(
        "CoreMessages", "--val-dir cannot be used with --labels: the validation photos are split from the table"),
    "labels.attributes_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "the attributes or classes changed since the run started (was {was}; now {now}); "
                        "start a new run"),
    "labels.model_attribute_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "the table has no column '{name}' of the model; that attribute is not evaluated"),
    "labels.column_not_in_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "column '{name}' is not an attribute of the model; not evaluated"),
    "labels.unknown_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: value '{value}' is not a class of the model; {count} photo(s) not counted"),
    "labels.nothing_to_evaluate": QT_TRANSLATE_NOOP(
        "CoreMessages", "no column of the table matches an attribute of the model ({attributes})"),
    # training/stats.py: a class with too few images for figures to trust (the interval's half-width in points).
    "stats.small_class.validation": QT_TRANSLATE_NOOP(
        "CoreMessages", "class '{name}' has only {count} validation image(s) (fewer than {minimum}): its figures are "
                        "uncertain by up to +-{points} points; add images for figures you can trust"),
    "stats.small_class.test": QT_TRANSLATE_NOOP(
        "CoreMessages", "class '{name}' has only {count} test image(s) (fewer than {minimum}): its figures are "
                        "uncertain by up to +-{points} points; add images for figures you can trust"),
    "stats.small_class.validated": QT_TRANSLATE_NOOP(
        "CoreMessages", "class '{name}' has only {count} validated image(s) (fewer than {minimum}): its figures are "
                        "uncertain by up to +-{points} points; add images for figures you can trust"),

    # training/folds.py: K-fold cross-validation.
    "folds.checking": QT_TRANSLATE_NOOP("CoreMessages", "cross-validation: checking the images in {folder}"),
    "folds.fold": QT_TRANSLATE_NOOP(
        "CoreMessages", "fold {fold} of {folds}: training on {train} images, validating on {val}"),
    "folds.in_fold": QT_TRANSLATE_NOOP("CoreMessages", "fold {fold}/{folds}: {text}"),
    "folds.final": QT_TRANSLATE_NOOP("CoreMessages", "training the model to keep on all {images} images"),
    "folds.no_resume": QT_TRANSLATE_NOOP(
        "CoreMessages", "cross-validation makes its own validation sets: it cannot use --resume or --val-dir"),
    "folds.too_few": QT_TRANSLATE_NOOP(
        "CoreMessages", "class '{name}' has {count} image(s): {folds}-fold cross-validation needs at least {folds} "
                        "per class"),
    "folds.at_least_two": QT_TRANSLATE_NOOP(
        "CoreMessages", "cross-validation needs at least 2 folds. Received: folds={folds}"),

    # core/export.py: what an export is doing.
    "export.writing": QT_TRANSLATE_NOOP("CoreMessages", "exporting {model} as {format}"),
    "export.checking": QT_TRANSLATE_NOOP("CoreMessages", "checking the {format} export on {count} images"),

    # training/evaluate.py: a labeled folder scored against a model.
    "evaluate.unknown_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "class folder '{name}' is not a class of the model; its images are not counted"),
    "compare.attribute_in_one_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "attribute '{name}' is scored by only one of the two models; not compared"),
    "compare.one_output": QT_TRANSLATE_NOOP(
        "CoreMessages", "has one output, not one per attribute: it cannot be scored on the attributes of a labels "
                        "table with several columns"),
    "compare.attribute_left_out": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: {count} photo(s) scored by only one model (a class the other does not know) are not "
                        "in the comparison"),
    "evaluate.left_out_of_comparison": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} image(s) scored by only one model (a class the other does not know, or an image "
                        "only one could read) are not in the comparison"),
    "evaluate.unusual_lighting": QT_TRANSLATE_NOOP(
        "CoreMessages", "the lighting of {count} of {total} photos differs from the training photos'; if they were "
                        "taken under another lamp, calibrate the light from them"),

    # core/segmenter.py and core/masks.py: segmenter files and masks.
    "segmenter.no_bundled": QT_TRANSLATE_NOOP(
        "CoreMessages", "the bundled tongue segmenter is not there; give a segmenter file of your own (one can be "
                        "trained on photos with tongue masks)"),
    "segmenter.not_a_segmenter": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a segmenter: its output ({output}) is not a mask of its input's size ({input}); "
                        "is it a classifier?"),
    "segmenter.not_a_classifier": QT_TRANSLATE_NOOP(
        "CoreMessages", "a tongue segmenter, not a classifier: it outlines the tongue in a photo (Tongue outline, "
                        "segment), it does not read it; open a classifier"),
    "crop.not_found": QT_TRANSLATE_NOOP("CoreMessages", "segmenter file not found"),
    "crop.a_segmenter": QT_TRANSLATE_NOOP("CoreMessages", "a segmenter"),
    "crop.described_masked": QT_TRANSLATE_NOOP(
        "CoreMessages", "cropped to the tongue by {segmenter} (margin {margin}, background masked)"),
    "crop.described_kept": QT_TRANSLATE_NOOP(
        "CoreMessages", "cropped to the tongue by {segmenter} (margin {margin}, background kept)"),
    "masks.different_sizes": QT_TRANSLATE_NOOP("CoreMessages", "the masks are of different sizes: {first} and {second}"),
    "masks.photo_size": QT_TRANSLATE_NOOP("CoreMessages", "the photo is {photo} but its mask {mask}"),

    # training/segmentation/: photo and mask pairs, labelme files, and a segmenter's run.
    "segdata.folder_not_found": QT_TRANSLATE_NOOP("CoreMessages", "folder not found"),
    "segdata.no_layout": QT_TRANSLATE_NOOP(
        "CoreMessages", "expected an '{images}' and a '{masks}' folder (masks with the photos' file names), or "
                        "photos with labelme .json files beside them"),
    "segdata.no_mask": QT_TRANSLATE_NOOP(
        "CoreMessages", "no mask (looked for {expected} or another image type)"),
    "segdata.no_labelme": QT_TRANSLATE_NOOP(
        "CoreMessages", "no mask (no labelme .json of the same name beside it)"),
    "segdata.labelme_without_photo": QT_TRANSLATE_NOOP(
        "CoreMessages", "a labelme file without a photo of the same name beside it"),
    "segdata.orphan_masks": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} mask(s) have no photo of the same name in {folder}, e.g. {example}"),
    "segdata.mask_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "the mask is {mask} but its photo {photo} is {size}"),
    "segdata.no_usable_pair": QT_TRANSLATE_NOOP(
        "CoreMessages", "no usable photo with a mask ({pairs} pair(s) found, {skipped} file(s) skipped)"),
    "segdata.no_truth": QT_TRANSLATE_NOOP("CoreMessages", "no ground-truth mask {stem}.* in {folder}"),
    "labelme.is_folder": QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not a labelme file"),
    "labelme.not_regular": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a regular file (a named pipe, socket or device), not a labelme file"),
    "labelme.not_labelme": QT_TRANSLATE_NOOP("CoreMessages", "not a labelme file ({detail})"),
    "labelme.missing_field": QT_TRANSLATE_NOOP("CoreMessages", "not a labelme file: it has no \"{field}\" field"),
    "labelme.other_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "the labelme file is for a {file_size} photo but the photo is {photo_size}"),
    "labelme.no_polygon": QT_TRANSLATE_NOOP("CoreMessages", "no polygon in the labelme file"),
    "labelme.bad_point": QT_TRANSLATE_NOOP("CoreMessages", "a polygon labelled {label} has a bad point"),
    "labelme.no_tongue": QT_TRANSLATE_NOOP(
        "CoreMessages", "no polygon labelled {tongue} among the labels {labels}"),
    "segtrainer.not_a_segmenter": QT_TRANSLATE_NOOP(
        "CoreMessages", "{arch} is not a segmenter; choose one of {choices}"),
    "segtrainer.reading_folder": QT_TRANSLATE_NOOP("CoreMessages", "reading the photos and masks in {folder}"),
    "segtrainer.reading": QT_TRANSLATE_NOOP("CoreMessages", "reading photos and masks"),
    "segtrainer.too_few_photos": QT_TRANSLATE_NOOP(
        "CoreMessages", "{count} usable photo(s) with masks; at least 2 are needed (one to train on, one to "
                        "validate)"),
    "segtrainer.loss_not_finite": QT_TRANSLATE_NOOP(
        "CoreMessages", "training stopped: the loss became NaN or infinite; keeping the best model so far (try a "
                        "smaller learning rate)"),
    "segtrainer.measuring": QT_TRANSLATE_NOOP(
        "CoreMessages", "measuring the best model on the validation photos (IoU and Dice at their own size)"),

    # inspection/filters.py: what a picture of learned filters shows.
    "filters.rgb": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: {count} of {size} as RGB pictures, each scaled to its own range"),
    "filters.gray": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: {count} of {size} in grayscale (mid gray = 0, each scaled to its own largest "
                        "weight)"),
    "filters.per_channel": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: {count} of {size}, one row per filter, one grayscale tile per input channel "
                        "({inputs}); mid gray = 0, each filter scaled to its own largest weight"),
    "filters.channel_mean": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: {count} of {size}, each the mean over its {inputs} input channels, in grayscale "
                        "(mid gray = 0, each scaled to its own largest weight)"),
    "filters.depthwise": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: depthwise {kernel} kernels, {shown} of {total}, one per channel, in grayscale "
                        "(mid gray = 0, each scaled to its own largest weight)"),
    "filters.templates": QT_TRANSLATE_NOOP(
        "CoreMessages", "{layer}: {what}, each unit's weights folded back into the {volume} volume before the "
                        "Flatten, {colour}, each scaled to its own range ({shown} of {units})"),
    "filters.some": QT_TRANSLATE_NOOP("CoreMessages", "{shown} of {total} filters"),
    "filters.all": QT_TRANSLATE_NOOP("CoreMessages", "{total} filters"),
    "filters.first_inputs": QT_TRANSLATE_NOOP("CoreMessages", "the first {shown} of {total}"),
    "filters.all_inputs": QT_TRANSLATE_NOOP("CoreMessages", "all {total}"),
    "filters.class_templates": QT_TRANSLATE_NOOP("CoreMessages", "class templates"),
    "filters.unit_templates": QT_TRANSLATE_NOOP("CoreMessages", "unit templates"),
    "filters.in_colour": QT_TRANSLATE_NOOP("CoreMessages", "in colour"),
    "filters.in_grayscale": QT_TRANSLATE_NOOP("CoreMessages", "in grayscale"),
    "filters.mean_grayscale": QT_TRANSLATE_NOOP("CoreMessages", "in grayscale, the mean over {channels} channels"),

    # core/lighting.py: the lighting check of one photo, beside its prediction.
    "lighting.unusual": QT_TRANSLATE_NOOP(
        "CoreMessages", "this photo's lighting differs from the training photos; the colour reading may be "
                        "unreliable"),
    "lighting.compared": QT_TRANSLATE_NOOP("CoreMessages", "Compared with the training photos it is {how}."),
    "lighting.list": QT_TRANSLATE_NOOP("CoreMessages", "{first}, {rest}"),
    "lighting.warmer": QT_TRANSLATE_NOOP("CoreMessages", "warmer (more red, less blue)"),
    "lighting.cooler": QT_TRANSLATE_NOOP("CoreMessages", "cooler (more blue, less red)"),
    "lighting.greener": QT_TRANSLATE_NOOP("CoreMessages", "greener"),
    "lighting.magenta": QT_TRANSLATE_NOOP("CoreMessages", "more magenta"),
    "lighting.darker": QT_TRANSLATE_NOOP("CoreMessages", "darker"),
    "lighting.brighter": QT_TRANSLATE_NOOP("CoreMessages", "brighter"),

    # core/calibration.py: a model used under another lamp, calibrated from photos taken under it.
    "calibration.applied": QT_TRANSLATE_NOOP(
        "CoreMessages", "Light calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue})"),
    "calibration.too_few": QT_TRANSLATE_NOOP(
        "CoreMessages", "calibrating the light needs at least {needed} photos taken under it; {photos} could be read"),
    "calibration.no_profile": QT_TRANSLATE_NOOP(
        "CoreMessages", "this model file keeps no lighting profile of its training photos, so the light cannot be "
                        "calibrated; retrain it with TongueLens"),
    "calibration.unreadable": QT_TRANSLATE_NOOP("CoreMessages", "not a light calibration (three positive gains)"),

    # core/photo_report.py and inspection/photo_reading.py: a photo's one-page report.
    "report.photo": QT_TRANSLATE_NOOP("CoreMessages", "Photo:"),
    "report.model": QT_TRANSLATE_NOOP("CoreMessages", "Model:"),
    "report.trained": QT_TRANSLATE_NOOP("CoreMessages", "Trained:"),
    "report.light": QT_TRANSLATE_NOOP("CoreMessages", "Light:"),
    "report.made": QT_TRANSLATE_NOOP("CoreMessages", "Report made:"),
    "report.readings": QT_TRANSLATE_NOOP("CoreMessages", "Readings"),
    "report.attribute": QT_TRANSLATE_NOOP("CoreMessages", "attribute"),
    "report.class": QT_TRANSLATE_NOOP("CoreMessages", "class"),
    "report.reading": QT_TRANSLATE_NOOP("CoreMessages", "reading (probability)"),
    "report.validation": QT_TRANSLATE_NOOP("CoreMessages", "validation accuracy"),
    "report.on_photos": QT_TRANSLATE_NOOP("CoreMessages", "{accuracy} on {count} validation photos"),
    "report.gradcam": QT_TRANSLATE_NOOP("CoreMessages", "Grad-CAM (where the model looked)"),
    "report.gradcam_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "Grad-CAM: red = the places that speak most for the reading shown, blue = the least."),
    "report.no_gradcam": QT_TRANSLATE_NOOP("CoreMessages", "no Grad-CAM"),
    "report.gradcam_layer": QT_TRANSLATE_NOOP("CoreMessages", "layer {layer}"),
    "report.as_photographed": QT_TRANSLATE_NOOP("CoreMessages", "as photographed (not calibrated)"),
    "report.calibrated": QT_TRANSLATE_NOOP(
        "CoreMessages", "calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue})"),
    "report.calibrated_in_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue}), carried in the "
                        "model file"),
    "report.light_unusual": QT_TRANSLATE_NOOP(
        "CoreMessages", "This photo's lighting differs from the training photos': the colour reading may be "
                        "unreliable."),
    "report.light_unusual_how": QT_TRANSLATE_NOOP(
        "CoreMessages", "This photo's lighting differs from the training photos': it is {how}. The colour reading "
                        "may be unreliable."),
    "report.on_data": QT_TRANSLATE_NOOP("CoreMessages", "on {data}"),
    "report.training_photos": QT_TRANSLATE_NOOP("CoreMessages", "{count} training photos"),
    "report.best_epoch": QT_TRANSLATE_NOOP("CoreMessages", "best epoch {best} of {run}"),
    "report.parts": QT_TRANSLATE_NOOP("CoreMessages", "{first}; {rest}"),

    # Model and weights files, and a run failing inside TensorFlow: see core/modelmessages.py.
    **MODEL_CATALOGUE,
    # Patterns, layer geometry and filter pictures: see core/archmessages.py.
    **ARCH_CATALOGUE,
}


def placeholders(template):
    """The names of a template's `{name}` fields, as a set."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


class MessageError(ValueError):
    """A refusal the user can act on, carrying its sentence (the app shows it in its language).

    Attributes:
        message: a `Message` (`str(error)` is its English text).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Message(str):
    """One sentence of the core: a `str` holding its English text, with the key and values it was made of.

    Args:
        key: a key of `CATALOGUE`.
        **values: one value per placeholder of the key's template (no more, no fewer); a
            value may itself be a `Message`.

    Attributes:
        key: the key.
        values: the values, read-only.

    Raises:
        KeyError: an unknown key.
        TypeError: values that do not match the template's placeholders.
    """

    def __new__(cls, key, **values):
        try:
            template = CATALOGUE[key]
        except KeyError:
            raise KeyError(f"no message {key!r} in core.messages.CATALOGUE") from None
        expected = placeholders(template)
        if set(values) != expected:
            raise TypeError(f"message {key!r} takes the values {sorted(expected)}. Received: {sorted(values)}")
        self = super().__new__(cls, template.format(**values))
        self.key = key
        self.values = types.MappingProxyType(dict(values))
        return self

    def __repr__(self):
        values = "".join(f", {name}={value!r}" for name, value in self.values.items())
        return f"Message({self.key!r}{values})"

    def __reduce__(self):  # Pickle and copy rebuild it from its key and values, not from its text.
        return _rebuild, (self.key, dict(self.values))

    def __copy__(self):
        return self  # Immutable, as a str is.

    def __deepcopy__(self, memo):
        return self


def _rebuild(key, values):
    return Message(key, **values)


def at_path(path, text):
    """`<path>: <text>`, the form of every message about one file or folder.

    Args:
        path: the file or folder (a str or a Path).
        text: a `Message` (or a plain str, shown as written).
    """
    return Message("at_path", path=str(path), text=text)


def verbatim(text):
    """Text from a part of the program that has no message keys yet, shown as written in any language."""
    return Message("verbatim", text=str(text))


def to_json(message):
    """A message as JSON-ready data that `from_json` turns back into it, key and values whole.

    For messages that cross a process boundary in JSON (`core.timelimit`); a plain str stays a str.
    """
    if not isinstance(message, Message):
        return message
    return {"key": message.key, "values": {name: to_json(value) for name, value in message.values.items()}}


def from_json(data):
    """The message `to_json` gave (a plain str or number stays as it is)."""
    if not isinstance(data, dict):
        return data
    return Message(data["key"], **{name: from_json(value) for name, value in data["values"].items()})
