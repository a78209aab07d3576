"""The core every other layer stands on: the record and graph model, the one exception
hierarchy, name normalisation and the vocabulary (``core.vocab``).

``core`` imports nothing of ``extract``, ``graph``, ``query`` or ``ui`` (checked by
import-linter, see docs/architecture.md).
"""
