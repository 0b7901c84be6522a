"""A drug's outcome carries the numbers the text states for it, wherever the text states them
(`ModelRelations._stated_numbers`; own sentences, the shipped default pipeline)."""

from __future__ import annotations

from biokg.model import Document


def _outcomes(extraction) -> dict[tuple[str, str], dict]:
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names[r.subject], names[r.object].casefold()): r.attributes
        for r in extraction.relations
        if r.predicate.value == "HAS_OUTCOME"
    }


def test_numbers_in_a_later_sentence_naming_the_outcome(default_extractor):
    text = (
        "Velorimab is an investigational antibody developed by Orexa Bio. In the phase 2 "
        "LUMEN-3 trial, 64 patients with relapsed follicular lymphoma received velorimab. The "
        "primary end point was objective response. Forty-eight (75%) of 64 patients had an "
        "objective response.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="later", text=text)))
    attributes = outcomes[("velorimab", "objective response")]
    assert (attributes["rate"], attributes["n"], attributes["N"]) == (0.75, 48, 64)


def test_a_rate_written_against_its_interval(default_extractor):
    text = (
        "Among 80 treated patients, zorcabtagene produced an objective response rate of "
        "70%(95% CI, 59%-80%).\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="interval", text=text)))
    assert outcomes[("zorcabtagene", "objective response")]["rate"] == 0.7


def test_patients_counted_with_an_outcome_are_no_group_of_their_own(default_extractor):
    text = (
        "Forty patients received zorbatinib. Twelve patients achieved complete remission and six "
        "had a partial response.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="counts", text=text)))
    # The six are of the forty treated, not of the twelve in remission.
    assert outcomes[("zorbatinib", "partial response")]["N"] == 40
    assert outcomes[("zorbatinib", "complete remission")]["n"] == 12


def test_the_group_a_rate_is_of_is_its_n_past_an_interval(default_extractor):
    # The interval between the rate and its group kept the number-role model from naming N.
    text = (
        "Velnostat elicited an objective response rate (ORR) of 80% (95% CI, 70%-88%) in the 90 "
        "patients who received it.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="group", text=text)))
    attributes = outcomes[("Velnostat", "objective response")]
    assert (attributes["rate"], attributes["N"]) == (0.8, 90)


def test_outcomes_listed_with_their_shares_respectively(default_extractor):
    text = (
        "Ninety-nine patients with CLL received velnostat. Atrial fibrillation and major "
        "bleeding AEs (all grades) occurred in 7% and 5% of patients, respectively.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="respectively", text=text)))
    assert outcomes[("velnostat", "atrial fibrillation")]["rate"] == 0.07
    # "major bleeding AEs" names the event: the outcome is "major bleeding".
    assert outcomes[("velnostat", "major bleeding")]["rate"] == 0.05


def test_a_share_of_the_patients_is_of_the_group_stated_before(default_extractor):
    text = (
        "Zelbrintamab was studied in a phase 2 trial in follicular lymphoma. Among the 19 treated "
        "patients, the median age was 60 years. Response assessments showed a complete response "
        "in 78.9% of patients, a partial response in 15.8%, and progressive disease in 5.3%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="share-of-group", text=text)))
    for outcome, rate in (
        ("complete response", 0.789),
        ("partial response", 0.158),
        ("progressive disease", 0.053),
    ):
        attributes = outcomes[("zelbrintamab", outcome)]
        assert (attributes["rate"], attributes.get("N")) == (rate, 19), (outcome, attributes)


def test_a_share_no_whole_count_of_the_group_is_not_of_it(default_extractor):
    # 78.9% of 20 patients is no whole count: the share is of some other group.
    text = (
        "Zelbrintamab was studied in a phase 2 trial in follicular lymphoma. Among the 20 treated "
        "patients, the median age was 60 years. Response assessments showed a complete response "
        "in 78.9% of patients.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="share-not-of", text=text)))
    assert "N" not in outcomes[("zelbrintamab", "complete response")]


def test_a_count_and_a_share_no_group_reconciles_are_not_both_kept(default_extractor):
    # 2 of 3 is 67%, 2 of 4 is 50%: "two adults" and "64%" are not one finding. The share said
    # to be of the patients is the measure's; a share of something else is not.
    text = (
        "Velgene cleared leukaemia in children. In a trial involving nine children and two "
        "adults, 64% of patients had a complete response.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="reconcile", text=text)))
    response = outcomes[("Velgene", "complete response")]
    assert response["rate"] == 0.64 and "n" not in response, response
    text = (
        "Twelve pet cats with lymphoma received velgene. Two cats had a partial response, with "
        "tumours shrinking by more than 30%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="reconcile-2", text=text)))
    response = outcomes[("velgene", "partial response")]
    assert response["n"] == 2 and response.get("rate") != 0.3, response


def test_a_time_is_the_outcome_s_whose_stretch_states_it(default_extractor):
    text = (
        "Patients with myeloma received tovelmab. The overall response rate was 61%, and median "
        "progression-free survival was 11.2 months with tovelmab versus 5.3 months with "
        "placebo. In 110 patients given tovelmab, the estimate of relapse-free survival (RFS) "
        "at 18 months was 54%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="times", text=text)))
    assert "duration" not in outcomes[("tovelmab", "overall response")], outcomes
    assert outcomes[("tovelmab", "progression-free survival")]["duration"] == "11.2 months"
    assert outcomes[("tovelmab", "relapse-free survival")]["duration"] == "18 months"


def test_a_time_before_all_outcomes_is_every_one_s(default_extractor):
    text = (
        "At 12 months, overall survival was 80% with tovelmab and progression-free survival "
        "was 60%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="landmark", text=text)))
    for measure in ("overall survival", "progression-free survival"):
        assert outcomes[("tovelmab", measure)]["duration"] == "12 months", outcomes


def test_a_share_past_another_outcome_s_clause_is_that_outcome_s(default_extractor):
    text = "Median overall survival was 15.2 months with tovelmab, and the response rate was 40%.\n"
    outcomes = _outcomes(default_extractor.extract(Document(id="past", text=text)))
    assert "rate" not in outcomes[("tovelmab", "overall survival")], outcomes
    assert outcomes[("tovelmab", "response rate")]["rate"] == 0.4


def test_a_count_of_another_clause_is_not_the_outcome_s(default_extractor):
    text = (
        "In the phase 1 study of the CAR T-cell product KX-19 in 12 patients with lymphoma, CAR "
        "T cells persisted in 8 patients at six months, and the complete remission rate was "
        "58%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="apart", text=text)))
    attributes = outcomes[("KX-19", "complete remission")]
    assert attributes["rate"] == 0.58 and attributes.get("n") != 8, attributes


def test_a_count_with_its_share_is_no_group_of_later_outcomes(default_extractor):
    text = (
        "In the BRIGHTON-1 trial, 48 patients with lupus nephritis received renocabtagene "
        "autoleucel. Complete renal response was seen in 31 of 48 patients (65%), and 40 "
        "patients (83%) were able to stop steroids. No patient had neurotoxicity of grade 3 or "
        "higher.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="count-share", text=text)))
    attributes = outcomes[("renocabtagene autoleucel", "neurotoxicity")]
    assert (attributes["n"], attributes["N"]) == (0, 48), attributes


def test_figures_without_a_drug_are_the_studied_drugs_not_a_prior_therapys(default_extractor):
    # The prior therapy is the last drug named before the figures; the studied one is not.
    text = (
        "A CAR T-cell product that recognises both CD19 and CD22 put most children with "
        "relapsed B-cell acute lymphoblastic leukemia (B-ALL) back into remission.\n\n"
        "The product, torvacabtagene autoleucel (torva-cel; HLX-2219), is being developed by "
        "Halden Cell Therapeutics and is made from each patient's own T cells.\n\n"
        "Of the 40 patients enrolled in the phase 1/2 TWIN-B study, 25 had relapsed after "
        "lirocabtagene autoleucel, a CD19-directed CAR T therapy approved for B-ALL in young "
        "patients.\n\n"
        "At day 28, 33 of 40 patients (83%) were in complete remission. Twelve-month "
        "event-free survival was 61%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="studied", text=text)))
    drugs = {drug for drug, _outcome in outcomes}
    assert ("torvacabtagene autoleucel", "complete remission") in outcomes, outcomes
    assert outcomes[("torvacabtagene autoleucel", "complete remission")].get("n") == 33
    assert "lirocabtagene autoleucel" not in drugs, outcomes


# Two arms of a comparison, each with its own figures (`nlp/arms.py`).
_TWO_ARMS = (
    "Pelratinib, an oral MET inhibitor developed by Corvane Oncology, was compared with "
    "docetaxel in the phase 3 ORBIT-2 trial of 412 adults with previously treated non-small-cell "
    "lung cancer. Median progression-free survival was 9.4 months in the pelratinib group and "
    "4.1 months in the docetaxel group (hazard ratio 0.51). Overall survival was 21.3 months with "
    "pelratinib compared with 15.8 months with docetaxel. An objective response occurred in "
    "88 of 205 patients (43%) receiving pelratinib and in 27 of 207 (13%) receiving docetaxel. "
    "Pelratinib is also being studied in gastric cancer.\n"
)


def test_each_arm_of_a_comparison_has_its_own_time(default_extractor):
    outcomes = _outcomes(default_extractor.extract(Document(id="arms", text=_TWO_ARMS)))
    pfs = "progression-free survival"
    assert outcomes[("pelratinib", pfs)]["duration"] == "9.4 months", outcomes
    assert outcomes[("docetaxel", pfs)]["duration"] == "4.1 months", outcomes
    assert outcomes[("pelratinib", "overall survival")]["duration"] == "21.3 months", outcomes
    assert outcomes[("docetaxel", "overall survival")]["duration"] == "15.8 months", outcomes


def test_each_arm_of_a_comparison_has_its_own_counts(default_extractor):
    outcomes = _outcomes(default_extractor.extract(Document(id="arms", text=_TWO_ARMS)))
    mine, theirs = (
        outcomes[("pelratinib", "objective response")],
        outcomes[("docetaxel", "objective response")],
    )
    assert (mine["rate"], mine["n"], mine["N"]) == (0.43, 88, 205), mine
    assert (theirs["rate"], theirs["n"], theirs["N"]) == (0.13, 27, 207), theirs


def test_drugs_given_together_share_their_arm_s_figures(default_extractor):
    # A guard on the arm reading: "X plus Y" is one arm, whose figures are X's too.
    text = (
        "Torasertib, an AKT inhibitor from Lindqvist Pharma, was tested with fulvestrant in "
        "women with HR-positive breast cancer whose disease progressed on a CDK4/6 inhibitor. "
        "Median progression-free survival was 7.3 months with torasertib plus fulvestrant versus "
        "3.6 months with placebo plus fulvestrant. Torasertib caused hyperglycaemia in 15%.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="combination", text=text)))
    assert outcomes[("torasertib", "progression-free survival")]["duration"] == "7.3 months"


def test_a_sentence_ending_in_a_unit_ends_there(default_extractor):
    # "2 g/dL." kept its stop inside the unit: the next sentence's measure took these figures.
    text = (
        "Varnocopan is an oral factor B inhibitor developed by Aldery Bio. In the trial, 40 "
        "adults with paroxysmal nocturnal hemoglobinuria switched to varnocopan, and 31 of 40 "
        "(78%) had a haemoglobin rise of at least 2 g/dL. Headache occurred in 12% of patients "
        "taking varnocopan.\n"
    )
    outcomes = _outcomes(default_extractor.extract(Document(id="unit", text=text)))
    assert outcomes[("varnocopan", "headache")].get("rate") == 0.12, outcomes
