"""What is particular to the embedded store: one writer process at a time, durability of committed
batches when the process dies, and readers in other processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from biokg.graph.embedded_store import EmbeddedStore
from biokg.graph.examples import cd22_car_t, examples, tisagenlecleucel

from biokg.errors import StoreError


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_second_writer_process_is_refused_not_diverged(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "g") as store:
        store.load([cd22_car_t()])
        other = _python(
            """
            import sys
            from biokg.errors import StoreError
            from biokg.graph.embedded_store import EmbeddedStore
            from biokg.graph.examples import tisagenlecleucel
            try:
                EmbeddedStore(sys.argv[1]).load([tisagenlecleucel()])
            except StoreError as exc:
                print("refused:", exc)
            """,
            str(tmp_path / "g"),
        )
        assert "refused:" in other.stdout, other.stderr
        assert "in use by process" in other.stdout
        store.load([tisagenlecleucel()])  # the holder goes on writing
    with EmbeddedStore(tmp_path / "g") as reopened:  # and nothing was lost or forked
        ids = reopened.read("MATCH (a:Article) RETURN a.id AS id ORDER BY id")
    assert ids == [{"id": "pmid:29155426"}, {"id": "pmid:29385370"}]


def test_a_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "g"), pytest.raises(StoreError, match="in use"):
        EmbeddedStore(tmp_path / "g")


def test_committed_batches_survive_a_killed_process(tmp_path: Path) -> None:
    died = _python(
        """
        import os, sys
        from biokg.graph.embedded_store import EmbeddedStore
        from biokg.graph.examples import examples
        store = EmbeddedStore(sys.argv[1], batch_size=1)
        store._after_write = lambda: None  # no checkpoint: only the write-ahead log has it
        store.load(examples())
        os.kill(os.getpid(), 9)
        """,
        str(tmp_path / "g"),
    )
    assert died.returncode == -9, died.stderr
    with EmbeddedStore(tmp_path / "g") as store:
        stats = store.load(examples())
        assert (stats.articles_unchanged, stats.articles_loaded) == (2, 0)
        assert store.read("MATCH (e:Evidence) RETURN count(e) AS c") == [{"c": 9}]


def test_readers_in_other_processes_see_the_last_load(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no graph"):
        EmbeddedStore(tmp_path / "g", read_only=True)
    with EmbeddedStore(tmp_path / "g") as store:
        store.load(examples())
        reader = _python(
            """
            import sys
            from biokg.graph.embedded_store import EmbeddedStore
            with EmbeddedStore(sys.argv[1], read_only=True) as store:
                print(store.read("MATCH (a:Article) RETURN count(a) AS c")[0]["c"])
                try:
                    store.remove("pmid:29155426")
                except Exception as exc:
                    print(type(exc).__name__)
            """,
            str(tmp_path / "g"),
        )
        assert reader.stdout.split() == ["2", "StoreError"], reader.stderr
