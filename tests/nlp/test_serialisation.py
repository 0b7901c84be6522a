"""Docs cross process boundaries as msgpack bytes; resolving srsly's registries once keeps the
encoders and decoders they give, and a doc round-trips unchanged."""

import catalogue
import numpy
import srsly
from biokg.nlp.serialisation import resolve_msgpack_entry_points
from spacy.tokens import Doc
from spacy.vocab import Vocab


def test_registries_give_the_same_functions_and_see_new_registrations():
    before = (srsly.msgpack_encoders.get_all(), srsly.msgpack_decoders.get_all())
    resolve_msgpack_entry_points()
    resolve_msgpack_entry_points()  # idempotent
    assert not srsly.msgpack_encoders.entry_points
    assert (srsly.msgpack_encoders.get_all(), srsly.msgpack_decoders.get_all()) == before
    size = len(catalogue.REGISTRY)

    def encode(obj, chain=None):
        return obj if chain is None else chain(obj)

    srsly.msgpack_encoders.register("biokg_test_encoder", func=encode)
    try:
        assert len(catalogue.REGISTRY) == size + 1
        assert srsly.msgpack_encoders.get_all()["biokg_test_encoder"] is encode
    finally:
        catalogue._remove(("srsly", "msgpack_encoders", "biokg_test_encoder"))  # noqa: SLF001


def test_docs_and_numpy_arrays_round_trip():
    resolve_msgpack_entry_points()
    doc = Doc(Vocab(), words=["CD22", "CAR", "T", "cells"], spaces=[True, True, True, False])
    doc.user_data["biokg_relations"] = [{"subject": (0, 4), "confidence": 0.8}]
    again = Doc(Vocab()).from_bytes(doc.to_bytes())
    assert again.text == "CD22 CAR T cells"
    assert again.user_data["biokg_relations"] == [{"subject": [0, 4], "confidence": 0.8}]
    array = numpy.arange(6, dtype="float32").reshape(2, 3)
    assert (srsly.msgpack_loads(srsly.msgpack_dumps({"a": array}))["a"] == array).all()
