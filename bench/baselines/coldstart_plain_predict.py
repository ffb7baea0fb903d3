"""Plain Keras cold start to a first prediction: import Keras, load the model, Pillow, `model.predict`.

    BENCH_LAUNCH_TIME=<time.time() at launch> python bench/baselines/coldstart_plain_predict.py MODEL IMAGE

No window at all: the floor for "first prediction" in a fresh process.
"""

import json
import os
import sys
import time

LAUNCH = float(os.environ.get("BENCH_LAUNCH_TIME", time.time()))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

model = keras.saving.load_model(sys.argv[1])
height, width = model.input_shape[1:3]
with Image.open(sys.argv[2]) as image:
    x = np.asarray(image.convert("RGB").resize((width, height), Image.BILINEAR), dtype="float32")[None]
probabilities = model.predict(x, verbose=0)[0]
print(json.dumps({"first_prediction": time.time() - LAUNCH, "top": int(probabilities.argmax())}))
