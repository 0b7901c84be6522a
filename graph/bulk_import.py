"""Bulk import: the whole graph as `neo4j-admin database import full` CSV files, and the import.

The transactional loader (`loader.py`) writes a batch at a time through Cypher; for a first load
of many articles, Neo4j's offline importer is far faster. This module builds the same graph in
Python and writes it as the importer's CSVs:

- the rows come from `rows.article_rows`, the loader's own function, so every property is the
  one the loader would send;
- what the loader computes in Cypher is computed here once, with its formulas: the statement
  edges' aggregates (`evidence_count`, `article_count`, `negated_count`, `first_seen`,
  `last_seen`, the integer `log_disbelief` and `confidence`, see `cypher._AGGREGATE`), each
  entity's name (the one most articles use, ties alphabetical) and aliases (sorted union), its
  type and label (the last article's), its curie (the last one given), cited articles never
  loaded as stubs, and the `SchemaVersion` node;
- an article that comes twice keeps its last version, an identical repeat is skipped, as
  `write_batch` does.

Two things the importer cannot write are done by `finish_import` once the server runs on the
imported database: the constraints and indexes (`GraphStore.init_schema`, as `biokg init-db`),
and empty lists (the importer stores an empty array field as no property; the loader stores
`aliases = []`).

Files: one node file per label (entities one per type label, findings one per set of outcome
attributes), one relationship file per type; each data file has its header in a separate
`*.header.csv` (written last, when every column's type is known). `neo4j-admin-import.args` lists
the importer's options for them, so the import is

    neo4j-admin database import full --overwrite-destination @OUT_DIR/neo4j-admin-import.args neo4j

Example:
    >>> from biokg.graph.examples import examples
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     bulk = write_import_files(examples(), out)
    >>> bulk.stats.nodes["Article"], bulk.stats.relationships["FROM"]
    (2, 9)
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO

from biokg.errors import StoreError
from biokg.model import Extraction, Failure

from . import cypher
from .labels import (
    CITES,
    FROM,
    IN_POPULATION,
    MENTIONS,
    OUTCOME,
    REPORTED_IN,
    THERAPY,
)
from .loader import LoadStats, prepare
from .rows import ArticleRows

log = logging.getLogger(__name__)

# Array elements are joined with the ASCII unit separator, which no name or alias contains (one
# that does is refused): the importer's default `;` appears in real aliases.
ARRAY_DELIMITER = "\x1f"
ARGS_FILE = "neo4j-admin-import.args"
# The importer's entry point inside the Neo4j jars (what `bin/neo4j-admin` runs).
ADMIN_MAIN_CLASS = "org.neo4j.cli.AdminTool"

# The loader's confidence arithmetic (`cypher._log_term`, `cypher._CONFIDENCE`), same constants.
_LOG_SCALE = float(cypher._LOG_SCALE)
_CERTAIN = int(cypher._CERTAIN)
_MICRO = Decimal("0.000001")

# Id spaces: a node's `id` is unique within its kind (an entity and an article may share one).
ARTICLE, ENTITY, EVIDENCE, FINDING, SCHEMA = (
    "Article",
    "Entity",
    "Evidence",
    "Finding",
    "SchemaVersion",
)


def log_term(confidence: float) -> int:
    """One evidence's integer term of an edge's `log_disbelief`, as `cypher._log_term` computes
    it in the store: round(1e9 * ln(1 - c)), a certainty counted as 1 - 1e-12. Cypher's
    `round()` rounds halves up (Java's `Math.round`), Python's to even: floor(x + 0.5) here."""
    if confidence >= 1.0:
        return _CERTAIN
    return math.floor(math.log(1.0 - confidence) * _LOG_SCALE + 0.5)


def edge_confidence(log_disbelief: int) -> float:
    """`cypher._CONFIDENCE`: round(1 - exp(log_disbelief / 1e9), 6). Cypher's `round(x, 6)` rounds
    the shortest decimal form of x half up (Java's `BigDecimal.valueOf`), so the same here."""
    value = 1.0 - math.exp(float(log_disbelief) / _LOG_SCALE)
    return float(Decimal(repr(value)).quantize(_MICRO, rounding=ROUND_HALF_UP))


@dataclass
class BulkStats:
    """What `write_import_files` wrote: articles, node and relationship counts, failures."""

    articles_loaded: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    relations: int = 0  # statement rows of the articles written, as `LoadStats.relations`
    evidence: int = 0
    nodes: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BulkImport:
    """The files written into `out_dir` and the importer options that read them."""

    out_dir: Path
    args_file: Path
    stats: BulkStats


# -- CSV cells -----------------------------------------------------------------------------


def _quote(text: str) -> str:
    # RFC 4180: the importer reads a doubled quote as one (`--legacy-style-quoting=false`) and
    # keeps backslashes as they are. Always quoted, so "" is an empty string and an unquoted
    # empty field a missing property.
    return '"' + text.replace('"', '""') + '"'


def _cell(value: object, where: str) -> tuple[str, str | None]:
    """(CSV text, importer type) of one property value; None is an absent property."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("true" if value else "false"), "boolean"
    if isinstance(value, int):
        return str(value), "long"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN", "double"
        if math.isinf(value):
            return ("Infinity" if value > 0 else "-Infinity"), "double"
        return repr(value), "double"
    if isinstance(value, str):
        return _quote(value), "string"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat(), "localdatetime"
        zone = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
        return value.isoformat() + (f"[{zone}]" if zone else ""), "datetime"
    if isinstance(value, date):
        return value.isoformat(), "date"
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
        if not all(isinstance(v, str) for v in value):
            raise StoreError(f"{where}: only lists of strings can be bulk-imported: {value!r}")
        if any(ARRAY_DELIMITER in v for v in items):
            raise StoreError(f"{where}: a list element contains the array delimiter U+001F")
        return _quote(ARRAY_DELIMITER.join(items)), "string[]"
    raise StoreError(f"{where}: cannot write {type(value).__name__} {value!r} as a CSV property")


class _Table:
    """One importer input: a data file whose header (written by `close`) names each column's
    type once it is known. A row fits if each of its values has the column's type or none."""

    def __init__(self, path: Path, keys: list[str], columns: tuple[str, ...]) -> None:
        self.path = path
        self.header_path = path.with_name(path.stem + ".header.csv")
        self.keys = keys  # the `:ID(...)` / `:START_ID(...)` / `:END_ID(...)` columns
        self.columns = columns
        self.types: list[str | None] = [None] * len(columns)
        self.multiline = False
        self.fixed = False
        self.rows = 0
        self._file: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def fits(self, types: list[str | None]) -> bool:
        return all(
            t is None or have is None or t == have
            for t, have in zip(types, self.types, strict=True)
        )

    def write(self, key_cells: list[str], cells: list[str], types: list[str | None]) -> None:
        for i, t in enumerate(types):
            if t is not None and self.types[i] is None:
                self.types[i] = t
        line = ",".join(key_cells + cells)
        if "\n" in line or "\r" in line:
            self.multiline = True
        self._file.write(line + "\n")
        self.rows += 1

    def line(self, line: str) -> None:
        if "\n" in line or "\r" in line:
            self.multiline = True
        self._file.write(line + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()
        names = [
            f"{name}:{t or 'string'}" for name, t in zip(self.columns, self.types, strict=True)
        ]
        with open(self.header_path, "w", encoding="utf-8", newline="") as f:
            f.write(",".join(self.keys + names) + "\n")


class _Writer:
    """Node and relationship tables by label or type, opened as rows come."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.nodes: dict[str, list[_Table]] = {}  # "Entity:Gene" -> tables
        self.rels: dict[str, list[_Table]] = {}
        self._count = Counter[str]()

    def _table(
        self, group: dict[str, list[_Table]], name: str, keys: list[str], props: dict, where: str
    ) -> tuple[_Table, list[str], list[str | None]]:
        columns = tuple(props)
        cells, types = [], []
        for key, value in props.items():
            text, t = _cell(value, f"{where} property {key!r}")
            cells.append(text)
            types.append(t)
        for table in group.setdefault(name, []):
            if table.fixed:
                continue
            if table.columns == columns and table.keys == keys and table.fits(types):
                return table, cells, types
        for key in columns:
            if not key or any(c in key for c in ':,"\n\r' + ARRAY_DELIMITER):
                raise StoreError(f"{where}: property name {key!r} cannot be a CSV header")
        self._count[name] += 1
        stem = name.replace(":", "-") + (f"-{self._count[name]}" if self._count[name] > 1 else "")
        kind = "nodes" if group is self.nodes else "rels"
        table = _Table(self.out_dir / f"{kind}-{stem}.csv", keys, columns)
        group[name].append(table)
        return table, cells, types

    def fixed(self, group: str, name: str, keys: list[str], columns: dict[str, str]) -> _Table:
        """A table whose column types are known, for the large fixed-shape files; the caller
        writes whole lines (`_Table.line`), which is several times faster than `node`/`rel`."""
        tables = self.nodes if group == "nodes" else self.rels
        self._count[name] += 1
        stem = name.replace(":", "-") + (f"-{self._count[name]}" if self._count[name] > 1 else "")
        table = _Table(self.out_dir / f"{group}-{stem}.csv", keys, tuple(columns))
        table.types = list(columns.values())
        table.fixed = True
        tables.setdefault(name, []).append(table)
        return table

    def node(self, labels: str, space: str, node_id: str, props: dict[str, object]) -> None:
        table, cells, types = self._table(
            self.nodes, labels, [f"id:ID({space})"], props, f"{labels} {node_id!r}"
        )
        table.write([_quote(node_id)], cells, types)

    def close(self) -> list[str]:
        """Close every file; return the importer's input options."""
        args = []
        multiline = False
        for flag, group in (("--nodes", self.nodes), ("--relationships", self.rels)):
            for name, tables in sorted(group.items()):
                for table in tables:
                    table.close()
                    if not table.rows:
                        # Opened before any row came (the fixed-shape files): nothing to import.
                        table.path.unlink()
                        table.header_path.unlink()
                        continue
                    multiline |= table.multiline
                    args.append(f"{flag}={name}={table.header_path},{table.path}")
        # Multi-line fields slow the importer down: only asked for when a value has a newline.
        return (["--multiline-fields=true"] if multiline else []) + args


# -- the graph ------------------------------------------------------------------------------


class _Graph:
    """The articles to write, each in its last version, and what the loader keeps per entity
    from every version it wrote (type, label, curie: `cypher.MERGE_ENTITIES` overwrites them and
    never recomputes them)."""

    def __init__(self) -> None:
        self.articles: dict[str, ArticleRows] = {}
        self.entity_kind: dict[str, tuple[str, object]] = {}  # id -> (label, type)
        self.entity_curie: dict[str, object] = {}

    def add(self, rows: ArticleRows, stats: BulkStats) -> None:
        old = self.articles.get(rows.article_id)
        if old is not None:
            if old.extraction_hash == rows.extraction_hash:
                stats.articles_unchanged += 1
                return
            stats.articles_replaced += 1
            del self.articles[rows.article_id]
        self.articles[rows.article_id] = rows
        for label, entities in rows.entities.items():
            for row in entities:
                eid = str(row["id"])
                self.entity_kind[eid] = (label, row["type"])
                if row["curie"] is not None:
                    self.entity_curie[eid] = row["curie"]

    def write(self, writer: _Writer, stats: BulkStats) -> None:
        articles = self.articles
        node = writer.node
        evidence = writer.fixed("nodes", EVIDENCE, [f"id:ID({EVIDENCE})"], _EVIDENCE_COLUMNS)
        from_ = writer.fixed("rels", FROM, [f":START_ID({EVIDENCE})", f":END_ID({ARTICLE})"], {})
        mentions = writer.fixed(
            "rels", MENTIONS, [f":START_ID({ARTICLE})", f":END_ID({ENTITY})"], _MENTION_COLUMNS
        )
        # Property-less relationships: whole lines, as for the evidence.
        plain = {
            name: writer.fixed("rels", name, [f":START_ID({start})", f":END_ID({end})"], {})
            for name, start, end in (
                (REPORTED_IN, FINDING, ARTICLE),
                (THERAPY, FINDING, ENTITY),
                (OUTCOME, FINDING, ENTITY),
                (IN_POPULATION, FINDING, ENTITY),
                (CITES, ARTICLE, ARTICLE),
            )
        }
        entity_tables: dict[str, _Table] = {}
        edges: dict[str, _Table] = {}
        names: dict[str, Counter[str]] = {}
        aliases: dict[str, set[str]] = {}
        statements: dict[str, dict[str, object]] = {}
        stubs: dict[str, None] = {}
        for item in articles.values():
            stats.articles_loaded += 1
            stats.relations += sum(len(v) for v in item.relations.values())
            stats.evidence += len(item.evidence)
            a = item.article
            article_id = item.article_id
            node(ARTICLE, ARTICLE, article_id, _article_props(a, item))
            qa = _quote(article_id)
            for m in item.mentions:
                eid = str(m["entity"])
                name = str(m["name"])
                names.setdefault(eid, Counter())[name] += 1
                aliases.setdefault(eid, set()).update(m["aliases"])  # type: ignore[arg-type]
                mentions.line(
                    f"{qa},{_quote(eid)},{int(m['count'])},{_quote(name)},"  # type: ignore[call-overload]
                    f"{_array(m['aliases'], eid)}"
                )
            published = a["published"]
            for ev in item.evidence:
                q_ev = _quote(str(ev["id"]))
                evidence.line(f"{q_ev},{_evidence_line(ev)}")
                from_.line(f"{q_ev},{qa}")
                _aggregate(statements, ev, article_id, published)
            for f in item.findings:
                fid = str(f["id"])
                props = dict(f["attributes"])  # type: ignore[call-overload]
                props.update(
                    statement_id=f["statement_id"],
                    article_id=f["article"],
                    subject=f["subject"],
                    object=f["object"],
                    sentence=f["sentence"],
                    negated=f["negated"],
                )
                node(FINDING, FINDING, fid, {k: props[k] for k in sorted(props)})
                q_f = _quote(fid)
                plain[REPORTED_IN].line(f"{q_f},{qa}")
                plain[THERAPY].line(f"{q_f},{_quote(str(f['subject']))}")
                plain[OUTCOME].line(f"{q_f},{_quote(str(f['object']))}")
            for p in item.populations:
                plain[IN_POPULATION].line(f"{_quote(str(p['finding']))},{_quote(str(p['entity']))}")
            for c in item.cites:
                target = str(c["target"])
                plain[CITES].line(f"{qa},{_quote(target)}")
                if target not in articles:
                    stubs[target] = None
        for target in stubs:
            node(ARTICLE, ARTICLE, target, {})
        for eid, counts in names.items():
            label, entity_type = self.entity_kind[eid]
            # `cypher.ENTITY_NAMES`: most uses first, then the name's own order.
            name = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            labels = f"{ENTITY}:{label}"
            table = entity_tables.get(labels)
            if table is None:
                keys = [f"id:ID({ENTITY})"]
                table = entity_tables[labels] = writer.fixed("nodes", labels, keys, _ENTITY_COLUMNS)
            curie = self.entity_curie.get(eid)
            table.line(
                f"{_quote(eid)},{_quote(name)},{_array(sorted(aliases[eid]), eid)},"
                f"{_quote(str(entity_type))},{_quote(str(curie)) if curie is not None else ''}"
            )
        for sid, agg in statements.items():
            rel_type = str(agg["predicate"])
            table = edges.get(rel_type)
            if table is None:
                keys = [f":START_ID({ENTITY})", f":END_ID({ENTITY})"]
                table = edges[rel_type] = writer.fixed("rels", rel_type, keys, _EDGE_COLUMNS)
            log_disbelief: int = agg["log_disbelief"]  # type: ignore[assignment]
            first, last = agg["first_seen"], agg["last_seen"]
            table.line(
                f"{_quote(str(agg['subject']))},{_quote(str(agg['object']))},{_quote(sid)},"
                f"{agg['evidence_count']},{len(agg['articles'])},{agg['negated_count']},"  # type: ignore[arg-type]
                f"{first.isoformat() if first is not None else ''},"  # type: ignore[attr-defined]
                f"{last.isoformat() if last is not None else ''},"  # type: ignore[attr-defined]
                f"{log_disbelief},{edge_confidence(log_disbelief)!r}"
            )
        node(
            SCHEMA,
            SCHEMA,
            cypher.SCHEMA_NODE_ID,
            {"version": cypher.GRAPH_SCHEMA_VERSION},
        )
        for name, tables in writer.nodes.items():
            if rows := sum(t.rows for t in tables):
                stats.nodes[name.split(":")[-1]] += rows
                if name.startswith(f"{ENTITY}:"):
                    stats.nodes[ENTITY] += rows
        for name, tables in writer.rels.items():
            if rows := sum(t.rows for t in tables):
                stats.relationships[name] += rows


def _article_props(a: dict[str, object], item: ArticleRows) -> dict[str, object]:
    return {
        "title": a["title"],
        "url": a["url"],
        "doi": a["doi"],
        "pmid": a["pmid"],
        "pmcid": a["pmcid"],
        "published": a["published"],
        "source_kind": a["source_kind"],
        "content_hash": a["content_hash"],
        "ingested_at": a["ingested_at"],
        "journal": a["journal"],
        "extraction_hash": item.extraction_hash,
        "input_hash": item.input_hash,
    }


# The fixed-shape files: every value's type is set by `rows.article_rows` from the model.
_EVIDENCE_COLUMNS = {
    "statement_id": "string",
    "subject": "string",
    "predicate": "string",
    "object": "string",
    "sentence": "string",
    "start": "long",
    "end": "long",  # `cypher.MERGE_EVIDENCE` stores the row's `stop` as `end`
    "section": "string",
    "extractor": "string",
    "version": "string",
    "confidence": "double",
    "negated": "boolean",
}
_MENTION_COLUMNS = {"count": "long", "name": "string", "aliases": "string[]"}
_ENTITY_COLUMNS = {"name": "string", "aliases": "string[]", "type": "string", "curie": "string"}
_EDGE_COLUMNS = {
    "statement_id": "string",
    "evidence_count": "long",
    "article_count": "long",
    "negated_count": "long",
    "first_seen": "date",
    "last_seen": "date",
    "log_disbelief": "long",
    "confidence": "double",
}


def _evidence_line(ev: dict[str, object]) -> str:
    q = _quote
    section = ev["section"]
    return (
        f"{q(str(ev['statement_id']))},{q(str(ev['subject']))},{q(str(ev['predicate']))},"
        f"{q(str(ev['object']))},{q(str(ev['sentence']))},{int(ev['start'])},"  # type: ignore[call-overload]
        f"{int(ev['stop'])},{q(str(section)) if section is not None else ''},"  # type: ignore[call-overload]
        f"{q(str(ev['extractor']))},{q(str(ev['version']))},{float(ev['confidence'])!r},"  # type: ignore[arg-type]
        f"{'true' if ev['negated'] else 'false'}"
    )


def _array(values: object, where: str) -> str:
    return _cell(values, f"{where} aliases")[0]


def _aggregate(
    statements: dict[str, dict[str, object]],
    ev: dict[str, object],
    article_id: str,
    published: object,
) -> None:
    """Add one evidence row to its edge's aggregates (`cypher._AGGREGATE`)."""
    sid = str(ev["statement_id"])
    agg = statements.get(sid)
    if agg is None:
        agg = statements[sid] = {
            "subject": ev["subject"],
            "predicate": ev["predicate"],
            "object": ev["object"],
            "evidence_count": 0,
            "negated_count": 0,
            "log_disbelief": 0,
            "articles": set(),
            "first_seen": None,
            "last_seen": None,
        }
    agg["evidence_count"] += 1  # type: ignore[operator]
    agg["articles"].add(article_id)  # type: ignore[attr-defined]
    if ev["negated"]:
        agg["negated_count"] += 1  # type: ignore[operator]
    else:
        agg["log_disbelief"] += log_term(ev["confidence"])  # type: ignore[operator, arg-type]
    if published is not None:
        if agg["first_seen"] is None or published < agg["first_seen"]:  # type: ignore[operator]
            agg["first_seen"] = published
        if agg["last_seen"] is None or published > agg["last_seen"]:  # type: ignore[operator]
            agg["last_seen"] = published


# -- the interface ------------------------------------------------------------------------


def write_import_files(
    extractions: Iterable[Extraction], out_dir: str | Path, *, overwrite: bool = False
) -> BulkImport:
    """Write `extractions` as `neo4j-admin database import` CSVs and an options file into
    `out_dir`.

    Args:
        extractions: the articles, in load order (a later version of an article replaces an
            earlier one; an unchanged repeat is skipped).
        out_dir: a new or empty folder (or any folder with `overwrite`; its CSVs are replaced).
        overwrite: empty `out_dir` of earlier CSV and options files first.

    Returns:
        A `BulkImport`: the folder, the options file and `BulkStats` (failures included: an
        extraction the graph stage refuses is reported, the rest written).
    """
    start = time.perf_counter()
    out = Path(out_dir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    existing = [p for p in out.iterdir() if p.suffix == ".csv" or p.name == ARGS_FILE]
    if existing:
        if not overwrite:
            raise StoreError(f"{out} already holds import files; pass overwrite to replace them")
        for p in existing:
            p.unlink()
    stats = BulkStats()
    load_stats = LoadStats()
    graph = _Graph()
    for rows in prepare(extractions, load_stats):
        graph.add(rows, stats)
    stats.failures = load_stats.failures
    writer = _Writer(out)
    try:
        graph.write(writer, stats)
    finally:
        inputs = writer.close()
    args = [
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--id-type=string",
        f"--report-file={out / 'import.report'}",
        *inputs,
    ]
    args_file = out / ARGS_FILE
    args_file.write_text("".join(_argfile_line(a) + "\n" for a in args), encoding="utf-8")
    stats.seconds = time.perf_counter() - start
    return BulkImport(out, args_file, stats)


def _argfile_line(arg: str) -> str:
    # picocli's @-file: whitespace separates arguments unless quoted; a backslash escapes.
    if any(c.isspace() or c in "\"'\\#" for c in arg):
        return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return arg


def admin_command(
    *, neo4j_admin: str | Path | None = None, jars: str | Path | None = None
) -> list[str]:
    """The `neo4j-admin` to run: a Neo4j installation's script, or `java` on a folder of the
    Neo4j jars (such as the test server's `tools/neo4j-test-server/target/lib`)."""
    if neo4j_admin is not None:
        return [str(neo4j_admin)]
    if jars is not None:
        java = shutil.which("java")
        if java is None:
            raise StoreError("java is not on PATH: it runs the import tool from the Neo4j jars")
        if not any(Path(jars).glob("neo4j-import-tool-*.jar")):
            raise StoreError(f"{jars} holds no neo4j-import-tool jar")
        return [java, "-cp", f"{Path(jars).absolute()}/*", ADMIN_MAIN_CLASS]
    found = shutil.which("neo4j-admin")
    if found is None:
        raise StoreError("no neo4j-admin: give the Neo4j jars folder or the neo4j-admin script")
    return [found]


def import_command(
    bulk: BulkImport | Path,
    *,
    database: str = "neo4j",
    overwrite_destination: bool = False,
    neo4j_admin: str | Path | None = None,
    jars: str | Path | None = None,
) -> list[str]:
    """The full `neo4j-admin database import full` command line for the files of `bulk`."""
    args_file = bulk.args_file if isinstance(bulk, BulkImport) else Path(bulk) / ARGS_FILE
    return [
        *admin_command(neo4j_admin=neo4j_admin, jars=jars),
        "database",
        "import",
        "full",
        f"--overwrite-destination={str(overwrite_destination).lower()}",
        # Before the file: its last `--relationships` takes every value that follows it.
        database,
        f"@{args_file}",
    ]


def run_import(
    bulk: BulkImport | Path,
    neo4j_home: str | Path,
    *,
    database: str = "neo4j",
    overwrite_destination: bool = False,
    neo4j_admin: str | Path | None = None,
    jars: str | Path | None = None,
) -> float:
    """Run the importer into `database` of the (stopped) Neo4j at `neo4j_home`; returns seconds.

    Raises `StoreError` with the tail of the importer's output if it fails (e.g. the database
    exists and `overwrite_destination` is off).
    """
    command = import_command(
        bulk,
        database=database,
        overwrite_destination=overwrite_destination,
        neo4j_admin=neo4j_admin,
        jars=jars,
    )
    home = Path(neo4j_home).absolute()
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(home)}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise StoreError(f"neo4j-admin import into {home} failed ({done.returncode}):\n{tail}")
    log.info("imported into %s in %.1f s", home, seconds)
    return seconds


# What the importer cannot write: an empty array field becomes no property at all.
EMPTY_ENTITY_ALIASES = """
MATCH (e:Entity) WHERE e.aliases IS NULL
CALL (e) { SET e.aliases = [] } IN TRANSACTIONS OF 10000 ROWS
"""
EMPTY_MENTION_ALIASES = f"""
MATCH ()-[m:{MENTIONS}]->() WHERE m.aliases IS NULL
CALL (m) {{ SET m.aliases = [] }} IN TRANSACTIONS OF 10000 ROWS
"""


def finish_import(store: object) -> None:
    """Once Neo4j runs on an imported database: create the constraints, indexes and schema
    version (`init_schema`, as `biokg init-db`) and store the empty alias lists the importer
    left out. Safe to run again; the graph is then the one the transactional loader writes.

    Example:
        >>> from biokg.graph.neo4j_store import Neo4jStore
        >>> with Neo4jStore("bolt://127.0.0.1:7687") as store:  # doctest: +SKIP
        ...     finish_import(store)
    """
    from .neo4j_store import Neo4jStore

    if not isinstance(store, Neo4jStore):
        raise StoreError(f"{store}: bulk import is for Neo4j only")
    store.init_schema()
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction, i.e. session.run.
    with store._driver.session(database=store.database) as session:
        for query in (EMPTY_ENTITY_ALIASES, EMPTY_MENTION_ALIASES):
            session.run(query).consume()
