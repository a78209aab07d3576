"""Readers: one per file format, all returning :class:`extract.document.ParsedDocument`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument

# suffix -> (module, function). Imported lazily: python-docx, pdfplumber, calamine and the
# OCR engine are only loaded when such a file appears.
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("extract.readers.txt", "read_txt"),
    ".docx": ("extract.readers.docx", "read_docx"),
    ".pdf": ("extract.readers.pdf", "read_pdf"),
    ".xlsx": ("extract.readers.excel", "read_excel"),
    ".xls": ("extract.readers.excel", "read_excel"),
    ".html": ("extract.readers.html", "read_html"),
    ".htm": ("extract.readers.html", "read_html"),
    ".mhtml": ("extract.readers.html", "read_html"),
    ".mht": ("extract.readers.html", "read_html"),
    ".doc": ("extract.readers.oldword", "read_old_word"),
    ".wps": ("extract.readers.oldword", "read_old_word"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), ("extract.readers.scan", "read_scan")),
}
# Readers that may OCR take the folder of the OCR cache.
_OCR_READERS = ("read_pdf", "read_scan")
SUPPORTED_SUFFIXES = tuple(_READERS)


def _reader_for(suffix: str) -> Callable[..., ParsedDocument]:
    if suffix not in _READERS:
        shown = suffix or message("E902")
        raise DocumentError(message("E901", suffix=shown, formats="、".join(SUPPORTED_SUFFIXES)))
    module, function = _READERS[suffix]
    return getattr(import_module(module), function)


def read_document(
    path: Path | str, name: str | None = None, *, ocr_cache: Path | None = None
) -> ParsedDocument:
    """Read any supported file; raise :class:`DocumentError` with a Chinese message otherwise.

    ``ocr_cache`` is the folder where scans' OCR results are kept (None: OCR every time).
    """
    path = Path(path)
    if not path.is_file():
        raise DocumentError(message("E903", path=path))
    reader = _reader_for(path.suffix.lower())
    options = {"ocr_cache": ocr_cache} if reader.__name__ in _OCR_READERS else {}
    try:
        return reader(path, name, **options)
    except DocumentError:
        raise
    except Exception as exc:  # a corrupt file surfaces as whatever the library raises
        raise DocumentError(message("E904", name=path.name), detail=type(exc).__name__) from exc
