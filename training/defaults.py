"""The training recipe's defaults, in one place (plain Python: the command line's `--help` reads them
without loading NumPy or TensorFlow).

The stability settings were chosen by measuring the spread of held-out accuracy over seeds 1-5
on real photos (`python -m bench.seed_spread`; README, "How sure is a number"). On 284 coating
photos the old recipe (best validation loss, early stopping after 8 epochs, no warm-up, raw
weights) gave 42.6-83.0 %; this one 84-85 % (see the README for every configuration tried):

- a warm-up: Adam's first full-size steps blew the loss up from about 1 to 15 and, in one seed
  of five, killed the network (it predicted one class for the rest of the run);
- the average of the weights over about 3 epochs, validated and kept;
- the last epoch kept and no early stopping: on a few dozen validation photos the "best" epoch
  was often an early, lucky one (kept epochs 4 of 12, 8 of 16), and stopping early leaves the
  model at a high learning rate before the schedule has decayed.
"""

EPOCHS = 30
SEED = 1337
PATIENCE = None  # No early stopping.
EMA_EPOCHS = 3
WARMUP_EPOCHS = 3
SELECT = "last"

# What a saved config.json that lacks these fields was trained with (before they existed).
BEFORE_STABILITY = {"patience": 8, "ema_epochs": 0, "warmup_epochs": 0, "select": "best"}
