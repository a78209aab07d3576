"""Property: an institution the graph does not hold gets 未找到 and nothing else.

200 real-looking institution names are generated (seeded, so every run asks the same
questions): a county or prefecture from the gazetteer (core/vocab/gazetteer.jsonl) plus a
hospital kind (人民医院, 中医医院, 第N人民医院, 妇幼保健院, 医科大学第N附属医院). A place is
only used when none of its forms (official name, aliases, stems) occurs in any name or alias
in the graph, so no generated name can be a real graph entity written another way. Every
question form is asked about every name; each answer must be status not_found, with zero
items, and say 未找到. A place inside the unresolved name must never be answered instead.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from graph.store import NetworkxStore
from query.model import Status
from query.service import QAService

GAZETTEER = Path(__file__).resolve().parent.parent / "core" / "vocab" / "gazetteer.jsonl"
SEED = 20261201
NAME_COUNT = 200
ORDINALS = "一二三四五六七八九"
KINDS = (
    lambda rng: "人民医院",
    lambda rng: "中医医院",
    lambda rng: f"第{ORDINALS[rng.randrange(1, 6)]}人民医院",
    lambda rng: "妇幼保健院",
    lambda rng: f"医科大学第{ORDINALS[rng.randrange(0, 4)]}附属医院",
)
FORMS = (
    "谁帮扶{X}",
    "请问{X}的支援医院有哪些",
    "{X}有几家帮扶医院",
    "{X}的牵头医院是哪家",
    "{X}帮扶了哪些医院",
    "{X}对口支援了几家医院",
    "{X}派了几个人",
    "派到{X}的有几个人",
    "{X}是牵头医院吗",
    "{X}在哪个县",
    "{X}的需帮扶项目是什么",
    "{X}和怒江州人民医院是什么关系",
)


def graph_surfaces(graph) -> set[str]:
    """Every name and alias surface of every node in the graph."""
    surfaces: set[str] = set()
    for _node, data in graph.nodes(data=True):
        surfaces.add(str(data.get("name") or ""))
        for alias in data.get("aliases") or []:
            surfaces.add(str(alias.get("surface", "")) if isinstance(alias, dict) else str(alias))
    return {s for s in surfaces if s}


def place_forms(entry: dict) -> set[str]:
    stems = {s["name"] for s in entry.get("stems", [])}
    former = {f["name"] if isinstance(f, dict) else f for f in entry.get("former", [])}
    return {entry["name"], *entry.get("aliases", []), *former, *stems}


def unknown_names(graph) -> list[str]:
    """NAME_COUNT distinct institution names, none of whose place appears in the graph."""
    surfaces = graph_surfaces(graph)
    places: dict[str, set[str]] = {"county": set(), "prefecture": set()}
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["level"] not in places or entry.get("zone"):
            continue
        forms = {f for f in place_forms(entry) if len(f) >= 2}
        if any(form in surface for form in forms for surface in surfaces):
            continue
        places[entry["level"]].add(entry["name"])
    rng = random.Random(SEED)
    any_place = sorted(places["county"] | places["prefecture"])
    cities = sorted(places["prefecture"])  # universities are named after a city, not a county
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < NAME_COUNT:
        kind = rng.choice(KINDS)(rng)
        name = rng.choice(cities if kind.startswith("医科大学") else any_place) + kind
        if name not in seen and name not in surfaces:
            seen.add(name)
            names.append(name)
    return names


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


@pytest.fixture(scope="module")
def names(graph) -> list[str]:
    return unknown_names(graph)


UNKNOWN_FAILURES_CEILING = 0  # of 2,400 (started at 528): every question answers 未找到


def test_generated_names_are_deterministic_distinct_and_absent(graph, names):
    assert len(names) == NAME_COUNT == len(set(names))
    assert names == unknown_names(graph), "the generator must be seeded"
    assert not set(names) & graph_surfaces(graph)
    for suffix in ("县人民医院", "中医医院", "人民医院", "妇幼保健院", "附属医院"):
        assert any(n.endswith(suffix) for n in names), suffix
    assert any("第" in n and n.endswith("人民医院") for n in names)


def test_unknown_institutions_get_not_found_and_no_items(service, names, capsys):
    failures = []
    for name in names:
        for form in FORMS:
            question = form.format(X=name)
            try:
                answer = service.ask(question)
            except Exception as error:
                failures.append(f"{question!r}: crashed {type(error).__name__}")
                continue
            if answer.status != Status.NOT_FOUND or answer.items or "未找到" not in answer.text:
                shape = f"[{answer.intent}/{answer.status}] {len(answer.items)} items"
                failures.append(f"{question!r}: {shape}: {answer.text[:60]}")
    total = len(names) * len(FORMS)
    with capsys.disabled():
        print(f"\nunknown-name property: {total - len(failures)}/{total} answered 未找到 with zero items")
        by_form: dict[str, int] = {}
        for form in FORMS:
            marker = form.replace("{X}", "")
            by_form[form] = sum(1 for f in failures if _form_of(f, marker, form))
        for form, count in by_form.items():
            print(f"  {form}: {count} failed")
        for failure in failures[:20]:
            print("  FAIL", failure)
    # Ratchet while issue 10 is open (main stays green): this ceiling may only be LOWERED, to 0.
    answered = f"{len(failures)}/{total} questions about unknown names were answered"
    assert len(failures) <= UNKNOWN_FAILURES_CEILING, answered


def _form_of(failure: str, _marker: str, form: str) -> bool:
    head, _, tail = form.partition("{X}")
    question = failure.split("'")[1]
    return question.startswith(head) and question.endswith(tail)
