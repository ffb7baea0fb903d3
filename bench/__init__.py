"""TongueLens benchmarks: `python -m bench [--quick] [--json OUT]` (see BENCHMARKS.md).

Every job runs in a fresh process (`bench.harness`), ours beside the plain-Keras script a
skilled user would write (`bench/baselines/`), and `bench.report` prints the table.
"""
