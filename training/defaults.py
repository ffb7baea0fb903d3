"""The training recipe's defaults, in one place (plain Python: the command line's `--help` reads them
without loading NumPy or TensorFlow).

The four stability settings were chosen by measuring the spread of held-out accuracy over seeds
1-5 on real photos (`python -m bench.seed_spread`; README, "How sure is a number").
"""

EPOCHS = 30
SEED = 1337
PATIENCE = 8
EMA_EPOCHS = 0
WARMUP_EPOCHS = 0
SELECT = "best"
