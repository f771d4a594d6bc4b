"""Run every benchmark module of this package (`python -m bench`, `make bench`), one after the other.

`python -m bench search answer` runs only the named ones.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def modules() -> list[str]:
    """The benchmark modules: every module of the package that has a main()."""
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    return [n for n in names if callable(getattr(importlib.import_module(f"bench.{n}"), "main", None))]


def main(argv: list[str]) -> None:
    """Run the named benchmarks, or all of them."""
    for name in argv or modules():
        print(f"\n===== bench.{name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"===== bench.{name}: {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
