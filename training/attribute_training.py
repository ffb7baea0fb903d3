"""The steps of a training run on a labels table (`TrainConfig.labels`), for `training.trainer`.

The trainer runs the same steps for a folder of class folders and for a labels table; where a
table differs it hands the step to `TableSteps`: scanning the table, the split on the rarest
attribute, one head per attribute, the masked loss, the model file's attribute metadata, the
evaluation per attribute and the report's `attributes`. A folder keeps its own path unchanged,
so its runs, reports and model files stay as they were.
"""

import numpy as np

from core import modelfile
from core.messages import Message, at_path
from training import attribute_data, attribute_evaluate, cropping, plots, runfolder, split as splitting
from training.config import TrainingError


def confusion_file(head):
    """The run folder's confusion-matrix picture of one attribute's head."""
    return f"confusion_{head}.png"


class TableSteps:
    """The table-specific steps of one run.

    Args:
        run: the trainer's run (`training.trainer._Run`); these steps read its config,
            callback, run folder and state, and set its scan, split, classes and labels.
    """

    def __init__(self, run):
        self.run = run
        self.scan = None  # The `training.attribute_data.AttributeScan`.
        self.stratified_on = None  # The attribute the split was stratified on.
        self.heads = None  # The heads' layer names, in attribute order.

    @property
    def attributes(self):
        return self.scan.attributes

    def scan_table(self):
        """Reads the table and decodes its photos once (the trainer's `_scan`)."""
        from training import multihead

        run = self.run
        run.message(Message("trainer.checking_folder", folder=run.config.data_dir))
        height, width, channels = run.input_shape
        config = run.config
        crop = run.crop.crop if run.crop is not None else None  # Cut as the saved model will cut photos.
        if attribute_data.matches_table(run.given_scan, config.data_dir, config.labels, (height, width), channels,
                                        cropping.scan_key(run.crop)):
            self.scan = run.given_scan  # Read and decoded by the caller's scan (the Train dialog's): not again.
        else:
            self.scan = attribute_data.scan_labels(
                config.data_dir, config.labels, image_size=(height, width), channels=channels,
                cache_dir=run.run_dir / runfolder.CACHE_FOLDER, on_progress=run.scan_progress,
                should_stop=run.should_stop, on_message=run.message, crop=crop)
        self.heads = multihead.output_names(self.scan.attribute_names)
        run.train_scan = run.val_scan = self.scan
        run.callback.on_scan(self.scan)
        run.skipped = list(self.scan.skipped)
        runfolder.write_skipped(run.run_dir / runfolder.SKIPPED_FILE, run.skipped)

    def split(self):
        """The split per photo (saved, or stratified on the rarest attribute) and the label matrices."""
        run = self.run
        self._check_resumed_attributes()
        run.classes = list(self.attributes[0].classes)
        split_path = run.run_dir / runfolder.SPLIT_FILE
        saved = split_path if run.config.resume and split_path.is_file() else run.config.split_file
        if saved:  # Resumed, or given (a cross-validation's fold): the photos of each side by path.
            run.split, self.stratified_on, notes = attribute_data.load_split(saved, self.scan)
            for note in notes:
                run.warn(note)
        elif not run.config.val_split:  # No validation (a cross-validation's final run): every photo trains.
            run.split = splitting.Split(np.arange(len(self.scan.files)), np.zeros(0, np.int64), run.config.seed, 0.0)
        else:
            run.split, rarest = attribute_data.split_photos(self.scan.labels, run.config.val_split, run.config.seed)
            attribute = self.attributes[rarest]
            self.stratified_on = attribute.name
            counts = self.scan.counts()[attribute.name]
            smallest = min(counts, key=counts.get)
            run.message(Message("labels.stratified_on", name=attribute.name, rarest=smallest,
                                count=counts[smallest]))
        attribute_data.save_split(split_path, run.split, self.scan, self.stratified_on)
        run.train_labels = self.scan.labels[run.split.train]
        run.val_labels = self.scan.labels[run.split.val]
        if len(run.split.train) == 0:
            raise TrainingError(at_path(run.config.data_dir, Message("trainer.no_training_images")))
        if len(run.split.val) == 0 and run.config.val_split:
            raise TrainingError(at_path(run.config.data_dir, Message("trainer.no_validation_images")))
        for _, accuracy_key in self.log_keys():
            for key in (accuracy_key, "val_" + accuracy_key):
                run.state.history.setdefault(key, [None] * run.state.epochs_done)
        for loss_key, _ in self.log_keys():
            for key in (loss_key, "val_" + loss_key):
                run.state.history.setdefault(key, [None] * run.state.epochs_done)

    def _check_resumed_attributes(self):
        info = self.run.checkpoint_info
        if info is None:
            return
        saved = [(entry["name"], list(entry["classes"])) for entry in info.attributes or []]
        now = [(attribute.name, list(attribute.classes)) for attribute in self.attributes]
        if saved != now:
            raise TrainingError(at_path(self.run.config.labels, Message(
                "labels.attributes_changed", was=_describe(saved), now=_describe(now))))

    def build(self, model):
        """The built single-head model with one head per attribute instead of its last Dense."""
        from training import multihead

        return multihead.with_heads(model, self.attributes, self.heads)

    def fine_tune(self, loaded):
        """The model to fine-tune: kept when its heads are these attributes, else given new heads."""
        from models.calibration_layer import with_light_gains
        from training import multihead

        model = with_light_gains(loaded.model, None)  # As `finetune.with_head_for`: new photos as they are.
        same = [(entry["name"], entry["classes"]) for entry in loaded.info.attributes or []] == [
            (attribute.name, attribute.classes) for attribute in self.attributes]
        if same:
            return model
        return multihead.with_heads(model, self.attributes, self.heads, path=loaded.path)

    def compile(self, model, optimizer):
        """Compiles `model` (the run's, for one of its phases) with the masked loss per attribute."""
        from training import multihead

        weights = None
        if self.run.config.class_weights:
            weights = attribute_data.class_weights(self.run.train_labels, self.attributes)
        multihead.compile_model(model, weights, optimizer)

    def targets(self, labels):
        """What the pipeline feeds as targets: the label matrix, or its column for one attribute."""
        return labels[:, 0] if labels.shape[1] == 1 else labels

    def callbacks(self):
        from training import multihead

        # The losses are read when fitting begins: the trainer compiles the model for each phase.
        return [multihead.AttributeLogs(None, self.log_keys(), self.run.state.history)]

    def log_keys(self):
        """(loss key, accuracy key) of each head in Keras's logs."""
        if len(self.heads) == 1:
            return [("loss", "accuracy")]
        return [(f"{head}_loss", f"{head}_accuracy") for head in self.heads]

    def attributes_json(self):
        """The model file's `attributes`: name, classes and head layer of each."""
        return [dict(attribute.to_json(), output=head) for attribute, head in zip(self.attributes, self.heads)]

    def model_info(self, training):
        return modelfile.ModelInfo(self.run.classes, self.run.input_shape, arch=self.run.arch_name,
                                   training=training, attributes=self.attributes_json())

    def evaluate(self, loaded):
        """The best model's evaluation per attribute on the validation photos."""
        from core.predictor import Classifier

        run = self.run
        rows = self.scan.rows[run.split.val]
        per_attribute = attribute_evaluate.predict_rows(Classifier(loaded), self.scan.images, rows,
                                                        run.config.batch_size)
        return attribute_evaluate.evaluate_heads(run.val_labels, per_attribute, self.attributes)

    def report_fields(self, evaluation):
        """What a table run's report says beside a folder run's fields (which it overrides)."""
        run = self.run
        train_counts, val_counts = self.scan.counts(run.split.train), self.scan.counts(run.split.val)
        train_blank, val_blank = self.scan.blanks(run.split.train), self.scan.blanks(run.split.val)
        history = run.state.history
        attributes = []
        for k, (attribute, head) in enumerate(zip(self.attributes, self.heads)):
            scores = (evaluation or {}).get("attributes", {}).get(attribute.name)
            loss_key = self.log_keys()[k][0]
            best = run.state.best_epoch
            val_loss = history.get("val_" + loss_key, [])
            attributes.append({
                "name": attribute.name, "classes": list(attribute.classes), "output": head,
                "val_accuracy": scores["accuracy"] if scores else None,
                "val_loss": val_loss[best - 1] if best and len(val_loss) >= best else None,
                "val_macro_f1": scores["macro_f1"] if scores else None,
                "val_roc_auc": scores["roc_auc"] if scores else None,
                "val_per_class": scores["per_class"] if scores else None,
                "val_confusion_matrix": scores["confusion_matrix"] if scores else None,
                "val_images": scores["n"] if scores else int(sum(val_counts[attribute.name].values())),
                "train_counts": train_counts[attribute.name], "val_counts": val_counts[attribute.name],
                "train_blank": train_blank[attribute.name], "val_blank": val_blank[attribute.name],
            })
        return {"labels": run.config.labels, "labels_encoding": self.scan.encoding,
                "stratified_on": self.stratified_on, "attributes": attributes, "classes": None,
                "train_counts": None, "val_counts": None}

    def save_confusions(self, evaluation):
        for attribute, head in zip(self.attributes, self.heads):
            scores = evaluation["attributes"].get(attribute.name)
            if scores and scores["n"]:
                plots.save_confusion(scores["confusion_matrix"], attribute.classes,
                                     self.run.run_dir / confusion_file(head), title=f"{attribute.name} (validation)")


def _describe(attributes):
    return "; ".join(f"{name}: {', '.join(classes)}" for name, classes in attributes) or Message("word.none")

