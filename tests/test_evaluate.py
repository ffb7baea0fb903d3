"""`evaluate`, `classify` and the model's own `predict` agree on the same files."""

import json

import numpy as np
import pytest

from core import images, modelfile
from tests.training_helpers import train_tiny, write_colour_images
from training.evaluate import classification_report, evaluate


@pytest.fixture(scope="module")
def model_and_data(tmp_path_factory):
    """A model trained on red/blue/green, and a fresh labeled folder of the same colours."""
    colours = {"red": (210, 40, 40), "蓝色 blue": (40, 40, 210), "green": (40, 190, 40)}
    train_dir = tmp_path_factory.mktemp("train")
    write_colour_images(train_dir, colours=colours, per_class=12)
    result = train_tiny(train_dir, tmp_path_factory.mktemp("run") / "run", epochs=3)
    test_dir = tmp_path_factory.mktemp("test")
    # Other images than the training ones, harder ones (closer colours), odd formats and sizes.
    write_colour_images(test_dir, colours={"red": (150, 90, 90), "蓝色 blue": (90, 90, 150), "green": (90, 140, 90)},
                        per_class=8, size=45, seed=5, formats=("png", "jpg", "webp", "bmp"))
    (test_dir / "red" / "broken.jpg").write_bytes(b"not a jpeg")
    return result.model_path, test_dir


def _predict_with_keras(loaded, paths):
    batch = np.stack([images.load_array(path, loaded.info.image_size) for path in paths]).astype("float32")
    return loaded.model.predict(batch, verbose=0)


def test_evaluate_classify_and_predict_agree(model_and_data):
    from core.predictor import Classifier

    model_path, test_dir = model_and_data
    loaded = modelfile.load_model(model_path)
    classes = loaded.info.class_names
    paths = sorted(str(path) for path in test_dir.rglob("*") if path.is_file() and path.name != "broken.jpg")
    truth = [classes.index(path.split("/")[-2]) for path in paths]

    report = evaluate(loaded, test_dir)
    classified = Classifier(loaded).classify_files(paths + [str(test_dir / "red" / "broken.jpg")], k=3)
    predicted = _predict_with_keras(loaded, paths)

    by_classify = [classes.index(result["top"][0]["label"]) for result in classified[:-1]]
    assert by_classify == predicted.argmax(axis=1).tolist()
    for result, row in zip(classified, predicted):
        assert result["top"][0]["probability"] == pytest.approx(float(row.max()), abs=1e-5)
    assert "error" in classified[-1] and "broken.jpg" in classified[-1]["error"]
    expected = classification_report(truth, by_classify, classes)
    assert report["confusion_matrix"] == expected["confusion_matrix"]
    assert report["accuracy"] == pytest.approx(expected["accuracy"])
    assert report["n"] == len(paths) == 24
    assert [entry["path"].endswith("broken.jpg") for entry in report["skipped"]] == [True]


def test_classes_are_matched_by_name_not_by_position(model_and_data, tmp_path):
    model_path, test_dir = model_and_data
    loaded = modelfile.load_model(model_path)
    baseline = evaluate(loaded, test_dir)
    # The same network with its outputs (and names) in reverse order.
    head = loaded.model.get_layer("predictions")
    kernel, bias = head.get_weights()
    head.set_weights([kernel[:, ::-1], bias[::-1]])
    loaded.info.class_names = list(reversed(loaded.info.class_names))
    (test_dir / "unknown class").mkdir(exist_ok=True)
    write_colour_images(test_dir, colours={"unknown class": (0, 0, 0)}, per_class=2)

    reversed_report = evaluate(loaded, test_dir)

    assert reversed_report["accuracy"] == pytest.approx(baseline["accuracy"])
    assert reversed_report["classes"] == list(reversed(baseline["classes"]))
    assert reversed_report["per_class"]["red"] == baseline["per_class"]["red"]
    assert reversed_report["unknown_classes"] == ["unknown class"]
    assert reversed_report["n"] == baseline["n"]


def test_classification_report_counts_by_hand():
    report = classification_report([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ["a", "b", "c"])

    assert report["confusion_matrix"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert report["accuracy"] == pytest.approx(4 / 6)
    # Wilson's interval of 2 of 3 by hand: centre (2/3 + z²/6) / (1 + z²/3) = 0.57308, half-width
    # z / (1 + z²/3) * sqrt(2/27 + z²/36) = 0.36542 (z = 1.95996); of 2 of 2: [1 / (1 + z²/2), 1] = [0.34238, 1].
    assert report["per_class"]["a"] == {"precision": 1.0, "recall": pytest.approx(2 / 3), "f1": pytest.approx(0.8),
                                        "support": 3, "correct": 2, "predicted": 2,
                                        "recall_ci95": pytest.approx([0.20766, 0.93851], abs=1e-5),
                                        "precision_ci95": pytest.approx([0.34238, 1.0], abs=1e-5)}
    assert report["correct"] == 4 and report["n"] == 6
    assert report["per_class"]["b"]["precision"] == pytest.approx(0.5)
    assert report["per_class"]["c"]["recall"] == 1.0


def test_evaluate_command_prints_json_with_the_issue_fields(model_and_data, capsys):
    import main

    model_path, test_dir = model_and_data

    code = main.main(["evaluate", str(test_dir), "--model", str(model_path), "--json"])

    captured = capsys.readouterr()
    assert code == 0
    report = json.loads(captured.out)
    assert {"accuracy", "correct", "n", "accuracy_ci95", "per_class", "confusion_matrix", "classes"} <= set(report)
    assert set(report["per_class"]["red"]) == {"precision", "recall", "f1", "support", "correct", "predicted",
                                               "recall_ci95", "precision_ci95"}
    low, high = report["accuracy_ci95"]
    assert low < report["accuracy"] <= high and report["correct"] == round(report["accuracy"] * report["n"])
    # Every test class has 8 images: each gets the small-class warning, with its count.
    assert captured.err.count("has only 8 test image(s) (fewer than 20)") == 3
    assert "broken.jpg" in captured.err


def test_evaluate_command_prints_the_interval_and_counts(model_and_data, capsys):
    import main

    model_path, test_dir = model_and_data

    assert main.main(["evaluate", str(test_dir), "--model", str(model_path)]) == 0

    report = evaluate(modelfile.load_model(model_path), test_dir)
    out = capsys.readouterr().out
    low, high = report["accuracy_ci95"]
    assert (f"Accuracy: {report['accuracy']:.1%} ({report['correct']}/24 images right; "
            f"95 % CI {low:.1%}-{high:.1%})") in out
    red = report["per_class"]["red"]
    assert f"{red['correct']}/8" in out and f"{red['recall_ci95'][0]:.0%}-{red['recall_ci95'][1]:.0%}" in out


def test_evaluate_command_with_nothing_to_evaluate_exits_2(model_and_data, tmp_path, capsys):
    import main

    model_path, _ = model_and_data
    write_colour_images(tmp_path, colours={"other": (1, 1, 1)}, per_class=1)

    code = main.main(["evaluate", str(tmp_path), "--model", str(model_path)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.strip().splitlines()[-1].startswith("error: ")
    assert code == main.main(["evaluate", str(tmp_path / "missing"), "--model", str(model_path)])


def test_kept_predictions_carry_each_photos_class_and_probability_as_keras_gives_them(model_and_data):
    model_path, test_dir = model_and_data
    loaded = modelfile.load_model(model_path)
    classes = loaded.info.class_names

    report = evaluate(loaded, test_dir, keep_predictions=True)

    entries = sorted(report["predictions"], key=lambda entry: entry["path"])
    paths = [str(test_dir / entry["path"]) for entry in entries]
    expected = _predict_with_keras(loaded, paths)
    assert [entry["predicted"] for entry in entries] == [classes[index] for index in expected.argmax(axis=1)]
    assert [entry["true"] for entry in entries] == [entry["path"].split("/")[0] for entry in entries]
    assert [entry["probability"] for entry in entries] == pytest.approx(expected.max(axis=1).tolist(), abs=1e-5)


def test_mistakes_lists_the_wrong_photos_surest_first_or_one_cells_photos():
    from training.evaluate import mistakes

    predictions = [{"path": "a.png", "true": "red", "predicted": "blue", "probability": 0.6},
                   {"path": "b.png", "true": "red", "predicted": "red", "probability": 0.9},
                   {"path": "c.png", "true": "blue", "predicted": "red", "probability": 0.97},
                   {"path": "d.png", "true": "red", "predicted": "blue", "probability": 0.8}]

    assert [entry["path"] for entry in mistakes(predictions)] == ["c.png", "d.png", "a.png"]
    assert [entry["path"] for entry in mistakes(predictions, ("red", "blue"))] == ["d.png", "a.png"]
    assert [entry["path"] for entry in mistakes(predictions, ("red", "red"))] == ["b.png"]


def test_evaluate_command_lists_the_mistakes_as_the_model_reads_them(model_and_data, capsys):
    import main

    model_path, test_dir = model_and_data
    report = evaluate(modelfile.load_model(model_path), test_dir, keep_predictions=True)
    wrong = sorted((entry for entry in report["predictions"] if entry["true"] != entry["predicted"]),
                   key=lambda entry: -entry["probability"])
    assert wrong, "the test needs a model that gets some photos wrong"

    assert main.main(["evaluate", str(test_dir), "--model", str(model_path), "--mistakes", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["mistakes"]
    assert [entry["path"] for entry in listed] == [entry["path"] for entry in wrong]
    assert [entry["probability"] for entry in listed] == pytest.approx([entry["probability"] for entry in wrong])

    assert main.main(["evaluate", str(test_dir), "--model", str(model_path), "--mistakes"]) == 0
    out = capsys.readouterr().out
    first = wrong[0]
    assert f"Read wrong ({len(wrong)}), surest first" in out
    assert f"  {first['path']}: {first['true']}, read as {first['predicted']} ({first['probability']:.1%})" in out
    assert main.main(["evaluate", str(test_dir), "--compare", str(model_path), str(model_path), "--mistakes"]) == 2
