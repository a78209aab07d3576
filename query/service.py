"""Answer a Chinese question from a graph store: understand it, run the intent's queries.

One :class:`QAService` per store; it builds the name index once from the store, so the same
code answers from networkx and from Neo4j.
"""

from __future__ import annotations

from core.messages import message
from graph.contract import StoreContract
from query import planner
from query.context import Context, help_suggestions
from query.help import graph_examples
from query.intents import Understanding, understand
from query.model import Answer, Status


class QAService:
    """Questions in, answers with evidence out; see query/model.py for the answer's shape."""

    def __init__(self, store: StoreContract) -> None:
        self.store = store
        self.context = Context(store)
        self._examples: list[str] | None = None

    def warm_up(self) -> None:
        """Build the name index and load jieba now rather than on the first question."""
        self.context.index.tokenize("谁帮扶怒江州人民医院")

    def examples(self) -> list[str]:
        """Example questions naming real entries of the graph in use (core/vocab/help_examples.tsv)."""
        if self._examples is None:
            self._examples = graph_examples(self.context)
        return list(self._examples)

    def understand(self, question: str) -> Understanding:
        return understand(question, self.context.index)

    def ask(self, question: str) -> Answer:
        """Never raises: a question that cannot be read gets one Chinese sentence."""
        try:
            u = self.understand(question)
        except Exception:  # one unreadable question must not end a batch
            return Answer(str(question), "help", Status.HELP, message("A210"))
        intent = u.intent.name
        if u.empty:
            return Answer(
                question,
                str(intent),
                Status.HELP,
                message("A211", examples="；".join(self.examples()[:3])),
                suggestions=self.examples(),
            )
        return planner.answer(self.context, u, lambda: self._out_of_scope(u))

    def _out_of_scope(self, u: Understanding) -> Answer:
        return Answer(
            u.original,
            str(u.intent.name),
            Status.HELP,
            message("A212"),
            suggestions=self.examples() or help_suggestions(),
        )
