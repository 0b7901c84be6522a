"""The compiled lexicon: normalised term -> (curie, entity type), loaded from `nlp/data/`.

Two key spaces keep short gene symbols precise without losing long names:
- `ci_key` folds case, accents, Greek letters, dashes and spacing ("B-Cell ALL" == "b cell all"),
  for names of five characters or more;
- `cs_key` keeps case and drops punctuation ("PD-1" == "PD1", but "cd22" != "CD22"), for symbols.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "ω": "omega",
    # Letters NFKD leaves whole.
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ø": "o", "Ø": "O", "ı": "i",
}  # fmt: skip
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_ALNUM_CS = re.compile(r"[^0-9A-Za-z]+")


def _fold(text: str) -> str:
    if text.isascii():
        return text  # nothing to fold, and most words are
    text = "".join(_GREEK.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    # Drop combining marks and invisible format characters (ZWSP, soft hyphen, BOM...).
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Cf"))


@lru_cache(maxsize=65536)
def ci_key(text: str) -> str:
    """Case-insensitive key.

    >>> ci_key("B‐Cell  Acute-Lymphoblastic Leukæmia")
    'b cell acute lymphoblastic leukaemia'
    """
    return _NON_ALNUM.sub(" ", _fold(text).casefold()).strip()


@lru_cache(maxsize=65536)
def cs_key(text: str) -> str:
    """Case-sensitive symbol key.

    >>> cs_key("PD-1"), cs_key("TNF-α")
    ('PD1', 'TNFalpha')
    """
    return _NON_ALNUM_CS.sub("", _fold(text))


# A term shared by concepts of different types goes to the type that the corpora annotate it
# as most often; without that evidence, this order decides.
_TYPE_ORDER = {"DISEASE": 0, "DRUG": 1, "GENE": 2, "CELL_TYPE": 3, "OUTCOME": 4}


class Lexicon:
    """Exact-match tables plus concept metadata.

    Example:
        >>> lex = Lexicon.from_rows(
        ...     [("HGNC:1643", "GENE", "CD22", "")],
        ...     [("HGNC:1643", "GENE", "CD22", "cs", 1), ("HGNC:1643", "GENE", "SIGLEC2", "cs", 0)],
        ... )
        >>> lex.lookup_cs("SIGLEC2")
        ('HGNC:1643', 'GENE')
    """

    def __init__(self) -> None:
        self.concepts: dict[str, tuple[str, str, str]] = {}  # curie -> (type, name, xrefs)
        self.ci: dict[str, tuple[str, str]] = {}
        self.cs: dict[str, tuple[str, str]] = {}
        self.ci_first_words: set[str] = set()
        # Every key's leading words short of the whole key ("b cell", "b cell acute" for "b
        # cell acute lymphoblastic leukemia"): the matcher stops extending a span as soon as its
        # words start no longer term, instead of always trying max_words tokens.
        self.ci_prefixes: set[str] = set()
        self.max_words = 1
        self._rank: dict[tuple[str, str], tuple[int, int]] = {}

    @classmethod
    def from_rows(cls, concepts, terms) -> Lexicon:
        lex = cls()
        for curie, etype, name, xrefs in concepts:
            lex.concepts[curie] = (etype, name, xrefs)
        for row in terms:
            lex.add(*row[:4], pref=int(row[4]), key=row[5] if len(row) > 5 else None)
        return lex

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Lexicon:
        """Load `concepts.tsv.gz` and `terms.tsv.gz` (built by scripts/build_lexicons.py).

        The compiled terms table holds one row per (mode, key), already resolved, so loading is
        plain dict filling (about 0.3 s for 200k terms).
        """
        lex = cls()
        with gzip.open(data_dir / "concepts.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                curie, etype, name, xrefs = line.rstrip("\n").split("\t")
                lex.concepts[curie] = (etype, name, xrefs)
        ci, cs = lex.ci, lex.cs
        with gzip.open(data_dir / "terms.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                curie, etype, _term, mode, _pref, key = line.rstrip("\n").split("\t")
                (cs if mode == "cs" else ci)[key] = (curie, etype)
        lex.ci_first_words = {key.split(" ", 1)[0] for key in ci}
        for key in ci:
            lex._add_prefixes(key)
        lex.max_words = min(12, max((key.count(" ") + 1 for key in ci), default=1))
        lex._rank = dict.fromkeys((("ci", k) for k in ci), (0, 0))
        lex._rank.update(dict.fromkeys((("cs", k) for k in cs), (0, 0)))
        return lex

    def add(
        self,
        curie: str,
        etype: str,
        term: str,
        mode: str,
        pref: int = 0,
        force: bool = False,
        key: str | None = None,
    ) -> None:
        """Add one term; `force` lets a hand-written entry override the ontologies.

        `key` is the precomputed normalised key (the compiled table stores it: computing 200k keys
        at load time would cost seconds).
        """
        key = key or (cs_key(term) if mode == "cs" else ci_key(term))
        if not key:
            return
        table = self.cs if mode == "cs" else self.ci
        rank = (-1, 0) if force else (0 if pref else 1, _TYPE_ORDER.get(etype, 9))
        if key in table and self._rank[(mode, key)] <= rank:
            return
        table[key] = (curie, etype)
        self._rank[(mode, key)] = rank
        if mode == "ci":
            words = key.split()
            self.ci_first_words.add(words[0])
            self.max_words = max(self.max_words, min(len(words), 12))
            self._add_prefixes(key)

    def _add_prefixes(self, key: str) -> None:
        end = key.rfind(" ")
        while end > 0:
            key = key[:end]
            if key in self.ci_prefixes:
                return  # added with a longer key, and its own prefixes with it
            self.ci_prefixes.add(key)
            end = key.rfind(" ")

    def lookup_ci(self, key: str) -> tuple[str, str] | None:
        return self.ci.get(key)

    def lookup_cs(self, key: str) -> tuple[str, str] | None:
        return self.cs.get(key)

    def knows(self, text: str) -> bool:
        """Whether `text` is a term of the lexicon, under either key."""
        return ci_key(text) in self.ci or cs_key(text) in self.cs

    def name_of(self, curie: str) -> str | None:
        concept = self.concepts.get(curie)
        return concept[1] if concept else None
