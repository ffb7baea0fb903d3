"""`python -m bench [--quick] [--json OUT]`: every benchmark on this machine, ours beside plain Keras.

Prints the table (Markdown) on stdout and progress on stderr; `--json` also writes the raw
figures of every job and the table's rows. See BENCHMARKS.md.
"""

import argparse
import json
import sys
import time

from bench import data, report, suite


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Runs every benchmark (ours beside a plain-Keras baseline, each in a "
                                            "fresh process) and prints the table of BENCHMARKS.md.")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="size", action="store_const", const="quick",
                      help="small sizes, for development (about 2-3 minutes)")
    size.add_argument("--tiny", dest="size", action="store_const", const="tiny",
                      help="smallest sizes: checks that everything runs, figures mean nothing")
    parser.set_defaults(size="full")
    parser.add_argument("--json", metavar="OUT", help="also write raw figures and rows to this JSON file")
    parser.add_argument("--only", metavar="NAME", action="append", choices=suite.BENCHMARK_NAMES[1:],
                        help="run only this benchmark (repeatable): " + ", ".join(suite.BENCHMARK_NAMES[1:]))
    parser.add_argument("--cache", default=str(data.DEFAULT_CACHE),
                        help="folder for the generated images, kept between runs (default: %(default)s)")
    parser.add_argument("--work", help="folder for this run's models and run folders (default: a new temp folder)")
    return parser.parse_args(argv)


def header(size, results):
    """One line: the command, how long it ran, the load around it, the machine and the versions."""
    load = results["load_average"]
    prepared = results["jobs"]["prepare"]
    versions = prepared.get("versions", {})
    return (f"python -m bench{'' if size == 'full' else ' --' + size}: {results['seconds']:.0f} s, "
            f"{time.strftime('%Y-%m-%d %H:%M')}; load average {load['start']:.2f} at start, {load['end']:.2f} at "
            f"end; {prepared['threads']['cpus']} CPUs ({prepared.get('cpu', '?')}); TensorFlow "
            f"{versions.get('tensorflow', '?')}, Keras {versions.get('keras', '?')}")


def main(argv=None):
    args = parse_arguments(argv)
    sizes = suite.Sizes.named(args.size)
    results = suite.Suite(sizes, cache=args.cache, work=args.work, only=args.only or ()).run()
    rows = report.build_rows(results)
    results["size"] = args.size
    results["rows"] = [row.to_json() for row in rows]
    print(header(args.size, results) + "\n")
    print(report.format_table(rows))
    if args.json:
        from core import atomic

        atomic.write_text(args.json, json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
