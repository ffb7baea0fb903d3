"""tf.distribute: mirrored training on two logical CPU devices; multi-worker refused with its reason."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.training_helpers import TINY_ARCH, write_colour_images
from training import strategy

ROOT = Path(__file__).resolve().parents[1]

# Logical devices must be set before TensorFlow initialises its devices: in a fresh process. Four epochs:
# the default warm-up and averaging leave three tiny epochs a little short of 90 % on 4 validation images.
CHILD = r"""
import json, sys
sys.path.insert(0, {root!r})
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from core import modelfile
from training.trainer import TrainConfig, train
result = train(TrainConfig({data!r}, arch={arch!r}, image_size=32, epochs=4, batch_size=8, augment=False, colour="none",
                           out_dir={run!r}, strategy="mirrored"))
loaded = modelfile.load_model(result.model_path)
print(json.dumps({{"replicas": result.report["replicas"], "val_accuracy": result.report["val_accuracy"],
                  "classes": loaded.info.class_names}}))
"""


@pytest.mark.slow
def test_mirrored_strategy_trains_on_two_logical_cpus(tmp_path):
    write_colour_images(tmp_path / "data", per_class=12)
    child = CHILD.format(root=str(ROOT), data=str(tmp_path / "data"), arch=TINY_ARCH, run=str(tmp_path / "run"))
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")

    finished = subprocess.run([sys.executable, "-c", child], env=environment, capture_output=True, timeout=300)

    assert finished.returncode == 0, finished.stderr.decode(errors="replace")[-2000:]
    outcome = json.loads(finished.stdout.decode().strip().splitlines()[-1])
    assert outcome["replicas"] == 2
    assert outcome["val_accuracy"] >= 0.9
    assert outcome["classes"] == ["red", "蓝色 blue"]


def test_multiworker_is_refused_with_what_was_found():
    with pytest.raises(strategy.StrategyError) as caught:
        strategy.check_strategy("multiworker")

    assert "keras-team/keras#20585" in str(caught.value)
    assert "--strategy mirrored" in str(caught.value)
    with pytest.raises(strategy.StrategyError, match="choose one of auto, one, mirrored"):
        strategy.check_strategy("tpu")
