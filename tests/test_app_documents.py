"""The app's 文件 tab over HTTP (gradio_client and raw requests): removing a document takes two
clicks and changes exactly that document; an upload over the size limit is refused in Chinese,
by the app, before Gradio's English check can speak."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import test_app
from ui.app import upload_document
from ui.frontdoor import Bangfu
from ui.upload_limit import MAX_UPLOAD_BYTES, size_text
from ui.uploads import upload_roots

gradio_client = pytest.importorskip("gradio_client")
# One app per module over a private corpus copy, with the fixtures test_app.py uses.
corpus, server, client = test_app.corpus, test_app.server, test_app.client

REMOVED = "002_f96d2e1adf756957.txt"  # 30 pairings, all from its tables
OTHER = "004_83573d7611e5798f.txt"
TOO_LARGE = "上传的文件超过上限 10 MB，未接收。请拆分成几个文件后再上传。"


def snapshot(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def pairings(client) -> int:
    table, *_ = client.predict("全部", "全部", "全部", False, api_name="/explore")
    return len(table["data"])


def document_label(corpus: Path, name: str) -> str:
    return next(d.label for d in Bangfu.open_corpus(corpus).documents() if d.file == name)


# -- upload size ------------------------------------------------------------------------------

def test_the_browser_is_given_no_limit_of_its_own(server: str) -> None:
    """Gradio's JavaScript refuses files over ``max_file_size`` in English: it must not know one."""
    config = httpx.get(server + "config", timeout=30).json()
    assert config["max_file_size"] is None


def test_an_upload_over_the_limit_is_refused_in_chinese(server: str, corpus: Path, tmp_path: Path) -> None:
    before = snapshot(corpus)
    big = tmp_path / "大文件.txt"
    big.write_bytes(b"x" * (MAX_UPLOAD_BYTES + 100_000))
    with big.open("rb") as handle:
        refused = httpx.post(server + "gradio_api/upload", files={"files": handle}, timeout=120)
    assert (refused.status_code, refused.text) == (413, TOO_LARGE)
    small = tmp_path / "小文件.txt"
    small.write_bytes(b"x" * 1000)
    with small.open("rb") as handle:
        accepted = httpx.post(server + "gradio_api/upload", files={"files": handle}, timeout=60)
    assert accepted.status_code == 200 and len(accepted.json()) == 1
    assert snapshot(corpus) == before


def test_an_upload_without_its_length_is_refused_in_chinese(server: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        yield b"abc\r\n--x--\r\n"

    refused = httpx.post(server + "gradio_api/upload", content=chunks(), timeout=30,
                         headers={"content-type": "multipart/form-data; boundary=x"})
    assert (refused.status_code, refused.text) == (411, "上传请求没有注明文件大小，未接收。")


def test_the_upload_function_refuses_a_file_over_the_limit(corpus: Path) -> None:
    folder = upload_roots()[0] / f"limit-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "大文件.txt"
    big.write_bytes(b"x" * (MAX_UPLOAD_BYTES + 1))
    before = snapshot(corpus)
    try:
        report = upload_document(Bangfu.open_corpus(corpus), str(big), lambda *a, **k: None)
    finally:
        shutil.rmtree(folder)
    assert report == ("### 上传失败\n文件“大文件.txt”有 10.1 MB，超过上传上限 10 MB，未添加。"
                      "请拆分成几个文件后再上传。\n\n语料与图谱均未改变。")
    assert snapshot(corpus) == before


@pytest.mark.parametrize(("size", "text"), [(MAX_UPLOAD_BYTES, "10 MB"), (MAX_UPLOAD_BYTES + 1, "10.1 MB"),
                                            (1536 * 1024, "1.5 MB"), (300 * 1024, "300 KB"), (1, "1 KB")])
def test_sizes_read_as_a_person_reads_them(size: int, text: str) -> None:
    assert size_text(size) == text


# -- removing a document (changes the corpus: keep last) ----------------------------------------

def test_removing_an_unknown_name_says_so_and_changes_nothing(client, corpus: Path) -> None:
    before, count = snapshot(corpus), pairings(client)
    asked = client.predict("002_f96d2e1adf756957", api_name="/remove")
    assert asked.startswith("将删除「002\\_f96d2e1adf756957」")  # the first click only asks
    line = client.predict("002_f96d2e1adf756957", api_name="/remove")
    shown = REMOVED.replace("_", "\\_")  # Markdown: a _ in a file name stays a _
    assert line == f"删除失败：未找到文件「002\\_f96d2e1adf756957」。语料中相近的文件：{shown}。"
    assert snapshot(corpus) == before and pairings(client) == count


def test_removing_takes_a_second_click_and_changes_exactly_that_document(client, corpus: Path) -> None:
    before, count = snapshot(corpus), pairings(client)
    label = document_label(corpus, REMOVED).replace("_", "\\_")
    shown = REMOVED.replace("_", "\\_")
    asking = f"将删除「{label}」（{shown}），删除后无法恢复。请再次点击“确认删除”；选择其他文件即取消。"

    assert client.predict(REMOVED, api_name="/remove") == asking
    other = client.predict(OTHER, api_name="/remove")  # another file: asks again, deletes nothing
    assert other.startswith("将删除「") and "（" + OTHER.replace("_", "\\_") + "）" in other
    assert snapshot(corpus) == before
    assert client.predict(REMOVED, api_name="/remove") == asking
    assert snapshot(corpus) == before

    line = client.predict(REMOVED, api_name="/remove")
    assert line == f"已删除「{label}」，图谱已重新构建：4 份文件，帮扶关系 280 条（减少 30 条）。"
    after = snapshot(corpus)
    assert set(after) == set(before) - {REMOVED}
    assert {n: after[n] for n in after if n != "manifest.tsv"} == {
        n: before[n] for n in before if n not in (REMOVED, "manifest.tsv")}
    manifest = (corpus / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t", 1)[0] for line in manifest] == [
        "file", "000_5e86d926f4900194.txt", "001_5d7973793b16831f.txt", "003_4d4abe8e6271f2f6.txt", OTHER]
    assert pairings(client) == count - 30
