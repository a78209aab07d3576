"""A real Bolt server for tests and benchmarks: ArcadeDB (``arcadedb-embedded``) with its Bolt plugin.

Why ArcadeDB and not a mock: the official neo4j driver speaks to it over a real socket, so a
test that passes here has exercised the same driver calls, Cypher texts, parameters,
transactions and error codes as against Neo4j, in-process, in about three seconds, without
Docker or a JDK on the machine (the wheel bundles a JRE).

Shared by ``tests/neo4j_fixtures.py`` (pytest) and ``bench/bench_neo4j.py``.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui.stores import Neo4jSettings

__all__ = ["BoltServer", "arcadedb_server", "free_port"]

BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


def free_port() -> int:
    """A loopback port nobody listens on right now (the OS picks it, so parallel runs do not clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class BoltServer:
    uri: str
    user: str
    password: str
    database: str
    http_port: int

    @property
    def settings(self) -> Neo4jSettings:
        return Neo4jSettings(uri=self.uri, user=self.user, password=self.password, database=self.database)


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    """ArcadeDB writes ``./log/`` under the JVM's working directory: keep it out of the repo."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@contextmanager
def arcadedb_server(root: Path, *, database: str = "kg", attempts: int = 3) -> Iterator[BoltServer]:
    """Start ArcadeDB with Bolt on free loopback ports under ``root``; stop it on exit.

    Retries on a start failure because a free port can be taken between choosing and binding.
    """
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str(root / "hs_err_pid%p.log"))
    password = "bangfu-" + secrets.token_hex(8)
    with _cwd(root):
        import arcadedb_embedded as arcade

        server = None
        for attempt in range(attempts):
            bolt_port, http_port = free_port(), free_port()
            candidate = arcade.create_server(
                str(root / f"databases{attempt}"),
                root_password=password,
                config={
                    "server_plugins": BOLT_PLUGIN,
                    "bolt_port": bolt_port,
                    "http_port": http_port,
                    "host": "127.0.0.1",
                },
            )
            try:
                candidate.start()
            except arcade.ArcadeDBError:
                if attempt == attempts - 1:
                    raise
                continue
            server = candidate
            break
        assert server is not None
        server.create_database(database)
    try:
        yield BoltServer(f"bolt://127.0.0.1:{bolt_port}", "root", password, database, http_port)
    finally:
        server.stop()
