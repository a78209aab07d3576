"""Scanned PDFs and photographed pages (.png, .jpg, .tif): offline OCR, then the table reader.

Stamped notices reach health commissions as scans; pairing lists as phone photos. The text
is recognised offline by RapidOCR (``rapidocr_onnxruntime`` 1.4: PP-OCRv4 Chinese models
inside the wheel, nothing fetched at run time), and ``ocr_layout`` rebuilds lines and table
cells from the boxes, so the same extractors read a scan as a typed file.

OCR is slow (seconds a page), so its raw result — the boxes of every page — is cached by
the file's hash outside the corpus folder (``.bangfu/ocr/`` beside the graph cache): a
rebuild, a code change in the layout or extractors, or the same file uploaded again reads
the cache. :func:`ocr_files` does the OCR ahead of a build, with a progress bar, so the
build itself (and the app's corpus lock) never waits on the engine.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument
from extract.readers.assemble import assemble, simplify_items
from extract.readers.files import require_content
from extract.readers.ocr_layout import Box, layout

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
RENDER_DPI = 150  # scans are made at 150-300 dpi; 150 keeps 8-point table text legible
ENGINE = "rapidocr_onnxruntime-1.4.4"
CACHE_KEY = f"{ENGINE}-{RENDER_DPI}dpi"
# Below this a box's text may be misread (clean 150-dpi table pages score 0.97-1.00).
DOUBTFUL_SCORE = 0.9

Progress = Callable[[Iterable], Iterable]


@dataclass(frozen=True)
class OcrPage:
    """One page as the engine saw it: its size in pixels and its text boxes."""

    width: float
    height: float
    boxes: list[Box]

    def to_json(self) -> dict:
        return {
            "width": self.width,
            "height": self.height,
            "boxes": [[b.text, [list(p) for p in b.corners], b.score] for b in self.boxes],
        }

    @classmethod
    def from_json(cls, data: dict) -> OcrPage:
        boxes = [Box(text, tuple((float(x), float(y)) for x, y in corners), float(score))
                 for text, corners, score in data["boxes"]]
        return cls(float(data["width"]), float(data["height"]), boxes)


@cache
def _engine():
    """The recogniser, loaded once per process (0.1 s; its models ship in the wheel)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - the package is a runtime dependency
        raise DocumentError(message("E421")) from exc
    return RapidOCR()


def _recognise(image) -> OcrPage:
    """OCR one page image (a PIL image)."""
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    result, _ = _engine()(rgb)
    boxes = [Box(str(text), tuple((float(x), float(y)) for x, y in corners), float(score))
             for corners, text, score in result or []]
    return OcrPage(float(image.width), float(image.height), boxes)


def _pdf_page_images(path: Path) -> Iterator:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            yield page.render(scale=RENDER_DPI / 72).to_pil()
    finally:
        pdf.close()


def _image_pages(path: Path) -> Iterator:
    """Every frame of an image file (a .tif may hold many pages), upright as photographed."""
    from PIL import Image, ImageOps, ImageSequence

    with Image.open(path) as image:
        for frame in ImageSequence.Iterator(image):
            yield ImageOps.exif_transpose(frame.convert("RGB"))


def page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def _page_images(path: Path) -> Iterator:
    return _pdf_page_images(path) if path.suffix.lower() == ".pdf" else _image_pages(path)


def _cache_file(path: Path, folder: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    return folder / f"{digest}-{CACHE_KEY}.json"


def cached_pages(path: Path, folder: Path | None) -> list[OcrPage] | None:
    """The cached OCR of a file, or None."""
    if folder is None:
        return None
    target = _cache_file(path, folder)
    try:
        return [OcrPage.from_json(p) for p in json.loads(target.read_text(encoding="utf-8"))["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(path: Path, folder: Path | None, pages: list[OcrPage]) -> None:
    if folder is None:
        return
    target = _cache_file(path, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"engine": CACHE_KEY, "pages": [p.to_json() for p in pages]},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    except OSError:
        pass  # a read-only cache only costs time: the next build OCRs again


def _open_error(name: str, exc: Exception) -> DocumentError:
    return DocumentError(message("E422", name=name), detail=type(exc).__name__)


def ocr_pages(path: Path, folder: Path | None, *, name: str | None = None,
              progress: Progress | None = None) -> list[OcrPage]:
    """Every page of a scan or image, from the cache or recognised now (and cached)."""
    name = name or path.name
    found = cached_pages(path, folder)
    if found is not None:
        return found
    try:
        images: Iterable = _page_images(path)
        if progress is not None:
            images = progress(list(images))
        pages = [_recognise(image) for image in images]
    except DocumentError:
        raise
    except Exception as exc:  # PIL and pdfium report damaged files with many error types
        raise _open_error(name, exc) from exc
    _store(path, folder, pages)
    return pages


def read_scan(path: Path, name: str | None = None, *, ocr_cache: Path | None = None) -> ParsedDocument:
    """Read a scanned PDF or an image by OCR into the internal form (format "ocr")."""
    path = Path(path)
    name = name or path.name
    require_content(path, name)
    pages = ocr_pages(path, ocr_cache, name=name)
    scores = [b.score for page in pages for b in page.boxes]
    if not scores:
        raise DocumentError(message("E423", name=name))
    items = layout([(page.boxes, page.width, page.height) for page in pages])
    doc = assemble(name, "ocr", simplify_items(items))
    doc.ocr_confidence = round(statistics.fmean(scores), 3)
    doc.ocr_doubtful = {
        b.text: round(b.score, 2) for page in pages for b in page.boxes if b.score < DOUBTFUL_SCORE
    }
    return doc


def needs_ocr(path: Path) -> bool:
    """An image, or a PDF with a page of pictures and no characters (a scan)."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix != ".pdf":
        return False
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # a damaged PDF is the PDF reader's to report
        return False
    try:
        for page in pdf:
            if page.get_textpage().count_chars() == 0 and any(
                True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            ):
                return True
        return False
    finally:
        pdf.close()


def ocr_files(paths: Iterable[Path], folder: Path, *, progress: Progress | None = None) -> list[Path]:
    """OCR every scan among ``paths`` not yet cached, page by page under ``progress``, before
    a build takes the corpus; returns the files recognised now."""
    pending = [p for p in paths if needs_ocr(p) and cached_pages(p, folder) is None]
    tasks = [(p, i) for p in pending for i in range(_safe_count(p))]
    done: dict[Path, list[OcrPage]] = {}
    images: dict[Path, Iterator] = {}
    for path, _ in progress(tasks) if progress is not None else tasks:
        try:
            image = next(images.setdefault(path, _page_images(path)))
            done.setdefault(path, []).append(_recognise(image))
        except (StopIteration, DocumentError):
            continue
        except Exception:  # left to the build, which reports the file as unreadable in Chinese
            images[path] = iter(())
            done.pop(path, None)
    for path, pages in done.items():
        if len(pages) == _safe_count(path):
            _store(path, folder, pages)
    return [p for p in pending if p in done]


def _safe_count(path: Path) -> int:
    try:
        return page_count(path)
    except Exception:  # a damaged file: the build reports it
        return 0
