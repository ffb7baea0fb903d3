"""The core's messages: keys with English templates, values kept, text byte for byte as before (no Qt)."""

import ast
import copy
import json
import pickle
import string
from pathlib import Path

import pytest

from core import messages
from core.messages import CATALOGUE, Message, at_path

ROOT = Path(__file__).resolve().parents[1]
# Where the core words its messages.
CORE_FOLDERS = ("core", "training", "inspection", "models")


def test_a_message_is_its_english_text_with_its_key_and_values():
    reason = Message("image.cannot_read", detail="Input/output error")
    whole = at_path("photos/a.jpg", reason)

    assert whole == "photos/a.jpg: cannot read file (Input/output error)" and isinstance(whole, str)
    assert whole.key == "at_path" and whole.values["text"] is reason and whole.values["path"] == "photos/a.jpg"
    assert reason.key == "image.cannot_read" and dict(reason.values) == {"detail": "Input/output error"}
    assert json.dumps({"reason": reason}, ensure_ascii=False) == json.dumps({"reason": str(reason)})
    assert f"{whole}" == str(whole) and "(Input/output error)" in whole
    assert repr(reason) == "Message('image.cannot_read', detail='Input/output error')"


def test_a_message_survives_copies_and_pickles_whole():
    message = at_path("a.jpg", Message("dataset.small_image", size="7x5", input="32x32"))

    for copied in (copy.copy(message), copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert copied == message and copied.key == message.key
        assert copied.values["text"].key == "dataset.small_image"


def test_unknown_keys_and_wrong_values_are_refused():
    with pytest.raises(KeyError, match="no message 'image.nope'"):
        Message("image.nope")
    with pytest.raises(TypeError, match=r"takes the values \['detail'\]. Received: \[\]"):
        Message("image.cannot_read")
    with pytest.raises(TypeError, match="Received"):
        Message("image.empty", detail="x")


def test_every_template_has_plain_named_fields_only():
    for key, template in CATALOGUE.items():
        for _, field, spec, conversion in string.Formatter().parse(template):
            if field is not None:
                assert field.isidentifier() and not spec and not conversion, (key, template)


def _message_calls():
    """(file, line, key, value names or None when passed as **values) of every `Message("...")` in the core."""
    found = []
    for folder in CORE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    names = None if any(keyword.arg is None for keyword in node.keywords) else {
                        keyword.arg for keyword in node.keywords}
                    found.append((path.relative_to(ROOT).as_posix(), node.lineno, node.args[0].value, names))
    return found


def test_every_message_the_core_writes_names_a_key_and_its_values():
    calls = _message_calls()
    assert len(calls) > 50
    for where, line, key, names in calls:
        assert key in CATALOGUE, f"{where}:{line}: no key {key!r} in core/messages.py"
        if names is not None:
            assert names == messages.placeholders(CATALOGUE[key]), f"{where}:{line}: {key!r} gets {sorted(names)}"


def test_every_key_of_the_catalogue_is_written_somewhere():
    used = {key for _, _, key, _ in _message_calls()}
    assert sorted(set(CATALOGUE) - used) == []


def test_the_core_raises_and_reports_messages(tmp_path):
    from core import images
    from training import dataset

    (tmp_path / "data" / "red").mkdir(parents=True)
    (tmp_path / "data" / "red" / "empty.png").write_bytes(b"")
    with pytest.raises(images.ImageError) as caught:
        images.load_rgb(tmp_path / "data" / "red" / "empty.png")
    assert caught.value.reason.key == "image.empty" and caught.value.message.key == "at_path"
    assert str(caught.value) == f"{tmp_path / 'data' / 'red' / 'empty.png'}: empty file (0 bytes)"

    with pytest.raises(dataset.DatasetError) as refused:
        dataset.scan_dataset(tmp_path / "data")
    assert refused.value.message.values["text"].key == "dataset.too_few_classes"
    assert refused.value.message.values["text"].values["found"].key == "word.none"
    assert [entry["reason"].key for entry in refused.value.skipped] == ["image.empty"]
    assert [warning.values["text"].key for warning in refused.value.warnings] == ["dataset.empty_class"]


def test_a_message_crosses_json_whole():
    message = at_path("w.h5", Message("weights.refused", reason=Message("hdf5.chunks", name="'/a'", count="2,000",
                                                                      limit="1,000")))

    back = messages.from_json(json.loads(json.dumps(messages.to_json(message))))

    assert back == message and back.values["text"].values["reason"].key == "hdf5.chunks"
    assert messages.to_json("plain") == "plain" and messages.from_json("plain") == "plain"


def test_a_model_file_error_keeps_its_path_and_reason_and_carries_its_message(tmp_path):
    from core import modelfile

    missing = tmp_path / "a\x1bb.keras"
    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(missing)

    error = caught.value
    assert error.path == str(missing) and error.reason.key == "model.not_found"
    assert str(error) == f"{tmp_path}/a\\u001bb.keras: file not found"  # The control character escaped, once.
    assert error.message.key == "at_path" and error.message == str(error)
