"""``corpus/manifest.tsv``: what a person knows about a document that its text does not say.

Why a manifest at all: some files are printed without their letterhead (贵州's plan has no
issuer line, the 2016 national plan has neither issuer nor 文号). Why it never replaces
extraction: the text is the evidence the graph quotes, so the manifest only *fills* fields the
text left empty and *checks* the ones it gave — a disagreement is reported and the text wins.

Format: UTF-8, tab-separated, one header line ``file	title	number	issuer	date	region``,
one row per corpus file; several issuers are separated by ``、``; an empty cell means "let the
text tell". Lines starting with ``#`` are comments. :func:`update_manifest` appends rows for new
files with the extracted values so a user can correct them, leaving existing lines untouched.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from core.atomic import replace_file
from core.messages import message
from core.records import DocumentInfo, Problem
from extract.docmeta import normalize_number, normalize_title, parse_date, region_of_issuers

MANIFEST_NAME = "manifest.tsv"
COLUMNS: tuple[str, ...] = ("file", "title", "number", "issuer", "date", "region")
_ISSUER_SEP = re.compile(r"[、;；,，]")


@dataclass(frozen=True)
class ManifestRow:
    """One manifest line; "" means the cell is empty."""

    file: str
    title: str = ""
    number: str = ""
    issuer: str = ""
    date: str = ""
    region: str = ""

    @property
    def issuers(self) -> list[str]:
        return [name.strip() for name in _ISSUER_SEP.split(self.issuer) if name.strip()]


def manifest_path(corpus_dir: Path | str) -> Path:
    return Path(corpus_dir) / MANIFEST_NAME


def _data_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")  # -sig: a spreadsheet may save a BOM
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_manifest(corpus_dir: Path | str) -> dict[str, ManifestRow]:
    """The manifest's rows by file name; {} when the corpus has no manifest."""
    path = manifest_path(corpus_dir)
    if not path.is_file():
        return {}
    reader = csv.DictReader(_data_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: dict[str, ManifestRow] = {}
    for raw in reader:
        values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        if values["file"]:
            rows[values["file"]] = ManifestRow(**values)
    return rows


def _conflict(info: DocumentInfo, field_name: str, said: str, text_value: object) -> Problem:
    """The text and the manifest disagree on ``field_name``: reported, the text wins (``said``
    is the message, made by the caller from the template of that field)."""
    where = f"{MANIFEST_NAME}:{field_name}"
    return Problem(info.file, where, "manifest_conflict", said, quote=str(text_value))


def apply_manifest(info: DocumentInfo, row: ManifestRow) -> list[Problem]:
    """Fill ``info``'s empty fields from ``row``; report (never apply) disagreements.

    Derived fields follow a filled value: a number or a date from the manifest also gives the
    year when the text gave none, and issuers give the region. ``number_source`` becomes
    ``"manifest"`` when the number came from here.
    """
    problems: list[Problem] = []
    if row.title:
        if info.title is None:
            info.title = row.title
        elif normalize_title(info.title) != normalize_title(row.title):
            said = message("P621", text=info.title, listed=row.title)
            problems.append(_conflict(info, "title", said, info.title))
    if row.number:
        listed = normalize_number(row.number)
        if listed is None:
            problems.append(Problem(info.file, f"{MANIFEST_NAME}:number", "manifest_invalid",
                                    message("P627", number=row.number), quote=row.number))
        elif info.number is None:
            info.number, info.number_source = listed, "manifest"
            if info.year is None:
                info.year = int(listed.split("〔")[1][:4])
        elif info.number != listed:
            said = message("P622", text=info.number, listed=row.number)
            problems.append(_conflict(info, "number", said, info.number))
    if row.issuers:
        if not info.issuers:
            info.issuers = row.issuers
        elif set(info.issuers) != set(row.issuers):
            issuers = "、".join(info.issuers)
            said = message("P623", text=issuers, listed=row.issuer)
            problems.append(_conflict(info, "issuer", said, issuers))
    if row.date:
        listed_date = parse_date(row.date)
        if listed_date is None:
            problems.append(Problem(info.file, f"{MANIFEST_NAME}:date", "manifest_invalid",
                                    message("P628", date=row.date), quote=row.date))
        elif info.date is None:
            info.date = listed_date
            if info.year is None:
                info.year = int(listed_date[:4])
            elif info.year != int(listed_date[:4]):
                said = message("P624", text=info.year, listed=row.date)
                problems.append(_conflict(info, "date", said, info.year))
        elif info.date != listed_date:
            said = message("P625", text=info.date, listed=row.date)
            problems.append(_conflict(info, "date", said, info.date))
    if row.region:
        if info.region is None:
            info.region = row.region
        elif info.region != row.region:
            said = message("P626", text=info.region, listed=row.region)
            problems.append(_conflict(info, "region", said, info.region))
    if info.region is None and info.issuers:
        info.region = region_of_issuers(info.issuers)
    return problems


def _cell(value: object) -> str:
    """A TSV cell: tabs and line breaks would break the row, so they become spaces."""
    return re.sub(r"[\t\r\n]+", " ", "" if value is None else str(value)).strip()


def row_for(info: DocumentInfo) -> ManifestRow:
    """The manifest row a new document gets: the extracted values, ready for a person to correct."""
    return ManifestRow(
        file=info.file, title=_cell(info.title), number=_cell(info.number),
        issuer=_cell("、".join(info.issuers)), date=_cell(info.date), region=_cell(info.region),
    )


def missing_rows(corpus_dir: Path | str, infos: list[DocumentInfo]) -> list[str]:
    """The documents (file names, sorted) that the manifest does not list yet; reads only."""
    existing = load_manifest(corpus_dir)
    return sorted({info.file for info in infos if info.file not in existing})


def update_manifest(corpus_dir: Path | str, infos: list[DocumentInfo]) -> list[str]:
    """Append a row for each document the manifest lacks; return the files added.

    Only a user's request calls this (an upload, ``bangfu manifest``): reading or building a
    corpus never writes into it. Existing lines (and comments) are kept byte for byte, so
    corrections a person made are never overwritten; new rows follow the file's own column
    order, or :data:`COLUMNS` for a new file. The new manifest is written to a temporary file
    beside the old one and renamed over it, so a crash leaves either the old manifest or the
    new one, never half a row. A file system error is a :class:`CorpusError` naming the path.
    """
    path = manifest_path(corpus_dir)
    existing = load_manifest(corpus_dir)
    unique = {info.file: info for info in infos if info.file not in existing}
    new = [unique[name] for name in sorted(unique)]
    if not new:
        return []
    columns = list(COLUMNS)
    raw = b""
    addition = ""
    if path.is_file():
        raw = path.read_bytes()
        lines = _data_lines(path)
        if lines:
            header = [name.strip() for name in lines[0].split("\t")]
            columns = header if "file" in header else columns
        else:
            addition += "\t".join(columns) + "\n"
        if raw and not raw.endswith(b"\n"):
            addition = "\n" + addition
    else:
        addition += "\t".join(columns) + "\n"
    known = {f.name for f in fields(ManifestRow)}
    for info in new:
        row = row_for(info)
        addition += "\t".join(getattr(row, name) if name in known else "" for name in columns) + "\n"
    replace_file(path, raw + addition.encode("utf-8"))
    return [info.file for info in new]


def remove_rows(corpus_dir: Path | str, files: Iterable[str]) -> bool:
    """Drop the rows of ``files`` (documents removed from the corpus); True if the manifest changed.

    Only a user's request calls this (``bangfu remove``, the app's 删除文件). Every other line —
    the header, comments, the rows a person corrected — is kept byte for byte, and the new
    manifest is written in one atomic replace (:func:`core.atomic.replace_file`), so a crash
    leaves the old manifest or the new one. No manifest, or no row for the files: nothing is
    written.
    """
    path = manifest_path(corpus_dir)
    if not path.is_file():
        return False
    drop = set(files)
    raw = path.read_bytes()
    kept: list[bytes] = []
    column: int | None = None  # the position of "file", from the header (the first data line)
    for line in raw.splitlines(keepends=True):
        text = line.decode("utf-8-sig", errors="replace").rstrip("\r\n")  # -sig: a BOM on line 1
        if not text.strip() or text.lstrip().startswith("#"):
            kept.append(line)
            continue
        cells = [cell.strip() for cell in text.split("\t")]
        if column is None:
            column = cells.index("file") if "file" in cells else 0
            kept.append(line)
            continue
        if column < len(cells) and cells[column] in drop:
            continue
        kept.append(line)
    data = b"".join(kept)
    if data == raw:
        return False
    replace_file(path, data)
    return True
