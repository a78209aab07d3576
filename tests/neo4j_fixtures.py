"""Pytest plugin: a Bolt server per session and the seed graph loaded into it.

Register with ``pytest_plugins = ["tests.neo4j_fixtures"]`` at the top of a test module
(conftest.py is not ours to edit). Fixtures:

* ``bolt_server`` (session): :class:`ui.stores.Neo4jSettings` of a running server. When it
  cannot start, the Bolt tests skip, except in CI (``CI`` set), where they fail. Always
  an ArcadeDB (in a child process) on free loopback ports; when ``NEO4J_URI`` is set, tests run a
  second time against that server (``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``).
  Tests delete and rewrite the bangfu graph (every ``Entity`` node) there: point it at a
  scratch database.
* ``neo4j_store`` (session): a connected :class:`graph.neo4j_store.Neo4jStore` holding the
  seed graph (the ``graph`` fixture of tests/conftest.py), loaded with ``wipe=True``. The
  question-set parity tests reuse it.
* ``restore_seed`` (function): for tests that change the database; loads the seed graph
  again, wiping, when the test ends, so ``neo4j_store`` keeps its promise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ui.stores import Neo4jSettings

BACKENDS = ["arcadedb", *(["env"] if os.environ.get("NEO4J_URI") else [])]


# Parametrised only when there is a second server: a fixture without parameters can be asked for
# by name from another fixture (tests/test_store_contract.py's ``store``), a parametrised one cannot.
@pytest.fixture(scope="session", params=BACKENDS if len(BACKENDS) > 1 else None)
def bolt_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Neo4jSettings]:
    if getattr(request, "param", "arcadedb") == "env":
        settings = Neo4jSettings.from_env()
        assert settings is not None
        yield settings
        return
    from tests.neo4j_server import arcadedb_subprocess

    try:
        import arcadedb_embedded  # noqa: F401

        server_context = arcadedb_subprocess(tmp_path_factory.mktemp("arcadedb"))
        server = server_context.__enter__()
    except Exception as err:
        _unavailable(f"Bolt 测试服务器无法启动：{type(err).__name__}: {err}")
    try:
        yield server.settings
    finally:
        server_context.__exit__(None, None, None)


def _unavailable(reason: str) -> None:
    """In CI (``CI`` set) a missing Bolt server fails the run; on a laptop it skips the Bolt tests."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_store(bolt_server: Neo4jSettings, graph):
    from graph.neo4j_load import load_graph
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(
        bolt_server.uri, bolt_server.user, bolt_server.password, database=bolt_server.database
    )
    load_graph(store, graph, wipe=True)
    yield store
    store.close()


@pytest.fixture
def restore_seed(neo4j_store, graph):
    yield neo4j_store
    from graph.neo4j_load import load_graph

    load_graph(neo4j_store, graph, wipe=True)
