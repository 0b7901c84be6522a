"""Fuzzed local inputs: 1,200 broken, odd or hostile files in one folder, read by one `biokg run`.

Whatever a file holds, the run must end with a message, not a traceback, exit 0 or 2, and name
every file it did not load (with its reason). The inputs are made with a fixed seed, so a
failure reproduces: `python tests/security/test_fuzz_inputs.py OUT_DIR` writes them.

Most inputs are built to fail before the NLP stage (that is where fuzzing finds bugs, and it is
fast); about one in six decodes to text and goes through NLP and the store as a tiny document,
so the whole path is exercised without the run taking minutes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BIOKG = shutil.which("biokg")
SEED = 20261203
COUNT = 1200

PUBMED = (
    b'<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>'
    b"<PMID>{pmid}</PMID><Article><ArticleTitle>Imatinib in CML</ArticleTitle><Abstract>"
    b"<AbstractText>Imatinib inhibits BCR-ABL.</AbstractText></Abstract></Article>"
    b"</MedlineCitation></PubmedArticle></PubmedArticleSet>"
)
JATS = (
    b"<article><front><article-meta><title-group><article-title>T</article-title>"
    b"</title-group></article-meta></front><body><sec><p>Dasatinib.</p></sec></body></article>"
)
HTML = b"<html><head><title>T</title></head><body><article><p>Nilotinib.</p></article></body>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
ODD = "\x00\x01\x07\x08\x0b\x0c\x1b[2J\x1b]0;t\x07\x7f\x85\x9b\u200b\u200d\u2028\u202e\ufeff\ufffe"


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(0, len(data))]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _text(rng: random.Random, n: int) -> str:
    alphabet = "abcdefghij KLMNOP .,;:-'\"()[]{}<>&#%0123456789\n\t" + ODD + "éßø中文🙂"
    return "".join(rng.choice(alphabet) for _ in range(n))


# (suffix, maker): each maker returns the bytes of one input.
MAKERS: list[tuple[str, Callable[[random.Random], bytes]]] = [
    (".txt", lambda r: r.randbytes(r.randint(1, 300))),
    (".html", lambda r: r.randbytes(r.randint(1, 300))),
    (".xml", lambda r: r.randbytes(r.randint(1, 300))),
    (".json", lambda r: r.randbytes(r.randint(1, 300))),
    (".pdf", lambda r: r.randbytes(r.randint(1, 300))),
    (".xml", lambda r: _cut(r, PUBMED.replace(b"{pmid}", str(r.randint(1, 10**8)).encode()))),
    (".xml", lambda r: _flip(r, PUBMED.replace(b"{pmid}", str(r.randint(1, 10**8)).encode()))),
    (".nxml", lambda r: _cut(r, JATS)),
    (".xml", lambda r: b'<?xml version="1.0"?><root>' + b"<a>" * r.randint(1, 3000)),
    (".xml", lambda r: b"<collection><document><id>1</id><passage>" + r.randbytes(40)),
    (
        ".xml",
        lambda r: (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
            b"]><PubmedArticleSet>&c;&c;&c;</PubmedArticleSet>"
        ),
    ),
    (
        ".xml",
        lambda r: (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<article><body><p>&e;</p></body></article>"
        ),
    ),
    (".html", lambda r: _cut(r, HTML)),
    (".htm", lambda r: b"<div>" * r.randint(1, 5000) + _text(r, 30).encode()),
    (".html", lambda r: b"<script>" + _text(r, 200).encode() + b"</script>"),
    (".xhtml", lambda r: _flip(r, HTML)),
    (".json", lambda r: _cut(r, json.dumps({"title": "T", "text": "Imatinib."}).encode())),
    (".json", lambda r: b"[" * r.randint(1, 100_000)),
    (".json", lambda r: json.dumps(r.choice([1, "s", None, [], [1, 2], {"x": 1}])).encode()),
    (".json", lambda r: json.dumps({"documents": [{"passages": [{"text": 5}]}]}).encode()),
    (".json", lambda r: json.dumps({"source": "x", "documents": r.randint(0, 9)}).encode()),
    (".pdf", lambda r: _cut(r, PDF)),
    (".pdf", lambda r: PDF + r.randbytes(r.randint(1, 200))),
    (".txt", lambda r: b""),
    (".md", lambda r: b" \n\t\r\n" * r.randint(1, 20)),
    (".txt", lambda r: _text(r, 60).encode("utf-16-le")),  # UTF-16 without BOM
    (".txt", lambda r: _text(r, 60).encode("utf-16-be")),
    (".txt", lambda r: ("Title: caf\xe9\n\n" + "na\xefve r\xe9sum\xe9 ").encode("latin-1")),
    (".txt", lambda r: "Title: é\n\n".encode() + "é".encode("latin-1") + r.randbytes(20)),
    (".text", lambda r: ("Title: " + ODD + "\n\n" + ODD * 3).encode("utf-8", "surrogatepass")),
    (".txt", lambda r: "\u200b\u200c\u200d\ufeff".encode() * r.randint(1, 50)),
    (".txt", lambda r: b"Title: \n\nPMID: x\nDOI: 10.\n\n" + r.randbytes(10)),
    (".txt", lambda r: b"\xff\xfe" + r.randbytes(r.randint(0, 50))),
    (".bin", lambda r: r.randbytes(r.randint(0, 100))),
    ("", lambda r: r.randbytes(r.randint(0, 100))),
    (".TXT", lambda r: _text(r, 80).encode("utf-8", "surrogatepass")),
]
# A few huge single lines (about 3 MB in all): html and json fail after parsing them, one txt
# takes the NLP stage's lean path.
HUGE: list[tuple[str, bytes]] = [
    ("huge-line.html", b"<p>" + b"x" * 1_000_000),
    ("huge-line.json", b'{"title": "' + b"y" * 1_000_000),
    ("huge-line.txt", b"abc " * 150_000),
]
NAMES = [
    "plain",
    "with space",
    "ünïcödé",
    "new\nline",
    "tab\there",
    "ctrl\x1b[31m",
    "日本語",
    "-dash",
]


def make_inputs(folder: Path, count: int = COUNT, seed: int = SEED) -> list[Path]:
    """Write `count` fuzzed inputs (plus the huge ones) into `folder`; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(count):
        suffix, maker = MAKERS[i % len(MAKERS)]
        path = folder / f"{i:04d}-{rng.choice(NAMES)}{suffix}"
        data = maker(rng)
        if suffix == ".txt" and i % 3 == 0 and data and b"\x00" not in data:
            # Odd, but text: these reach NLP and the store.
            data = b"Title: " + data[:80] + b"\n\nImatinib inhibits BCR-ABL. " + data[80:]
        path.write_bytes(data)
        paths.append(path)
    for name, data in HUGE:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def _named(path: Path, output: str) -> bool:
    from biokg.cli.output import safe

    return safe(str(path)) in output


def _loaded(env: dict) -> set[str]:
    """Ids and content hashes of the articles in the store (a file whose article is the same as
    an earlier file's is read once: its content hash is in)."""
    query = "MATCH (a:Article) RETURN a.id AS id, a.content_hash AS hash"
    done = _biokg("cypher", query, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    return {value for row in json.loads(done.stdout) for value in row.values()}


def _biokg(*args: str, env: dict) -> subprocess.CompletedProcess:
    assert BIOKG, "the biokg entry point is not installed (pip install -e .)"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")}
    full_env.update(env)
    return subprocess.run([BIOKG, *args], capture_output=True, text=True, env=full_env, timeout=600)


def test_a_thousand_bad_inputs_end_in_messages_not_tracebacks(tmp_path):
    from biokg.ingest.local import read_file

    from biokg.model import Document

    folder = tmp_path / "fuzz"
    paths = make_inputs(folder)
    assert len(paths) >= 1000
    env = {
        "BIOKG_STORE_PATH": str(tmp_path / "graph"),
        "BIOKG_CACHE_DIR": str(tmp_path / "cache"),
        "BIOKG_NLP_PROCESSES": "1",
    }
    started = time.monotonic()
    done = _biokg("run", str(folder), "--no-links", env=env)
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    assert "Traceback" not in output, done.stderr[-5000:]
    assert done.returncode in (0, 2), done.stderr[-3000:]
    loaded = _loaded(env)
    assert loaded, "nothing loaded: the fuzzed text inputs should load"
    silent = []
    for path in paths:
        if _named(path, done.stderr):
            continue
        try:
            docs = [d for d in read_file(path) if isinstance(d, Document)]
        except Exception:  # noqa: BLE001 - unreadable, so it had to be named
            docs = []
        if not docs or not all({d.id, d.content_hash} & loaded for d in docs):
            silent.append(path.name)
    assert not silent, f"{len(silent)} inputs neither loaded nor named: {silent[:10]}"
    assert elapsed < 150, f"the run took {elapsed:.0f}s"


if __name__ == "__main__":
    print(len(make_inputs(Path(sys.argv[1]))), "inputs written to", sys.argv[1])
