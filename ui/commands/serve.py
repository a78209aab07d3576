"""``bangfu serve``: the Gradio app on 127.0.0.1:7860 (loopback unless told otherwise).

Loopback by default because the app can add files to the corpus: exposing it on a network is a
decision the operator makes with ``--host``, not a default.
"""

from __future__ import annotations

from pathlib import Path

import click

from ui.cli import cli, corpus_option, load_graph


@cli.command()
@corpus_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（对外开放请显式指定 0.0.0.0）")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--neo4j", "neo4j_uri", default=None, help="Neo4j Bolt 地址（或 NEO4J_URI）；不填则用内置图")
@click.option("--neo4j-user", default=None, help="Neo4j 用户名（或 NEO4J_USER，默认 neo4j）")
@click.option("--neo4j-password", default=None, help="Neo4j 密码（或 NEO4J_PASSWORD）")
@click.option("--neo4j-database", default=None, help="Neo4j 数据库名（或 NEO4J_DATABASE）")
def serve(corpus: Path, host: str, port: int, neo4j_uri: str | None, neo4j_user: str | None,
          neo4j_password: str | None, neo4j_database: str | None) -> None:
    """启动网页应用：问答、帮扶网络、数据探索、导出与文档上传。"""
    from ui.app import launch
    from ui.stores import Neo4jSettings, open_store

    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    result, cached = load_graph(corpus)  # the corpus graph: exports, and the store when no Neo4j
    store = open_store(corpus, settings)
    backend = "Neo4j " + settings.uri if settings else f"内置图（{len(result.documents)} 份文件）"
    click.echo(f"语料：{corpus}{'（使用缓存）' if cached else ''}；问答数据：{backend}")
    click.echo(f"在浏览器中打开：http://{host}:{port}/")
    try:
        launch(store, corpus=corpus, host=host, port=port, build_result_getter=lambda: result)
    finally:
        store.close()
