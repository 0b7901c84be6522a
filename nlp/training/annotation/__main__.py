"""`python -m biokg.nlp.training.annotation show|check|agree|stats` -- the annotation tools.

show DOC_ID ...            the text with numbered sentences (cite these as evidence) and the
                           source corpus' own gene/chemical/disease mentions as hints
check FILE ... [--fill]    validate JSONL annotation files; --fill (re)computes each record's
                           sha1, mentions and evidence offsets in place; exit 1 on any error
agree A.jsonl B.jsonl      agreement of two annotations of the same documents, per type
                           and predicate (F1 is symmetric; A is the reference for P and R)
stats FILE ...             documents, entities and relations per source, type and predicate
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from biokg.nlp.training.annotation.agreement import Score, score_document
from biokg.nlp.training.annotation.records import (
    PREDICATES,
    TYPES,
    check,
    fill,
    read_records,
    write_records,
)
from biokg.nlp.training.annotation.texts import DEFAULT_CORPORA, UnknownText, load_text, sentences


def _show(doc_ids: list[str], corpora: Path) -> int:
    for doc_id in doc_ids:
        source = load_text(doc_id, corpora)
        print(f"=== {doc_id}  ({len(source.text)} chars)")
        for number, (start, end) in enumerate(sentences(source.text)):
            print(f"[{number}] {source.text[start:end]}")
        if source.corpus_mentions:
            hints = Counter((m.label, source.text[m.start : m.end]) for m in source.corpus_mentions)
            print("--- the source corpus marks (label: text x count):")
            for (label, text), count in sorted(hints.items()):
                print(f"    {label}: {text}" + (f" x{count}" if count > 1 else ""))
        print()
    return 0


def _check(paths: list[Path], corpora: Path, do_fill: bool) -> int:
    errors = warnings = docs = 0
    for path in paths:
        try:
            records = read_records(path)
        except ValueError as exc:
            print(f"ERROR {exc}")
            errors += 1
            continue
        out = []
        seen: set[str] = set()
        for record in records:
            docs += 1
            doc_id = record.get("doc", "?")
            if doc_id in seen:
                print(f"ERROR {path.name}: {doc_id} annotated twice in one file")
                errors += 1
            seen.add(doc_id)
            try:
                source = load_text(doc_id, corpora)
            except UnknownText as exc:
                print(f"ERROR {path.name}: {exc}")
                errors += 1
                out.append(record)
                continue
            problems = check(record, source)
            for message in problems.errors:
                print(f"ERROR {path.name}: {message}")
            for message in problems.warnings:
                print(f"warning {path.name}: {message}")
            errors += len(problems.errors)
            warnings += len(problems.warnings)
            out.append(fill(record, source) if do_fill and not problems.errors else record)
        if do_fill:
            write_records(path, out)
    print(f"{len(paths)} files, {docs} documents: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def _table(title: str, tally, keys) -> None:
    print(f"{title:18} {'P':>6} {'R':>6} {'F1':>6}   (tp/B/A)")
    for key in [*keys, None]:
        if key is not None and not (tally.gold[key] or tally.system[key]):
            continue
        p, r, f = tally.prf(key)
        tp = sum(tally.tp.values()) if key is None else tally.tp[key]
        s = sum(tally.system.values()) if key is None else tally.system[key]
        g = sum(tally.gold.values()) if key is None else tally.gold[key]
        print(f"  {key or 'all':16} {p:6.3f} {r:6.3f} {f:6.3f}   ({tp}/{s}/{g})")


def _agree(paths: list[Path], corpora: Path) -> int:
    """Every document annotated in two of `paths`: its first annotation (A, the earlier file in
    sorted order) against its second (B)."""
    seen: dict[str, list[tuple[str, dict]]] = {}
    for path in sorted(paths):
        for record in read_records(path):
            seen.setdefault(record["doc"], []).append((path.name, record))
    twice = sorted(doc for doc, found in seen.items() if len(found) >= 2)
    total = Score()
    for doc_id in twice:
        (_, a), (_, b) = seen[doc_id][:2]
        total.add(score_document(a, b, load_text(doc_id, corpora).text))
    sources = Counter(doc.partition(":")[0] for doc in twice)
    print(f"{len(twice)} documents annotated twice ({dict(sources)}), first annotation (A) "
          "against the second (B):")  # fmt: skip
    _table("entities", total.entities, TYPES)
    _table("relations", total.relations, PREDICATES)
    if total.attributes_total:
        share = total.attributes_right / total.attributes_total
        print(
            f"outcome numbers (rate/n/N) on matched HAS_OUTCOME: {share:.3f} "
            f"({total.attributes_right}/{total.attributes_total})"
        )
    return 0


def _stats(paths: list[Path]) -> int:
    sources, types, predicates = Counter(), Counter(), Counter()
    for path in paths:
        for record in read_records(path):
            sources[record["doc"].partition(":")[0]] += 1
            types.update(e["type"] for e in record.get("entities", []))
            predicates.update(r["predicate"] for r in record.get("relations", []))
    print("documents:", dict(sources), "total", sum(sources.values()))
    print("entities:", {t: types[t] for t in TYPES}, "total", sum(types.values()))
    print("relations:", {p: predicates[p] for p in PREDICATES}, "total", sum(predicates.values()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m biokg.nlp.training.annotation", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("command", choices=["show", "check", "agree", "stats"])
    parser.add_argument("args", nargs="+", help="document ids (show) or JSONL files")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--fill", action="store_true", help="check: write derived offsets")
    args = parser.parse_args(argv)
    if args.command == "show":
        return _show(args.args, args.corpora)
    paths = [Path(p) for p in args.args]
    if args.command == "check":
        return _check(paths, args.corpora, args.fill)
    if args.command == "agree":
        return _agree(paths, args.corpora)
    return _stats(paths)


if __name__ == "__main__":
    sys.exit(main())
