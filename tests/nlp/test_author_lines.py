"""Author blocks of abstracts: who works where, by the numbers the names carry (own texts)."""

from __future__ import annotations

import pytest
from biokg.nlp.author_lines import author_lines
from nlp_helpers import triples

from biokg.model import Document


def _read(text: str) -> dict[str, list[str]]:
    return {
        text[a.start : a.end]: [text[s:e] for s, e in a.affiliations] for a in author_lines(text)
    }


@pytest.mark.parametrize(
    ("authors", "affiliations"),
    [
        ("Ana Lima 1, Jun Park 2, Ole Berg 1*",
         "1 Riverside Cancer Center, Austin, TX; 2 Harwick Bio, Boston, MA"),
        ("Ana Lima, MD1, Jun Park, MD, PhD2 and Ole Berg, MBBS1",
         "1 Riverside Cancer Center, Austin, TX; 2 Harwick Bio, Boston, MA"),
        ("Authors: Ana Lima, MD1; Jun Park, PhD2; Ole Berg, MD1",
         "1 Riverside Cancer Center, Austin, TX; 2 Harwick Bio, Boston, MA"),
        ("Ana Lima 1, Jun Park 2, Ole Berg 1; HALCYON Investigators\n\nAffiliations",
         "1 Riverside Cancer Center, Austin, TX.\n2 Harwick Bio, Boston, MA."),
    ],
    ids=["numbers", "degrees", "authors-prefix", "group-and-heading"],
)  # fmt: skip
def test_each_author_gets_the_affiliations_its_numbers_point_to(authors, affiliations):
    text = f"A Phase 2 Trial of Velcamab\n\n{authors}\n{affiliations}\n\nBackground: x.\n"
    found = _read(text)
    assert list(found) == ["Ana Lima", "Jun Park", "Ole Berg"], found
    assert found["Jun Park"][0].startswith("Harwick Bio"), found
    assert found["Ole Berg"][0].startswith("Riverside Cancer Center"), found


def test_an_author_with_two_numbers_works_at_both():
    text = "S. J. Hwang 1,2, Tobias van Brevik 2\n1 Gamma Center, Seoul\n2 Delta Institute, Busan\n"
    found = _read(text)
    assert found == {
        "S. J. Hwang": ["Gamma Center, Seoul", "Delta Institute, Busan"],
        "Tobias van Brevik": ["Delta Institute, Busan"],
    }


@pytest.mark.parametrize(
    "text",
    [
        # Numbers that point past the affiliations listed.
        "Ana Lima 1, Jun Park 3\n1 Riverside Cancer Center, Austin; 2 Harwick Bio, Boston\n",
        # A numbered list that is no affiliation list, after a sentence.
        "Patients received 2 cycles, and 14 responded.\n1 Induction with velcamab\n"
        "2 Consolidation\n",
    ],
    ids=["numbers-disagree", "no-author-line"],
)
def test_nothing_is_read_where_the_numbers_do_not_agree(text):
    assert author_lines(text) == []


def test_an_abstract_author_block_gives_people_and_affiliations(default_extractor):
    text = (
        "Velmacabtagene Autoleucel in Relapsed Myeloma: Results of the Phase 2 HALCYON-1 Study\n\n"
        "Ingrid Solberg 1, Kwame Asante 2, Mei Tanaka 1*\n"
        "1 Nordvik University Hospital, Oslo, Norway; 2 Harwick Biotherapeutics, Boston, MA\n\n"
        "Background: Velmacabtagene autoleucel is a BCMA-directed CAR T-cell therapy developed by "
        "Harwick Biotherapeutics. Results: Of 40 patients, 28 (70%) had a complete response.\n"
    )
    found = triples(default_extractor.extract(Document(text=text)))
    assert {
        ("Ingrid Solberg", "AFFILIATED_WITH", "Nordvik University Hospital"),
        ("Kwame Asante", "AFFILIATED_WITH", "Harwick Biotherapeutics"),
        ("Mei Tanaka", "AFFILIATED_WITH", "Nordvik University Hospital"),
    } <= found, found
    assert ("Ingrid Solberg", "AFFILIATED_WITH", "Harwick Biotherapeutics") not in found, found
