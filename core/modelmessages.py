"""The sentences about model and weights files, a part of `core.messages.CATALOGUE`.

Why a `.keras` or `.h5` file is refused (`core.modelfile`, `core.modelarchive`,
`core.modelcheck`, `core.hdf5check`, `core.weightsfile`, `core.timelimit`, `core.crop`), why a
backbone's pretrained weights cannot be had (`models.pretrained`), why an export is refused
(`core.export`), how a training run failed inside TensorFlow (`training.failures`) and how
grouped convolutions compute their gradient (`models.grouped_conv`). They live here to keep
`core/messages.py` short; `scripts/update_translations.sh` scans this file too. File names,
settings and format names (`config.json`, `TONGUELENS_GROUPED_CONV`) are values, so that
translations keep them as they are.
"""


def QT_TRANSLATE_NOOP(context, text):  # noqa: N802  The name pylupdate5 extracts, as in core/messages.py.
    """Marks `text` for translation in `context`; returns it unchanged."""
    del context
    return text


MODEL_CATALOGUE = {
    # core/modelfile.py: a model file that cannot be used.
    "model.not_found": QT_TRANSLATE_NOOP("CoreMessages", "file not found"),
    "model.is_folder": QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not a model file"),
    "model.not_regular": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a regular file (a named pipe, socket or device), not a model file"),
    "model.wrong_suffix": QT_TRANSLATE_NOOP("CoreMessages", "not a model file: TongueLens opens Keras .keras files"),
    "model.name_not_keras": QT_TRANSLATE_NOOP("CoreMessages", "a model file name must end in .keras"),
    "model.contains_code": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: the model contains code (a Lambda layer or other Python object) that could run "
                        "on your computer; TongueLens loads models in Keras safe mode only"),
    "model.damaged_archive": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a Keras .keras model file (damaged or truncated archive)"),
    "model.unknown_object": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model uses a layer or object TongueLens does not know ({detail})"),
    "model.cannot_load": QT_TRANSLATE_NOOP("CoreMessages", "cannot load model ({detail})"),
    "model.unrunnable_name": QT_TRANSLATE_NOOP(
        "CoreMessages", "the layer or model named {name} cannot run: TensorFlow only runs names made of the letters "
                        "{letters}, digits and {marks}; rename it in the program that made the model"),
    "model.inputs": QT_TRANSLATE_NOOP("CoreMessages", "the model has {count} inputs; TongueLens needs one image input"),
    "model.input_not_image": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model's input has shape {shape}; TongueLens needs an image (height, width, channels)"),
    "model.input_channels": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model's input has {channels} channels; TongueLens needs 1 or 3"),
    "model.input_not_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model's input size is not fixed (None); TongueLens needs a fixed size"),
    "model.input_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model takes {height}×{width}-pixel images, more than TongueLens runs (at most "
                        "{limit} pixels)"),
    "model.weights_not_finite": QT_TRANSLATE_NOOP(
        "CoreMessages", "its weight {name} holds values that are not numbers (NaN or infinite): a damaged file or "
                        "a training that diverged"),
    "model.multi_label": QT_TRANSLATE_NOOP(
        "CoreMessages", "its output is {units} sigmoid units, a yes/no probability per label (multi-label); "
                        "TongueLens reads models that give one class per photo (a softmax)"),
    "model.one_unit": QT_TRANSLATE_NOOP(
        "CoreMessages", "its output is one unit ({activation}): no classes to choose from; a binary classifier "
                        "ends in Dense(1) with a sigmoid, or in two units with a softmax"),
    "model.no_class_scores": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model does not end in one vector (or one map) of class scores"),
    "model.class_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file names {names} classes but the model has {outputs} outputs"),
    "model.attribute_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file names {names} attribute(s) but the model has {outputs} outputs"),
    "model.attribute_not_scores": QT_TRANSLATE_NOOP(
        "CoreMessages", "the output for attribute {name} is not a vector of class scores"),
    "model.attribute_class_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file names {names} classes for attribute {name} but its output has {outputs}"),
    "model.metadata_damaged": QT_TRANSLATE_NOOP(
        "CoreMessages", "the TongueLens metadata in this file is damaged ({reason})"),

    # core/modelfile.py: what is wrong in tonguelens.json (the reason of "metadata_damaged").
    "metadata.nested": QT_TRANSLATE_NOOP("CoreMessages", "nested too deeply"),
    "metadata.not_object": QT_TRANSLATE_NOOP("CoreMessages", "it is a JSON {type}, not an object"),
    "metadata.missing": QT_TRANSLATE_NOOP("CoreMessages", "it has no {field}"),
    "metadata.training_not_object": QT_TRANSLATE_NOOP(
        "CoreMessages", "its training summary is a JSON {type}, not an object"),
    "metadata.not_whole_number": QT_TRANSLATE_NOOP("CoreMessages", "its {field} is not a whole number"),
    "metadata.not_list": QT_TRANSLATE_NOOP("CoreMessages", "its {field} is a JSON {type}, not a list"),
    "metadata.too_many_classes": QT_TRANSLATE_NOOP("CoreMessages", "it names {count} classes; at most {limit}"),
    "metadata.class_name_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "class name {number} is a JSON {type}, not a string"),
    "metadata.class_name_length": QT_TRANSLATE_NOOP(
        "CoreMessages", "class name {number} is {length} characters long; at most {limit}"),
    "metadata.class_name_blank": QT_TRANSLATE_NOOP("CoreMessages", "class name {number} is blank"),
    "metadata.class_name_twice": QT_TRANSLATE_NOOP(
        "CoreMessages", "class name {number}, {name}, is also an earlier class's name"),
    "metadata.input_shape": QT_TRANSLATE_NOOP("CoreMessages", "its {field} is not three positive whole numbers"),
    "metadata.attributes_not_list": QT_TRANSLATE_NOOP(
        "CoreMessages", "its attributes is a JSON {type}, not a non-empty list"),
    "metadata.too_many_attributes": QT_TRANSLATE_NOOP("CoreMessages", "it names {count} attributes; at most {limit}"),
    "metadata.attribute_not_object": QT_TRANSLATE_NOOP(
        "CoreMessages", "attribute {number} is a JSON {type}, not an object"),
    "metadata.not_string": QT_TRANSLATE_NOOP("CoreMessages", "its {field} is a JSON {type}, not a string"),
    "metadata.too_long": QT_TRANSLATE_NOOP("CoreMessages", "its {field} is {length} characters long; at most {limit}"),
    "metadata.training_text_long": QT_TRANSLATE_NOOP(
        "CoreMessages", "its training summary's text is {length} characters long; at most {limit}"),
    "metadata.training_deep": QT_TRANSLATE_NOOP(
        "CoreMessages", "its training summary is nested more than {depth} levels deep"),

    # The JSON type a value was found to be (the {type} of the sentences above and below).
    "json.object": QT_TRANSLATE_NOOP("CoreMessages", "object"),
    "json.list": QT_TRANSLATE_NOOP("CoreMessages", "list"),
    "json.string": QT_TRANSLATE_NOOP("CoreMessages", "string"),
    "json.boolean": QT_TRANSLATE_NOOP("CoreMessages", "boolean"),
    "json.null": QT_TRANSLATE_NOOP("CoreMessages", "null"),
    "json.number": QT_TRANSLATE_NOOP("CoreMessages", "number"),

    # core/safetext.size_text: a size under 1 KiB (larger ones are in KiB, MiB, GiB).
    "size.bytes": QT_TRANSLATE_NOOP("CoreMessages", "{count} bytes"),

    # core/modelarchive.py: the .keras zip and its members.
    "archive.not_zip": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a Keras .keras model file (not a zip archive, or truncated)"),
    "archive.member_unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "a member of this archive cannot be read ({detail})"),
    "archive.cannot_read": QT_TRANSLATE_NOOP("CoreMessages", "cannot read or unpack it ({detail})"),
    "archive.member_declares": QT_TRANSLATE_NOOP("CoreMessages", "its {name} declares {size}; at most {limit}"),
    "archive.member_holds": QT_TRANSLATE_NOOP("CoreMessages", "its {name} holds more than {limit}"),
    "archive.no_config": QT_TRANSLATE_NOOP("CoreMessages", "not a Keras model: the archive holds no {file}"),
    "archive.no_weights": QT_TRANSLATE_NOOP(
        "CoreMessages", "not a Keras model: the archive holds no weights ({file})"),
    "archive.lists_members": QT_TRANSLATE_NOOP(
        "CoreMessages", "the archive lists {count} members; a model file has a few (at most {limit})"),
    "archive.holds_members": QT_TRANSLATE_NOOP(
        "CoreMessages", "the archive holds {count} members; a model file has a few (at most {limit})"),
    "archive.directory": QT_TRANSLATE_NOOP("CoreMessages", "the archive's directory takes {size}; at most {limit}"),
    "archive.repeated": QT_TRANSLATE_NOOP("CoreMessages", "the archive holds {count} members named {name}"),
    "archive.total": QT_TRANSLATE_NOOP("CoreMessages", "its members declare {size} in all; at most {limit}"),
    "archive.bomb": QT_TRANSLATE_NOOP(
        "CoreMessages", "its member {name} declares {size} but stores {stored} (a decompression bomb)"),
    "archive.disk": QT_TRANSLATE_NOOP(
        "CoreMessages", "the temporary folder has {free} free; loading this model needs {size} there"),
    "archive.more_than_declared": QT_TRANSLATE_NOOP(
        "CoreMessages", "its {name} holds more than the {size} it declares"),
    "archive.weights_refused": QT_TRANSLATE_NOOP("CoreMessages", "refused: in its weights, {reason}"),
    "archive.weights_damaged": QT_TRANSLATE_NOOP("CoreMessages", "its weights are damaged ({detail})"),

    # core/modelcheck.py: config.json against the allow-list; {place} is where in it.
    "config.too_nested": QT_TRANSLATE_NOOP("CoreMessages", "its {file} is nested too deeply to be a model"),
    "config.not_json": QT_TRANSLATE_NOOP("CoreMessages", "its {file} is not valid JSON ({detail})"),
    "config.not_object": QT_TRANSLATE_NOOP("CoreMessages", "its {file} is a JSON {type}, not a model configuration"),
    "config.too_deep": QT_TRANSLATE_NOOP(
        "CoreMessages", "its {file} is nested more than {depth} levels deep (at {place})"),
    "config.class_name_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "its {file} has a {field} that is a JSON {type} (at {place})"),
    "config.value_marker": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: its {file} holds a {name} object, which can carry code or types TongueLens does "
                        "not load (at {place})"),
    "config.array_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: its {file} holds an array of type {dtype} (at {place})"),
    "config.registered": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it uses {registered} (class {class_name} of module {module}), which is neither a "
                        "Keras layer nor one of TongueLens's (at {place})"),
    "config.function": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it calls the function {name} of module {module}; a model file may only name "
                        "Keras's activation functions (at {place})"),
    "config.training_function": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it calls the function {name} of module {module}; a model file may only name "
                        "Keras's activation functions, losses and metrics (at {place})"),
    "config.refused_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it holds a {layer} layer, which TongueLens never loads: {reason} (at {place})"),
    "config.refused_layer_function": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it holds a {layer} layer (function: {function}), which TongueLens never loads: "
                        "{reason} (at {place})"),
    "config.keras_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it uses {name} from {module}, which is not among the Keras classes TongueLens "
                        "loads for an image classifier (at {place})"),
    "config.foreign_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: it uses {name} from module {module}; only Keras's own classes and TongueLens's "
                        "are loaded (at {place})"),
    "config.long_text": QT_TRANSLATE_NOOP(
        "CoreMessages", "its {file} holds a text of {length} characters at {place} (at most {limit})"),
    "config.the_top": QT_TRANSLATE_NOOP("CoreMessages", "the top"),
    # Why a well-known layer is never loaded (the reason of "refused_layer").
    "layer.lambda": QT_TRANSLATE_NOOP(
        "CoreMessages", "its function would run on your computer as the model is built, and Keras safe mode lets "
                        "some of these through"),
    "layer.saved_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "it loads a TensorFlow SavedModel from a path, which runs that model's own operations"),
    "layer.jax": QT_TRANSLATE_NOOP("CoreMessages", "it wraps a JAX function"),
    "layer.flax": QT_TRANSLATE_NOOP("CoreMessages", "it wraps a Flax module"),
    "layer.torch": QT_TRANSLATE_NOOP("CoreMessages", "it wraps a pickled PyTorch module"),
    "layer.lookup": QT_TRANSLATE_NOOP("CoreMessages", "lookup layers can read vocabulary files"),
    "layer.vocabulary": QT_TRANSLATE_NOOP("CoreMessages", "it can read vocabulary files"),

    # core/hdf5check.py: the structure of an HDF5 weights file; {name} is an object in it.
    "hdf5.too_deep": QT_TRANSLATE_NOOP(
        "CoreMessages", "its groups are nested more than {depth} levels deep (at {name})"),
    "hdf5.link": QT_TRANSLATE_NOOP("CoreMessages", "{name} is {kind}; a weights file holds no links"),
    "hdf5.soft_link": QT_TRANSLATE_NOOP("CoreMessages", "a soft link (a path HDF5 follows when it is read)"),
    "hdf5.external_link": QT_TRANSLATE_NOOP("CoreMessages", "an external link (into another HDF5 file)"),
    "hdf5.user_link": QT_TRANSLATE_NOOP("CoreMessages", "a user-defined link"),
    "hdf5.too_many_objects": QT_TRANSLATE_NOOP(
        "CoreMessages", "it holds more than {count} objects; not a weights file"),
    "hdf5.total": QT_TRANSLATE_NOOP("CoreMessages", "its arrays declare more than {size} in all"),
    "hdf5.external_storage": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} takes its bytes from another file (HDF5 external storage: {file})"),
    "hdf5.virtual": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} is a virtual dataset, made of the datasets of other files"),
    "hdf5.filter": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} is compressed with HDF5 filter {code}, which TongueLens does not read"),
    "hdf5.not_numbers": QT_TRANSLATE_NOOP("CoreMessages", "{name}: not an array of numbers ({dtype})"),
    "hdf5.dimensions": QT_TRANSLATE_NOOP("CoreMessages", "{name} has {count} dimensions; weights have at most {limit}"),
    "hdf5.array_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} declares {size} ({shape}); at most {limit} per array"),
    "hdf5.bomb": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} declares {size} but stores only {stored} (a decompression bomb)"),
    "hdf5.chunks": QT_TRANSLATE_NOOP("CoreMessages", "{name} is cut into {count} chunks; at most {limit}"),
    "hdf5.attributes": QT_TRANSLATE_NOOP("CoreMessages", "{name} has {count} attributes; at most {limit}"),
    "hdf5.attribute_type": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: an attribute of type {dtype}, not numbers or text"),
    "hdf5.attribute_size": QT_TRANSLATE_NOOP("CoreMessages", "{name}: an attribute of {size}; at most {limit}"),
    "hdf5.name_not_text": QT_TRANSLATE_NOOP("CoreMessages", "{name}: a name that is not {encoding} text"),
    "hdf5.long_name": QT_TRANSLATE_NOOP("CoreMessages", "{name} holds a name of {length} characters; at most {limit}"),

    # core/weightsfile.py and core/timelimit.py: HDF5 model and weights files.
    "weights.legacy_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "refused: a legacy HDF5 model file stores its architecture as Keras configuration, which can "
                        "carry code (a Lambda layer) that would run on your computer when loaded; TongueLens opens "
                        ".keras files in safe mode only. Re-save the model as .keras in the program that made it"),
    "weights.only": QT_TRANSLATE_NOOP(
        "CoreMessages", "this file holds weights only, no architecture: if they were trained for a TongueLens "
                        "architecture, turn them into a model file with `{command}`"),
    "weights.too_few_names": QT_TRANSLATE_NOOP("CoreMessages", "give at least 2 class names. Received: {names}"),
    "weights.same_names": QT_TRANSLATE_NOOP("CoreMessages", "class names must differ. Received: {names}"),
    "weights.timed_out": QT_TRANSLATE_NOOP("CoreMessages", "reading this HDF5 file {reason}: it may be damaged"),
    "weights.cannot_read": QT_TRANSLATE_NOOP("CoreMessages", "cannot read this HDF5 file ({reason})"),
    "weights.refused": QT_TRANSLATE_NOOP("CoreMessages", "refused: {reason}"),
    "weights.layer_not_text": QT_TRANSLATE_NOOP("CoreMessages", "a layer name that is not {encoding} text"),
    "weights.not_regular": QT_TRANSLATE_NOOP("CoreMessages", "not a regular file (a named pipe, socket or device)"),
    "weights.keras_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "a .keras model file (a zip), not HDF5 weights: open it as the model as it is"),
    "weights.not_hdf5": QT_TRANSLATE_NOOP("CoreMessages", "not an HDF5 file (damaged, or not a Keras file at all)"),
    "weights.cannot_open": QT_TRANSLATE_NOOP("CoreMessages", "cannot open as HDF5: damaged or truncated ({detail})"),
    "weights.damaged": QT_TRANSLATE_NOOP("CoreMessages", "damaged or truncated HDF5 file ({detail})"),
    "weights.no_layers": QT_TRANSLATE_NOOP(
        "CoreMessages", "an HDF5 file, but not Keras weights (no layers found in it)"),
    "weights.no_group": QT_TRANSLATE_NOOP("CoreMessages", "the file lists layer {name} but holds no group for it"),
    "weights.two_layers": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file holds two layers named {name}; cannot tell which is which"),
    "weights.not_array": QT_TRANSLATE_NOOP("CoreMessages", "{name}: expected an array of weights"),
    "weights.not_finite": QT_TRANSLATE_NOOP("CoreMessages", "layer {name}: the weights hold NaN or infinite values"),
    "weights.name_not_text": QT_TRANSLATE_NOOP("CoreMessages", "a layer or weight name that is not {encoding} text"),
    "weights.name_not_text_shown": QT_TRANSLATE_NOOP(
        "CoreMessages", "a layer or weight name that is not {encoding} text ({name})"),
    "weights.long_name": QT_TRANSLATE_NOOP("CoreMessages", "a layer or weight name of {length} characters"),
    "weights.layer_missing": QT_TRANSLATE_NOOP("CoreMessages", "layer {name}: not in the file"),
    "weights.layer_shapes": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer {name}: the file has {found}, the architecture needs {needed}"),
    "weights.layer_extra": QT_TRANSLATE_NOOP("CoreMessages", "layer {name}: in the file but not in the architecture"),
    "weights.and_more": QT_TRANSLATE_NOOP("CoreMessages", "and {count} more"),
    "weights.list": QT_TRANSLATE_NOOP("CoreMessages", "{first}; {rest}"),
    "weights.other_architecture": QT_TRANSLATE_NOOP(
        "CoreMessages", "these weights do not fit {arch} with input {input} and {classes} classes: {missing} of its "
                        "{layers} layers with weights are not in the file, whose layers are {found}; the weights were "
                        "trained for another architecture"),
    "weights.mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "these weights do not fit {arch} with input {input} and {classes} classes: {problems}"),
    "weights.mismatch_classes": QT_TRANSLATE_NOOP(
        "CoreMessages", "these weights do not fit {arch} with input {input} and {classes} classes: {problems} (the "
                        "file's weights are for {found} classes, {given} names were given)"),
    "child.timed_out": QT_TRANSLATE_NOOP("CoreMessages", "took longer than {seconds} s and was stopped"),
    "child.died": QT_TRANSLATE_NOOP("CoreMessages", "the reading process stopped unexpectedly (exit code {code})"),

    # models/pretrained.py: a backbone's pretrained weights (--weights imagenet, none or FILE).
    "weights.arg_not_found": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights}: not found; give imagenet, none or a weights file (.h5)"),
    "weights.not_a_backbone": QT_TRANSLATE_NOOP(
        "CoreMessages", "--weights {weights}: {arch} has no pretrained weights; give one of the backbones "
                        "({backbones}) or --weights none"),
    "weights.offline": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot download the ImageNet weights of {backbone}: no connection to {host} ({problem}); "
                        "{where}"),
    "weights.offline_damaged_copy": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot download the ImageNet weights of {backbone} (the copy in Keras's cache, {path}, is "
                        "damaged: its checksum is not Keras's): no connection to {host} ({problem}); {where}"),
    "weights.probe_timed_out": QT_TRANSLATE_NOOP("CoreMessages", "timed out after {seconds} s"),
    "weights.where_to_get": QT_TRANSLATE_NOOP(
        "CoreMessages", "on a machine with network access download {url} ({megabytes} MB) and give it as the "
                        "weights file (--weights FILE), or put it in {folder}"),
    "weights.cannot_write_cache": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot write Keras's weights cache {folder} ({detail}); {where}"),
    "weights.download_damaged": QT_TRANSLATE_NOOP(
        "CoreMessages", "the downloaded ImageNet weights of {backbone} are damaged (their checksum is not Keras's); "
                        "try again, or {where}"),
    "weights.download_cancelled": QT_TRANSLATE_NOOP(
        "CoreMessages", "download of the ImageNet weights of {backbone} cancelled"),
    "weights.download_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot download the ImageNet weights of {backbone} from {url} ({detail}); {where}"),
    "weights.no_backbone": QT_TRANSLATE_NOOP("CoreMessages", "{model} has no backbone to load weights into"),
    "weights.unusable_file": QT_TRANSLATE_NOOP("CoreMessages", "{reason}; {expected}"),
    "weights.whole_model": QT_TRANSLATE_NOOP("CoreMessages", "a whole Keras model file, not weights; {expected}"),
    "weights.not_for_backbone": QT_TRANSLATE_NOOP(
        "CoreMessages", "these weights do not fit the {backbone} backbone without top ({detail}); {expected}"),
    "weights.not_for_backbone_top": QT_TRANSLATE_NOOP(
        "CoreMessages", "these weights do not fit the {backbone} backbone without top ({detail}); this file "
                        "includes the ImageNet classifier (its top): use the file without top; {expected}"),
    "weights.missing_layers": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file has no weights for {count} layers of the {backbone} backbone (e.g. {example}); "
                        "{expected}"),
    "weights.expected_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "the file {backbone} needs is Keras's {file} (or a {suffix} of {call})"),

    # core/export.py: an export refused or failed.
    "export.unknown_format": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown export format {format}; formats are: {formats}"),
    "export.file_name": QT_TRANSLATE_NOOP(
        "CoreMessages", "an export is a folder (the {suffix} file is written inside it); give a folder name, e.g. "
                        "{example}"),
    "export.exists": QT_TRANSLATE_NOOP(
        "CoreMessages", "already exists; choose another name or replace the earlier export"),
    "export.not_an_export": QT_TRANSLATE_NOOP(
        "CoreMessages", "exists and is not an earlier export (no {file}); it is left untouched: choose another name"),
    "export.foreign_metadata": QT_TRANSLATE_NOOP(
        "CoreMessages", "exists and is not an earlier export (its {file} was not written by an export); it is left "
                        "untouched: choose another name"),
    "export.other_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "exists and is not an earlier export (it holds {name}, which an export does not write); it "
                        "is left untouched: choose another name"),
    "export.preprocessing": QT_TRANSLATE_NOOP(
        "CoreMessages", "its images need the preprocessing {preprocessing} before the network, which an export "
                        "cannot carry yet; only models that take raw pixels are exported"),
    "export.crop": QT_TRANSLATE_NOOP(
        "CoreMessages", "it classifies photos cut to the tongue by its own segmenter, a step an export cannot carry: "
                        "the exported model would see whole photos and answer otherwise. Export a model trained "
                        "on whole photos (without cropping to the tongue), or cut the photos to the tongue before "
                        "the exported model"),
    "export.inputs_outputs": QT_TRANSLATE_NOOP(
        "CoreMessages", "export takes one image input and one output of class scores (or one per attribute); this "
                        "model has {inputs} inputs and {outputs} outputs"),
    "export.not_scores": QT_TRANSLATE_NOOP("CoreMessages", "its output has shape {shape}, not class scores"),
    "export.image_unreadable": QT_TRANSLATE_NOOP("CoreMessages", "cannot check the export on {error}"),
    "export.needs_package": QT_TRANSLATE_NOOP(
        "CoreMessages", "the {format} export needs the Python package {package}: install the requirements "
                        "({command})"),
    "export.converter_failed": QT_TRANSLATE_NOOP("CoreMessages", "the {format} converter failed on {model}: {detail}"),
    "export.other_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "export refused: the {format} export gives outputs of shape {shape}, the model {expected}; "
                        "nothing was written"),
    "export.differs": QT_TRANSLATE_NOOP(
        "CoreMessages", "export refused: the {format} export's probabilities differ from the model's by up to "
                        "{difference} (more than {tolerance}) on {count} images; nothing was written"),

    # core/crop.py: a classifier's crop to the tongue, as its tonguelens.json describes it.
    "crop.not_object": QT_TRANSLATE_NOOP("CoreMessages", "its crop is not a JSON object"),
    "crop.margin": QT_TRANSLATE_NOOP("CoreMessages", "its crop's margin is not a number from 0 to 1"),
    "crop.mask_background": QT_TRANSLATE_NOOP("CoreMessages", "its crop's {field} is not true or false"),
    "crop.segmenter": QT_TRANSLATE_NOOP("CoreMessages", "its crop's {field} is not a short text"),
    "crop.sha256": QT_TRANSLATE_NOOP("CoreMessages", "its crop's {field} is not a {hash} in hexadecimal"),
    "crop.member": QT_TRANSLATE_NOOP("CoreMessages", "its crop names a member other than {member}"),
    "crop.segmenter_crops": QT_TRANSLATE_NOOP(
        "CoreMessages", "its segmenter crops photos itself; a segmenter must not"),

    # training/failures.py: a run that failed inside TensorFlow; {summary} is TensorFlow's own words.
    "failure.phase_training": QT_TRANSLATE_NOOP("CoreMessages", "training"),
    "failure.phase_evaluating": QT_TRANSLATE_NOOP("CoreMessages", "evaluating the best model"),
    "failure.inside": QT_TRANSLATE_NOOP("CoreMessages", "{phase} failed inside TensorFlow ({summary}); try: {hint}"),
    "failure.inside_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "{phase} failed inside TensorFlow in layer '{layer}' ({summary}); try: {hint}"),
    "failure.inside_epoch": QT_TRANSLATE_NOOP(
        "CoreMessages", "{phase} failed inside TensorFlow during epoch {epoch} ({summary}); try: {hint}"),
    "failure.inside_layer_epoch": QT_TRANSLATE_NOOP(
        "CoreMessages", "{phase} failed inside TensorFlow in layer '{layer}' during epoch {epoch} ({summary}); "
                        "try: {hint}"),
    "failure.hint_memory": QT_TRANSLATE_NOOP("CoreMessages", "use a smaller batch size or image size"),
    "failure.hint_nan": QT_TRANSLATE_NOOP("CoreMessages", "use a lower learning rate"),
    "failure.hint_grouped": QT_TRANSLATE_NOOP(
        "CoreMessages", "this CPU's TensorFlow lacks a grouped-convolution kernel; set {setting} (or leave it unset: "
                        "{auto}) to compute the gradient group by group"),
    "failure.hint_default": QT_TRANSLATE_NOOP(
        "CoreMessages", "{precision} precision, a smaller batch size or another architecture; if it persists, "
                        "report it with {file} from the run folder"),
    "failure.kept_nothing": QT_TRANSLATE_NOOP(
        "CoreMessages", "{failure}. No epoch finished, so the run folder {folder} holds no model yet"),
    "failure.kept_best": QT_TRANSLATE_NOOP(
        "CoreMessages", "{failure}. The run folder {folder} keeps the best model (epoch {best}) and a checkpoint "
                        "after epoch {done} to resume from"),
    "failure.details_in": QT_TRANSLATE_NOOP("CoreMessages", "{message}; details in {path}"),

    # models/grouped_conv.py: how grouped convolutions compute their gradient here.
    "grouped.requested": QT_TRANSLATE_NOOP(
        "CoreMessages", "grouped convolutions: the {path} gradient, as {variable} or {function} asks"),
    "grouped.native": QT_TRANSLATE_NOOP("CoreMessages", "grouped convolutions: TensorFlow's own gradient"),
    "grouped.fallback": QT_TRANSLATE_NOOP(
        "CoreMessages", "grouped convolutions: TensorFlow has no grouped gradient on this CPU, so it is computed "
                        "group by group (same results, somewhat slower)"),
}
