"""Multi-attribute models: the masked loss, a run on a labels table, classify/evaluate/inspect/report on both kinds."""

import csv
import json
import zipfile

import numpy as np
import pytest
from PIL import Image

from core import modelfile
from tests.training_helpers import TINY_ARCH, train_tiny, write_colour_images
from training.progress import TrainingCallback

COLOURS = ("red", "蓝 blue")


def write_table(root, count=48, seed=0):
    """Photos with two visible attributes: colour (red/blue) and a white stripe's place (left/right).

    Every fifth colour cell and every seventh stripe cell is blank; photos 0 and 35 have no label at all.
    """
    rng = np.random.default_rng(seed)
    (root / "img").mkdir(parents=True, exist_ok=True)
    lines = ["image,颜色 colour,stripe"]
    for i in range(count):
        colour, side = i % 2, (i // 2) % 2
        pixels = np.clip(np.array([[210, 40, 40], [40, 40, 210]][colour]) + rng.normal(0, 25, (32, 32, 3)), 0, 255)
        pixels[:, 4 + 18 * side:10 + 18 * side] = 255
        Image.fromarray(pixels.astype(np.uint8)).save(root / "img" / f"p{i:03d}.png")
        colour_cell = COLOURS[colour] if i % 5 else ""
        stripe_cell = ("left", "right")[side] if i % 7 else "NA"
        lines.append(f"p{i:03d},{colour_cell},{stripe_cell}")
    (root / "labels.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "img", root / "labels.csv"


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return write_table(tmp_path_factory.mktemp("table"))


@pytest.fixture(scope="module")
def trained(table, tmp_path_factory):
    images, labels = table
    return train_tiny(images, tmp_path_factory.mktemp("run") / "run", labels=str(labels), epochs=8, batch_size=8,
                      learning_rate=3e-3)


# --- The masked loss --------------------------------------------------------------------


def _heads_model():
    import keras

    from training import attribute_data, multihead
    import models

    keras.utils.set_random_seed(0)
    base = models.build_model(TINY_ARCH, (16, 16, 3), 2)
    return multihead.with_heads(base, [attribute_data.Attribute("a", ["x", "y"]),
                                       attribute_data.Attribute("b", ["p", "q", "r"])])


def test_a_blank_cell_contributes_no_loss_and_no_gradient():
    import tensorflow as tf

    from training.multihead import MaskedSparseCategoricalCrossentropy

    model = _heads_model()
    images = tf.constant(np.random.default_rng(1).uniform(0, 255, (4, 16, 16, 3)), tf.float32)
    loss = MaskedSparseCategoricalCrossentropy(class_weights=[1.0, 2.0, 0.5])
    labels_b = tf.constant([0, -1, 2, 1])  # Photo 1 is blank for attribute b.

    def gradients(batch, labels):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(batch)
            value = loss(labels, model(batch, training=False)[1])
        return value, tape.gradient(value, batch), tape.gradient(value, model.trainable_variables)

    value, to_pixels, to_weights = gradients(images, labels_b)
    # Without photo 1 at all: the same loss and the same weight gradients, up to the rounding of a sum over 4
    # photos instead of 3 (CPUs with other kernels differ in the last bits; a leak would be of the gradients' size).
    kept = [0, 2, 3]
    value_without, _, to_weights_without = gradients(tf.gather(images, kept), tf.gather(labels_b, kept))
    # Photo 1 labelled instead: its pixels then do move the loss.
    _, to_pixels_labelled, _ = gradients(images, tf.constant([0, 1, 2, 1]))

    assert float(value) == pytest.approx(float(value_without), rel=1e-5)
    for mine, theirs in zip(to_weights, to_weights_without):
        if mine is not None:
            np.testing.assert_allclose(mine.numpy(), theirs.numpy(), rtol=1e-4, atol=1e-6)
    assert np.all(to_pixels.numpy()[1] == 0.0)
    assert np.abs(to_pixels.numpy()[0]).max() > 0 and np.abs(to_pixels_labelled.numpy()[1]).max() > 0


def test_without_blanks_the_masked_loss_is_keras_loss_with_class_weights():
    import keras

    from training.multihead import MaskedSparseCategoricalCrossentropy

    rng = np.random.default_rng(2)
    probabilities = rng.dirichlet(np.ones(3), 6).astype("float32")
    labels = np.array([0, 1, 2, 2, 1, 0])
    weights = np.array([0.5, 1.0, 2.0], dtype="float32")

    ours = MaskedSparseCategoricalCrossentropy(class_weights=weights.tolist())(labels, probabilities)
    theirs = keras.losses.SparseCategoricalCrossentropy()(labels, probabilities, sample_weight=weights[labels])
    all_blank = MaskedSparseCategoricalCrossentropy()(np.full(6, -1), probabilities)

    assert float(ours) == pytest.approx(float(theirs), rel=1e-6)
    assert float(all_blank) == 0.0


def test_a_slow_attribute_gets_more_weight_and_the_logs_stay_unweighted():
    from training.multihead import AttributeLogs, MaskedSparseCategoricalCrossentropy

    losses = [MaskedSparseCategoricalCrossentropy(), MaskedSparseCategoricalCrossentropy()]
    keys = [("predictions_a_loss", "predictions_a_accuracy"), ("predictions_b_loss", "predictions_b_accuracy")]
    history = {"predictions_a_loss": [], "predictions_b_loss": []}
    logs = AttributeLogs(losses, keys, history)

    first = {"predictions_a_loss": 1.0, "predictions_b_loss": 0.7, "val_predictions_a_loss": 1.0,
             "val_predictions_b_loss": 0.7, "predictions_a_accuracy": 0.5, "predictions_b_accuracy": 0.5}
    logs.on_epoch_end(0, first)
    history["predictions_a_loss"].append(1.0)
    history["predictions_b_loss"].append(0.7)
    assert [float(loss.balance.numpy()) for loss in losses] == [1.0, 1.0]
    assert first["loss"] == pytest.approx(0.85) and first["accuracy"] == 0.5

    # Attribute a learned (its loss fell to a tenth), b did not: b now weighs ten times a.
    second = {"predictions_a_loss": 0.1, "predictions_b_loss": 0.7, "val_predictions_a_loss": 0.2,
              "val_predictions_b_loss": 0.7}
    logs.on_epoch_end(1, second)
    a, b = (float(loss.balance.numpy()) for loss in losses)
    assert b / a == pytest.approx(10.0) and (a + b) / 2 == pytest.approx(1.0)
    # The next epoch's logs are computed with the weights; what is logged is divided back out.
    third = {"predictions_a_loss": 0.05 * a, "predictions_b_loss": 0.6 * b, "val_predictions_a_loss": 0.1 * a,
             "val_predictions_b_loss": 0.6 * b}
    logs.on_epoch_end(2, third)
    assert third["predictions_b_loss"] == pytest.approx(0.6) and third["val_loss"] == pytest.approx(0.35)


def test_head_names_are_valid_keras_names_even_for_chinese_attributes():
    from training.multihead import output_names

    assert output_names(["舌色 body-colour", "舌色", "Coating colour", "coating_colour", "裂纹"]) == [
        "predictions_body_colour", "predictions_attribute2", "predictions_coating_colour",
        "predictions_coating_colour_2", "predictions_attribute5"]


def test_model_files_with_several_heads_load_when_the_metadata_matches(tmp_path):
    model = _heads_model()
    attributes = [{"name": "舌色", "classes": ["x", "y"], "output": "predictions_attribute1"},
                  {"name": "b", "classes": ["p", "q", "r"], "output": "predictions_b"}]
    modelfile.save_model(model, tmp_path / "ok.keras", modelfile.ModelInfo(["x", "y"], (16, 16, 3),
                                                                            attributes=attributes))
    modelfile.save_model(model, tmp_path / "bad.keras", modelfile.ModelInfo(["x", "y"], (16, 16, 3), attributes=[
        attributes[0], dict(attributes[1], classes=["p", "q"])]))
    model.save(tmp_path / "plain.keras")

    assert modelfile.load_model(tmp_path / "ok.keras").info.attributes == attributes
    with pytest.raises(modelfile.ModelFileError, match="names 2 classes for attribute 'b' but its output has 3"):
        modelfile.load_model(tmp_path / "bad.keras")
    plain = modelfile.load_model(tmp_path / "plain.keras").info
    assert [(a["name"], a["classes"]) for a in plain.attributes] == [
        ("predictions_a", ["class_0", "class_1"]), ("predictions_b", ["class_0", "class_1", "class_2"])]


# --- A run on a labels table -------------------------------------------------------------


def test_a_table_run_learns_every_attribute_and_saves_one_model_with_its_attributes(trained):
    report = trained.report
    names = [attribute["name"] for attribute in report["attributes"]]
    assert names == ["颜色 colour", "stripe"]
    assert report["attributes"][0]["classes"] == sorted(COLOURS)
    for attribute in report["attributes"]:
        assert attribute["val_accuracy"] >= 0.8, attribute
        assert attribute["val_images"] + attribute["val_blank"] == report["val_images"]
    assert report["train_images"] + report["val_images"] == 46  # Photos 0 and 35 have no label at all.
    assert all(attribute["val_loss"] >= 0 for attribute in report["attributes"])

    info = modelfile.read_info(trained.model_path)
    assert info.attributes == [{"name": "颜色 colour", "classes": sorted(COLOURS), "output": "predictions_colour"},
                               {"name": "stripe", "classes": ["left", "right"], "output": "predictions_stripe"}]
    assert info.class_names == sorted(COLOURS)
    assert [a["name"] for a in info.training["attributes"]] == names
    loaded = modelfile.load_model(trained.model_path)
    assert [tensor.shape[-1] for tensor in loaded.model.outputs] == [2, 2]


def test_the_run_folder_keeps_the_split_history_and_a_confusion_matrix_per_attribute(trained):
    from pathlib import Path

    run = Path(trained.run_dir)
    split = json.loads((run / "split.json").read_text(encoding="utf-8"))
    assert split["stratified_on"] in ("颜色 colour", "stripe") and len(split["train"]) + len(split["val"]) == 46
    with open(run / "history.csv", encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header[:7] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"]
    assert "val_predictions_stripe_accuracy" in header
    assert (run / "confusion_predictions_colour.png").is_file() and (run / "confusion_predictions_stripe.png").is_file()


class _CrashAfter(TrainingCallback):
    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, progress):
        if progress.epoch == self.epoch:
            raise RuntimeError("simulated crash")


def test_a_table_run_resumes_with_its_split_and_per_attribute_history(tmp_path):
    from training.trainer import TrainConfig, train

    images, labels = write_table(tmp_path / "t", count=24)
    run = tmp_path / "run"
    with pytest.raises(RuntimeError, match="simulated crash"):
        train_tiny(images, run, labels=str(labels), epochs=2, callback=_CrashAfter(1))
    split_before = (run / "split.json").read_text(encoding="utf-8")

    result = train(TrainConfig(resume=str(run)))

    assert result.report["epochs_run"] == 2 and (run / "split.json").read_text(encoding="utf-8") == split_before
    assert len(result.report["history"]["val_predictions_stripe_accuracy"]) == 2
    assert modelfile.read_info(result.model_path).attributes[1]["name"] == "stripe"


def test_a_one_column_table_gives_a_one_attribute_model_that_classifies(tmp_path, capsys):
    images, _ = write_table(tmp_path / "t", count=16)
    (tmp_path / "one.csv").write_text(
        "image,stripe\n" + "".join(f"p{i:03d},{('left', 'right')[(i // 2) % 2]}\n" for i in range(16)),
        encoding="utf-8")
    result = train_tiny(images, tmp_path / "run", labels=str(tmp_path / "one.csv"), epochs=1)

    code, out, _ = _main(capsys, "classify", images / "p001.png", "--model", result.model_path, "--json")

    assert result.report["attributes"][0]["name"] == "stripe" and result.report["attributes"][0]["val_images"] > 0
    assert code == 0 and list(json.loads(out)[0]["attributes"]) == ["stripe"]


def test_a_folder_still_trains_a_one_output_model_with_the_same_metadata_and_report(tmp_path):
    write_colour_images(tmp_path / "data", per_class=10)
    result = train_tiny(tmp_path / "data", tmp_path / "run", epochs=1)

    with zipfile.ZipFile(result.model_path) as archive:
        metadata = json.loads(archive.read("tonguelens.json"))
    assert sorted(metadata) == ["arch", "class_names", "format_version", "input_shape", "preprocessing", "training"]
    assert "attributes" not in result.report and "attributes" not in metadata["training"]
    assert result.report["val_per_class"] and result.report["classes"] == ["red", "蓝色 blue"]
    assert (tmp_path / "run" / "confusion.png").is_file()


# --- Reading both kinds --------------------------------------------------------------------


def _main(capsys, *arguments):
    import main

    code = main.main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_classify_json_and_csv_have_every_attribute(trained, table, tmp_path, capsys):
    images, _ = table
    code, out, _ = _main(capsys, "classify", images / "p001.png", images / "p004.png", "--model",
                         trained.model_path, "--json", "--top", "1", "--csv", tmp_path / "out.csv")

    assert code == 0
    first = json.loads(out)[0]
    assert set(first["attributes"]) == {"颜色 colour", "stripe"}
    assert first["attributes"]["颜色 colour"]["top"][0]["label"] == "蓝 blue"  # p001 is blue, stripe left.
    assert first["attributes"]["stripe"]["top"][0]["label"] == "left"
    assert first["top"] == first["attributes"]["颜色 colour"]["top"]
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["path", "颜色 colour label_1", "颜色 colour probability_1", "stripe label_1",
                       "stripe probability_1", "error", "lighting", "model"]
    assert rows[1][1] == "蓝 blue" and rows[1][3] == "left"

    code, out, _ = _main(capsys, "classify", images / "p001.png", "--model", trained.model_path)
    assert out.startswith(f"{images / 'p001.png'}: 颜色 colour: 蓝 blue ") and "; stripe: left " in out


def test_roc_auc_matches_a_hand_computed_case_with_ties():
    from training.attribute_evaluate import attribute_report, roc_auc

    # Positives score 0.9, 0.4, 0.4; negatives 0.4, 0.2. Pairs won: (0.9: 2) + (0.4: 0.5 + 1) * 2 = 5 of 6.
    assert roc_auc([0.9, 0.4, 0.4, 0.4, 0.2], [True, True, True, False, False]) == pytest.approx(5 / 6)
    assert roc_auc([0.1, 0.2], [True, True]) is None
    report = attribute_report([0, 0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.4, 0.6], [0.1, 0.9]], ["a", "b"])
    assert report["accuracy"] == 0.75 and report["confusion_matrix"] == [[1, 1], [0, 2]]
    # Class a: positives 0.8, 0.3 against negatives 0.4, 0.1: 3 of 4 pairs.
    assert report["roc_auc"] == {"a": pytest.approx(0.75), "b": pytest.approx(0.75)}
    assert report["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)


def test_evaluate_labels_reports_every_attribute_over_its_labelled_photos(trained, table, capsys):
    images, labels = table
    code, out, err = _main(capsys, "evaluate", images, "--labels", labels, "--model", trained.model_path, "--json")

    assert code == 0
    report = json.loads(out)
    colour, stripe = report["attributes"]["颜色 colour"], report["attributes"]["stripe"]
    assert colour["n"] == 38 and colour["blank"] == 10  # Every fifth of 48 cells is blank.
    assert stripe["n"] == 41 and stripe["blank"] == 7
    assert colour["accuracy"] >= 0.8 and set(colour["roc_auc"]) == set(COLOURS)
    assert sum(map(sum, colour["confusion_matrix"])) == 38 and "macro_f1" in stripe

    code, out, _ = _main(capsys, "evaluate", images, "--labels", labels, "--model", trained.model_path)
    assert "颜色 colour: accuracy" in out and "mean one-vs-rest ROC-AUC" in out


def test_evaluate_labels_mistakes_lists_the_photos_labelled_against_the_reading(trained, table, tmp_path, capsys):
    images, labels = table
    # Photos 1 and 3 are blue and photo 2 red: label them the other colour, as a slip of the pen would.
    flipped = {"p001": "red", "p002": "蓝 blue", "p003": "red"}
    lines = labels.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    for row in rows:
        row[1] = flipped.get(row[0], row[1])
    (tmp_path / "flipped.csv").write_text("\n".join([lines[0]] + [",".join(row) for row in rows]) + "\n",
                                          encoding="utf-8")

    code, out, _ = _main(capsys, "evaluate", images, "--labels", tmp_path / "flipped.csv", "--model",
                         trained.model_path, "--mistakes", "--json")

    assert code == 0
    report = json.loads(out)
    colour = report["attributes"]["颜色 colour"]
    wrong = {entry["path"]: entry for entry in colour["mistakes"]}
    assert {"p001.png", "p002.png", "p003.png"} <= set(wrong)
    assert len(wrong) == colour["n"] - colour["correct"]
    assert (wrong["p002.png"]["true"], wrong["p002.png"]["predicted"]) == ("蓝 blue", "red")
    probabilities = [entry["probability"] for entry in colour["mistakes"]]
    assert probabilities == sorted(probabilities, reverse=True)
    _, out, _ = _main(capsys, "classify", images / "p002.png", "--model", trained.model_path, "--json", "--top", "1")
    reading = json.loads(out)[0]["attributes"]["颜色 colour"]["top"][0]
    assert wrong["p002.png"]["probability"] == pytest.approx(reading["probability"], abs=1e-5)
    stripe = report["attributes"]["stripe"]
    assert len(stripe["mistakes"]) == stripe["n"] - stripe["correct"] and "predictions" not in stripe

    code, out, _ = _main(capsys, "evaluate", images, "--labels", tmp_path / "flipped.csv", "--model",
                         trained.model_path, "--mistakes")
    assert code == 0 and f"  Read wrong ({len(wrong)}), surest first" in out
    assert "    p002.png: 蓝 blue, read as red (" in out


def test_evaluate_compare_labels_tests_each_attribute_both_models_have(tmp_path, capsys):
    from tests.gui_helpers import ATTRIBUTES, attribute_model, attribute_table
    from training import stats

    photos, labels = attribute_table(tmp_path / "sheet", count=24)  # Columns "颜色 colour" and "size".
    model_a = attribute_model(tmp_path / "a.keras")
    # B calls every photo the other colour, and has a "size" head where A has "tone".
    swapped = [{"name": "颜色 colour", "classes": ["red", "blue"]}, {"name": "size", "classes": ["large", "medium", "small"]}]
    model_b = attribute_model(tmp_path / "b.keras", swapped)

    code, out, err = _main(capsys, "evaluate", photos, "--labels", labels, "--compare", model_a, model_b, "--json")

    assert code == 0, err
    result = json.loads(out)
    assert list(result["attributes"]) == ["颜色 colour"]
    colour = result["attributes"]["颜色 colour"]
    assert (colour["n"], colour["only_a_right"], colour["only_b_right"]) == (18, 18, 0)  # Six cells are blank.
    assert colour["p_value"] == stats.mcnemar_exact(18, 0) and colour["significant"]
    assert colour["report_b"]["confusion_matrix"] == [[0, 6], [12, 0]]  # In its order: red, blue. and "predictions" not in colour["report_b"]
    assert "attribute 'size' is scored by only one of the two models; not compared" in result["warnings"]
    assert ATTRIBUTES[1]["name"] == "tone" and "the table has no column 'tone' of the model; that attribute is " \
        "not evaluated" in result["warnings"]

    code, out, _ = _main(capsys, "evaluate", photos, "--labels", labels, "--compare", model_a, model_b)
    assert code == 0 and out.startswith("颜色 colour:\n  A: ")
    assert "  Verdict: A is better" in out

    code, _, err = _main(capsys, "evaluate", photos, "--labels", labels, "--compare", model_a, model_b, "--mistakes")
    assert code == 2 and "drop --relight, --calibrate and --mistakes" in err

    from tests.gui_helpers import color_model

    one_output = color_model(tmp_path / "one.keras")  # Model B is not one head per attribute: it is named.
    code, _, err = _main(capsys, "evaluate", photos, "--labels", labels, "--compare", model_a, one_output)
    assert code == 2 and err.strip() == (f"error: {one_output}: has one output, not one per attribute: it cannot be "
                                         "scored on the attributes of a labels table with several columns")


def test_a_one_output_model_is_evaluated_on_a_one_column_table(tmp_path, capsys):
    import models

    path = tmp_path / "one.keras"
    modelfile.save_model(models.build_model(TINY_ARCH, (32, 32, 3), 2), path,
                         modelfile.ModelInfo(list(COLOURS), (32, 32, 3), arch=TINY_ARCH))
    images, _ = write_table(tmp_path / "t", count=10)
    (tmp_path / "one.csv").write_text("image,c\np001,蓝 blue\np002,red\np003,\n", encoding="utf-8")

    code, out, _ = _main(capsys, "evaluate", images, "--labels", tmp_path / "one.csv", "--model", path, "--json")

    assert code == 0 and json.loads(out)["attributes"]["c"]["n"] == 2


def test_gradcam_explains_the_head_asked_for(trained, table):
    from inspection import gradcam
    from inspection.engine import InspectionEngine

    engine = InspectionEngine(modelfile.load_model(trained.model_path))
    image = engine.load_image(table[0] / "p001.png")

    assert engine.attribute_names == ["颜色 colour", "stripe"]
    assert engine.predict(image, "stripe").shape == (2,)
    colour = gradcam.gradcam(engine, image, attribute="颜色 colour")
    stripe = gradcam.gradcam(engine, image, "right", attribute="stripe")
    assert colour.shape == stripe.shape == (32, 32) and not np.allclose(colour, stripe)
    with pytest.raises(ValueError, match="no attribute 'tongue'"):
        gradcam.gradcam(engine, image, attribute="tongue")


def test_classify_report_writes_a_page_and_a_pdf_per_photo(trained, table, tmp_path, capsys):
    images, _ = table
    code, _, err = _main(capsys, "classify", images / "p001.png", "--model", trained.model_path,
                         "--report", tmp_path / "reports")

    assert code == 0
    page = (tmp_path / "reports" / "p001.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3  # The photo and one Grad-CAM per attribute.
    for text in ("颜色 colour", "stripe", "蓝 blue", "Not a medical device", "非医疗器械", "model.keras"):
        assert text in page
    assert (tmp_path / "reports" / "p001.pdf").read_bytes().startswith(b"%PDF")


def test_synth_attributes_writes_a_table_with_the_asked_share_of_blanks(tmp_path, capsys):
    code, out, _ = _main(capsys, "synth", tmp_path / "s", "--task", "attributes", "--per-class", "10", "--size",
                         "48", "--blank", "0.25", "--seed", "3")

    assert code == 0 and "labels.csv" in out
    from training import labels_table

    read = labels_table.read_table(tmp_path / "s" / "labels.csv")
    assert read.encoding == "UTF-8 with BOM"
    assert read.attributes == ["舌色 body-colour", "苔色 coating", "裂纹 cracks", "齿痕 tooth-marks"]
    assert len(read.rows) == 40 and len(list((tmp_path / "s" / "images").glob("*.jpg"))) == 40
    cells = [value for _, _, values in read.rows for value in values]
    assert 0.12 < sum(value is None for value in cells) / len(cells) < 0.38
    manifest = json.loads((tmp_path / "s" / ".tonguelens-synthetic.json").read_text(encoding="utf-8"))
    for _, reference, values in read.rows:
        drawn = manifest["attributes"][f"images/{reference}"]
        if values[2] is not None:
            assert (values[2] == "有裂纹 cracked") == drawn["cracks"]
    first = (tmp_path / "s" / "images" / "pale_0000.jpg").read_bytes()
    _main(capsys, "synth", tmp_path / "s", "--task", "attributes", "--per-class", "10", "--size", "48", "--blank",
          "0.25", "--seed", "3")
    assert (tmp_path / "s" / "images" / "pale_0000.jpg").read_bytes() == first
