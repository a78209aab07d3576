"""Neo4j store vs in-process: load time, and per-query latency p50/p95 over Bolt vs networkx.

Why: the Neo4j store exists for scale and sharing, not speed on one machine; this shows
what a question costs in round trips, so the README's choice of default (networkx) and
the advice to use Neo4j for big or shared graphs rest on numbers. Every timed query's rows
are also compared between the stores: a latency for a wrong answer would mean nothing.

The server is ``NEO4J_URI`` (+ ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``) when
set; else an ArcadeDB started in this process (tests/neo4j_server.py), which speaks Bolt but
is not Neo4j: its numbers say what Bolt round trips cost here, not how Neo4j performs.
The graphs: the seed corpus, and the generated national corpus when bench/gen_national.py
exists. **The bangfu graph in the target database is wiped and rewritten.**

Prints a Markdown table; writes bench/out/neo4j.json.

Usage: python bench/bench_neo4j.py [--runs N] [--seed-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import networkx as nx  # noqa: E402

from graph import queries as Q  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.neo4j_load import load_graph  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import NetworkxStore  # noqa: E402
from pipeline import extract_corpus  # noqa: E402
from ui.stores import Neo4jSettings  # noqa: E402

Params = dict[str, Any]


# --- representative parameters, chosen from whatever graph is given ------------------------------


def _ids(g: nx.MultiDiGraph, node_type: str) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d["type"] == node_type)


def _supports(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    return sorted((s, r) for s, r, d in g.edges(data=True) if d["type"] == "SUPPORTS")


def _most(items: list[str]) -> str:
    return max(sorted(set(items)), key=items.count)


def _far_node(g: nx.MultiDiGraph, source: str, hops: int) -> str:
    """A node ``hops`` away (or as far as the component goes), for a non-trivial shortest path."""
    lengths = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), source, cutoff=hops)
    reach = max(lengths.values())
    return sorted(n for n, length in lengths.items() if length == reach)[0]


def cases(g: nx.MultiDiGraph) -> dict[str, Params]:
    """Parameters per query name; the busiest hospital, hub, place … so answers are not empty."""
    supports = _supports(g)
    hub = _most([s for s, _ in supports])
    recipient = _most([r for _, r in supports])
    persons = _ids(g, "Person")
    dispatch = next(
        ((p, t) for p in persons for _, t, d in g.out_edges(p, data=True) if d["type"] == "DISPATCHED_TO"),
        (None, None),
    )
    docs = _ids(g, "Document")
    prefectures = _ids(g, "Prefecture")
    place = (
        max(prefectures, key=lambda p: (len(Q.HOSPITALS_IN_PLACE.networkx(g, place_id=p)), p))
        if prefectures
        else None
    )
    topics = sorted({d.get("topic") for _, d in g.nodes(data=True) if d["type"] == "Requirement"} - {None})
    return {
        "supporters_of": {"ids": [recipient]},
        "recipients_of": {"ids": [hub]},
        "all_supports": {},
        "nodes": {"ids": [hub, recipient, *docs[:3]]},
        "name_entries": {},
        "hospitals_in_place": {"place_id": place},
        "dispatches_of": {"ids": [dispatch[0]] if dispatch[0] else []},
        "dispatches_to": {"ids": [dispatch[1]] if dispatch[1] else []},
        "dispatches_from": {"names": [g.nodes[dispatch[0]]["hospital"]] if dispatch[0] else []},
        "documents": {"ids": None},
        "citations": {"ids": docs},
        "requirements": {"topics": topics[:2]} if topics else {},
        "measures": {},
        "hubs": {"limit": 10},
        "shortest_paths": {"a": hub, "b": _far_node(g, hub, 4)},
        "edges_between": {"a": hub, "b": next(r for s, r in supports if s == hub)},
    }


# --- timing ---------------------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[max(0, int(0.95 * len(samples)) - 1)],
        "runs": len(samples),
    }


def time_query(fetch: Callable[[], list], runs: int, budget_s: float = 3.0) -> dict[str, float]:
    """Warm once, then ``runs`` timed calls or as many as fit ``budget_s`` (at least 10)."""
    fetch()
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(samples) < runs and (len(samples) < 10 or time.perf_counter() < deadline):
        start = time.perf_counter()
        fetch()
        samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def measure(name: str, g: nx.MultiDiGraph, store: Neo4jStore, runs: int) -> dict[str, Any]:
    first = load_graph(store, g, wipe=True)
    again = load_graph(store, g)
    local = NetworkxStore(g)
    params = cases(g)
    queries: dict[str, Any] = {}
    for query in Q.ALL_QUERIES:
        if query.name not in params:
            queries[query.name] = {"skipped": "no parameters chosen for this query"}
            continue
        p = params[query.name]
        expected = local.fetch(query, **p)
        queries[query.name] = {
            "rows": len(expected),
            "same_rows": store.fetch(query, **p) == expected,
            "networkx": time_query(lambda q=query, p=p: local.fetch(q, **p), runs),
            "bolt": time_query(lambda q=query, p=p: store.fetch(q, **p), runs),
        }
    return {
        "graph": name,
        "answers": answer_latency(name, g, local, store, runs),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "load_s": first.seconds,
        "reload_s": again.seconds,
        "schema": first.schema,
        "counts_after_reload": [again.nodes, again.edges],
        "queries": queries,
    }


def answer_latency(
    name: str, g: nx.MultiDiGraph, local: NetworkxStore, store: Neo4jStore, runs: int
) -> dict[str, Any]:
    """Whole answers (``QAService.ask``) in process vs over Bolt, on the question set."""
    from bench_ask import national_questions, seed_questions

    from query.service import QAService

    questions = (seed_questions() if name.startswith("seed") else national_questions(g))[:runs]
    services = {"networkx": QAService(local), "bolt": QAService(store)}
    out: dict[str, Any] = {"questions": len(questions)}
    for label, service in services.items():
        service.warm_up()
        samples = []
        for question in questions:
            start = time.perf_counter()
            service.ask(question)
            samples.append((time.perf_counter() - start) * 1000)
        out[label] = _percentiles(samples)
    out["same_answers"] = sum(
        services["networkx"].ask(q).to_json() == services["bolt"].ask(q).to_json() for q in questions
    )
    return out


@contextmanager
def bolt_target() -> Iterator[tuple[str, Neo4jSettings]]:
    settings = Neo4jSettings.from_env()
    if settings is not None:
        yield f"NEO4J_URI {settings.uri}", settings
        return
    import arcadedb_embedded

    from tests.neo4j_server import arcadedb_subprocess

    with tempfile.TemporaryDirectory() as tmp, arcadedb_subprocess(Path(tmp)) as server:
        yield f"ArcadeDB {arcadedb_embedded.__version__} (child process, Bolt on loopback)", server.settings


def graphs(seed_only: bool) -> Iterator[tuple[str, nx.MultiDiGraph]]:
    yield "seed corpus", build_graph(extract_corpus(ROOT / "corpus")).graph
    if seed_only or not (HERE / "gen_national.py").exists():
        return
    from gen_national import generate

    national_dir = HERE / "out" / "national_corpus"
    generate(national_dir)
    yield "national graph", build_graph(extract_corpus(national_dir)).graph


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| graph | nodes | edges | load s | reload s |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['graph']} | {r['nodes']:,} | {r['edges']:,} | {r['load_s']:.1f} | {r['reload_s']:.1f} |"
        for r in results
    ]
    lines += [
        "",
        "| graph | questions | answers in-process p50 / p95 ms | answers over Bolt p50 / p95 ms | same |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        a, local, bolt = r["answers"], r["answers"]["networkx"], r["answers"]["bolt"]
        lines.append(
            f"| {r['graph']} | {a['questions']} | {local['p50_ms']:.2f} / {local['p95_ms']:.2f} "
            f"| {bolt['p50_ms']:.1f} / {bolt['p95_ms']:.1f} | {a['same_answers']}/{a['questions']} |"
        )
    lines += [
        "",
        "| graph | query | rows | in-process p50 / p95 ms | Bolt p50 / p95 ms | same rows |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for name, q in r["queries"].items():
            if "skipped" in q:
                lines.append(f"| {r['graph']} | {name} | – | – | – | {q['skipped']} |")
                continue
            nx_t, bolt = q["networkx"], q["bolt"]
            lines.append(
                f"| {r['graph']} | {name} | {q['rows']:,} | {nx_t['p50_ms']:.2f} / {nx_t['p95_ms']:.2f} "
                f"| {bolt['p50_ms']:.1f} / {bolt['p95_ms']:.1f} | {'yes' if q['same_rows'] else 'NO'} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed calls per query and store (default 200)")
    parser.add_argument("--seed-only", action="store_true", help="skip the generated national graph")
    args = parser.parse_args(argv)
    results = []
    with bolt_target() as (server, settings):
        store = Neo4jStore.connect(settings.uri, settings.user, settings.password, database=settings.database)
        try:
            for name, g in graphs(args.seed_only):
                print(
                    f"… {name}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges", file=sys.stderr
                )
                results.append(measure(name, g, store, args.runs))
        finally:
            store.close()
    print(f"Server: {server}; client: Python {platform.python_version()}, {os.cpu_count()} CPUs\n")
    print(table(results))
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "neo4j.json").write_text(
        json.dumps({"server": server, "results": results}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return 0 if all(q.get("same_rows", True) for r in results for q in r["queries"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
