"""Readers: one per file format, all returning :class:`extract.document.ParsedDocument`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.errors import DocumentError
from extract.document import ParsedDocument

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


def _reader_for(suffix: str) -> Callable[[Path, str | None], ParsedDocument]:
    # Imported lazily: python-docx and pdfplumber are only loaded when such a file appears.
    if suffix == ".txt":
        from extract.readers.txt import read_txt

        return read_txt
    if suffix == ".docx":
        from extract.readers.docx import read_docx

        return read_docx
    if suffix == ".pdf":
        from extract.readers.pdf import read_pdf

        return read_pdf
    raise DocumentError(
        f"不支持的文件格式：{suffix or '（无扩展名）'}",
        detail="支持 " + "、".join(SUPPORTED_SUFFIXES),
    )


def read_document(path: Path | str, name: str | None = None) -> ParsedDocument:
    """Read any supported file; raise :class:`DocumentError` with a Chinese message otherwise."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"找不到文件：{path}")
    reader = _reader_for(path.suffix.lower())
    try:
        return reader(path, name)
    except DocumentError:
        raise
    except Exception as exc:  # a corrupt file surfaces as whatever the library raises
        raise DocumentError(f"文件已损坏或无法解析：{path.name}", detail=type(exc).__name__) from exc
