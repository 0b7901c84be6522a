"""Products no lexicon lists, named the way new therapies are (own sentences): a CAR product's
code ("AB-CAR7"), a gene therapy or vaccine named by what it delivers ("RPE65 gene therapy"),
a code a description names ("a CD38-specific CAR, ZT55B,"), and a drug stem new to the list
("-rasib"). Each must come out as one DRUG, on the rules-only and the default pipelines."""

from __future__ import annotations

import re

import pytest
from biokg.nlp import patterns as P
from nlp_helpers import pairs, triples

from biokg.model import Document

PIPELINES = ["extractor", "default_extractor"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("AB-CAR7 was given", ["AB-CAR7"]),
        ("the XY2–CART01 cells", ["XY2–CART01"]),  # an en dash
        ("MB-CART19.1 was infused.", ["MB-CART19.1"]),
        ("huCART19 and CART22", ["huCART19", "CART22"]),
        # A construct named by its target, a trial and the generic modality are no codes.
        ("CD19-CAR-T cells, CAR-T cells and CAR T cells", []),
        ("the CARTITUDE-4 and CARES-1 trials", []),
    ],
)
def test_car_code_names(text, codes):
    assert [m.group() for m in P.CAR_CODE.finditer(text)] == codes


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("received RPE65 gene therapy, and", "RPE65 gene therapy"),
        ("the XY-SCID stem cell gene therapy was", "XY-SCID stem cell gene therapy"),
        ("the HPV-18 therapeutic DNA vaccine induced", "HPV-18 therapeutic DNA vaccine"),
        ("BRCA1 carriers who received gene therapy", None),  # not a modality's words
        ("an mRNA vaccine", None),  # no name: the modality
    ],
)
def test_gene_therapies_and_vaccines_named_by_what_they_deliver(text, name):
    found = [m.group() for m in P.NAMED_MODALITY.finditer(text)]
    assert found == ([name] if name else [])


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ide-cel and zano-cel were compared", ["Ide-cel", "zano-cel"]),
        ("after vorta‐cel infusion", ["vorta‐cel"]),  # a hyphen of its own
        ("a well-tolerated cell therapy; T-cell counts", []),
    ],
)
def test_short_names_of_cell_therapies(text, names):
    assert [m.group() for m in P.INN_SHORT.finditer(text)] == names


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_short_cell_therapy_name_is_a_drug_wherever_it_stands(fixture, request):
    # Named once, capitalised at the start or without a relation, the entity filter dropped it.
    extractor = request.getfixturevalue(fixture)
    extraction = _extract(extractor, "Ide-cel and zano-cel are approved for multiple myeloma.\n")
    assert {"ide-cel", "zano-cel"} <= _drugs(extraction)
    extraction = _extract(
        extractor,
        "Patients who received vorta-cel had a median progression-free survival of 14 months.\n",
    )
    assert ("vorta-cel", "HAS_OUTCOME", "progression-free survival") in triples(extraction)


def _extract(extractor, text):
    return extractor.extract(Document(text=text, url="https://example.org/own"))


def _drugs(extraction):
    return {e.name for e in extraction.entities if e.type == "DRUG"}


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_car_code_is_a_drug_and_names_its_target(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "Patients with neuroblastoma were treated with CD171-CART02 at three dose levels. Of 12 "
        "patients, 5 had a complete response to CD171-CART02.\n",
    )
    assert "CD171-CART02" in _drugs(extraction)
    assert ("CD171-CART02", "TARGETS", "CD171") in triples(extraction)
    assert ("CD171-CART02", "HAS_OUTCOME", "complete response") in triples(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_code_inside_a_car_product_is_no_construct_of_its_letters(fixture, request):
    # "MB" is a gene symbol: before codes, "MB-CART19.1" was read as "MB CAR T cells".
    extraction = _extract(
        request.getfixturevalue(fixture),
        "MB-CART19.1 was administered to 12 patients with lymphoma; ten achieved complete "
        "response.\n",
    )
    assert "MB-CART19.1" in _drugs(extraction)
    assert not any(e.name == "MB" for e in extraction.entities)
    assert not any(n.startswith("MB CAR") for n in _drugs(extraction))


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_gene_therapy_targets_the_gene_it_delivers(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "Eleven patients with Leber congenital amaurosis received RPE65 gene therapy in a phase 3 "
        "study.\n",
    )
    assert "RPE65 gene therapy" in _drugs(extraction)
    assert ("RPE65 gene therapy", "TARGETS", "RPE65") in triples(extraction)


@pytest.mark.parametrize(
    ("text", "drug", "target", "disease"),
    [
        (
            "GPRC5D CAR T cells produced responses in 20 of 25 patients with multiple myeloma.\n",
            "GPRC5D CAR T cells",
            "GPRC5D",
            "multiple myeloma",
        ),
        (
            "Several CD30 CAR T-cell therapies are in development for Hodgkin lymphoma.\n",
            "CD30 CAR T cells",
            "CD30",
            "Hodgkin lymphoma",
        ),
        (
            "The RPE65 gene therapy restored light sensitivity in 9 of 12 children with Leber "
            "congenital amaurosis.\n",
            "RPE65 gene therapy",
            "RPE65",
            "Leber congenital amaurosis",
        ),
    ],
    ids=["cells", "therapies", "gene-therapy"],
)
def test_a_name_built_on_its_target_is_a_drug_wherever_it_stands(
    text, drug, target, disease, default_extractor
):
    # The entity filter, learnt on abstracts with few such names, dropped them in one-mention
    # texts ("T cells" and a symbol's digits weigh against a drug).
    extraction = _extract(default_extractor, text)
    assert drug in _drugs(extraction)
    assert (drug, "TARGETS", target) in triples(extraction)
    assert (drug, "TREATS", disease) in triples(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_vaccine_named_by_a_gene_targets_that_antigen(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "The MAGE-A4 peptide vaccine induced T-cell responses in 12 of 20 patients with "
        "melanoma.\n",
    )
    assert ("MAGE-A4 peptide vaccine", "TARGETS", "MAGE-A4") in triples(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_vaccine_named_by_its_antigen_is_one_drug(fixture, request):
    # The trained model tags "HPV-18" alone as the drug; the named vaccine is the product.
    extraction = _extract(
        request.getfixturevalue(fixture),
        "Twenty women with cervical intraepithelial neoplasia received HPV-18 therapeutic DNA "
        "vaccine, and regression occurred in 9 of 20 women.\n",
    )
    assert "HPV-18 therapeutic DNA vaccine" in _drugs(extraction)
    assert "HPV-18" not in _drugs(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_code_a_bare_car_description_names_is_the_drug(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "We developed a fully human CD38-specific CAR, ZT55B, and report its safety in a phase 1 "
        "trial. ZT55B was administered to 14 patients with multiple myeloma; 12 had an overall "
        "response.\n",
    )
    assert "ZT55B" in _drugs(extraction)
    assert not any(e.name == "ZT55B" and e.type != "DRUG" for e in extraction.entities)
    rels = triples(extraction)
    assert ("ZT55B", "TARGETS", "CD38") in rels
    assert ("ZT55B", "HAS_OUTCOME", "overall response") in rels
    # One drug: the description is the code's, not a second construct.
    assert not any("CAR" in n for n in _drugs(extraction))


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_code_in_parentheses_after_a_car_description_is_the_drug(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "A phase 1 study of a novel CD38-targeting CAR (ZT55B) in patients with myeloma. ZT55B "
        "induced complete response in 9 of 14 patients.\n",
    )
    assert _drugs(extraction) == {"ZT55B"}
    assert ("ZT55B", "TARGETS", "CD38") in triples(extraction)


def test_new_inn_stems_make_drugs():
    found = [
        m.group()
        for m in P.INN_DRUG.finditer("divarasib, inclisiran, tamocavir, velmacaftor and velaxaban")
    ]
    assert found == ["divarasib", "inclisiran", "tamocavir", "velmacaftor", "velaxaban"]
    # Made-up names on the stems of cereblon modulators, BCL-2 inhibitors, beta blockers, HIF
    # stabilisers and carbamates (antisense "-rsen" would take "Andersen").
    text = "torvadomide, belatoclax, tenalolol, fendadustat and zorbamate, said Dr Andersen"
    found = [m.group() for m in P.INN_DRUG.finditer(text)]
    assert found == ["torvadomide", "belatoclax", "tenalolol", "fendadustat", "zorbamate"]
    # Cell therapies' "-cel" after five letters; "cancel", "parcel" and "Marcel" are no drugs.
    text = "omidubicel and fendocel; cancel the parcel, Marcel"
    assert [m.group() for m in P.INN_DRUG.finditer(text)] == ["omidubicel", "fendocel"]


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_construct_whose_target_the_code_spells_is_that_product(fixture, request):
    # "XY-CAR22" spells CD22: the CD22 CAR T cells of the text are that product, one entity.
    extraction = _extract(
        request.getfixturevalue(fixture),
        "Researchers engineered CD22 CAR T cells for children with leukemia, producing a product "
        "the team calls XY-CAR22. Of 15 children, 11 had complete remission after XY-CAR22.\n",
    )
    assert "XY-CAR22" in _drugs(extraction)
    assert not any("CAR T cells" in n for n in _drugs(extraction))
    assert ("XY-CAR22", "TARGETS", "CD22") in triples(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_construct_the_code_does_not_spell_stays_apart(fixture, request):
    extraction = _extract(
        request.getfixturevalue(fixture),
        "Ten patients with myeloma who had received BCMA CAR T cells were given XY-CAR22 in a "
        "phase 1 trial; six of the ten had a complete response to XY-CAR22.\n",
    )
    assert {"XY-CAR22", "BCMA CAR T cells"} <= _drugs(extraction)


@pytest.mark.parametrize("fixture", PIPELINES)
def test_a_name_a_product_is_sold_under_is_a_drug_without_a_generic(fixture, request):
    # No generic name stands before "sold as": the brand is the product's only name.
    text = (
        "The CD19-directed CAR T-cell therapy, sold as Velqara by Bristol Myers Squibb, is "
        "approved for follicular lymphoma.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(text=text))
    types = {e.name: e.type for e in extraction.entities}
    assert types.get("Velqara") == "DRUG", types


@pytest.mark.parametrize(
    ("text", "brand", "generic"),
    [
        # The generic is a name only the trained model knows, after the brand phrase is read.
        ("Sarapentin, sold as Nurovio by Calder Pharma, is approved for postherpetic "
         "neuralgia.\n", "Nurovio", "Sarapentin"),
        ("Zentuzumab, which Harwick Bio sells as Zenvora, is approved for psoriasis.\n",
         "Zenvora", "zentuzumab"),
    ],
    ids=["unknown-generic", "sells-as"],
)  # fmt: skip
def test_a_name_a_drug_is_sold_under_is_its_brand(default_extractor, text, brand, generic):
    extraction = default_extractor.extract(Document(text=text))
    assert (brand, generic) in pairs(extraction, "BRAND_OF"), pairs(extraction, "BRAND_OF")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A single dose of an experimental dengue vaccine, DV-TET4, prevented 75% of dengue cases "
         "in a trial of 16,000 children.\n", "DV-TET4"),
        ("Patients received a TEAD inhibitor called OLT-45 for mesothelioma.\n", "OLT-45"),
        ("The investigational antibody XB-412 targets CLDN18.2 and was given to 30 patients "
         "with gastric cancer.\n", "XB-412"),
        ("Doctors gave the oral drug TQR7 to 12 children with neuroblastoma.\n", "TQR7"),
        ("The treatment, known as rAAV8.hRKp.AIPL1, delivers a working copy of AIPL1 to the "
         "retina.\n", "rAAV8.hRKp.AIPL1"),
    ],
    ids=["apposition", "called", "bare-apposition", "bare-apposition-no-dash", "known-as"],
)  # fmt: skip
def test_a_code_the_text_gives_a_described_drug_is_that_drug(default_extractor, text, code):
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert types.get(code) == "DRUG", types


@pytest.mark.parametrize(
    "text",
    [
        "Patients who had received the drug in KEYNOTE-9 trial were excluded.\n",
        "The antibody CD20 expression was measured in 40 patients with lymphoma.\n",
    ],
    ids=["trial-after-class", "gene-after-class"],
)  # fmt: skip
def test_a_trial_or_gene_after_a_class_word_is_no_code_name(default_extractor, text):
    extraction = default_extractor.extract(Document(text=text))
    assert not [e.name for e in extraction.entities if str(e.type) == "DRUG"], extraction.entities


def test_a_code_the_text_calls_a_drug_is_a_drug_wherever_it_is_named(default_extractor):
    text = (
        "Doctors gave the oral drug TQR7 to 12 children with neuroblastoma. TQR7 was well "
        "tolerated, and 7 of the 12 children responded to TQR7.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    named = [(e.name, str(e.type)) for e in extraction.entities if e.name == "TQR7"]
    assert named == [("TQR7", "DRUG")], named
    assert ("TQR7", "neuroblastoma") in pairs(extraction, "TREATS")


def test_a_brand_with_its_generic_and_maker_in_brackets(default_extractor):
    text = "The FDA approved Zentiva (torvamab, Harwell Bio) for adults with lupus nephritis.\n"
    extraction = default_extractor.extract(Document(text=text))
    assert ("Zentiva", "torvamab") in pairs(extraction, "BRAND_OF"), extraction.relations
    assert ("torvamab", "Harwell Bio") in pairs(extraction, "DEVELOPED_BY")


def test_a_regimen_named_before_its_drugs_is_no_brand(default_extractor):
    text = "Patients received VRd (bortezomib, lenalidomide and dexamethasone) before transplant.\n"
    extraction = default_extractor.extract(Document(text=text))
    assert not pairs(extraction, "BRAND_OF"), pairs(extraction, "BRAND_OF")


@pytest.mark.parametrize(
    "text",
    [
        "The drug, bulevatide, was developed by Corvant Therapeutics of San Diego for chronic "
        "hepatitis D.\n",
        "Patients with chronic hepatitis D received an antiviral called bulevatide for a year.\n",
    ],
    ids=["apposition", "called"],
)  # fmt: skip
def test_a_new_generic_name_given_with_its_class_is_a_drug(default_extractor, text):
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert types.get("bulevatide") == "DRUG", types
    assert ("bulevatide", "chronic hepatitis D") in pairs(extraction, "TREATS") or (
        "bulevatide",
        "hepatitis D",
    ) in pairs(extraction, "TREATS"), extraction.relations
    assert "San" not in types, types  # a word of a place's name is no gene


def test_a_word_between_commas_after_a_class_is_no_name_unless_a_noun(default_extractor):
    text = "The drug, however, was not better than placebo in patients with hepatitis D.\n"
    extraction = default_extractor.extract(Document(text=text))
    assert not [e.name for e in extraction.entities if str(e.type) == "DRUG"], extraction


def test_a_name_the_text_calls_a_company_is_an_organisation(default_extractor):
    text = (
        "The therapy was produced by MeiraGTx, a London-based company, under a special licence.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert types.get("MeiraGTx") == "ORGANIZATION", types
    text = "Dr Ana Ruiz, a company spokesperson, said the therapy was safe.\n"
    types = {e.name: str(e.type) for e in default_extractor.extract(Document(text=text)).entities}
    assert types.get("Ana Ruiz") == "PERSON", types


@pytest.mark.parametrize(
    "text",
    [
        "The treatment, known as ABC-12, delivers a working copy of the AIPL1 gene to the retina "
        "of children with Leber congenital amaurosis.\n",
        "The gene therapy velagene carries a functional copy of the F9 gene.\n",
    ],
    ids=["delivers-a-copy", "carries-a-copy"],
)  # fmt: skip
def test_a_named_gene_therapy_targets_the_copy_it_delivers(default_extractor, text):
    extraction = default_extractor.extract(Document(text=text))
    assert pairs(extraction, "TARGETS"), extraction.relations


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the radioligand 177Lu-PSMA-R4 in men", "177Lu-PSMA-R4"),
        ("[177Lu]Lu-DOTA-TATE was given", "[177Lu]Lu-DOTA-TATE"),
        ("with 225Ac-J591, a", "225Ac-J591"),
        ("Lutetium-177 PSMA-617 improved", "Lutetium-177 PSMA-617"),
        # A radionuclide with no named carrier is no product name.
        ("iodine-131 therapy", None),
        ("radium-223 was", None),
    ],
)
def test_radiopharmaceutical_names(text, name):
    m = P.RADIOLABELLED.search(text)
    assert (m.group() if m else None) == name


@pytest.mark.parametrize(
    ("text", "drug", "gene"),
    [
        (
            "Researchers tested the radioligand 177Lu-PSMA-R4 in men with metastatic prostate "
            "cancer.\n",
            "177Lu-PSMA-R4",
            "PSMA",
        ),
        (
            "Lutetium-177 PSMA-617 extended survival in men with castration-resistant prostate "
            "cancer.\n",
            "Lutetium-177 PSMA-617",
            "PSMA",
        ),
    ],
)
def test_a_radiopharmaceutical_is_a_drug_and_targets_its_carriers_gene(
    default_extractor, text, drug, gene
):
    extraction = default_extractor.extract(Document(id="radioligand", text=text))
    found = triples(extraction)
    assert (drug, "TARGETS", gene) in found, found
    assert any(t[0] == drug and t[1] == "TREATS" for t in found), found


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("marketed for type 2 diabetes by Dunmore Pharma as Trimava.", "Trimava"),
        ("marketed in the United States by Bristol Myers Squibb as Opdivo.", "Opdivo"),
        ("was approved for use in children as Zolgensma.", "Zolgensma"),
        ("approved as a treatment for", None),
    ],
)
def test_a_brand_phrase_may_name_the_market_maker_and_indication_first(text, brand):
    m = P.BRAND_PHRASE.search(text)
    assert (m and (m.group("b") or m.group("b2"))) == brand


def test_a_brand_sold_by_a_company_for_a_disease_is_a_drug(default_extractor):
    text = (
        "Participants were randomized to pelvaglutide or to orvaglutide, the GLP-1 receptor "
        "agonist marketed for type 2 diabetes by Dunmore Pharma as Trimava.\n"
    )
    extraction = default_extractor.extract(Document(id="brand-phrase", text=text))
    types = {e.name: e.type.value for e in extraction.entities}
    assert types.get("Trimava") == "DRUG", types
    assert ("Trimava", "BRAND_OF", "orvaglutide") in triples(extraction)


def test_a_generic_with_the_fda_suffix_is_the_brands_generic(default_extractor):
    text = (
        "The FDA has approved Lomvira (tesrokimab-vlnq), an injectable biologic from "
        "Calloway Therapeutics, for adults with plaque psoriasis.\n"
    )
    extraction = default_extractor.extract(Document(id="fda-suffix", text=text))
    found = triples(extraction)
    assert ("Lomvira", "BRAND_OF", "tesrokimab-vlnq") in found, found
    assert ("tesrokimab-vlnq", "TREATS", "plaque psoriasis") in found, found


def test_inns_told_apart_by_a_greek_letter():
    text = (
        "patients on corvalase alfa, then dimeglucerase beta or nonacog beta pegol; the "
        "glucosylceramidase beta 1 gene, beta cells and a beta-2 agonist"
    )
    found = [m.group() for m in P.INN_TWO_WORD.finditer(text)]
    assert found == ["corvalase alfa", "dimeglucerase beta", "nonacog beta pegol"]


@pytest.mark.parametrize(
    ("text", "generic", "brand"),
    [
        # A name with the FDA's suffix is a drug's, though the models read an enzyme's gene.
        (
            "Harlow Bio announced FDA approval of TRENVIA™ (sorvaglucerase beta-mtnz) for "
            "adults with late-onset Pompe disease.\n",
            "sorvaglucerase beta",
            "TRENVIA",
        ),
        # The 2022 stems of multispecific antibodies ("-mig") make drugs, and their brands.
        (
            "A retired teacher was the first patient in the region to receive velrotamig "
            "(Corvana), a newly approved immunotherapy for small cell lung cancer.\n",
            "velrotamig",
            "Corvana",
        ),
    ],
)
def test_biologics_named_by_convention_are_drugs_with_their_brands(
    default_extractor, text, generic, brand
):
    extraction = default_extractor.extract(Document(id="biologic-names", text=text))
    types = {e.name: e.type.value for e in extraction.entities}
    assert types.get(generic) == "DRUG" and types.get(brand) == "DRUG", types
    assert (brand, "BRAND_OF", generic) in triples(extraction), triples(extraction)


def test_a_class_of_drugs_is_no_disease(default_extractor):
    # The model read the letters of a class as a disease, and its long form with them.
    text = (
        "Tamocavir remains active against HIV strains that have escaped integrase strand "
        "transfer inhibitors (INSTIs) and nucleoside reverse transcriptase inhibitors "
        "(NRTIs).\n"
    )
    extraction = default_extractor.extract(Document(id="classes", text=text))
    types = {e.name: e.type.value for e in extraction.entities}
    assert "DISEASE" not in {types.get(n) for n in types if "inhibitors" in n}, types
    assert types.get("integrase strand transfer inhibitors") == "DRUG", types


@pytest.mark.parametrize(
    "text",
    [
        "Velmorant is an oral medicine that blocks the orexin 2 receptor. Trosa Pharma is "
        "developing velmorant for insomnia, and 212 adults took velmorant in a phase 2 trial.\n",
        "Varnocopan (TRX-118) is an oral small-molecule inhibitor of complement factor B. Forty "
        "adults with paroxysmal nocturnal hemoglobinuria switched to varnocopan.\n",
        "Ostelmarix, a once-daily tablet taken with food, is being developed by Verrow Health. "
        "Women who took ostelmarix had less pelvic pain.\n",
    ],
    ids=["copula", "copula-code", "apposition"],
)  # fmt: skip
def test_a_name_the_text_says_is_a_drug_is_one_wherever_named(default_extractor, text):
    extraction = default_extractor.extract(Document(text=text))
    drugs = [e for e in extraction.entities if str(e.type) == "DRUG"]
    assert len(drugs) == 1, [(e.name, e.aliases) for e in drugs]
    name = drugs[0].name
    assert name[0].islower(), name  # an INN is written in lower case
    spans = {(m.start, m.end) for m in drugs[0].mentions}
    named = {(m.start(), m.end()) for m in re.finditer(name, text, re.IGNORECASE)}
    assert named <= spans, (named, spans)


def test_a_word_the_parse_does_not_describe_is_no_drug(default_extractor):
    text = (
        "Yesterday, a vaccine against chikungunya was approved in Brazil. Overall, a medicine "
        "for every patient remains the goal.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    names = {e.name.casefold() for e in extraction.entities}
    assert not {"yesterday", "overall"} & names, names


def test_a_brand_described_by_its_class_stays_the_brand(default_extractor):
    text = (
        "Qelvora (tasutinib) is a kinase inhibitor approved for gastrointestinal stromal "
        "tumor. Qelvora is marketed by Harlan Oncology.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    assert ("Qelvora", "tasutinib") in pairs(extraction, "BRAND_OF"), extraction.relations


@pytest.mark.parametrize(
    "name",
    ["darovorexant", "pelnagolix", "tarvapril", "morsiprofen", "quenacoxib"],
)
def test_established_class_stems_name_drugs(default_extractor, name):
    text = (
        f"Patients with chronic pain received {name} or placebo for twelve weeks. Pain scores "
        f"fell by 2.1 points with {name}.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    assert name in {e.name for e in extraction.entities if str(e.type) == "DRUG"}, [
        (e.name, str(e.type)) for e in extraction.entities
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The agency validated Harrow Bio's application for tovanitinib (proposed brand name "
        "Fyrelza) in adults with urothelial carcinoma.\n",
        "Tovanitinib, trade name: Fyrelza, is approved for urothelial carcinoma.\n",
    ],
    ids=["proposed", "trade-name"],
)
def test_a_brand_the_text_calls_one_is_the_drug_s_brand(default_extractor, text):
    extraction = default_extractor.extract(Document(text=text))
    assert ("Fyrelza", "tovanitinib") in pairs(extraction, "BRAND_OF"), extraction.relations
