"""A real Bolt server for tests and benchmarks: ArcadeDB (``arcadedb-embedded``) with its Bolt plugin.

Why ArcadeDB and not a mock: the official neo4j driver speaks to it over a real socket, so a
test that passes here has exercised the same driver calls, Cypher texts, parameters,
transactions and error codes as against Neo4j, in-process, in about three seconds, without
Docker or a JDK on the machine (the wheel bundles a JRE).

Shared by ``tests/neo4j_fixtures.py`` (pytest) and ``bench/bench_neo4j.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui.stores import Neo4jSettings

__all__ = ["BACKENDS", "BoltServer", "arcadedb_server", "arcadedb_subprocess", "free_port"]

BACKENDS = ["arcadedb", *(["env"] if os.environ.get("NEO4J_URI") else [])]
"""The Bolt servers every Bolt test runs against: ArcadeDB always, the ``NEO4J_URI`` server when set
(tests/neo4j_fixtures.py starts or reaches each once a session)."""

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


@contextmanager
def arcadedb_subprocess(root: Path, *, database: str = "kg") -> Iterator[BoltServer]:
    """The same server in a child process, stopped by closing its stdin.

    Why a child: the server lives in a JVM inside the Python process (jpype), and a JVM torn
    down at interpreter exit can crash that process after every test has passed, which turns
    a green run red. In a child, the JVM's exit is the child's business.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.neo4j_server", str(root), database],
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = _settings_line(child)
        # Keep reading what the child prints, so a chatty JVM never blocks on a full pipe.
        threading.Thread(target=_drain, args=(child,), daemon=True).start()
        yield BoltServer(info["uri"], info["user"], info["password"], info["database"], info["http_port"])
    finally:
        if child.stdin:
            child.stdin.close()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _settings_line(child: subprocess.Popen) -> dict:
    """The first line the child prints that is its settings (log lines before it are skipped)."""
    for line in child.stdout or ():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"ArcadeDB 子进程未能启动（退出码 {child.wait()}）")


def _drain(child: subprocess.Popen) -> None:
    for _ in child.stdout or ():
        pass


def _serve_until_stdin_closes(root: str, database: str) -> None:
    """Child side of :func:`arcadedb_subprocess`: print the settings, serve, stop, exit hard."""
    with arcadedb_server(Path(root), database=database) as server:
        print(json.dumps(server.__dict__), flush=True)
        sys.stdin.read()
    sys.stdout.flush()
    os._exit(0)  # skip the JVM's own teardown at interpreter exit


if __name__ == "__main__":
    _serve_until_stdin_closes(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "kg")

