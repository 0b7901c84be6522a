"""`biokg_name_gate`: run the base model's `ner` only on sentences that may name a person or
an organisation.

biokg takes only PERSON and ORG from en_core_web_sm's `ner` (lexicons, rules and the trained
models find the biomedical types), and that `ner` carries its own tok2vec: it was the costliest
component of the pipeline. A person or organisation name has a Title case proper noun
("Novartis", "Crystal Mackall", "National Cancer Institute") or is a known acronym ("FDA"); in
PubMed abstracts about a third of the words are in such sentences. The gate copies those
sentences into small docs, runs the `ner` over them in one `pipe` call per batch and sets their
entities on the full doc; the `ner` itself is disabled in the pipeline config.
"""

from __future__ import annotations

from biokg.nlp import patterns as P
from biokg.nlp import transition_loop
from biokg.nlp.component import BatchComponent
from biokg.nlp.lexicon import Lexicon
from biokg.nlp.recognisers import load_lexicon
from spacy.language import Language
from spacy.tokens import Doc, Span

PROPER = {"NNP", "NNPS"}


def may_hold_a_name(sent: Span, lexicon: Lexicon | None = None) -> bool:
    """A known organisation acronym, or a Title case proper noun that could be part of a name.

    Not a name word: one or two letters or anything with a digit or hyphen ("A", "B3",
    "G-395A": alleles, variants, cell lines), and, given the `lexicon`, a term it lists as
    biomedical ("Akt"). In PubMed abstracts this halves the words the base `ner` sees
    (43% -> 20% on BioRED train; 76% -> 48% on a news story) without losing the names of people
    and organisations, which have at least one ordinary name word (bench/therapy_dev: the same
    PERSON and ORGANIZATION recall).
    """
    return any(
        t.text in P.KNOWN_ORG_ACRONYMS or (t.tag_ in PROPER and _name_word(t.text, lexicon))
        for t in sent
    )


def _name_word(text: str, lexicon: Lexicon | None) -> bool:
    letters = text.replace("'", "").replace("’", "")  # O'Brien
    if not (text.istitle() and len(text) > 2 and letters.isalpha()):
        return False
    return lexicon is None or not lexicon.knows(text)


class NameGate(BatchComponent):
    def __init__(self, nlp: Language, name: str, ner: str, batch_size: int) -> None:
        self.name = name
        self.ner_name = ner
        self.sentences_per_batch = batch_size  # for the `ner`; docs come as `pipe` batches them
        self.nlp = nlp
        self.lexicon = load_lexicon(None)

    @property
    def ner(self):
        # Looked up on use: the sourced `ner` is created after this component's factory may run.
        return self.nlp.get_pipe(self.ner_name)

    def annotate(self, docs: list[Doc]) -> list[Doc]:
        jobs: list[tuple[Doc, Span]] = []
        try:
            for doc in docs:
                jobs += [(doc, s) for s in doc.sents if may_hold_a_name(s, self.lexicon)]
        except ValueError:  # no sentence boundaries (a blank doc): take whole docs
            jobs = [(doc, doc[:]) for doc in docs]
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        pieces = (sent.as_doc() for _, sent in jobs)
        tagged = transition_loop.pipe(self.ner, pieces, self.sentences_per_batch)
        for (doc, sent), piece in zip(jobs, tagged, strict=True):
            found[id(doc)] += [
                Span(doc, sent.start + e.start, sent.start + e.end, label=e.label_)
                for e in piece.ents
            ]
        for doc in docs:
            doc.ents = found[id(doc)]
        return docs
