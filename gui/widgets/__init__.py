"""The app's widgets, one per module; each sets its texts in `retranslate()` (see `common`)."""
