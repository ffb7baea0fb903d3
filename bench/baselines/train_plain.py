"""Plain Keras training: `image_dataset_from_directory` + the same network + `fit` (keras-io style).

    python bench/baselines/train_plain.py DATA --arch vgg-mini --size 64 --epochs 3 [--no-augment]

The same network (`models.build_model`), the same split fraction, batch size, optimizer, loss and
augmentation as our trainer; what a user would write from the keras-io "Image classification
from scratch" example. Prints the seconds of each epoch (training and validation) and images/s
per epoch after the first (median and fastest epoch).
"""

import argparse
import json
import statistics
import time

import keras
import tensorflow as tf

import models


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--arch", default="vgg-mini")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--no-augment", dest="augment", action="store_false")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    keras.utils.set_random_seed(1337)

    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        args.data, validation_split=0.2, subset="both", seed=1337,
        image_size=(args.size, args.size), batch_size=args.batch)
    num_classes = len(train_ds.class_names)
    train_images, val_images = len(train_ds.file_paths), len(val_ds.file_paths)

    if args.augment:
        augmentation = keras.Sequential([
            keras.layers.RandomFlip("horizontal"),
            keras.layers.RandomRotation(0.04, fill_mode="reflect"),
            keras.layers.RandomZoom(0.1, fill_mode="reflect"),
            keras.layers.RandomContrast(0.1, value_range=(0, 255)),
            keras.layers.RandomBrightness(0.1, value_range=(0, 255)),
        ])
        train_ds = train_ds.map(lambda x, y: (augmentation(x, training=True), y),
                                num_parallel_calls=tf.data.AUTOTUNE)
    train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
    val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

    model = models.build_model(args.arch, (args.size, args.size, 3), num_classes)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(train_ds, validation_data=val_ds, epochs=args.epochs, callbacks=[timer], verbose=0)

    timed = timer.seconds[1:] or timer.seconds
    print(json.dumps({
        "train_images": train_images, "val_images": val_images, "epoch_seconds": timer.seconds,
        "images_per_second": train_images / statistics.median(timed),
        "best_images_per_second": train_images / min(timed),
        "run_seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
