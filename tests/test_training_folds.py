"""Cross-validation, model comparison, averaging, reproducible runs and the small-class warning, end to end."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import modelfile
from tests.training_helpers import TINY_ARCH, train_tiny, write_colour_images
from training import averaging, folds, runfolder
from training.progress import TrainingCallback

ROOT = Path(__file__).resolve().parents[1]
COLOURS3 = {"red": (210, 40, 40), "蓝色 blue": (40, 40, 210), "green": (40, 190, 40)}


class Events(TrainingCallback):
    """Keeps messages and warnings; stops after a given number of finished epochs."""

    def __init__(self, stop_after_epochs=None):
        self.messages, self.warnings, self.epochs, self.ended = [], [], 0, []
        self.stop_after_epochs = stop_after_epochs

    def should_stop(self):
        return self.stop_after_epochs is not None and self.epochs >= self.stop_after_epochs

    def on_epoch_end(self, progress):
        self.epochs += 1

    def on_message(self, text):
        self.messages.append(text)

    def on_warning(self, text):
        self.warnings.append(text)

    def on_folds_end(self, result):
        self.ended.append(result)


@pytest.fixture(scope="module")
def colour_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("folds-data")
    write_colour_images(root, colours=COLOURS3, per_class=9)
    return root


def _config(data, out, **overrides):
    from training.trainer import TrainConfig

    settings = dict(arch=TINY_ARCH, image_size=32, epochs=1, batch_size=8, augment=False, out_dir=str(out))
    settings.update(overrides)
    return TrainConfig(str(data), **settings)


@pytest.mark.slow
def test_three_folds_write_the_table_and_keep_a_model_trained_on_every_image(colour_data, tmp_path, capsys):
    import main

    code = main.main(["train", str(colour_data), "--arch", TINY_ARCH, "--size", "32", "--epochs", "1", "--batch",
                      "8", "--no-augment", "--ema", "1", "--folds", "3", "--out", str(tmp_path / "cv")])

    captured = capsys.readouterr()
    assert code == 0
    # Every image is validated exactly once, each class in every fold.
    validated = []
    for number in (1, 2, 3):
        split = json.loads((tmp_path / "cv" / "splits" / f"fold{number}.json").read_text(encoding="utf-8"))
        assert sorted(name for _, name in split["val"]) == sorted(list(COLOURS3) * 3) and len(split["train"]) == 18
        validated += [path for path, _ in split["val"]]
        report = json.loads((tmp_path / "cv" / f"fold{number}" / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
        assert report["val_images"] == 9 and report["train_images"] == 18
    assert len(set(validated)) == 27
    summary = folds.load_summary(tmp_path / "cv")
    accuracies = [fold["accuracy"] for fold in summary["per_fold"]]
    assert summary["accuracy"]["mean"] == pytest.approx(np.mean(accuracies))
    assert summary["accuracy"]["std"] == pytest.approx(np.std(accuracies, ddof=1))
    assert summary["pooled"]["n"] == 27 and np.sum(summary["confusion_matrix"]) == 27
    assert set(summary["per_class"]) == set(COLOURS3) and summary["finished"]
    with open(tmp_path / "cv" / folds.FOLDS_CSV, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "mean", "std", "min", "max"]
    assert float(rows[4][1]) == pytest.approx(summary["accuracy"]["mean"], abs=1e-4)
    # The printed table.
    out = captured.out
    assert "Cross-validation: 3 of 3 folds" in out and "fold 2/3: building the model" in out
    assert f"Accuracy over folds: mean {summary['accuracy']['mean']:.1%}" in out
    assert f"{summary['per_fold'][1]['correct']}/{summary['per_fold'][1]['images']}" in out
    assert "Model kept:" in out and "trained on every image" in out
    # The model kept: trained on all 27 images without validation, with the folds' figures inside.
    final = json.loads((tmp_path / "cv" / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert final["train_images"] == 27 and final["val_images"] == 0 and final["val_accuracy"] is None
    info = modelfile.read_info(tmp_path / "cv" / runfolder.MODEL_FILE)
    assert info.training["cross_validation"]["accuracy"]["mean"] == pytest.approx(summary["accuracy"]["mean"])
    # The per-fold small-class warnings give way to one per class at the end.
    assert captured.err.count("fewer than 20") == 3 and captured.err.count("has only 9 validated image(s)") == 3
    assert main.main(["train", str(colour_data), "--folds", "2", "--resume", str(tmp_path / "cv")]) == 2


def test_a_labels_table_is_cross_validated_attribute_by_attribute(tmp_path, capsys):
    import main
    from tests.test_attribute_training import COLOURS, write_table

    images, labels = write_table(tmp_path / "table", count=24)  # Every fifth colour cell is blank, photo 0 both.
    out = tmp_path / "cv"
    assert main.main(["train", str(images), "--labels", str(labels), "--folds", "3", "--epochs", "1", "--size",
                      "32", "--batch", "8", "--arch", TINY_ARCH, "--no-augment", "--colour", "none",
                      "--out", str(out)]) == 0
    printed = capsys.readouterr().out

    summary = json.loads((out / folds.FOLDS_JSON).read_text(encoding="utf-8"))
    assert list(summary["attributes"]) == ["颜色 colour", "stripe"] and summary["labels"] == str(labels)
    # Every photo is validated exactly once; each attribute counts the photos labelled for it.
    validated = [[entry[0] for entry in json.loads(path.read_text(encoding="utf-8"))["val"]]
                 for path in sorted((out / folds.SPLITS_FOLDER).glob("fold*.json"))]
    assert sorted(sum(validated, [])) == sorted({name for fold in validated for name in fold})
    table_rows = labels.read_text(encoding="utf-8").splitlines()[1:]
    photos = [row.split(",")[0] + ".png" for row in table_rows if row.split(",")[1] or row.split(",")[2] != "NA"]
    assert sorted(sum(validated, [])) == sorted(photos)
    colour = summary["attributes"]["颜色 colour"]
    labelled = sum(1 for row in table_rows if row.split(",")[1])
    assert sum(fold["images"] for fold in colour["per_fold"]) == colour["pooled"]["n"] == labelled
    assert set(colour["classes"]) == set(COLOURS)
    assert summary["accuracy"] == colour["accuracy"]  # The top-level figures are the first attribute's.
    # The model kept is trained on every photo, one head per attribute.
    final = json.loads((out / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert final["train_images"] == len(photos) and final["val_images"] == 0
    assert [head["name"] for head in modelfile.read_info(out / runfolder.MODEL_FILE).attributes] == [
        "颜色 colour", "stripe"]
    assert "\n颜色 colour:\nfold  accuracy" in printed and "\nstripe:\nfold  accuracy" in printed
    with open(out / folds.FOLDS_CSV, encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:2] == ["attribute", "fold"] and {row[0] for row in rows[1:] if row[0] != "attribute"} == {
        "颜色 colour", "stripe"}


def test_cancel_within_the_second_fold_keeps_the_first(colour_data, tmp_path):
    events = Events(stop_after_epochs=2)  # Fold 1 has 2 epochs; the stop comes at fold 2's first batch.
    result = folds.cross_validate(_config(colour_data, tmp_path / "cv", epochs=2), 3, callback=events,
                                  should_stop=events.should_stop)

    assert result.cancelled and result.model_path is None and events.ended == [result]
    assert [fold["fold"] for fold in result.folds] == [1]
    summary = json.loads((tmp_path / "cv" / folds.FOLDS_JSON).read_text(encoding="utf-8"))
    assert summary["cancelled"] and summary["folds_done"] == 1 and not summary["finished"]
    assert not (tmp_path / "cv" / "fold3").exists()


def test_every_photo_is_decoded_for_training_once_over_all_folds(colour_data, tmp_path, monkeypatch):
    from training import dataset

    stored = []  # One entry per photo decoded into a run's images (the real decoder, counted).
    check_one = dataset._check_one

    def counting_check_one(path, row, image_size, channels, store, crop):
        if store is not None:
            stored.append(path)
        return check_one(path, row, image_size, channels, store, crop)

    monkeypatch.setattr(dataset, "_check_one", counting_check_one)
    result = folds.cross_validate(_config(colour_data, tmp_path / "cv"), 3)

    assert result.model_path and not result.cancelled and len(result.folds) == 3
    # Three folds and the final run trained on them, but each photo was decoded for training once.
    assert len(stored) == 27 and len(set(stored)) == 27
    final = json.loads((tmp_path / "cv" / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert final["train_images"] == 27


@pytest.fixture(scope="module")
def two_models(colour_data, tmp_path_factory):
    """A model trained one epoch at a low rate, and one trained four."""
    root = tmp_path_factory.mktemp("compare")
    weak = train_tiny(colour_data, root / "weak", epochs=1, batch_size=8, seed=3, learning_rate=1e-4)
    strong = train_tiny(colour_data, root / "strong", epochs=4, batch_size=8, seed=3)
    return weak.model_path, strong.model_path


def test_evaluate_compare_gives_both_intervals_and_mcnemar(two_models, colour_data, capsys):
    import main

    from training import stats

    weak, strong = two_models
    assert main.main(["evaluate", str(colour_data), "--compare", weak, strong, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 27 and result["model_a"] == weak
    assert result["both_right"] + result["only_a_right"] + result["only_b_right"] + result["both_wrong"] == 27
    assert result["a"]["successes"] == result["report_a"]["correct"]
    assert result["b"]["successes"] == result["report_b"]["correct"]
    assert result["p_value"] == stats.mcnemar_exact(result["only_a_right"], result["only_b_right"])
    assert [result["a"]["low"], result["a"]["high"]] == result["report_a"]["accuracy_ci95"]

    assert main.main(["evaluate", str(colour_data), "--compare", weak, strong]) == 0
    out = capsys.readouterr().out
    assert f"A: {weak}" in out and f"B: {strong}" in out
    assert f"p = {result['p_value']:.4g}" in out and f"Verdict: {result['verdict']}" in out
    assert main.main(["evaluate", str(colour_data), "--compare", weak, str(colour_data / "nothing.keras")]) == 2


def test_small_validation_classes_are_warned_and_printed(colour_data, tmp_path, capsys):
    import main

    code = main.main(["train", str(colour_data), "--arch", TINY_ARCH, "--size", "32", "--epochs", "1",
                      "--batch", "8", "--no-augment", "--out", str(tmp_path / "run")])

    captured = capsys.readouterr()
    assert code == 0
    report = json.loads((tmp_path / "run" / runfolder.REPORT_FILE).read_text(encoding="utf-8"))
    assert report["val_small_classes"] == {"green": 2, "red": 2, "蓝色 blue": 2}
    assert sum("has only 2 validation image(s) (fewer than 20)" in w for w in report["warnings"]) == 3
    assert captured.err.count("has only 2 validation image(s)") == 3
    assert "Few validation images (under 20): green 2, red 2, 蓝色 blue 2" in captured.out
    low, high = report["val_accuracy_ci95"]
    assert f"({report['val_correct']}/6 validation images right; 95 % CI {low:.1%}-{high:.1%})" in captured.out


def test_the_kept_model_holds_the_averaged_weights(colour_data, tmp_path):
    import keras

    result = train_tiny(colour_data, tmp_path / "run", epochs=3, batch_size=2, ema_epochs=1, select="last")
    checkpoint = keras.saving.load_model(tmp_path / "run" / runfolder.CHECKPOINT_FILE, compile=True)
    average = [variable.numpy() for variable in checkpoint.optimizer._model_variables_moving_average]
    raw = [variable.numpy() for variable in checkpoint.trainable_weights]
    kept = [variable.numpy() for variable in modelfile.load_model(result.model_path).model.trainable_weights]
    assert result.report["best_epoch"] == 3
    assert all(np.allclose(a, k, atol=1e-6) for a, k in zip(average, kept))
    assert not all(np.allclose(r, k, atol=1e-6) for r, k in zip(raw, kept))


def test_recompute_batch_norm_gives_the_mean_of_the_batches_statistics():
    import keras

    inputs = keras.Input((4,))
    learning = keras.layers.BatchNormalization(momentum=0.99, name="learning")
    frozen = keras.layers.BatchNormalization(name="frozen")
    frozen.trainable = False
    inner = keras.Sequential([keras.Input((4,)), keras.layers.BatchNormalization(name="nested")])
    model = keras.Model(inputs, inner(frozen(learning(inputs))))
    batches = [np.random.default_rng(seed).normal(seed, 1 + seed, (8 if seed < 2 else 5, 4)).astype("float32")
               for seed in range(3)]

    assert {layer.name for layer in averaging.batch_norm_layers(model)} == {"learning", "nested"}
    assert averaging.recompute_batch_norm(model, batches) == 2

    sizes = [len(batch) for batch in batches]  # 8, 8 and a short 5: weighted by their photos.
    assert np.allclose(learning.moving_mean.numpy(), np.average([b.mean(axis=0) for b in batches], axis=0,
                                                                weights=sizes), atol=1e-5)
    assert np.allclose(learning.moving_variance.numpy(), np.average([b.var(axis=0) for b in batches], axis=0,
                                                                    weights=sizes), rtol=1e-4)
    assert np.allclose(frozen.moving_mean.numpy(), 0.0) and np.allclose(frozen.moving_variance.numpy(), 1.0)
    assert learning.momentum == 0.99 and not np.allclose(inner.layers[0].moving_mean.numpy(), 0.0)
    assert averaging.recompute_batch_norm(keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]), batches) == 0
    # At most `max_images` photos: the first two batches only.
    averaging.recompute_batch_norm(model, batches, max_images=16)
    assert np.allclose(learning.moving_mean.numpy(), np.mean([b.mean(axis=0) for b in batches[:2]], axis=0),
                       atol=1e-5)
    # A stop during the pass puts the statistics back.
    polls = iter([False, True])
    before = learning.moving_mean.numpy()
    assert averaging.recompute_batch_norm(model, batches, should_stop=lambda: next(polls)) == 0
    assert np.array_equal(learning.moving_mean.numpy(), before) and learning.momentum == 0.99


def test_the_kept_model_gets_batch_norm_statistics_of_its_averaged_weights(colour_data, tmp_path):
    import keras

    from training import dataset

    arch = "INPUT -> CONV(K=8) -> NORM -> RELU -> POOL -> FC"
    result = train_tiny(colour_data, tmp_path / "run", arch=arch, epochs=2, batch_size=4, ema_epochs=1,
                        select="last")
    plain = train_tiny(colour_data, tmp_path / "plain", arch=arch, epochs=2, batch_size=4, ema_epochs=0,
                       select="last")

    kept = modelfile.load_model(result.model_path).model
    raw = modelfile.load_model(tmp_path / "run" / runfolder.CHECKPOINT_FILE).model
    norm = next(layer.name for layer in kept.layers if type(layer).__name__ == "BatchNormalization")
    assert result.report["batch_norm_recomputed"] == 1 and plain.report["batch_norm_recomputed"] == 0
    # The kept model's statistics are those of its own activations on the training photos.
    split = json.loads((tmp_path / "run" / runfolder.SPLIT_FILE).read_text(encoding="utf-8"))
    scan = dataset.scan_dataset(colour_data, image_size=(32, 32))
    train_files = {str(Path(colour_data, name)) for name, _ in split["train"]}
    train_rows = [row for row, (path, _) in zip(scan.rows, scan.files) if str(path) in train_files]
    activations = keras.Model(kept.inputs[0], kept.get_layer(norm).input)(scan.images[train_rows].astype("float32"))
    expected = np.asarray(activations).mean(axis=(0, 1, 2))
    kept_error = np.abs(kept.get_layer(norm).moving_mean.numpy() - expected).max()
    raw_error = np.abs(raw.get_layer(norm).moving_mean.numpy() - expected).max()
    assert kept_error < 1e-3 * np.abs(expected).max() < raw_error


@pytest.mark.slow
def test_deterministic_runs_give_identical_weights(colour_data, tmp_path):
    """Two `train --deterministic` processes (augmentation and averaging on) give bit-identical weights."""
    weights = []
    for name in ("first", "second"):
        command = [sys.executable, "main.py", "train", str(colour_data), "--arch", TINY_ARCH, "--size", "32",
                   "--epochs", "2", "--batch", "4", "--ema", "1", "--deterministic", "--out", str(tmp_path / name)]
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert completed.returncode == 0, completed.stderr[-2000:]
        model = modelfile.load_model(tmp_path / name / runfolder.MODEL_FILE).model
        weights.append([variable.numpy() for variable in model.weights])
        assert json.loads((tmp_path / name / runfolder.REPORT_FILE).read_text(encoding="utf-8"))["deterministic"]
    assert all(np.array_equal(a, b) for a, b in zip(*weights))


def test_attribute_names_from_a_sheet_never_start_a_formula_in_folds_csv(tmp_path):
    def attribute(classes):
        figures = {"mean": 0.5, "std": 0.0, "min": 0.5, "max": 0.5}
        fold = {"fold": 1, "accuracy": 0.5, "correct": 1, "images": 2, "accuracy_ci95": [0.1, 0.9], "best_epoch": 1,
                "epochs_run": 1, "per_class": {name: {"recall": 0.5, "images": 1} for name in classes}}
        return {"classes": classes, "per_fold": [fold], "accuracy": figures,
                "per_class": {name: figures for name in classes}}

    hostile = ['=HYPERLINK("http://evil","attr")', "+cmd", "@x", "-1+1"]
    summary = {"attributes": {name: attribute(["=a", "b"]) for name in hostile + ["颜色 colour"]}}
    folds._write_csv(tmp_path / folds.FOLDS_CSV, summary)  # noqa: SLF001  The writer of folds.csv.

    with open(tmp_path / folds.FOLDS_CSV, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    first_cells = {row[0] for row in rows if row[0] != "attribute"}
    assert first_cells == {"'" + name for name in hostile} | {"颜色 colour"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row if cell)
