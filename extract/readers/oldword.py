"""Old Word (.doc) and WPS (.wps) files: converted to .docx, then read by the Word reader.

No Python library reads the binary Word formats well, and attachments still arrive as
``关系表.doc``. Two programs do, and are used when installed (both optional, neither is a
Python dependency):

1. LibreOffice, headless: ``soffice --convert-to docx`` into a temporary folder, with a
   throw-away user profile (``-env:UserInstallation``) so that a running LibreOffice or a
   read-only home does not block it. Word tables stay tables.
2. ``antiword`` (.doc only): plain text, tables printed as ``|cell|cell|`` rows, which are
   turned into the tab rows the .txt reader reads.

Without either, one Chinese line says what to install. Nothing is written beside the file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument
from extract.readers.assemble import assemble
from extract.readers.decode import decode_bytes
from extract.readers.files import require_content

CONVERT_TIMEOUT_S = 180


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert_with_libreoffice(soffice: str, path: Path, name: str) -> ParsedDocument:
    from extract.readers.docx import read_docx

    with tempfile.TemporaryDirectory(prefix="bangfu-doc-") as work:
        folder = Path(work)
        source = folder / f"source{path.suffix.lower()}"  # a plain name: soffice trips on some
        shutil.copyfile(path, source)
        command = [
            soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
            "--convert-to", "docx", "--outdir", str(folder / "out"), str(source),
        ]
        try:
            run = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DocumentError(message("E431", name=name), detail=type(exc).__name__) from exc
        converted = folder / "out" / "source.docx"
        if run.returncode != 0 or not converted.is_file():
            detail = run.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {run.returncode}"
            raise DocumentError(message("E431", name=name), detail=detail)
        doc = read_docx(converted, name)
    doc.fmt = path.suffix.lower().lstrip(".")
    return doc


def _antiword_lines(text: str) -> list[str]:
    """antiword prints a table row as ``|cell|cell|``: made a tab row for the .txt grouping."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            lines.append("\t".join(cell.strip() for cell in stripped[1:-1].split("|")))
        else:
            lines.append(line)
    return lines


def _convert_with_antiword(antiword: str, path: Path, name: str) -> ParsedDocument:
    from extract.readers.txt import _items as txt_items

    try:
        run = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                             timeout=CONVERT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DocumentError(message("E432", name=name), detail=type(exc).__name__) from exc
    if run.returncode != 0:
        detail = run.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {run.returncode}"
        raise DocumentError(message("E432", name=name), detail=detail)
    text = decode_bytes(run.stdout, name)
    return assemble(name, "doc", txt_items(_antiword_lines(text)))


def read_old_word(path: Path, name: str | None = None) -> ParsedDocument:
    """Read a .doc or .wps through LibreOffice (or antiword for .doc)."""
    path = Path(path)
    name = name or path.name
    require_content(path, name)
    soffice = _soffice()
    if soffice:
        return _convert_with_libreoffice(soffice, path, name)
    antiword = shutil.which("antiword")
    if antiword and path.suffix.lower() == ".doc":
        return _convert_with_antiword(antiword, path, name)
    raise DocumentError(message("E433", name=name, suffix=path.suffix.lower()))
