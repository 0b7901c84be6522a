"""How often biokg says a drug TREATS a disease the drug in fact causes (BC5CDR's CID pairs).

Usage:
    python bench/treats_vs_cid.py [--shared ../shared] [--docs 200] [--split test|dev]

The first N BC5CDR test abstracts are written as .txt files (title line, blank line, abstract)
and read the way `biokg run FOLDER` reads them (`read_source`); the default pipeline extracts
them. Every TREATS relation is mapped to the corpus' MeSH concepts through its entities'
mentions (a gold chemical or disease mention overlapping a mention of the entity), and counted
once per (drug, disease, article). Printed: TREATS edge-article pairs, how many map to a gold
chemical-induced-disease (CID) pair, their share, and examples. Issue 15 asks for at most 5% on
the test split; `--split dev` gives a second figure on abstracts the test figure's error reading
never saw.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    from biokg.ingest import read_source
    from biokg.nlp import Extractor
    from biokg.nlp.evaluation import read_pubtator

    from biokg.config import Settings
    from biokg.model import Failure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    args = parser.parse_args(argv)
    name = {"test": "CDR_TestSet", "dev": "CDR_DevelopmentSet"}[args.split]
    path = args.shared / "corpora" / "bc5cdr" / f"{name}.PubTator.txt"
    if not path.is_file():
        print(f"no BC5CDR test set at {path}", file=sys.stderr)
        return 2
    gold_docs = read_pubtator(path)[: args.docs]
    settings = Settings()
    documents = []
    offsets = []
    with tempfile.TemporaryDirectory() as folder:
        for doc in gold_docs:
            file = Path(folder) / f"{doc['pmid']}.txt"
            file.write_text(f"{doc['title']}\n\n{doc['abstract']}\n", encoding="utf-8")
            [document] = read_source(str(file), settings)
            documents.append(document)
            # Where the corpus' "title abstract" text sits in the document's text.
            start = document.text.find(doc["abstract"][:40])
            offsets.append((document.text.find(doc["title"]), start))
    extractor = Extractor.from_settings(settings)
    pairs = cid = 0
    examples = []
    for doc, (title_at, abstract_at), result in zip(
        gold_docs, offsets, extractor.pipe(documents), strict=True
    ):
        if isinstance(result, Failure):
            continue
        cid_pairs = {frozenset((a, b)) for kind, a, b in doc["rels"] if kind == "CID"}
        shift_title, shift_abstract = title_at, abstract_at - (len(doc["title"]) + 1)

        def concepts(entity, kind: str, doc=doc, shifts=(shift_title, shift_abstract)) -> set:
            found = set()
            for m in entity.mentions:
                for s, e, t, ids in doc["mentions"]:
                    shift = shifts[0] if s < len(doc["title"]) else shifts[1]
                    if t == kind and s + shift < m.end and m.start < e + shift:
                        found |= ids
            return found

        entities = {e.id: e for e in result.entities}
        seen = set()
        for rel in result.relations:
            if rel.predicate.value != "TREATS" or rel.negated:
                continue
            key = (rel.subject, rel.object)
            if key in seen:
                continue
            seen.add(key)
            pairs += 1
            drugs = concepts(entities[rel.subject], "DRUG")
            diseases = concepts(entities[rel.object], "DISEASE")
            if any(frozenset((a, b)) in cid_pairs for a in drugs for b in diseases):
                cid += 1
                if len(examples) < 10:
                    examples.append(
                        f"{doc['pmid']}: {entities[rel.subject].name} TREATS "
                        f"{entities[rel.object].name}"
                    )
    share = cid / pairs if pairs else 0.0
    print(f"BC5CDR {args.split}, first {len(gold_docs)} abstracts read as .txt files, "
          "default pipeline:")  # fmt: skip
    print(f"TREATS edge-article pairs: {pairs}; of them gold CID (drug-induced) pairs: {cid} "
          f"({share:.1%}; issue 15 asks for <= 5%)")  # fmt: skip
    for line in examples:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
