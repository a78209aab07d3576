"""Pytest plugin: a Bolt server per session and the seed graph loaded into it.

Register with ``pytest_plugins = ["tests.neo4j_fixtures"]`` at the top of a test module
(conftest.py is not ours to edit). Fixtures:

* ``bolt_servers`` (session): the :class:`BoltServers` of the session, every configured Bolt
  server by name (:data:`BACKENDS`): always an ArcadeDB (in a child process) on free loopback
  ports; when ``NEO4J_URI`` is set, that server too (``NEO4J_USER``/``NEO4J_PASSWORD``/
  ``NEO4J_DATABASE``). Each is started or reached once, on first use, and loaded with the seed
  graph once. When a server cannot start, the Bolt tests skip, except in CI (``CI`` set), where
  they fail. Tests delete and rewrite the bangfu graph (every ``Entity`` node) on the
  ``NEO4J_URI`` server: point it at a scratch database.
* ``bolt_backend`` (session): the name of one of those servers; with a ``NEO4J_URI`` server it
  is parametrised, so every test asking for it (or for the two fixtures below) runs once per
  server.
* ``bolt_server`` (session): :class:`ui.stores.Neo4jSettings` of that server.
* ``neo4j_store`` (session): a connected :class:`graph.neo4j_store.Neo4jStore` on that server,
  holding the seed graph (the ``graph`` fixture of tests/conftest.py), loaded with
  ``wipe=True``. The question-set parity tests reuse it. A suite that parametrises its own store
  fixture (tests/test_store_contract.py: networkx and every Bolt server) asks
  ``bolt_servers.seeded_store(backend, graph)`` by name instead: pytest cannot hand out a
  parametrised fixture by name (``request.getfixturevalue``).
* ``restore_seed`` (function): for tests that change the database; loads the seed graph
  again, wiping, when the test ends, so ``neo4j_store`` keeps its promise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager

import networkx as nx
import pytest

from graph.neo4j_store import Neo4jStore
from tests.neo4j_server import BACKENDS
from ui.stores import Neo4jSettings


class BoltServers:
    """Every configured Bolt server, started (ArcadeDB) or reached (``NEO4J_URI``) once a session.

    A server that cannot start is remembered with its reason, so every test asking for it
    skips (fails in CI) with that reason instead of trying again.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp_path_factory = tmp_path_factory
        self._settings: dict[str, Neo4jSettings] = {}
        self._failures: dict[str, str] = {}
        self._stores: dict[str, Neo4jStore] = {}
        self._running: list[AbstractContextManager] = []

    def settings(self, backend: str) -> Neo4jSettings:
        """The connection settings of one server of :data:`BACKENDS`, starting it if needed."""
        if backend not in self._settings and backend not in self._failures:
            try:
                self._settings[backend] = self._start(backend)
            except Exception as err:
                self._failures[backend] = f"Bolt 测试服务器无法启动：{type(err).__name__}: {err}"
        if backend in self._failures:
            _unavailable(self._failures[backend])
        return self._settings[backend]

    def seeded_store(self, backend: str, graph: nx.MultiDiGraph) -> Neo4jStore:
        """A store connected to that server and holding ``graph`` (loaded, wiping, once a session)."""
        if backend not in self._stores:
            from graph.neo4j_load import load_graph

            settings = self.settings(backend)
            store = Neo4jStore.connect(
                settings.uri, settings.user, settings.password, database=settings.database
            )
            load_graph(store, graph, wipe=True)
            self._stores[backend] = store
        return self._stores[backend]

    def close(self) -> None:
        for store in self._stores.values():
            store.close()
        for running in reversed(self._running):
            running.__exit__(None, None, None)

    def _start(self, backend: str) -> Neo4jSettings:
        if backend == "env":
            settings = Neo4jSettings.from_env()
            if settings is None:
                raise RuntimeError("NEO4J_URI 未设置")
            return settings
        import arcadedb_embedded  # noqa: F401

        from tests.neo4j_server import arcadedb_subprocess

        context = arcadedb_subprocess(self._tmp_path_factory.mktemp("arcadedb"))
        server = context.__enter__()
        self._running.append(context)
        return server.settings


@pytest.fixture(scope="session")
def bolt_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServers]:
    servers = BoltServers(tmp_path_factory)
    try:
        yield servers
    finally:
        servers.close()


# Parametrised only when there is a second server, so test ids stay as they were without one.
@pytest.fixture(scope="session", params=BACKENDS if len(BACKENDS) > 1 else None)
def bolt_backend(request: pytest.FixtureRequest) -> str:
    """The name of one server of :data:`BACKENDS`: tests asking for a Bolt server run once per server."""
    return getattr(request, "param", BACKENDS[0])


@pytest.fixture(scope="session")
def bolt_server(bolt_backend: str, bolt_servers: BoltServers) -> Neo4jSettings:
    return bolt_servers.settings(bolt_backend)


def _unavailable(reason: str) -> None:
    """In CI (``CI`` set) a missing Bolt server fails the run; on a laptop it skips the Bolt tests."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_store(bolt_backend: str, bolt_servers: BoltServers, graph: nx.MultiDiGraph) -> Neo4jStore:
    return bolt_servers.seeded_store(bolt_backend, graph)


@pytest.fixture
def restore_seed(neo4j_store: Neo4jStore, graph: nx.MultiDiGraph) -> Iterator[Neo4jStore]:
    yield neo4j_store
    from graph.neo4j_load import load_graph

    load_graph(neo4j_store, graph, wipe=True)
