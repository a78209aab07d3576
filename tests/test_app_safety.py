"""The app under an attacker's and a busy office's use: uploads only from the browser, answers
that send only their own nodes and edges, Chinese messages, tidy temporary folders."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline import safe_name
from tests import test_app
from tests.conftest import ROOT
from ui.app import explain, unique_labels, upload_document
from ui.frontdoor import Bangfu
from ui.uploads import accepted_upload, original_name, upload_roots

gradio_client = pytest.importorskip("gradio_client")
# One app per module over a private corpus copy, with the fixtures test_app.py uses.
corpus, server, client = test_app.corpus, test_app.server, test_app.client
NOT_UPLOADED = "只接受通过浏览器上传的文件，服务器上的其他路径不会被读取。"
SECRET = "由昆明医科大学第一附属医院帮扶秘密县人民医院。\n"


def snapshot(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture
def server_file() -> Iterator[Path]:
    """A document elsewhere on the server, outside every upload folder."""
    folder = Path("/var/tmp") if os.access("/var/tmp", os.W_OK) else Path.home()
    path = folder / f"bangfu-secret-{os.getpid()}.txt"
    path.write_text(SECRET, encoding="utf-8")
    yield path
    path.unlink(missing_ok=True)


# -- uploads only from the browser -----------------------------------------------------------

def test_a_server_path_is_refused(server_file: Path, tmp_path: Path) -> None:
    with pytest.raises(Exception) as refused:
        accepted_upload(server_file)
    assert str(refused.value) == NOT_UPLOADED
    gradio_folder = upload_roots()[0]
    gradio_folder.mkdir(parents=True, exist_ok=True)
    link = gradio_folder / f"link-{os.getpid()}.txt"  # a link planted in the upload folder
    link.symlink_to(server_file)
    try:
        with pytest.raises(Exception) as refused:
            accepted_upload(link)
        assert str(refused.value) == NOT_UPLOADED
    finally:
        link.unlink()
    inside = gradio_folder / f"upload-{os.getpid()}.txt"
    inside.write_text(SECRET, encoding="utf-8")
    try:
        assert accepted_upload(inside) == inside.resolve()
    finally:
        inside.unlink()


def test_the_upload_api_refuses_a_server_path_and_changes_nothing(
    client, server: str, corpus: Path, server_file: Path
) -> None:
    """Raw HTTP, as an attacker would send it (gradio_client would upload the file's bytes
    itself, which is a browser-like upload): a FileData naming a path on the server."""
    before = snapshot(corpus)
    file_data = {"path": str(server_file), "meta": {"_type": "gradio.FileData"}}
    posted = httpx.post(server + "gradio_api/call/upload", json={"data": [file_data]}, timeout=30)
    posted.raise_for_status()
    stream = httpx.get(server + f"gradio_api/call/upload/{posted.json()['event_id']}", timeout=120).text
    events = [line.removeprefix("event: ") for line in stream.splitlines() if line.startswith("event: ")]
    if "complete" in events:  # a Gradio that passes the path on: the app's own rule answers
        assert NOT_UPLOADED in stream
    else:
        assert events == ["error"]
    assert snapshot(corpus) == before
    history, _, _ = client.predict("谁帮扶秘密县人民医院", [], api_name="/ask")
    assert "昆明医科大学第一附属医院" not in str(history[-1])


def test_the_upload_function_itself_refuses_a_server_path(corpus: Path, server_file: Path) -> None:
    """The app's own rule, whatever Gradio checks before: its upload function given the path."""
    before = snapshot(corpus)
    report = upload_document(Bangfu.open_corpus(corpus), str(server_file), lambda *a, **k: None)
    assert report == f"### 上传失败\n{NOT_UPLOADED}\n\n语料与图谱均未改变。"
    assert snapshot(corpus) == before


def test_an_unsupported_type_is_refused_in_chinese(client, corpus: Path, tmp_path: Path) -> None:
    odd = tmp_path / "通知.rtf"
    odd.write_text("{\\rtf1 通知}", encoding="utf-8")
    before = snapshot(corpus)
    report = client.predict(gradio_client.handle_file(str(odd)), api_name="/upload")
    assert report.startswith("### 上传失败\n不支持的文件格式：通知.rtf（支持 ")
    assert "Invalid" not in report and "Error" not in report
    assert snapshot(corpus) == before


def test_a_quote_in_a_file_name_is_kept() -> None:
    assert safe_name('关于"组团式"帮扶的通知.txt') == '关于"组团式"帮扶的通知.txt'
    browser_name = Path("/tmp/gradio/ab/关于%22组团式%22帮扶的通知.txt")
    assert original_name(browser_name) == '关于"组团式"帮扶的通知.txt'
    assert safe_name("../../etc/passwd") == "passwd"


# -- answers send their own nodes and edges, the library once ----------------------------------

def test_an_answer_sends_its_network_without_the_library(client, server: str) -> None:
    history, evidence, network = client.predict("谁帮扶怒江州人民医院", [], api_name="/ask")
    size = len(network.encode()) + len(evidence.encode()) + len(str(history).encode())
    assert size < 50_000, size
    assert "bangfuDraw(" in network and "怒江州人民医院" in network
    # the library and the view's drawing code are linked, not inlined, and the app serves them
    assert "function(t,e){" not in network and "new vis.Network" not in network
    linked = {}
    for name in ("vis-network.min.js", "network.js", "network.css"):
        url = re.search(r"/gradio_api/file=[^&\"]*?/" + re.escape(name), network).group(0)
        linked[name] = httpx.get(server.rstrip("/") + url, timeout=30)
    assert all(reply.status_code == 200 for reply in linked.values())
    assert len(linked["vis-network.min.js"].content) > 400_000
    drawing = linked["network.js"].text
    assert "function bangfuDraw(" in drawing and "new vis.Network" in drawing
    assert ".bangfu-legend" in linked["network.css"].text


# -- messages and labels ---------------------------------------------------------------------

def test_an_internal_error_names_no_exception_class() -> None:
    assert explain(KeyError("x")) == "系统内部错误，请稍后重试或联系维护人员。"


def test_document_labels_are_unique() -> None:
    docs = [("关于对口帮扶的通知", "a.txt"), ("关于对口帮扶的通知", "b.txt"), ("工作方案", "c.txt")]
    assert unique_labels(docs) == [
        ("关于对口帮扶的通知（a.txt）", "a.txt"),
        ("关于对口帮扶的通知（b.txt）", "b.txt"),
        ("工作方案", "c.txt"),
    ]


# -- temporary folders -----------------------------------------------------------------------

SIGTERMED = textwrap.dedent(
    """
    import sys, time
    from ui.downloads import download_root, remove_downloads_on_sigterm

    remove_downloads_on_sigterm()
    print(download_root(), flush=True)
    time.sleep(60)
    """
)


def test_the_downloads_folder_is_removed_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", SIGTERMED], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             text=True)
    folder = Path(child.stdout.readline().strip())  # type: ignore[union-attr]
    assert folder.is_dir() and folder.parent == tmp_path
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == -signal.SIGTERM  # still ended by the signal, as before
    deadline = time.monotonic() + 5
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not folder.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
