"""A trial named with words of its design between the name and "trial" ("the TORRENT clinical
trial", "the NAME pediatric study") is a TRIAL, on the rules-only and the default pipelines
(own sentences)."""

from __future__ import annotations

import pytest
from biokg.nlp import patterns as P
from nlp_helpers import pairs

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the phase 3 TORRENT clinical trial featuring 200 patients", "TORRENT"),
        ("the phase I/II KESTREL pediatric trial of zorbatinib", "KESTREL"),
        ("the NAVIGATE phase 2 trial", "NAVIGATE"),
        ("in the MERIDIAN randomized double-blind study", "MERIDIAN"),
        ("the ELIANA trial", "ELIANA"),
    ],
)
def test_design_words_may_stand_between_name_and_trial(text, name):
    assert [m.group("name") for m in P.TRIAL_NAME.finditer(text)] == [name]


def test_other_words_between_do_not_make_a_trial():
    # A trial is named right before its design words; any other word breaks the name off.
    assert list(P.TRIAL_NAME.finditer("the TORRENT of new patients entering the trial")) == []


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_trial_named_before_its_design_is_investigating_the_drug(fixture, request):
    extractor = request.getfixturevalue(fixture)
    text = (
        "Orrin Therapeutics won approval based on the findings of the phase 3 TORRENT clinical "
        "trial featuring 200 patients with advanced melanoma who received velnostat. In the "
        "TORRENT clinical trial, velnostat showed a median progression-free survival of 7.1 "
        "months.\n"
    )
    extraction = extractor.extract(Document(id="trial", text=text))
    names = {e.id: (e.name, e.type.value) for e in extraction.entities}
    assert ("TORRENT", "TRIAL") in names.values()
    if fixture == "default_extractor":
        triples = {(names[r.subject][0], r.predicate.value, names[r.object][0])
                   for r in extraction.relations}  # fmt: skip
        assert ("TORRENT", "INVESTIGATES", "velnostat") in triples


def test_trials_a_sentence_lists_stay_two(default_extractor):
    # The learnt coreference model took two trial acronyms of one sentence for one trial; things
    # a sentence lists side by side are two, whatever their names share.
    text = (
        "Efficacy was evaluated in 55 patients with solid tumors who received zorbatinib across "
        "a phase I adult trial, the phase II HARBOR trial, and the phase I/II TORRENT pediatric "
        "trial.\n"
    )
    extraction = default_extractor.extract(Document(text=text, url="https://example.org/t"))
    trials = {e.name: e for e in extraction.entities if e.type == "TRIAL"}
    assert set(trials) == {"HARBOR", "TORRENT"}
    assert all(len(e.mentions) == 1 for e in trials.values())


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_name_with_its_registry_number_is_the_trial(fixture, request):
    # The trained model took the code-like name for a gene.
    text = (
        "SPRINT5 (NCT01234567), a phase 3, single-arm trial, enrolled 15 children with spinal "
        "muscular atrophy who received velnostat.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="nct", text=text))
    trials = {e.name: e for e in extraction.entities if e.type == "TRIAL"}
    assert "SPRINT5" in trials, [(e.name, e.type) for e in extraction.entities]
    if fixture == "default_extractor":  # its coreference model makes the number an alias
        assert set(trials) == {"SPRINT5"}
        assert "NCT01234567" in trials["SPRINT5"].aliases


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_virus_is_no_trial_drug_or_disease(fixture, request):
    # "HPV-16" reads like a trial's name ("KEYNOTE-189") and the trained model took it for a drug.
    text = (
        "Twenty women with HPV-16-positive vulvar intraepithelial neoplasia were vaccinated "
        "with zorvatinib; HPV-16 was no longer detected in 9 women, and HIV-1 in none.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="virus", text=text))
    names = {e.name for e in extraction.entities}
    assert not names & {"HPV-16", "HIV-1"}, [(e.name, e.type) for e in extraction.entities]


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_trials_listed_before_the_plural_and_a_gene_alias_said_to_be_a_study(fixture, request):
    # "PEGASUS" is an alias of a gene (IKZF5); "the randomized PEGASUS study" says what it is.
    text = (
        "Data from the NAVIGATE and SCOUT trials supported the approval of larvotinib. Results "
        "from the randomized PEGASUS study showed that orvatinib reduced recurrence. A phase III "
        "trial is planned.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="trials", text=text))
    by_type = {(e.type.value, e.name) for e in extraction.entities}
    assert {("TRIAL", "NAVIGATE"), ("TRIAL", "SCOUT"), ("TRIAL", "PEGASUS")} <= by_type, by_type
    assert ("GENE", "PEGASUS") not in by_type
    assert ("TRIAL", "III") not in by_type
    if fixture == "default_extractor":
        found = pairs(extraction, "INVESTIGATES")
        assert {("NAVIGATE", "larvotinib"), ("SCOUT", "larvotinib")} <= found, found


@pytest.mark.parametrize(
    ("text", "trial"),
    [
        ("Harwick reported full results from BREATHWAY, a 52-week phase 2b trial of tezorabart in "
         "544 adults with asthma.\n", "BREATHWAY"),
        ("Velcamab is being tested against chemotherapy in a trial called RASCADE-PANC 302.\n",
         "RASCADE-PANC 302"),
        ("That study, PCH-1922, opened in February and has enrolled 12 children with leukemia "
         "who receive lirocel.\n", "PCH-1922"),
        ("Three children treated in the TEC-OP-01 study received velmagene.\n", "TEC-OP-01"),
        ("In the VELLUM-PsO long-term extension, colitis occurred in 0.4% of patients given "
         "sarnobrutinib.\n", "VELLUM-PsO"),
        ("The phase 2 study (CTRI/2023/04/051877) enrolled 64 patients given velcamab.\n",
         "CTRI/2023/04/051877"),
    ],
    ids=["apposition", "called", "that-study", "hyphenated", "extension", "registry"],
)  # fmt: skip
def test_a_name_the_text_calls_a_trial_is_a_trial(default_extractor, text, trial):
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert types.get(trial) == "TRIAL", types


def test_a_word_and_a_small_number_after_a_class_is_a_trial_not_a_code(default_extractor):
    text = (
        "Ravestrapine is a muscarinic M4 receptor agonist developed by Orlan Therapeutics for "
        "schizophrenia. Phase 3 trials of the drug (EMERALD-1 and EMERALD-2) are underway. A "
        "second study of the medicine, EMBER-1, will report in 2025. The company also tests "
        "the antibody ORL-2207 in psoriasis.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    for trial in ("EMERALD-1", "EMERALD-2", "EMBER-1"):
        assert types.get(trial) == "TRIAL", types
    assert types.get("ORL-2207") == "DRUG", types  # a company's code stays a product
