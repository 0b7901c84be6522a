"""An acronym used without its definition in parentheses still names the entity whose full
name it abbreviates in the same document (own sentences)."""

from __future__ import annotations

from biokg.model import Document


def _entities(extractor, text: str) -> dict[str, object]:
    ex = extractor.extract(Document(text=text, title=""))
    return {e.name.lower(): e for e in ex.entities}, ex


def test_a_disease_acronym_joins_its_full_name(extractor) -> None:
    text = (
        "Venetoclax in CLL\n\n"
        "Venetoclax was given to 40 adults with chronic lymphocytic leukemia. "
        "In CLL, the drug induced complete remission in 12 of 40 patients (30%).\n"
    )
    entities, ex = _entities(extractor, text)
    cll = [e for e in ex.entities if "CLL" in [e.name, *e.aliases]]
    assert len(cll) == 1, [(e.name, e.aliases) for e in ex.entities]
    assert "chronic lymphocytic leukemia" in {n.lower() for n in [cll[0].name, *cll[0].aliases]}
    assert {m.text for m in cll[0].mentions} >= {"CLL", "chronic lymphocytic leukemia"}


def test_an_outcome_acronym_joins_its_measure(extractor) -> None:
    text = (
        "Median progression-free survival was 14.2 months with the combination. "
        "PFS at 24 months was 61%.\n"
    )
    _entities_by_name, ex = _entities(extractor, text)
    pfs = [e for e in ex.entities if e.type.value == "OUTCOME" and "survival" in e.name.lower()]
    assert len(pfs) == 1, [(e.name, e.type, e.aliases) for e in ex.entities]
    assert "PFS" in {m.text for m in pfs[0].mentions}


def test_an_acronym_without_its_full_name_stays(extractor) -> None:
    text = "Patients with CLL received venetoclax; 12 of 40 (30%) had a complete remission.\n"
    entities, ex = _entities(extractor, text)
    assert any("CLL" in [e.name, *e.aliases] for e in ex.entities)


def test_a_cell_therapy_short_name_is_its_inn(default_extractor) -> None:
    # "velma-cel" has no capital letter to read it as an acronym by; it is the INN's short name.
    text = (
        "Velmacabtagene Autoleucel (velma-cel), a Fast-Off-Rate CD19 CAR T-Cell Therapy "
        "Manufactured in 3 Days, in Adults with Relapsed B-Cell Acute Lymphoblastic Leukemia: "
        "Primary Analysis of the Phase 2 HALCYON-ALL Study\n\n"
        "Introduction: Velma-cel (HB-021; Harwick Biotherapeutics) is an autologous 4-1BB CD19 "
        "CAR T-cell product. Results: Of 40 patients treated with velma-cel, 30 (75%) achieved "
        "complete remission.\n"
    )
    ex = default_extractor.extract(Document(text=text, title=""))
    drugs = [e for e in ex.entities if e.type.value == "DRUG"]
    named = [e for e in drugs if "velma-cel" in {n.lower() for n in [e.name, *e.aliases]}]
    assert len(named) == 1, [(e.name, e.aliases) for e in drugs]
    assert "velmacabtagene autoleucel" in {n.lower() for n in [named[0].name, *named[0].aliases]}


def test_letters_that_cannot_abbreviate_a_name_stay_apart_from_it(default_extractor) -> None:
    # The coreference model joined "CRS" (cytokine release syndrome, never spelled out here)
    # to "complete remission": C, R, but no S among its initials.
    text = (
        "Velmacabtagene Autoleucel (velma-cel), a Fast-Off-Rate CD19 CAR T-Cell Therapy "
        "Manufactured in 3 Days, in Adults with Relapsed B-Cell Acute Lymphoblastic Leukemia: "
        "Primary Analysis of the Phase 2 HALCYON-ALL Study\n\n"
        "Results: Of 40 patients treated with velma-cel, 30 (75%) achieved complete remission. "
        "CRS occurred in 20 patients (50%).\n"
    )
    ex = default_extractor.extract(Document(text=text, title=""))
    outcomes = {e.name: [e.name, *e.aliases] for e in ex.entities if e.type.value == "OUTCOME"}
    assert "CRS" not in outcomes.get("complete remission", []), outcomes
