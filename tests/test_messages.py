"""User messages are Chinese only: what a library said (its exception class, its English
message) goes to the log, never into the line a user reads."""

from __future__ import annotations

import io
import logging
import re
import zipfile

from tests.test_cli import corpus, run  # noqa: F401 - the fixture is used by name

ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


def _zip_without_word_parts() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    return data.getvalue()


def test_unreadable_files_are_reported_in_chinese_and_logged_in_full(corpus, capsys, caplog):  # noqa: F811
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (corpus / "package.docx").write_bytes(_zip_without_word_parts())  # python-docx: PackageNotFoundError
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")  # pdfminer's own exception
    with caplog.at_level(logging.INFO):
        code, out, err = run(capsys, "build", "--corpus", str(corpus))
    assert (code, err) == (0, "")
    lines = [line for line in out.splitlines() if line.strip().startswith("[无法读取的文件]")]
    assert len(lines) == 3
    for line in lines:
        words = set(ENGLISH_WORD.findall(line)) - {"docx", "broken", "package", "Word"}
        assert words == set(), line
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "PackageNotFoundError" in logged  # the detail is not lost: it is in the log
