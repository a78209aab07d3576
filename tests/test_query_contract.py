"""query/ reads a store through the typed methods of graph/contract.py only.

Why: a raw named query called from an answer (``store.fetch(SUPPORTERS_OF, ids=...)``) ties the
answer to a query's parameters and row keys, and a third store would have to copy them; the
typed methods return the contract's dataclasses from either store. This test (and the
import-linter contract in pyproject.toml) fails when query/ drifts back.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _query_modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "query").rglob("*.py"))
    ]


def _raw_query_uses(where: str, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "fetch":
            found.append(f"{where}:{node.lineno} .fetch")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("graph.queries"):
            found.append(f"{where}:{node.lineno} from {node.module}")
        elif isinstance(node, ast.Import):
            named = [a.name for a in node.names if a.name.startswith("graph.queries")]
            found += [f"{where}:{node.lineno} import {name}" for name in named]
    return found


def test_query_never_runs_a_named_query() -> None:
    modules = _query_modules()
    assert len(modules) > 10
    assert [use for where, tree in modules for use in _raw_query_uses(where, tree)] == []


def test_the_check_sees_a_raw_query() -> None:
    source = (
        "from graph.queries.supports import SUPPORTERS_OF\n"
        "rows = ctx.store.fetch(SUPPORTERS_OF, ids=[])\n"
    )
    assert _raw_query_uses("x.py", ast.parse(source)) == [
        "x.py:1 from graph.queries.supports",
        "x.py:2 .fetch",
    ]
