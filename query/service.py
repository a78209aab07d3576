"""Answer a Chinese question from a graph store: understand it, run the intent's queries.

One :class:`QAService` per store; it builds the name index once from the store, so the same
code answers from networkx and from Neo4j.
"""

from __future__ import annotations

from graph.store import GraphStore
from query import planner
from query.context import Context, help_suggestions
from query.intents import Understanding, understand
from query.model import Answer, Status

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
        """Never raises: a question that cannot be read gets one Chinese sentence."""
        try:
            u = self.understand(question)
        except Exception:  # one unreadable question must not end a batch
            return Answer(str(question), "help", Status.HELP, "抱歉，无法读懂这个问题，请换一种问法。")
        intent = u.intent.name
        if u.empty:
            return Answer(
                question,
                str(intent),
                Status.HELP,
                "请输入问题，例如：" + "；".join(EXAMPLES[:3]),
                suggestions=list(EXAMPLES),
            )
        return planner.answer(self.context, u, lambda: self._out_of_scope(u))

    @staticmethod
    def _out_of_scope(u: Understanding) -> Answer:
        return Answer(
            u.original,
            str(u.intent.name),
            Status.HELP,
            "这个问题超出了帮扶图谱能回答的范围。可以问：谁帮扶某医院、某医院帮扶了哪些医院、牵头医院、"
            "某县的受援医院、下派人员、需帮扶项目、驻点时间等要求、文件的文号与引用、两家机构的关系、"
            "帮扶最多的医院、跨省帮扶。",
            suggestions=list(EXAMPLES) or help_suggestions(),
        )
