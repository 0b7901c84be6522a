"""biokg.nlp: Documents -> Extractions (typed, grounded entities and evidence-backed relations).

Public surface: `Extractor` (`from_settings`, `extract`, `pipe`).
"""

from __future__ import annotations

__all__ = ["Extractor"]


def __getattr__(name: str):
    # Lazy, so `import biokg.nlp` (e.g. for the CLI's --help) does not pull in spaCy.
    if name == "Extractor":
        from biokg.nlp.extractor import Extractor

        return Extractor
    raise AttributeError(name)
