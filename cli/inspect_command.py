"""`inspect`: look inside a model for one image: feature maps, filters, Grad-CAM and saliency as PNG."""

import re
import sys
from pathlib import Path

from cli.errors import CliError
from cli.output import print_line

TOP_K = 3
# The photo beside a cropping model's Grad-CAM: its longest side, and the colour of the tongue's outline.
PHOTO_SIDE = 512
OUTLINE_RGB = (0, 255, 128)
# Grad-CAM's note for a layer whose map is 1x1 (`inspection.gradcam.cannot_localise`).
NO_PLACE = "a 1x1 map cannot show where, so no place is marked"


def register(subparsers):
    """Adds the `inspect` subcommand."""
    parser = subparsers.add_parser(
        "inspect",
        help="look inside a model for one image (feature maps, filters, Grad-CAM, saliency)",
        description="Runs one image through a model and writes what each layer sees into DIR: "
                    "filters_<layer>.png (the first convolution's filters and those of each named "
                    "convolution), features_<layer>.png (each named layer; by default every block "
                    "output: pooling layers and the last layer before each downsampling), gradcam.png "
                    "and saliency.png (where the model looks for the predicted class). Prints the top-3 "
                    "prediction, the layers and the files written.")
    parser.add_argument("image", metavar="IMAGE", help="the image file to look at")
    parser.add_argument("--model", required=True, metavar="MODEL.keras", help="the model file (.keras)")
    parser.add_argument(
        "--layer", action="append", default=[], metavar="NAME",
        help="a layer to show (repeatable); a layer inside a nested model can be named by its own name "
             "when that is unique, else as outer/inner. See the names with --json")
    parser.add_argument("--out", metavar="DIR",
                        help="folder for the PNG files (default: <image name>_inspection here)")
    parser.add_argument("--dump-activations", metavar="DIR",
                        help="also write <layer>.npy per shown layer: its output for this image, batch axis "
                             "included")
    parser.add_argument("--class", dest="class_name", metavar="CLASS",
                        help="class (name or index) Grad-CAM and saliency explain (default: the predicted one)")
    parser.add_argument("--attribute", metavar="NAME",
                        help="for a multi-attribute model: the attribute (name or index) whose head Grad-CAM and "
                             "saliency explain (default: the first)")
    parser.add_argument("--gradcam-layer", metavar="NAME",
                        help="layer Grad-CAM uses (default: the last convolution)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--calibrate", metavar="FOLDER",
                        help="calibrate the light first from the photos in FOLDER, as classify --calibrate does: "
                             "the maps are then of the photo corrected to the training light")
    parser.set_defaults(func=run)


def run(args):
    """Runs `inspect`; returns the exit code."""
    from cli.output import check_output_folder, print_json

    for folder, option in ((args.out, "--out"), (args.dump_activations, "--dump-activations")):
        if folder:
            check_output_folder(folder, option)  # Before the model loads, not after.
    result = inspect_image(
        args.image, args.model, layers=args.layer, out=args.out, dump_activations=args.dump_activations,
        class_name=args.class_name, gradcam_layer=args.gradcam_layer, attribute=args.attribute,
        calibrate=args.calibrate)
    if (result.get("lighting") or {}).get("unusual"):
        from cli.classify_command import lighting_note

        print_line(lighting_note(args.image, result["lighting"]), file=sys.stderr)
    if args.json:
        print_json(result)
    else:
        _print_report(result)
    return 0


def inspect_image(image_path, model_path, layers=(), out=None, dump_activations=None, class_name=None,
                  gradcam_layer=None, attribute=None, calibrate=None):
    """Writes the inspection PNG files for one image and returns what was found.

    `calibrate` names a folder of photos to calibrate the light from first (`core.calibration`).

    Returns:
        {"image", "model", "prediction", "layers", "files", "notes", "gradcam"}; for a
        multi-attribute model also "attribute" (the head explained; "prediction" is its top
        classes) and "attributes" ({name: {"top"}} of every head); for a model file that keeps
        its training photos' lighting profile also "lighting" (`core.predictor.lighting_summary`).

    Raises:
        CliError: a bad model, image, layer or class.
    """
    from core import images, modelfile
    from core.predictor import top_k
    from inspection import graph
    from inspection.engine import InspectionEngine

    try:
        loaded = modelfile.load_model(model_path)
    except modelfile.ModelFileError as error:
        raise CliError(str(error)) from None
    from core.segmenter import SegmenterError

    try:
        engine = InspectionEngine(loaded)
    except SegmenterError as error:
        raise CliError(str(error)) from None
    if calibrate:
        from cli.classify_command import calibrate_from_folder

        engine.calibration = calibrate_from_folder(engine, calibrate)
    try:
        image, cropped = engine.prepare(images.load_rgb(image_path))  # Cut to the tongue if the model crops.
    except images.ImageError as error:
        raise CliError(str(error)) from None
    try:
        shown = [engine.layer(name).name for name in layers] or engine.block_outputs()
        if gradcam_layer and not engine.layer(gradcam_layer).has_spatial_output:
            raise CliError(f"--gradcam-layer {gradcam_layer}: Grad-CAM needs a layer with a (height, width, "
                           f"channels) output; it outputs {engine.layer(gradcam_layer).output_shape}")
    except graph.LayerNotFoundError as error:
        raise CliError(str(error)) from None
    if attribute is not None and attribute.isdigit():
        attribute = int(attribute)
    try:
        head = engine.head_index(attribute)
    except ValueError as error:
        raise CliError(str(error)) from None
    class_index = _class_index(engine, image, class_name, head)
    out = Path(out) if out else Path(f"{Path(image_path).stem}_inspection")
    probabilities = engine.predict(image, head)
    written = _Written()
    _write_filters(engine, [name for name in layers if engine.layer(name).is_conv], out, written)
    _write_features(engine, image, shown, out, written)
    explained = _write_heat_maps(engine, image, probabilities, class_index, gradcam_layer, out, written, head,
                                 cropped)
    if dump_activations:
        _dump_activations(engine, image, shown, Path(dump_activations), written)
    result = {
        "image": str(image_path),
        "model": str(model_path),
        "prediction": top_k(probabilities, engine.head_classes(head), TOP_K),
        "layers": [layer.to_json() for layer in engine.layers],
        "files": written.files,
        "notes": written.notes,
        "gradcam": explained,
        "crop": None if cropped is None else {"box": list(cropped.box), "found": cropped.found},
    }
    check = engine.lighting_check(image)
    if check is not None:
        from core.predictor import lighting_summary

        result["lighting"] = lighting_summary(check)
    if engine.attribute_names:
        from core.predictor import attribute_top_k

        result["attribute"] = engine.attribute_names[head]
        result["attributes"] = attribute_top_k(engine.predict_all(image), loaded.info.attributes, TOP_K)
    return result


class _Written:
    def __init__(self):
        self.files = []
        self.notes = {}

    def add(self, path, note=None):
        self.files.append(str(path))
        if note:
            self.notes[Path(path).name] = note


def file_part(layer_name):
    """Makes a layer name safe in a file name ("base/conv1" -> "base_conv1")."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", layer_name).strip("_") or "layer"


def _write_filters(engine, named_convs, out, written):
    from inspection import filters, render

    first = engine.graph.conv_sites()
    names = ([first[0].name] if first else []) + [name for name in named_convs]
    for name in dict.fromkeys(engine.layer(name).name for name in names):
        try:
            grid, note = filters.filter_grid(engine, name)
        except ValueError as error:  # A convolution we cannot draw (1-D, 3-D): say so, go on.
            written.notes[f"filters_{file_part(name)}.png"] = f"not written: {error}"
            continue
        path = render.save_png(grid, out / f"filters_{file_part(name)}.png", title=f"filters of {name}")
        written.add(path, note)


def _write_features(engine, image, names, out, written):
    from inspection import features, render

    for name in names:
        activation = engine.activations(image, name)
        layer = engine.layer(name)
        probabilities = engine.gives_probabilities(name)
        grid = features.feature_grid(activation, probabilities=probabilities)
        channels = features.shown_channels(activation)
        title, note = _features_text(name, layer, channels, activation.shape[-1],
                                     features.shared_scale(activation, channels, probabilities), probabilities)
        path = render.save_png(grid, out / f"features_{file_part(name)}.png", title=title)
        written.add(path, note)


def _features_text(name, layer, channels, total, scale, probabilities):
    """The title and the note of a layer's feature-map picture: what is shown, and on which scale.

    Maps are each scaled to their own range; the units of a vector (a Dense layer, or maps of
    1x1) share one scale, whose numbers are given, as a min-max scale of 24.8 % to 25.2 % looks
    like 0 to 1.
    """
    from inspection import features

    kind = "units" if len(layer.output_shape) == 1 else "channels"  # A Dense layer has units.
    title = f"{name} ({layer.type}) output {_shape_text(layer.output_shape)}"
    if len(channels) < total:
        title += f", first {len(channels)} of {total} {kind}"
    if scale is None:
        return title, (f"{name}: {len(channels)} of {total} {kind}, each scaled to its own range "
                       f"(viridis: dark low, yellow high)")
    low, high = features.scale_text(*scale)
    what = "class probabilities, " if probabilities else ""
    title += f", {what}{low} to {high}"
    return title, (f"{name}: {len(channels)} of {total} {kind}, {what}all on one scale "
                   f"(viridis: dark {low}, yellow {high})")


def _write_heat_maps(engine, image, probabilities, class_index, gradcam_layer, out, written, head=0,
                     cropped=None):
    from inspection import gradcam, render

    label = engine.head_classes(head)[class_index]
    about = f"class {label!r} (p={float(probabilities[class_index]):.2f})"
    if engine.attribute_names:
        about = f"{engine.attribute_names[head]}: {about}"
    explained = {"class": label, "layer": None}
    seen = render.upscale(engine.model_view(image))  # As the app shows it: gray for a one-channel model.
    try:
        layer = gradcam_layer or engine.gradcam_layer()
        heat = gradcam.gradcam(engine, image, class_index, layer, attribute=head)
    except ValueError as error:
        written.notes["gradcam.png"] = f"not written: {error}"
    else:
        explained["layer"] = engine.layer(layer).name
        picture = _side_by_side(seen, gradcam.overlay(seen, heat))
        if cropped is not None:  # The photo with the map on the box the model saw, beside the crop.
            picture = _side_by_side(_heat_on_photo(cropped, heat), gradcam.overlay(seen, heat))
            about += " on the photo cut to the tongue" if cropped.found else " (no tongue found: the whole photo)"
        title, note = f"Grad-CAM for {about} at {layer}", f"Grad-CAM at layer {layer} for {about}; "
        if gradcam.cannot_localise(engine, layer):  # Its map is blank, not "evidence everywhere": say why.
            title, note = title + f" ({NO_PLACE})", note + NO_PLACE
        else:
            note += "red = most evidence for the class"
        path = render.save_png(picture, out / "gradcam.png", title=title)
        written.add(path, note)
    salient = gradcam.saliency(engine, image, class_index, attribute=head)
    picture = _side_by_side(seen, render.upscale(gradcam.heatmap_image(salient)))
    path = render.save_png(picture, out / "saliency.png", title=f"saliency for {about}")
    written.add(path, f"gradient saliency for {about}; bright = pixels that change the score most")
    return explained


def _heat_on_photo(cropped, heat, side=PHOTO_SIDE):
    """The whole photo (longest side `side`) with the tongue's outline and the heat on the crop's box."""
    import numpy as np
    from PIL import Image

    from core import masks
    from inspection import gradcam

    width, height = cropped.photo_size
    scale = min(1.0, side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    photo = np.asarray(cropped.photo.convert("RGB").resize(size, Image.BILINEAR), dtype=np.uint8)
    box = tuple(value * scale for value in cropped.box)
    placed, inside = gradcam.on_photo(heat, box, size)
    picture = gradcam.overlay(photo, placed, where=inside).copy()
    edge = masks.outline(masks.resize_mask(cropped.mask, (size[1], size[0])))
    picture[edge] = OUTLINE_RGB
    return picture


def _class_index(engine, image, class_name, head=0):
    """The class Grad-CAM explains: a name, an index, or None for the predicted class (of the head)."""
    from inspection import gradcam

    if class_name is not None and class_name.isdigit():
        class_name = int(class_name)
    try:
        class_index = gradcam.resolve_class(engine, image, class_name, head)
    except ValueError as error:
        raise CliError(str(error)) from None
    count = len(engine.head_classes(head))
    if not 0 <= class_index < count:
        raise CliError(f"class index {class_index} is out of range (the model has {count} classes)")
    return class_index


def _side_by_side(left, right):
    import numpy as np

    from inspection import render

    height = max(left.shape[0], right.shape[0])
    canvas = np.full((height, left.shape[1] + right.shape[1] + 3 * render.GAP, 3), 255, np.uint8)
    canvas[:left.shape[0], render.GAP:render.GAP + left.shape[1]] = left
    canvas[:right.shape[0], 2 * render.GAP + left.shape[1]:2 * render.GAP + left.shape[1] + right.shape[1]] = right
    return canvas


def _dump_activations(engine, image, names, folder, written):
    import numpy as np

    from core import atomic

    for name in names:
        path = folder / f"{file_part(name)}.npy"
        with atomic.atomic_open(path, "wb") as stream:
            np.save(stream, engine.activations(image, name))
        written.add(path)


def _shape_text(shape):
    return "x".join(str(size) for size in shape)


def _print_report(result):
    for name, reading in result.get("attributes", {}).items():
        print(f"{name}: " + ", ".join(f"{entry['label']} {entry['probability']:.1%}" for entry in reading["top"]))
    if "attribute" in result:
        print(f"explained: {result['attribute']}")
    print("prediction:")
    for entry in result["prediction"]:
        print(f"  {entry['label']}: {entry['probability']:.1%}")
    print("layers:")
    width = max((len(layer["name"]) for layer in result["layers"]), default=0)
    for layer in result["layers"]:
        print(f"  {layer['name']:<{width}}  {layer['type']:<22} {_shape_text(layer['output_shape'])}")
    print("files:")
    for path in result["files"]:
        note = result["notes"].get(Path(path).name)
        print(f"  {path}" + (f"  ({note})" if note else ""))
    for name, note in result["notes"].items():
        if note.startswith("not written"):
            print(f"  {name}: {note}")
