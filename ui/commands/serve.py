"""``bangfu serve``: the Gradio app on 127.0.0.1:7860 (loopback unless told otherwise).

Loopback by default because the app can add files to the corpus: exposing it on a network is a
decision the operator makes with ``--host``, not a default. With ``--neo4j`` the app answers,
explores and exports from that server and nothing is built locally.
"""

from __future__ import annotations

from pathlib import Path

import click

from ui.cli import cli, corpus_option, neo4j_options, open_corpus


@cli.command()
@corpus_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（对外开放请显式指定 0.0.0.0）")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="端口")
@neo4j_options
def serve(corpus: Path, host: str, port: int, neo4j_uri: str | None, neo4j_user: str | None,
          neo4j_password: str | None, neo4j_database: str | None) -> None:
    """启动网页应用：问答、帮扶网络、数据探索、导出与文档上传。"""
    from ui.app import launch
    from ui.frontdoor import Bangfu
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    if settings is not None:
        door = Bangfu.open(corpus, settings)
        click.echo(f"问答数据：Neo4j {settings.uri}（数据库：{settings.database or '默认'}）")
    else:
        door = open_corpus(corpus)
        summary = door.summary()
        cached = "，使用缓存" if summary.cached else ""
        click.echo(f"语料：{corpus}（{len(summary.documents)} 份文件{cached}）；问答数据：内置图")
    click.echo(f"在浏览器中打开：http://{host}:{port}/")
    try:
        launch(door, host=host, port=port)
    finally:
        door.close()
