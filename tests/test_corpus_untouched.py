"""Nothing is written into the user's corpus folder unless they ask, and a failed write is one
Chinese line: reading commands leave the folder byte-identical, ``bangfu manifest`` writes the
manifest atomically after a successful build, read-only files and folders are refused."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from extract.manifest import load_manifest
from tests.conftest import CORPUS, ROOT
from tests.test_cli import run

NEW_DOC = "005_新增帮扶名单.txt"
NEW_TEXT = "关于新增对口帮扶关系的通知\n\n由昆明医科大学第一附属医院帮扶禄劝县人民医院。\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) by relative path, with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """The seed corpus without its manifest plus one new document: what made reads write."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    (target / "manifest.tsv").unlink()
    (target / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    return target


@pytest.mark.parametrize(
    "argv",
    [
        ("build",),
        ("build", "--rebuild"),
        ("ask", "谁帮扶禄劝县人民医院"),
        ("ask", "--json", "谁帮扶禄劝县人民医院"),
        ("export", "--format", "json", "--out", "{tmp}/out.json"),
    ],
)
def test_reading_commands_leave_the_corpus_byte_identical(corpus, tmp_path, capsys, argv):
    before = snapshot(corpus)
    code, out, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv), "--corpus", str(corpus))
    assert (code, err) == (0, "")
    assert snapshot(corpus) == before
    if argv[0] == "build":
        assert "清单 manifest.tsv 未列出 6 份文件" in out


def test_manifest_command_adds_rows_after_the_build(corpus, capsys):
    code, out, _ = run(capsys, "manifest", "--corpus", str(corpus))
    assert code == 0
    documents = sorted(p.name for p in corpus.iterdir() if p.suffix == ".txt")
    assert sorted(load_manifest(corpus)) == documents
    assert out.count("清单新增一行：") == 6
    assert sorted(p.name for p in corpus.iterdir()) == sorted([*documents, "manifest.tsv"])  # no temp file
    before = snapshot(corpus)
    code, out, _ = run(capsys, "manifest", "--corpus", str(corpus))
    assert code == 0 and out.startswith("清单已列出全部文件")
    assert snapshot(corpus) == before
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert "使用缓存" in out and "未列出" not in out  # the written manifest did not force a rebuild


def _writable(path: Path) -> bool:
    """Can a new file really be made in ``path`` (a folder) or ``path`` be replaced (a file)?"""
    probe = (path if path.is_dir() else path.parent) / ".bangfu-probe"
    try:
        if path.is_dir():
            probe.write_bytes(b"")
        else:
            probe.write_bytes(path.read_bytes())
            os.replace(probe, path)
        probe.unlink(missing_ok=True)
        return True
    except OSError:
        probe.unlink(missing_ok=True)
        return False


@contextmanager
def read_only(path: Path, *, force_immutable: bool = False) -> Iterator[None]:
    """Make ``path`` read-only for real, root included: chmod, and where root ignores chmod
    (``os.access`` still says writable) the immutable attribute, which binds root as well."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = False
    try:
        if force_immutable or (path.is_dir() and os.access(path, os.W_OK)):
            immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
            if not immutable or _writable(path):
                pytest.skip("cannot make a file read-only for this user on this file system")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def _one_chinese_line(err: str, path: Path) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and str(path) in lines[0]
    for english in ("Traceback", "Error", "Errno", "Permission denied", "Read-only"):
        assert english not in lines[0]


@pytest.mark.parametrize("immutable", [False, True], ids=["chmod", "immutable"])
def test_read_only_manifest_is_one_chinese_line(corpus, capsys, immutable):
    """chmod 444: bangfu respects the mark even as root; immutable: the system itself refuses."""
    run(capsys, "manifest", "--corpus", str(corpus))
    (corpus / "005_再新增.txt").write_text(NEW_TEXT.replace("禄劝县", "寻甸县"), encoding="utf-8")
    manifest = corpus / "manifest.tsv"
    with read_only(manifest, force_immutable=immutable):
        before = snapshot(corpus)
        code, _, err = run(capsys, "manifest", "--corpus", str(corpus))
        assert snapshot(corpus) == before
    assert code == 1
    _one_chinese_line(err, manifest)


def test_read_only_corpus_is_one_chinese_line(corpus, capsys):
    with read_only(corpus):
        before = snapshot(corpus)
        code, _, err = run(capsys, "build", "--corpus", str(corpus))
        assert (code, err) == (0, "")  # reading a read-only corpus works
        code, _, err = run(capsys, "manifest", "--corpus", str(corpus))
        assert snapshot(corpus) == before
    assert code == 1
    _one_chinese_line(err, corpus / "manifest.tsv")


KILLED_BUILD = textwrap.dedent(
    """
    import os, signal, sys
    import pipeline.build

    def killed(extraction):  # the process dies half-way: after extraction, inside the build
        os.kill(os.getpid(), signal.SIGKILL)

    pipeline.build.build_graph = killed
    from ui.cli import main
    sys.exit(main([sys.argv[2], "--corpus", sys.argv[1]]))
    """
)


@pytest.mark.parametrize("command", ["build", "manifest"])
def test_a_killed_build_leaves_no_manifest_row(corpus, tmp_path, command):
    shutil.copy(CORPUS / "manifest.tsv", corpus / "manifest.tsv")  # lists the seeds, not NEW_DOC
    before = snapshot(corpus)
    env = {**os.environ, "BANGFU_CACHE": str(tmp_path / "cache")}
    child = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(corpus), command], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert snapshot(corpus) == before
    assert NEW_DOC not in load_manifest(corpus)
