"""Our side of each benchmark: one script per job, run in a fresh process by `bench.harness`.

Each script prints one JSON object (its figures) on its last line of stdout.
"""
