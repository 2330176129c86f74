"""The rows of the benchmark: every module in this package adds some (see bench/README.md,
"Adding a row").

A module here has up to three parts:

- functions decorated with ``@row``, each taking the parameters dict and returning an
  ``Endpoint`` (or a list of them): one measured request, with its SQL baseline if any;
- optionally ``parameters(conn, rng) -> dict``: what its rows ask for, picked from the
  built data (a psycopg connection to the bench database and a ``random.Random`` seeded
  by ``--seed``, its own per module, so a new module never changes another's picks);
- optionally ``cleanup(conn, user_id) -> int``: delete what its write rows created as the
  bench editor ``user_id``, so the next run measures the same data.

Modules run in ``ORDER``, then any other module alphabetically; read rows before write rows.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg

# The order of the report's rows; a module not named here comes after these.
ORDER = ("claims", "claimreview", "admin")


@dataclass
class Endpoint:
    """One measured request. ``paths`` are cycled through; ``sql_params[i]`` is the SQL
    baseline's parameters for ``paths[i]`` (the same result, hand-written)."""

    name: str  # unique; what --only names and the JSON's key
    label: str  # the report's row
    kind: str  # floor, list, detail, search, admin, write: the default goals (bench.report.GOALS)
    paths: list[str]
    method: str = "GET"
    body: object = None  # JSON for POST
    auth: str | None = None  # None, "token" (the bench editor's) or "session" (admin, HTML)
    expect: int = 200
    sql: str | None = None  # the baseline: the same result from one hand-written query
    sql_params: list[tuple | dict] = field(default_factory=list)
    goals: dict | None = None  # {"p50_ms": 100, "p99_ms": 300}; None: the kind's
    concurrency: int | None = None  # None: --concurrency; 1: one request at a time (a lone editor's lookup)
    # A heavy write measured one request after another instead of under load: ``requests``
    # of them at concurrency 1, request i sending ``bodies[i]`` (each a new document: an
    # import of the same one again would be "all skipped"); ``body`` is the probe's.
    requests: int | None = None
    bodies: list | None = None


RowFunction = Callable[[dict], "Endpoint | list[Endpoint]"]
_rows: dict[str, list[RowFunction]] = {}


def row(function: RowFunction) -> RowFunction:
    """Register a row function of the calling module."""
    _rows.setdefault(function.__module__.rsplit(".", 1)[-1], []).append(function)
    return function


def modules() -> list:
    names = [info.name for info in pkgutil.iter_modules(__path__)]
    ordered = [name for name in ORDER if name in names] + sorted(set(names) - set(ORDER))
    return [importlib.import_module(f"{__name__}.{name}") for name in ordered]


def pick_parameters(url: str, seed: int) -> dict:
    """Every module's parameters, picked from the data at ``url``."""
    from bench.database import conninfo

    picked: dict = {}
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        for module in modules():
            if hasattr(module, "parameters"):
                picked |= module.parameters(conn, random.Random(seed))
    return picked


def build_endpoints(parameters: dict) -> list[Endpoint]:
    """Every row, reads first: a write row would change what the reads after it see."""
    endpoints = []
    for module in modules():
        for function in _rows.get(module.__name__.rsplit(".", 1)[-1], ()):
            made = function(parameters)
            endpoints += made if isinstance(made, list) else [made]
    names = [e.name for e in endpoints]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"two bench rows are called {sorted(duplicates)}")
    return [e for e in endpoints if e.kind != "write"] + [e for e in endpoints if e.kind == "write"]


def cleanup(url: str, user_id: int) -> int:
    """Every module's cleanup; the number of rows removed."""
    from bench.database import conninfo

    removed = 0
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        for module in modules():
            if hasattr(module, "cleanup"):
                removed += module.cleanup(conn, user_id)
    return removed
