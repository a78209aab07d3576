"""Answer a Chinese question from a graph store: understand it, run the intent's queries.

One :class:`QAService` per store; it builds the name index once from the store, so the same
code answers from networkx and from Neo4j.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from graph.store import GraphStore
from query import answers_docs, answers_network, answers_support
from query.context import Clarify, Context, help_suggestions
from query.intents import IntentName, Understanding, understand
from query.model import Answer, Status

Handler = Callable[[Context, Understanding], Answer]

EXAMPLES: tuple[str, ...] = (
    "谁帮扶怒江州人民医院？",
    "昆明医科大学第二附属医院帮扶了哪些医院？",
    "驻点帮扶时间要求多久？",
    "赣县区人民医院的主责医院是哪家？",
    "禄劝县有哪些医院受到帮扶？",
    "何圆圆被派到哪里？",
    "巴彦召卫生院的需帮扶项目是什么？",
    "云卫医发〔2022〕5号引用了哪些文件？",
    "上海的医院在云南帮扶了哪些医院？",
    "哪些医院帮扶的医院最多？",
    "昆明市儿童医院和怒江州人民医院是什么关系？",
    "贵州的帮扶措施有哪些优选项？",
)


def _entity_info(ctx: Context, u: Understanding) -> Answer:
    """A bare name: a place answers like "who supports it", a person like "where sent"."""
    mention = u.intent.slots.get("entity")
    kind = mention.node_type if mention is not None and mention.resolved and not mention.ambiguous else ""
    if kind in ("County", "Prefecture", "Province"):
        slots = {**u.intent.slots, "target": mention}
        return answers_support.who_supports(ctx, replace(u, intent=replace(u.intent, slots=slots)))
    if kind == "Person":
        slots = {**u.intent.slots, "person": mention, "ask": "to"}
        return answers_docs.dispatch_person(ctx, replace(u, intent=replace(u.intent, slots=slots)))
    if kind == "Document":
        slots = {**u.intent.slots, "document": mention, "ask": "info"}
        return answers_docs.document(ctx, replace(u, intent=replace(u.intent, slots=slots)))
    return answers_network.entity_info(ctx, u)


HANDLERS: dict[IntentName, Handler] = {
    IntentName.WHO_SUPPORTS: answers_support.who_supports,
    IntentName.LEAD_OF: answers_support.lead_of,
    IntentName.SUPPORTED_BY: answers_support.supported_by,
    IntentName.HOSPITALS_IN_PLACE: answers_support.hospitals_in_place,
    IntentName.COUNT: answers_support.count,
    IntentName.NEEDS: answers_support.needs,
    IntentName.DISPATCH_PERSON: answers_docs.dispatch_person,
    IntentName.DISPATCHED_TO: answers_docs.dispatched_to,
    IntentName.REQUIREMENTS: answers_docs.requirements,
    IntentName.DOCUMENT: answers_docs.document,
    IntentName.MEASURES: answers_docs.measures,
    IntentName.RELATION: answers_network.relation,
    IntentName.NETWORK_HUBS: answers_network.network_hubs,
    IntentName.CROSS_PROVINCE: answers_network.cross_province,
    IntentName.ENTITY_INFO: _entity_info,
}


class QAService:
    """Questions in, answers with evidence out; see query/model.py for the answer's shape."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.context = Context(store)

    def warm_up(self) -> None:
        """Build the name index and load jieba now rather than on the first question."""
        self.context.index.tokenize("谁帮扶怒江州人民医院")

    @staticmethod
    def examples() -> list[str]:
        return list(EXAMPLES)

    def understand(self, question: str) -> Understanding:
        return understand(question, self.context.index)

    def ask(self, question: str) -> Answer:
        u = self.understand(question)
        intent = u.intent.name
        if u.empty:
            return Answer(
                question,
                str(intent),
                Status.HELP,
                "请输入问题，例如：" + "；".join(EXAMPLES[:3]),
                suggestions=list(EXAMPLES),
            )
        handler = HANDLERS.get(intent)
        if handler is None:
            return Answer(
                question,
                str(intent),
                Status.HELP,
                "这个问题超出了帮扶图谱能回答的范围。可以问：谁帮扶某医院、某医院帮扶了哪些医院、牵头医院、"
                "某县的受援医院、下派人员、需帮扶项目、驻点时间等要求、文件的文号与引用、两家机构的关系、"
                "帮扶最多的医院、跨省帮扶。",
                suggestions=list(EXAMPLES) or help_suggestions(),
            )
        try:
            return handler(self.context, u)
        except Clarify as signal:
            return signal.answer
