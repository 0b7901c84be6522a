"""The named Cypher library: one `.cypher` file per query, described by a comment header.

A query file starts with `//` header lines, then the Cypher text::

    // name: therapies_for_target
    // description: Therapies that target a gene or antigen, strongest evidence first.
    // param: target: entity — name, alias or CURIE of the target (e.g. CD22)
    // param: min_confidence: float = 0.0 — drop edges below this aggregated confidence
    MATCH ...

Parameter types: `str`, `int`, `float`, `bool`, `date` (ISO `YYYY-MM-DD`, passed as a date),
`list` (comma-separated on the command line) and `entity`. An `entity` parameter `x` is a
user-typed name, alias or CURIE; the query text uses `$x_rx` (and `$x_part_rx`), a regular
expression built here that matches the same letters and digits whatever the case, hyphens and
spacing, so "B-ALL", "b all" and "B ALL" find one node on every store (Neo4j's Java regex and
kglite's Rust regex both accept it). A parameter without a default is required; `= null` makes it
optional.

No user value is ever a regular expression (Neo4j's backtracking engine can spin for minutes on
`(.*)*`, past the query timeout): words a query looks for are a `list`, matched with
`toLower(text) CONTAINS toLower(word)`, and `=~` only ever sees the `_rx` patterns built here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from biokg.errors import QueryError
from biokg.identity import normalise_name

PARAM_TYPES = ("str", "int", "float", "bool", "date", "list", "entity")
_HEADER = re.compile(r"^//\s*(name|description|param|returns)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>[^—]*?))?\s*(?:—\s*(?P<help>.*))?$"
)
MAX_ENTITY_CHARS = 300
_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Any run of characters that `normalise_name` folds into one space.
_SEPARATOR = "[^0-9A-Za-z]"


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query."""

    name: str
    type: str
    default: object = None
    required: bool = True
    help: str = ""

    def coerce(self, query: str, raw: object) -> object:
        """Turn a CLI string or Python value into what the Cypher text expects.

        Raises:
            QueryError: naming the query and parameter when the value does not fit the type.
        """
        if raw is None:
            return None
        try:
            return _COERCE[self.type](raw)
        except (TypeError, ValueError) as exc:
            raise QueryError(
                f"query {query!r}: parameter {self.name!r} expects {self.type}, got {raw!r} ({exc})"
            ) from exc


def _to_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "y", "on"):
        return True
    if text in ("0", "false", "no", "n", "off"):
        return False
    raise ValueError("not a boolean (use true/false)")


def _to_date(raw: object) -> date:
    # A real date, not text: stored dates are temporal values, and Neo4j never orders a date
    # against a string.
    if isinstance(raw, datetime):
        return raw.date()
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip()[:10])


def _to_list(raw: object) -> list[str]:
    if isinstance(raw, list | tuple | set):
        return [str(v) for v in raw]
    return [part.strip() for part in str(raw).split(",") if part.strip()]


def _to_entity(raw: object) -> str:
    text = str(raw).strip()
    if not normalise_name(text):
        raise ValueError("needs at least one letter or digit")
    if len(text) > MAX_ENTITY_CHARS:
        # The regex built from it grows with it; no name, alias or CURIE is this long.
        raise ValueError(f"longer than {MAX_ENTITY_CHARS} characters")
    return text


def _to_float(raw: object) -> float:
    value = float(raw)  # type: ignore[arg-type]
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _to_int(raw: object) -> int:
    if isinstance(raw, bool):
        raise ValueError("a boolean is not an integer")
    if isinstance(raw, float) and not raw.is_integer():
        raise ValueError("not a whole number")
    return int(raw)  # type: ignore[arg-type]


_COERCE = {
    "str": str,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "date": _to_date,
    "list": _to_list,
    "entity": _to_entity,
}


def name_pattern(text: str, *, partial: bool = False) -> str:
    """A regex matching `text` whatever the case, hyphens, spaces and punctuation.

    Separators are optional between any two letters, so "B-ALL", "b all" and "BALL" match one
    another and "cd-22" matches "CD22". With `partial`, the letters may also stand inside a longer
    name, starting and ending on a word boundary. Lookarounds are avoided: kglite's regex engine
    (Rust) has none; Java's (Neo4j) accepts the same text.

    >>> name_pattern("B-ALL")
    '(?i)^[^0-9A-Za-z]*b[^0-9A-Za-z]*a[^0-9A-Za-z]*l[^0-9A-Za-z]*l[^0-9A-Za-z]*$'
    """
    # Letters are [0-9a-z] after normalisation, so they need no escaping.
    core = f"{_SEPARATOR}*".join(normalise_name(text).replace(" ", ""))
    if partial:
        return f"(?i)^(.*{_SEPARATOR})?{core}({_SEPARATOR}.*)?$"
    return f"(?i)^{_SEPARATOR}*{core}{_SEPARATOR}*$"


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its header and Cypher text.

    Example:
        >>> q = default_registry().get("therapies_for_target")
        >>> q.bind({"target": "CD22"})["target_rx"]
        '(?i)^[^0-9A-Za-z]*c[^0-9A-Za-z]*d[^0-9A-Za-z]*2[^0-9A-Za-z]*2[^0-9A-Za-z]*$'
    """

    name: str
    description: str
    cypher: str
    params: tuple[QueryParam, ...] = ()
    returns: str = ""
    path: Path | None = field(default=None, compare=False)

    def bind(self, given: dict[str, object] | None) -> dict[str, object]:
        """Validate `given` against the header and return the full Cypher parameter map.

        Raises:
            QueryError: for an unknown or missing parameter, or a value of the wrong type.
        """
        given = dict(given or {})
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} "
                f"(it takes: {', '.join(declared) or 'none'})"
            )
        bound: dict[str, object] = {}
        for param in self.params:
            if given.get(param.name) is None:
                if param.required:
                    raise QueryError(f"query {self.name!r} needs parameter {param.name!r}")
                value = param.default
            else:
                value = param.coerce(self.name, given[param.name])
            bound[param.name] = value
            if param.type == "entity":
                text = None if value is None else str(value)
                bound[f"{param.name}_rx"] = text and name_pattern(text)
                bound[f"{param.name}_part_rx"] = text and name_pattern(text, partial=True)
        return bound


def parse_query(text: str, path: Path | None = None) -> NamedQuery:
    """Parse one `.cypher` file's text into a `NamedQuery`.

    Raises:
        QueryError: naming the file when the header is incomplete or malformed.
    """
    where = str(path) if path else "<query text>"
    header: dict[str, str] = {}
    params: list[QueryParam] = []
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        match = _HEADER.match(line.strip()) if in_header else None
        if match:
            key, value = match.group(1), match.group(2).strip()
            if key == "param":
                params.append(_parse_param(value, where))
            else:
                header[key] = value
            continue
        if in_header and (not line.strip() or line.strip().startswith("//")):
            continue
        in_header = False
        body.append(line)
    name = header.get("name", "")
    if not _QUERY_NAME.match(name):
        raise QueryError(f"{where}: header needs '// name: snake_case_name', got {name!r}")
    if not header.get("description"):
        raise QueryError(f"{where}: header needs '// description: ...'")
    cypher = "\n".join(body).strip()
    if not cypher:
        raise QueryError(f"{where}: no Cypher after the header")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{where}: a parameter is declared twice ({', '.join(names)})")
    return NamedQuery(
        name=name,
        description=header["description"],
        cypher=cypher,
        params=tuple(params),
        returns=header.get("returns", ""),
        path=path,
    )


def _parse_param(spec: str, where: str) -> QueryParam:
    match = _PARAM.match(spec)
    if not match or match.group("type") not in PARAM_TYPES:
        raise QueryError(
            f"{where}: bad parameter line {spec!r}; expected 'name: type [= default] [— help]' "
            f"with type one of {', '.join(PARAM_TYPES)}"
        )
    param = QueryParam(
        name=match.group("name"), type=match.group("type"), help=(match.group("help") or "").strip()
    )
    raw_default = match.group("default")
    if raw_default is None:
        return param
    raw_default = raw_default.strip()
    default = None if raw_default == "null" else param.coerce(where, raw_default)
    return QueryParam(param.name, param.type, default, required=False, help=param.help)


class Registry:
    """All named queries, by name. Build it with `default_registry()` or `Registry.from_dir()`."""

    def __init__(self, queries: list[NamedQuery]):
        self._queries: dict[str, NamedQuery] = {}
        for query in queries:
            if query.name in self._queries:
                raise QueryError(
                    f"query name {query.name!r} is used by both {self._queries[query.name].path} "
                    f"and {query.path}"
                )
            self._queries[query.name] = query

    @classmethod
    def from_dir(cls, folder: Path) -> Registry:
        return cls([parse_query(p.read_text(encoding="utf-8"), p) for p in _cypher_files(folder)])

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryError(
                f"no named query {name!r}; known: {', '.join(sorted(self._queries))}"
            ) from None

    def names(self) -> list[str]:
        return sorted(self._queries)

    def __iter__(self):
        return iter(self._queries[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._queries)


def _cypher_files(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob("*.cypher"))


def default_registry() -> Registry:
    """The queries shipped in the `biokg.queries` package."""
    folder = resources.files("biokg.queries")
    return Registry(
        [
            parse_query(entry.read_text(encoding="utf-8"), Path(str(entry)))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".cypher")
        ]
    )
