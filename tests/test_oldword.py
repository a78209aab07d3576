"""Old Word (.doc) and WPS (.wps) files: read through LibreOffice or antiword when installed.

LibreOffice is large and optional, so the suite does not install it: the conversion is
tested with a stand-in ``soffice`` on PATH that does what LibreOffice does for our purpose
(writes the .docx named by ``--convert-to docx --outdir``, real Word tables included), and a
stand-in ``antiword`` that prints tables as ``|cell|cell|`` rows as antiword does. Without
either program, the user gets one Chinese line saying what to install.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from core.errors import DocumentError
from core.messages import message
from extract.readers import read_document
from tests.render_formats import pair_keys, seed_reading

STEM = "002_f96d2e1adf756957"
SEED = Path(__file__).resolve().parents[1] / "corpus" / f"{STEM}.txt"

FAKE_SOFFICE = f"""#!{sys.executable}
# Stand-in for LibreOffice: soffice -env:UserInstallation=URI --headless --convert-to docx --outdir DIR FILE
import sys
from pathlib import Path
import docx

args = sys.argv[1:]
log = Path(__file__).with_name("calls.log")
log.open("a", encoding="utf-8").write("\\t".join(args) + "\\n")
assert args[0].startswith("-env:UserInstallation=file://") and "--headless" in args
assert args[args.index("--convert-to") + 1] == "docx"
out = Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
out.mkdir(parents=True, exist_ok=True)
document = docx.Document()
rows = []


def flush():
    if rows:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=width)
        for cells in rows:
            for cell, text in zip(table.add_row().cells, cells + [""] * (width - len(cells))):
                cell.text = text
        rows.clear()


for line in source.read_text(encoding="utf-8").splitlines():
    if "\\t" in line:
        rows.append(line.split("\\t"))
    elif line.strip() or not rows:
        flush()
        document.add_paragraph(line)
flush()
document.save(str(out / (source.stem + ".docx")))
"""

FAKE_ANTIWORD = f"""#!{sys.executable}
# Stand-in for antiword -m UTF-8.txt -w 0 FILE: tables as |cell|cell| rows.
import sys
from pathlib import Path
for line in Path(sys.argv[-1]).read_text(encoding="utf-8").splitlines():
    print("|" + "|".join(line.split("\\t")) + "|" if "\\t" in line else line)
"""


def _install(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def old_word(tmp_path: Path) -> Path:
    """The seed notice saved as "关系表.doc" (the stand-ins read its text)."""
    folder = tmp_path / "attachments"
    folder.mkdir()
    target = folder / "关系表.doc"
    target.write_bytes(SEED.read_bytes())
    return target


def test_doc_through_libreoffice(old_word: Path, tmp_path: Path, monkeypatch) -> None:
    tools = tmp_path / "bin"
    _install(tools, "soffice", FAKE_SOFFICE)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    parsed = read_document(old_word)
    assert parsed.fmt == "doc"
    assert pair_keys(parsed) == pair_keys(seed_reading(STEM))
    assert len(parsed.tables) == 1 and parsed.tables[0].caption == "二级医院对口帮扶基层卫生院关系表"
    calls = (tools / "calls.log").read_text(encoding="utf-8").splitlines()
    out_dir = Path(calls[0].split("\t")[calls[0].split("\t").index("--outdir") + 1])
    assert not out_dir.exists()  # the temporary folder is gone
    assert sorted(p.name for p in old_word.parent.iterdir()) == ["关系表.doc"]  # nothing written beside


def test_wps_through_libreoffice(old_word: Path, tmp_path: Path, monkeypatch) -> None:
    tools = tmp_path / "bin"
    _install(tools, "soffice", FAKE_SOFFICE)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    wps = old_word.rename(old_word.with_suffix(".wps"))
    parsed = read_document(wps)
    assert parsed.fmt == "wps"
    assert pair_keys(parsed) == pair_keys(seed_reading(STEM))


def test_doc_through_antiword(old_word: Path, tmp_path: Path, monkeypatch) -> None:
    tools = tmp_path / "bin"
    _install(tools, "antiword", FAKE_ANTIWORD)
    monkeypatch.setenv("PATH", str(tools))
    parsed = read_document(old_word)
    assert pair_keys(parsed) == pair_keys(seed_reading(STEM))


def test_failed_conversion_is_one_chinese_line(old_word: Path, tmp_path: Path, monkeypatch) -> None:
    tools = tmp_path / "bin"
    _install(tools, "soffice", f"#!{sys.executable}\nimport sys\nsys.exit(3)\n")
    monkeypatch.setenv("PATH", str(tools))
    with pytest.raises(DocumentError) as excinfo:
        read_document(old_word)
    assert excinfo.value.message == "LibreOffice 无法转换旧版 Word/WPS 文件：关系表.doc"


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_without_a_converter_the_user_is_told_what_to_install(
    old_word: Path, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    path = old_word.rename(old_word.with_suffix(suffix))
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    assert excinfo.value.message == message("E433", name=path.name, suffix=suffix)
    assert "LibreOffice" in excinfo.value.message and "\n" not in excinfo.value.message
