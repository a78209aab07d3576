"""Support relations stated in running text, read by a grammar rather than sentence templates.

Its words are data (``core/vocab/prose_words.tsv``, read by :mod:`core.vocab.prose`). One job
per module: :mod:`.paragraphs` (sentences,
headings, programme labels), :mod:`.mentions` (institutions in a document: names, short forms,
我院), :mod:`.clauses` (a sentence as clauses of groups and words), :mod:`.frames` (who supports
whom, from trigger words and their position) and :mod:`.extractor` (records and problems).
"""

from extract.prose.extractor import Context, ProseExtractor, ProseResult, extract_prose
from extract.prose.paragraphs import program_from_heading

__all__ = ["Context", "ProseExtractor", "ProseResult", "extract_prose", "program_from_heading"]
