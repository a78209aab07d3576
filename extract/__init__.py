"""Extraction: readers turn files into one internal form; extractors turn that into records."""
