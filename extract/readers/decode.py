"""Bytes to text for plain-text documents, with a clear error for anything else."""

from __future__ import annotations

from core.errors import DocumentError
from core.messages import message
from core.normalize import to_simplified
from extract.text import looks_traditional


def decode_bytes(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM), then GB18030, which official Chinese files also use.

    Traditional-character documents are converted to simplified so that names match.
    """
    if not data.strip():
        raise DocumentError(message("E905", name=file_name))
    if b"\x00" in data[:4096]:
        raise DocumentError(message("E906", name=file_name))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocumentError(message("E907", name=file_name))
    if looks_traditional(text):
        text = to_simplified(text)
    return text
