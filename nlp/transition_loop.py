"""Greedy decoding of spaCy's transition-based components (`parser`, `ner`), stepped from Python
where that is faster.

spaCy builds its Cython with `profile` on for Python < 3.12 (its setup.py: `"profile":
sys.version_info < (3, 12)`). `Parser.greedy_parse` runs the whole transition loop inside a
`nogil` block, and every profiled function called there (`StateC.B`, `Vec.arg_max`, each
action's `is_valid`, for every action of every state) takes the GIL and drops it again to ask
whether a profiler is on: `perf` on 3.11 put 29% of the pipeline's CPU samples in GIL
acquire/release. The same steps driven from Python hold the GIL throughout, so those hooks cost
a counter increment: `ParserStepModel.predict` scores the unfinished states and
`Parser.transition_states` checks validity, takes the best valid action and applies it — the
path spaCy's own `beam_parse` and training take. The states, and so the annotations, are the
same (tests/nlp/test_transition_loop.py compares them token by token). On 3.11 this about
halves the parser's and the `ner`'s CPU time; on 3.12, whose wheels carry no hooks, spaCy's own
loop is faster and is kept (`bench/nlp_speed.py` prints both ways; figures in README, nlp
*Speed*).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from spacy.util import minibatch

# Where spaCy's wheels carry the profiling hooks (see above).
STEP_FROM_PYTHON = sys.version_info < (3, 12)


def predict(parser: Parser, docs: list[Doc], from_python: bool | None = None) -> list:
    """`parser.predict(docs)`: one final parse state per doc, for `parser.set_annotations`.

    `from_python`: step the greedy loop from Python (None: where spaCy's wheels are profiled).
    A beam-search component, or a batch with no tokens, takes spaCy's own path.
    """
    if from_python is None:
        from_python = STEP_FROM_PYTHON
    if not from_python or parser.cfg.get("beam_width", 1) != 1 or not any(map(len, docs)):
        return parser.predict(docs)
    parser._ensure_labels_are_added(docs)  # as greedy_parse: labels preset on the docs
    batch = parser.moves.init_batch(docs)
    step_model = parser.model.predict(docs)
    states = [state for state in batch if not state.is_final()]
    while states:
        states = parser.transition_states(states, step_model.predict(states))
    step_model.clear_memory()
    return batch


def pipe(
    parser: Parser, docs: Iterable[Doc], batch_size: int, from_python: bool | None = None
) -> Iterator[Doc]:
    """`parser.pipe(docs)` decoded by `predict`: docs annotated, in order. Errors propagate.

    Each batch is decoded as one set of states sorted by length: the loop advances them in
    lockstep, so similar lengths finish together and each Python step scores many states.
    """
    for batch in minibatch(docs, size=batch_size):
        by_length = sorted(batch, key=len)
        parser.set_annotations(by_length, predict(parser, by_length, from_python))
        yield from batch
