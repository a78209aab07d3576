"""The builder's last guard: no record whose name is not a name reaches the graph.

Why a guard after the extractors already check their cells: extractors are rewritten and new
readers arrive (Word, PDF, OCR, spreadsheets); whatever path a string took, a node's name is
checked here with the same rule (:func:`extract.name_check.name_problem`). A record that fails
is left out and reported with its document and row, never repaired by guessing.
"""

from __future__ import annotations

from dataclasses import replace

from core.messages import message
from core.model import Evidence
from core.records import ExtractionResult, Problem
from extract.name_check import TextKind, name_problem, unreadable_reason

__all__ = ["screen_names"]


def _problem(evidence: Evidence, name: str, reason: str) -> Problem:
    return Problem(
        evidence.doc, evidence.where, "unreadable_name",
        message("P635", name=name[:120], reason=reason), evidence.quote,
    )


def screen_names(result: ExtractionResult) -> tuple[ExtractionResult, list[Problem]]:
    """``result`` without the records that name something unreadable, and a problem for each."""
    problems: list[Problem] = []

    def keep(evidence: Evidence, names: tuple[str, ...], program: str = "") -> bool:
        for name in names:
            reason = name_problem(name)
            if reason is not None:
                problems.append(_problem(evidence, name, reason))
                return False
        reason = unreadable_reason(program, TextKind.CELL) if program else None
        if reason is not None:
            problems.append(_problem(evidence, program, reason))
            return False
        return True

    screened = replace(
        result,
        pairings=[p for p in result.pairings if keep(p.evidence, (p.supporter, p.recipient), p.program)],
        leads=[x for x in result.leads if keep(x.evidence, (x.supporter, x.recipient))],
        orphans=[o for o in result.orphans if keep(o.evidence, (o.recipient,))],
        dispatches=[
            d for d in result.dispatches
            if keep(d.evidence, (d.person, d.from_hospital, d.to_hospital), d.program)
        ],
        aliases=[a for a in result.aliases if keep(a.evidence, (a.main, a.alias))],
    )
    return screened, problems
