"""Importing a module does nothing but define things: no file written, no output, no thread left running.

--doctest-modules imports every module of the packages; this test says why that is safe, and keeps it so."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "corpus", "index", "bench")

_IMPORT_ALL = """
import importlib, pkgutil, sys, threading
names = []
for package in sys.argv[1:]:
    names.append(package)
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if ".migrations" not in info.name:
            names.append(info.name)
for name in names:
    importlib.import_module(name)
print(len(names), threading.active_count())
"""


@pytest.mark.slow
def test_importing_every_module_has_no_side_effects(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", _IMPORT_ALL, *PACKAGES], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules, threads = (int(x) for x in done.stdout.split())
    assert modules > 100  # every module was imported, not only the packages
    assert threads == 1  # nothing started in the background
    assert done.stderr == ""
    assert list(tmp_path.iterdir()) == []  # no data directory, database, index or log created
