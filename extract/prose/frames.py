"""Relation frames: who supports whom, read from trigger words and their position in clauses.

Why frames and not sentence templates: a frame states where the parties stand relative to a
trigger, whatever else the clause holds ("我院自2017年起对口帮扶乙", "甲先后托管了3家县级医院
（乙、丙、丁）" are one frame). The frames, tried in this order on each clause of a sentence:

* **alliance** — a clause naming a 医联体/专科联盟/医疗集团 yields nothing: membership is
  not a pairing.
* **passive** — ``乙由甲（牵头）帮扶`` / ``由甲牵头，…帮扶乙`` / ``乙、丙分别由甲、丁作为…主责医院``:
  the group after 由 supports the group before it (or, when there is none, the last group of
  the clause before, or the group after the support verb). 牵头 right after the supporter
  makes it the lead; ``作为…主责医院`` with no verb of its own is a lead assertion.
* **copula** — ``甲作为牵头医院`` (the lead of what follows), and ``乙是甲、丙的对口支援医院``:
  the role noun says which side supports (``prose_words.tsv`` role_noun values), "tier" nouns
  leave it to the tiers.
* **symmetric** — ``甲与乙签约/结对…``: direction from the tiers (:mod:`extract.tiers`);
  equal tiers are reported, never guessed.
* **active** — ``甲对口帮扶乙``: the last group before the support verb supports the first
  group after it; a group after 会同 and, when an earlier clause named the lead, the subject
  group are members; ``分别`` pairs in order; many to many without 分别 is reported.
* **members** — ``丙、丁共同参与`` after a passive or lead frame: members of its recipients.

A finding in a clause holding a not-asserted word (不再, 拟…) becomes a problem instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from core.messages import message
from core.vocab.prose import ProseWords
from extract.prose.clauses import Clause, Group, Item, Word
from extract.prose.mentions import Mention

__all__ = ["Finding", "SentenceReader"]

Pair = tuple[Mention, Mention, bool]  # supporter, recipient, lead


@dataclass
class Finding:
    """What one frame read: pairings, lead assertions or a problem, and the mentions it used."""

    clause: int
    kind: str = ""
    pairs: list[Pair] = field(default_factory=list)
    leads: list[tuple[Mention, Mention]] = field(default_factory=list)
    problem: tuple[str, str] | None = None  # (problem kind, Chinese message)
    used: list[Mention] = field(default_factory=list)


def _names(mentions: list[Mention]) -> str:
    return "、".join(m.name for m in mentions)


def _next(clause: Clause, item: Item) -> Item | None:
    rest = clause.after(item)
    return rest[0] if rest else None


def _adjacent(first: Item, second: Item | None, words: tuple[str, ...] = ()) -> bool:
    """``second`` follows ``first`` with nothing but the given words' text between."""
    return second is not None and (
        second.start == first.end or (isinstance(second, Word) and second.word in words)
    )


class SentenceReader:
    """Reads the clauses of one sentence left to right, carrying what a later clause needs:
    a lead named before its recipients, the recipients of the last frame (for members), and
    the last group of a clause that no frame used (for a 由 in the next clause)."""

    def __init__(self, clauses: list[Clause], words: ProseWords, tier: Callable[[str], int]) -> None:
        self.clauses = clauses
        self.words = words
        self.tier = tier
        self.pending_lead: tuple[list[Mention], str] | None = None
        self.last: tuple[list[Mention], str] | None = None
        self.carry: Group | None = None

    def read(self) -> list[Finding]:
        findings: list[Finding] = []
        for index, clause in enumerate(self.clauses):
            if clause.has("alliance"):
                self.pending_lead = self.last = self.carry = None
                continue
            finding = (
                self._passive(index, clause)
                or self._copula(index, clause)
                or self._lead_subject(index, clause)
                or self._symmetric(index, clause)
                or self._active(index, clause)
                or self._members(index, clause)
            )
            if finding is not None:
                findings.append(finding)
                self.carry = None
            else:
                groups = clause.groups()
                self.carry = groups[-1] if groups else self.carry
        return findings

    # -- helpers ---------------------------------------------------------------------------------

    def _support_kind(self, items: list[Item]) -> str:
        verbs = [i for i in items if isinstance(i, Word) and i.group == "support"]
        return verbs[0].value if verbs else ""

    def _in_order(
        self,
        index: int,
        supporters: list[Mention],
        recipients: list[Mention],
        kind: str,
        *,
        lead: bool,
        assert_only: bool,
    ) -> Finding:
        """分别: the n-th supporter with the n-th recipient; counts must agree."""
        finding = Finding(index, kind, used=supporters + recipients)
        if len(supporters) != len(recipients):
            finding.problem = (
                "count_mismatch",
                message(
                    "P101",
                    recipient_count=len(recipients),
                    recipients=_names(recipients),
                    supporter_count=len(supporters),
                    supporters=_names(supporters),
                ),
            )
        elif assert_only:
            finding.leads = list(zip(supporters, recipients, strict=True))
        else:
            finding.pairs = [(s, r, lead) for s, r in zip(supporters, recipients, strict=True)]
        return finding

    def _shared(
        self,
        index: int,
        supporters: list[Mention],
        recipients: list[Mention],
        kind: str,
        *,
        lead: bool = False,
        assert_only: bool = False,
    ) -> Finding:
        """One side shared; many to many without 分别 is ambiguous and reported."""
        finding = Finding(index, kind, used=supporters + recipients)
        if len(supporters) > 1 and len(recipients) > 1:
            finding.problem = (
                "ambiguous_relation",
                message("P102", supporters=_names(supporters), recipients=_names(recipients)),
            )
        elif assert_only:
            finding.leads = [(s, r) for r in recipients for s in supporters]
        else:
            finding.pairs = [(s, r, lead) for r in recipients for s in supporters]
        return finding

    def _kind_within(self, noun: str) -> str:
        """The kind a role noun carries in itself: 对口支援医院 -> 对口支援."""
        support = self.words.group("support")
        return next((support[w] for w in self.words.words("support") if w in noun), "")

    # -- frames ------------------------------------------------------------------------------------

    def _passive(self, index: int, clause: Clause) -> Finding | None:
        for by in clause.words("passive"):
            after = clause.after(by)
            nxt = after[0] if after else None
            respectively = isinstance(nxt, Word) and nxt.group == "respectively"
            if respectively:
                nxt = after[1] if len(after) > 1 else None
            if not isinstance(nxt, Group):
                continue
            supporters = nxt.mentions
            rest = clause.after(nxt)
            respectively = respectively or clause.has("respectively")
            lead = bool(rest) and isinstance(rest[0], Word) and rest[0].group == "lead"
            role = next((i for i in rest if isinstance(i, Word) and i.group == "role_noun"), None)
            assert_only = role is not None and role.value == "lead"
            kind = self._support_kind(rest)
            before = [g for g in clause.before(by) if isinstance(g, Group)]
            recipients = before[-1].mentions if before else (self.carry.mentions if self.carry else [])
            if not recipients:
                verb = next((i for i in rest if isinstance(i, Word) and i.group == "support"), None)
                later = [g for g in clause.after(verb) if isinstance(g, Group)] if verb else []
                recipients = later[0].mentions if later else []
            if not recipients:
                if lead or assert_only:  # 由甲牵头，乙参与帮扶丙: the lead of the next clause's frame
                    self.pending_lead = (supporters, kind)
                    return Finding(index, kind, used=list(supporters))
                continue
            if not (kind or lead or assert_only):
                continue
            finding = (
                self._in_order(index, supporters, recipients, kind, lead=lead, assert_only=assert_only)
                if respectively
                else self._shared(
                    index, supporters, recipients, kind, lead=lead or assert_only, assert_only=assert_only
                )
            )
            self.last = (recipients, kind)
            return finding
        return None

    def _copula(self, index: int, clause: Clause) -> Finding | None:
        for copula in clause.words("copula"):
            before = clause.before(copula)
            reverse = self._reverse_copula(index, clause, copula)
            if reverse is not None:
                return reverse
            if not before or not isinstance(before[-1], Group):
                continue
            subject = before[-1]
            rest = clause.after(copula)
            role = next((i for i in rest if isinstance(i, Word) and i.group == "role_noun"), None)
            if role is None:
                continue
            between = rest[: rest.index(role)]
            objects = [i for i in between if isinstance(i, Group)]
            kind = self._support_kind(between) or self._kind_within(role.word)
            if not objects:
                if role.value == "lead":  # 甲作为牵头医院，会同…帮扶乙
                    self.pending_lead = (subject.mentions, kind)
                    return Finding(index, kind, used=list(subject.mentions))
                continue
            other = objects[0].mentions
            if role.value == "supporter":
                finding = self._shared(index, subject.mentions, other, kind)
            elif role.value == "lead":
                finding = self._shared(index, subject.mentions, other, kind, assert_only=True)
            elif role.value == "recipient":
                finding = self._shared(index, other, subject.mentions, kind)
            else:
                finding = self._by_tier(index, subject.mentions, other, kind)
            if finding.pairs:
                self.last = (list({id(p[1]): p[1] for p in finding.pairs}.values()), kind)
            return finding
        return None

    def _reverse_copula(self, index: int, clause: Clause, copula: Word) -> Finding | None:
        """乙的帮扶单位为甲 / 乙的牵头医院是甲: the role noun comes first, its holder after the copula."""
        before, rest = clause.before(copula), clause.after(copula)
        if len(before) < 3 or not rest or not isinstance(rest[0], Group):
            return None
        owner, of, role = before[-3:]
        if not (isinstance(owner, Group) and isinstance(of, Word) and of.group == "possessive"):
            return None
        if not (isinstance(role, Word) and role.group == "role_noun"):
            return None
        holder, kind = rest[0].mentions, self._kind_within(role.word)
        if role.value == "supporter":
            return self._shared(index, holder, owner.mentions, kind)
        if role.value == "lead":
            return self._shared(index, holder, owner.mentions, kind, assert_only=True)
        if role.value == "recipient":
            return self._shared(index, owner.mentions, holder, kind)
        return self._by_tier(index, owner.mentions, holder, kind)

    def _lead_subject(self, index: int, clause: Clause) -> Finding | None:
        """甲牵头，乙、丙参与帮扶丁: a clause that is only a group and 牵头 names the lead."""
        if len(clause.items) == 2 and isinstance(clause.items[0], Group):
            word = clause.items[1]
            if isinstance(word, Word) and word.group == "lead":
                self.pending_lead = (clause.items[0].mentions, "")
                return Finding(index, used=list(clause.items[0].mentions))
        return None

    def _by_tier(self, index: int, side_a: list[Mention], side_b: list[Mention], kind: str) -> Finding:
        """Direction from the tiers: every name of one side above every name of the other."""
        tiers_a = [self.tier(m.name) for m in side_a]
        tiers_b = [self.tier(m.name) for m in side_b]
        if min(tiers_a) > max(tiers_b) and min(tiers_b) > 0:
            return self._shared(index, side_a, side_b, kind)
        if min(tiers_b) > max(tiers_a) and min(tiers_a) > 0:
            return self._shared(index, side_b, side_a, kind)
        finding = Finding(index, kind, used=side_a + side_b)
        finding.problem = (
            "direction_unknown",
            message("P103", side_a=_names(side_a), side_b=_names(side_b)),
        )
        return finding

    def _pairs_of(self, clause: Clause) -> list[tuple[Mention, Mention, Item]]:
        """The two parties of a possible symmetric tie and the item after them: 甲与乙 as one
        group, or 甲 and 乙 a few characters apart with a pair connector right before 乙 (甲还与乙)."""
        found: list[tuple[Mention, Mention, Item]] = []
        for group in clause.groups():
            if group.is_pair():
                found.append((*group.mentions, group))
        items = clause.items
        for first, second in itertools.pairwise(items):
            if (
                isinstance(first, Group)
                and isinstance(second, Group)
                and len(first.mentions) == 1 == len(second.mentions)
            ):
                gap = clause.text[first.end - clause.start : second.start - clause.start]
                if len(gap) <= 4 and gap.endswith(second.pair_connectors):
                    found.append((first.mentions[0], second.mentions[0], second))
        return found

    def _symmetric(self, index: int, clause: Clause) -> Finding | None:
        for first, second, last in self._pairs_of(clause):
            rest = clause.after(last)
            if (
                rest
                and isinstance(rest[0], Word)
                and rest[0].group == "possessive"
                and rest[0].start == last.end
            ):
                continue  # 甲和乙的帮扶协议: a noun phrase, no relation stated
            verb = next(
                (i for i in rest if isinstance(i, Group) or i.group in ("symmetric", "support")),
                None,
            )
            if not isinstance(verb, Word):
                continue
            if verb.group == "support" and any(isinstance(i, Group) for i in clause.after(verb)):
                continue  # 甲与乙对口帮扶丙: two supporters, an active frame
            # 甲与乙签约结对 / 甲与乙建立对口帮扶关系: a tie named, its direction not
            kind = self._support_kind(clause.after(verb)) or verb.value
            return self._by_tier(index, [first], [second], kind)
        return None

    def _active(self, index: int, clause: Clause) -> Finding | None:
        for verb in clause.words("support"):
            before = clause.before(verb)
            after_groups = [g for g in clause.after(verb) if isinstance(g, Group)]
            subject_groups = [g for g in before if isinstance(g, Group)]
            members: list[Mention] = []
            subject: list[Mention] = []
            objects: list[Mention] = []
            for group in subject_groups:
                prev = before[before.index(group) - 1] if before.index(group) > 0 else None
                if isinstance(prev, Word) and prev.group == "member_after":
                    members += group.mentions
                elif isinstance(prev, Word) and prev.group == "object_marker" and subject:
                    objects = group.mentions  # 甲对乙开展对口帮扶
                else:
                    follow = _next(clause, group)
                    if (
                        isinstance(follow, Word)
                        and follow.group == "possessive"
                        and follow.start == group.end
                    ):
                        continue
                    subject = group.mentions
            respectively = any(isinstance(i, Word) and i.group == "respectively" for i in before)
            lead_after_subject = False
            if subject:
                follow = _next(clause, next(g for g in subject_groups if g.mentions is subject))
                lead_after_subject = isinstance(follow, Word) and follow.group == "lead"
            if not after_groups and objects:
                after_groups = [Group(objects)]
            if not after_groups:
                if (subject or members) and self.last is not None:  # 丙参与帮扶 after 乙由甲牵头
                    recipients, kind = self.last
                    return self._shared(index, subject + members, recipients, kind)
                continue
            recipients = after_groups[0].mentions
            kind = verb.value
            if self.pending_lead is not None:
                leads, lead_kind = self.pending_lead
                self.pending_lead = None
                kind = kind if verb.value != "对口帮扶" or not lead_kind else lead_kind
                finding = self._shared(index, leads, recipients, kind, lead=True)
                extra = self._shared(index, subject + members, recipients, kind)
                finding.pairs += extra.pairs
                finding.used += extra.used
                finding.used += leads
                self.last = (recipients, kind)
                return finding
            if not subject and not members:
                continue
            supporters = subject + members
            self.last = (recipients, kind)
            if respectively:
                return self._in_order(index, supporters, recipients, kind, lead=False, assert_only=False)
            return self._shared(index, supporters, recipients, kind, lead=lead_after_subject)
        return None

    def _members(self, index: int, clause: Clause) -> Finding | None:
        if self.last is None or not clause.has("member"):
            return None
        groups = clause.groups()
        if len(groups) != 1:
            return None
        recipients, kind = self.last
        return self._shared(index, groups[0].mentions, recipients, kind)
