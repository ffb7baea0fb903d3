"""Plain-Keras baselines: the scripts a skilled user would write by hand for the same jobs."""
