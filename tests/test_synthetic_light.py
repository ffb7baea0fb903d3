"""`synth --light`: the same SYNTHETIC tongues drawn under another lamp, white balance or exposure."""

import json

import numpy as np
import pytest

from core import lighting
from core.images import load_array
from synthetic import MARKER_NAME, README_NAME, SyntheticDataError, generate_dataset


def _images(folder):
    return {path.relative_to(folder).as_posix(): load_array(path).astype(float)
            for path in sorted(folder.rglob("*.jpg"))}


def test_the_same_tongues_are_drawn_under_the_light(tmp_path):
    generate_dataset(tmp_path / "plain", per_class=3, size=48, seed=7, task="coating")
    generate_dataset(tmp_path / "warm", per_class=3, size=48, seed=7, task="coating", light="warm")
    generate_dataset(tmp_path / "dim", per_class=3, size=48, seed=7, task="coating", light="1,1,1@0.5")
    plain, warm, dim = _images(tmp_path / "plain"), _images(tmp_path / "warm"), _images(tmp_path / "dim")

    assert list(plain) == list(warm) == list(dim)  # The same files: the same tongues.
    for name, image in plain.items():
        unclipped = image.max(axis=-1) < 200
        ratios = warm[name][unclipped].mean(axis=0) / image[unclipped].mean(axis=0)
        assert ratios == pytest.approx([1.15, 1.0, 0.85], abs=0.03), name
        assert dim[name].mean() == pytest.approx(0.5 * image.mean(), rel=0.05), name
    manifest = json.loads((tmp_path / "warm" / MARKER_NAME).read_text(encoding="utf-8"))
    assert manifest["light"] == "warm"
    assert "--light warm" in (tmp_path / "warm" / README_NAME).read_text(encoding="utf-8")


def test_a_bad_light_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(SyntheticDataError, match="sunset"):
        generate_dataset(tmp_path / "out", per_class=1, size=16, light="sunset")
    assert not (tmp_path / "out").exists()


def test_lights_parse_from_names_and_gains():
    assert lighting.parse_light("Warm") == lighting.LIGHTS["warm"]
    custom = lighting.parse_light("1.3,1,0.75@0.8")
    assert custom.gains == (1.3, 1.0, 0.75) and custom.exposure == 0.8
    assert lighting.parse_light("@0.6").gains == (1.0, 1.0, 1.0) and lighting.parse_light("@0.6").exposure == 0.6
    assert lighting.parse_light("none").name == "none"
    for bad in ("1,2", "1,0,1", "x@y", "1,1,1@-1"):
        with pytest.raises(lighting.LightingError):
            lighting.parse_light(bad)


def test_synth_command_takes_light(tmp_path, capsys):
    from main import main

    assert main(["synth", str(tmp_path / "cool"), "--per-class", "1", "--size", "24", "--light", "cool"]) == 0
    assert "wrote 4 SYNTHETIC images" in capsys.readouterr().out
    assert main(["synth", str(tmp_path / "bad"), "--per-class", "1", "--size", "24", "--light", "2,2"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert np.asarray(_images(tmp_path / "cool")["淡白舌 pale/pale_0000.jpg"]).shape == (24, 24, 3)
