"""``bangfu manifest``: list new documents in ``manifest.tsv`` — the corpus is written only when asked."""

from __future__ import annotations

from pathlib import Path

import click

from ui.cli import cli, corpus_option


@cli.command()
@corpus_option
def manifest(corpus: Path) -> None:
    """为清单 manifest.tsv 补上未列出的文件（构建成功后一次写入，已有的行保持不变）。"""
    from ui.frontdoor import Bangfu

    added, path = Bangfu.complete_manifest(corpus)
    if not added:
        click.echo(f"清单已列出全部文件：{path}")
        return
    for doc in added:
        click.echo(f"清单新增一行：{doc}（请核对标题、文号、发文单位、日期、地区）")
    click.echo(f"已写入：{path}")
