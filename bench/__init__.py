"""Benchmark of the claim tracker at newsroom-archive size (issue 6).

``python -m bench.run`` (``make bench``) builds a database per size with
``bench.generate`` (COPY, not the ORM), serves the API under gunicorn the way
production does, drives it over HTTP and compares each read with one hand-written
SQL query. See ``bench/README.md`` (which module does what, and how to add a row).
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    """Progress on stderr; stdout carries the Markdown report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
