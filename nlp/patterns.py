"""Regular expressions and word lists behind the rule recognisers, in one place so they can be read.

All patterns run on the original document text, so their match offsets are document offsets.
"""

from __future__ import annotations

import re

_DASH = r"[-‐‑–]"
_SEP = rf"(?:\s*{_DASH}\s*|\s+)"

# A gene-like target symbol: CD22, BCMA, GPRC5D, HER2, PD-L1, EGFRvIII. Never eats "-CAR".
TARGET = rf"(?P<target>[A-Z][A-Za-z0-9]{{1,9}}(?:{_DASH}(?!CAR)[A-Z0-9]{{1,4}})?)"
_TARGETED = rf"(?:{_SEP}(?:directed|targeted|targeting|specific|redirected))?"
_CAR = r"(?:CAR|chimeric antigen receptor(?:\s*\(CAR\))?)"
_CELLS = rf"(?:{_SEP}?(?P<kind>T|NK)(?:{_SEP}?(?i:cells?))?)"
_THERAPY = (
    rf"(?:{_SEP}(?i:cell{_SEP})?"
    r"(?i:therapy|therapies|treatments?|products?|immunotherapy|infusions?))"
)

# "CD22 CAR T cells", "anti-CD22 CAR T cells", "CD22-directed CAR T-cell therapy",
# "CD19-targeted CAR immunotherapy", "BCMA CAR-T".
CAR_CONSTRUCT = re.compile(
    rf"\b(?:anti{_DASH}?\s?)?{TARGET}{_TARGETED}{_SEP}?{_CAR}"
    rf"(?:{_CELLS}{_THERAPY}?|{_THERAPY})"
)
# A CAR therapy whose target follows it: "CAR T cells targeting GD2", "CAR-T cells directed
# against CD70", "CAR T cells specific for the antigen B7-H3".
CAR_TARGETING = re.compile(
    rf"\b{_CAR}{_CELLS}{_THERAPY}?\s+(?:targeting|directed\s+(?:at|against|to)|against|"
    rf"specific\s+(?:for|to)|that\s+targets?|recogni[sz]ing)\s+"
    rf"(?:(?:the|an?)\s+)?(?:(?:antigen|protein|molecule|receptor)\s+)?{TARGET}\b"
)
# Cells given as a product, named by where they come from or how they were made: "cord
# blood-derived natural killer (NK) cells", "donor-derived regulatory T cells", "allogeneic
# iPSC-derived NK cells". Cells alone are a product only where their sentence gives them
# (`ADMINISTERED`); named as a therapy ("cord blood-derived NK cell immunotherapy",
# "donor-derived regulatory T-cell therapy", "allogeneic NK cell infusions") they are one
# wherever they stand, and one product with the cells of the same name.
CELL_PRODUCT = re.compile(
    r"\b(?P<qualifiers>(?:(?:cord[- ]blood|umbilical[- ]cord|donor|iPSC|placenta|placental|"
    r"allogeneic|autologous|off-the-shelf|ex[- ]vivo[- ]expanded|expanded|engineered|"
    r"gene[- ]edited|base[- ]edited)(?:[- ]derived)?\s+)+)"
    r"(?P<kind>natural\s+killer(?:\s+\(NK\))?|NK|regulatory\s+T|T|CAR[- ]?NK|dendritic|"
    r"mesenchymal\s+stem|mesenchymal\s+stromal)"
    r"(?:\s+cells\b|(?P<therapy>(?:[- ]cells?)?\s+(?:immuno)?therap(?:y|ies)\b|"
    r"[- ]cell\s+(?:infusions?|products?)\b))",
    re.IGNORECASE,
)
# Where a cell product's cells come from.
CELL_SOURCE = re.compile(r"cord|donor|iPSC|placent|derived", re.IGNORECASE)
ADMINISTERED = re.compile(
    r"\b(?:infus\w*|given|gave|receiv\w*|administ\w*|inject\w*|transplant\w*|dos(?:e|es|ed|ing)|"
    r"treated\s+with|treatment\s+with)\b",
    re.IGNORECASE,
)
# A CAR therapy with no target named: "CAR T-cell therapy", "CAR-T cells".
CAR_GENERIC = re.compile(rf"\b{_CAR}{_CELLS}{_THERAPY}?")
# A bare CAR named by its target where the phrase ends ("we developed a fully human
# BCMA-specific CAR, AB-101, and ..."): the receptor stands for the construct; never the CAR
# of a longer noun ("CD19 CAR expression", "the CAR construct").
CAR_BARE = re.compile(rf"\b(?:anti{_DASH}?\s?)?{TARGET}{_TARGETED}{_SEP}?CAR(?=\s*[,;:()]|\s*$)")
# A CAR product's code name: "huCART19", "AB-CAR7", "XY-CART01", "MB-CART19.1". A code carries a
# digit after "CAR"; "CD19-CAR-T" is a construct named by its target, "CARTITUDE-4" a trial.
CAR_CODE = re.compile(
    rf"(?<![\w.‐‑–-])(?:[A-Za-z0-9]+{_DASH})*[a-z]{{0,3}}CART?{_DASH}?[A-Za-z]*\d[A-Za-z0-9]*"
    rf"(?:(?:{_DASH}|\.)[A-Za-z0-9]+)*(?![\w‐‑–-])"
)

# A code name the text gives a drug it describes: "an experimental dengue vaccine, DV-TET4,",
# "the antibody (KBX-019)", "a TEAD inhibitor called OLT-45", "the investigational antibody
# XB-412 targets ...". The code carries a digit; one a study goes by ("the drug in KEYNOTE-9
# trial") is none.
CODE_AFTER_CLASS = re.compile(
    r"\b(?:vaccine|antibody|antibodies|inhibitor|degrader|therapy|drug|conjugate|compound|"
    r"candidate|molecule|agent|bispecific|oligonucleotide|antisense|radioligand|product|"
    r"treatment|medicine)"
    r"(?:\s*[,(]|\s)\s*(?:(?:called|named|known\s+as|dubbed|designated)\s+)?"
    r"(?P<code>(?:[A-Z]|[a-z](?=[A-Z]))[A-Za-z]{0,6}[-‐]?[A-Za-z]{0,6}\d[A-Za-z0-9]*"
    r"(?:[-‐.][A-Za-z0-9]+)*)"
    r"(?=\s*[,;)]|\.(?!\w)|\s+(?!(?:trials?|study|studies|cohorts?|arms?|participants|patients)\b)[a-z])"
)

# A word and a number of one or two digits ("EMERALD-1", "PRISM-3") names a trial, not a
# product: companies' codes are a short prefix and a longer number ("HB-771", "KLX-2207").
TRIAL_SHAPED = re.compile(r"[A-Z]{4,}[-‐]\d{1,2}[a-z]?")

# A new drug's generic name given with what it is: "The drug, bulevatide, was developed by",
# "an antiviral called bulevatide". After a bare comma or bracket the name must close its
# phrase ("the drug, however, ..." is read by its part of speech, `recognisers.py`).
NAME_AFTER_CLASS = re.compile(
    r"\b(?:drug|medicine|medication|pill|tablet|therapy|treatment|antibody|vaccine|compound|"
    r"molecule|agent|inhibitor|antiviral|antibiotic|candidate)"
    r"(?:\s*[,(]\s*(?P<name>[a-z][a-z-]{4,}[a-z])(?=\s*[,;)])"
    r"|\s+(?:called|named|known\s+as|dubbed)\s+(?P<name2>[a-z][a-z-]{4,}[a-z])\b)"
)

# A new drug's name given as what it is: "Velmorant is an oral medicine that ...",
# "Lorvacopan, an oral factor B inhibitor, ...", "Elgonarix (also called CWH-310) is a tablet
# taken once a day". The class noun must end its phrase; `recognisers.py` checks the parse
# (apposition or copula), so "Today, a vaccine for X" names no drug.
NAME_BEFORE_CLASS = re.compile(
    r"\b(?P<name>[A-Za-z][a-z]{4,}[a-z])(?:\s*\([^()]{1,40}\))?"
    r"(?:\s*,\s*|\s+(?:is|was)\s+)(?:a|an)\s+(?:[\w/-]+\s+){0,4}?"
    r"(?P<class>tablet|pill|capsule|injection|drug|medicine|medication|antibody|inhibitor|"
    r"agonist|antagonist|vaccine|compound|molecule|degrader|modulator|blocker|prodrug|"
    r"oligonucleotide|siRNA|antisense|biologic|antiviral|antibiotic)"
    r"(?=\s*[,.;:)]|\s+(?:that|which|for|to|from|developed|designed|being|in|with|taken|given|"
    r"approved|administered|used|and|by|made|licensed|owned|discovered|against|targeting|"
    r"called|known|candidate|of)\b)"
)

# Cells named by a marker they carry: "CD4+ T cells", "CD8+ interferon-gamma T cells", "a
# CD4+ T-cell response", "CD19-positive B cells", "CD34+ cells". Up to two words may stand
# between the marker and the cells' name; the name is one of the cell kinds below.
_CELL_KIND = (
    r"(?P<kind>T|B|NK|NKT|stem|progenitor|dendritic|myeloid|plasma|memory|effector|regulatory|"
    r"helper|killer)?"
)
MARKED_CELLS = re.compile(
    rf"\b(?P<marker>[A-Z][A-Za-z0-9]{{1,9}})(?:\+|{_DASH}?positive)\s+"
    r"(?:(?!cells?\b)[a-z][\w-]*\s+){0,2}?"
    rf"{_CELL_KIND}{_SEP}?(?P<cells>cells?|lymphocytes|monocytes|macrophages|blasts)\b"
)
# Cancer cells are no cell type (GUIDE.md): "HER2-positive breast cancer cells" is the disease.
MALIGNANT = re.compile(r"cancer|tumou?r|carcinoma|leuk|lymphoma|myeloma|sarcoma|malignan", re.I)

# A gene therapy or vaccine named by what it delivers or is against: "RPE65 gene therapy",
# "XY-SCID stem cell gene therapy", "HPV-18 therapeutic DNA vaccine". The name is a symbol or
# code (two capitals or a digit); the words between are a modality's own ("synthetic",
# "long-peptide", "lentiviral", "mRNA"), so "BRCA1 carriers who received gene therapy" is none.
_MODALITY_WORD = (
    r"(?:synthetic|therapeutic|prophylactic|(?:long|short|overlapping)[- ]peptide|peptides?|"
    r"DNA|mRNA|RNA|recombinant|conjugate[d]?|live|attenuated|inactivated|adjuvanted|subunit|"
    r"[a-z]+valent|whole[- ]cell|dendritic[- ]cell|tumou?r[- ]cell|cell|stem[- ]cell|"
    r"hematopoietic|haematopoietic|lentiviral|retroviral|viral|AAV\d*|vector|[a-z]+-based|"
    r"[a-z]+-mediated|autologous|allogeneic|personali[sz]ed|neoantigen|targeted)"
)
NAMED_MODALITY = re.compile(
    r"\b(?P<name>(?=[A-Za-z0-9‐-]*(?:[A-Z][A-Za-z‐-]*[A-Z0-9]|\d))[A-Z][A-Za-z0-9]*"
    r"(?:[-‐][A-Za-z0-9]+)*)"
    rf"(?:\s+{_MODALITY_WORD}){{0,3}}\s+(?P<head>gene[- ]therap(?:y|ies)|vaccines?)\b"
)
# The same named after the product: "a synthetic long-peptide vaccine against HPV-16", "a gene
# therapy delivering a working copy of the GJB2 gene", "an mRNA vaccine encoding KRAS G12D".
MODALITY_FOR = re.compile(
    rf"\b(?P<mods>(?:{_MODALITY_WORD}\s+){{0,3}})(?P<head>gene[- ]therap(?:y|ies)|vaccines?)\s+"
    r"(?:against|targeting|directed\s+(?:at|against)|that\s+(?:delivers|targets|encodes)|"
    r"delivering|encoding|carrying|expressing)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:working|functional|healthy|normal|corrected|correct)\s+)?"
    r"(?:cop(?:y|ies)\s+of\s+(?:the\s+)?)?"
    r"(?P<name>(?=[A-Za-z0-9‐-]*(?:[A-Z][A-Za-z‐-]*[A-Z0-9]|\d))[A-Z][A-Za-z0-9]*"
    r"(?:[-‐][A-Za-z0-9]+)*)(?:\s+genes?\b)?"
)
# A product the text names only by its modality: "a novel gene therapy", "a synthetic
# long-peptide vaccine", "the vaccine". One only where the text is about it
# (`study_products.py`).
_EVALUATIVE = r"(?:novel|new|experimental|investigational|first|one-time|single-dose|potential)"
STUDY_PRODUCT = re.compile(
    r"\b(?P<det>an?|the|this|that|our|their|its)\s+"
    rf"(?P<mods>(?:(?:{_EVALUATIVE}|{_MODALITY_WORD})\s+){{0,4}})"
    r"(?P<head>gene[- ]therapy|vaccine)\b(?![- ](?:trials?|studies|study|field|research))",
    re.IGNORECASE,
)
# The praise before a product's own words ("novel", "experimental"): no part of its name.
EVALUATIVE_PREFIX = re.compile(rf"(?:{_EVALUATIVE}\s+)*", re.IGNORECASE)
MODALITY_NAME_STOP = {"DNA", "RNA", "mRNA", "AAV", "CAR", "FDA", "The", "This", "US", "EU"}

# A therapy class named by its target: "anti-PD-1 antibody", "PD-1 inhibitors", "BCMA-targeted
# bispecific antibody", "HER2-directed therapy".
_CLASS_VARIANT = r"(?:\s+[A-Z]\d{1,4}[A-Z])?"  # "KRAS G12C inhibitors": the gene is KRAS
TARGETED_CLASS = re.compile(
    rf"\b(?:(?P<anti>anti{_DASH}?\s?){TARGET}|{TARGET.replace('target>', 'target2>')}"
    rf"{_CLASS_VARIANT}(?={_SEP}(?:directed|targeted|targeting|inhibitor|blocking|bispecific)))"
    rf"(?:{_TARGETED}|{_SEP}(?:blocking|binding)){_SEP}(?:bispecific{_SEP})?"
    r"(?P<head>inhibitors?|antibod(?:y|ies)|monoclonal antibod(?:y|ies)|T[- ]cell engagers?|"
    r"therapy|therapies|immunotherapy|blockade|agents?|drugs?)\b"
)

# A bispecific named by its two targets: "CD20xCD3 bispecific antibody", "a BCMA×CD3 T-cell
# engager", "DLL3/CD3 bispecific". A CAR named so is a construct ("CD19/CD22 bispecific CAR").
_SYMBOL = r"[A-Z][A-Z0-9]{1,9}(?:[-‐][A-Z0-9]{1,4})?(?:\.\d)?"
BISPECIFIC = re.compile(
    rf"\b(?P<a>{_SYMBOL})\s?[x×/]\s?(?P<b>{_SYMBOL}){_TARGETED}{_SEP}"
    rf"(?:bispecific(?:{_SEP}(?:monoclonal{_SEP})?(?:antibod(?:y|ies)|T[- ]cell engagers?))?"
    r"|T[- ]cell engagers?)\b(?![- ]?(?:CAR|chimeric))"
)

# International Nonproprietary Name stems (WHO INN stem book) that only drugs carry.
INN_STEMS = (
    "mab", "cept", "leucel", "tinib", "rafenib", "ciclib", "parib", "lisib", "zomib", "degib",
    "platin", "rubicin", "taxel", "cillin", "floxacin", "vir",
    "sartan", "dipine", "gliptin", "glutide", "gliflozin", "tecan", "trexate", "mustine",
    "lukast", "setron", "prazole", "olimus", "vastatin", "tuzumab", "ximab", "zumab", "kinra",
    "fenib", "metinib", "lutamide", "relix", "citabine", "fosfamide", "poetin", "grastim",
    "afil", "oxetine", "triptan", "azepam", "barbital", "caine", "dronate", "rasib", "siran",
    "xaban", "gatran", "sertib", "conazole", "inostat", "tansine", "domide", "toclax", "olol",
    "dustat", "bamate",
    # The antibody stems of the WHO's 2022 scheme: multispecific, unmodified, artificial.
    "mig", "tug", "bart",
    # CFTR modulators.
    "caftor",
    # Stems of established classes (WHO, "The use of stems in the selection of INNs"):
    # CGRP and orexin receptor antagonists, GnRH antagonists and agonists, S1P and immune
    # modulators, ACE inhibitors, antiplatelets, tricyclic antipsychotics and antidepressants,
    # heparins, echinocandins, PDE4 inhibitors, glitazones, racetams, fibrates, glinides,
    # antimuscarinics, tetracyclines, antibiotics, NSAIDs, coxibs, antihistamines.
    "gepant", "orexant", "golix", "relin", "imod", "pril", "grel", "apine", "peridone",
    "triptyline", "parin", "fungin", "milast", "glitazone", "racetam", "fibrate", "glinide",
    "fenacin", "cycline", "mycin", "profen", "coxib", "tadine",
)  # fmt: skip
# ... and cell therapies' "-cel" ("omidubicel", "lifileucel"), after five letters or more, as
# "cancel" and "parcel" have three.
INN_DRUG = re.compile(
    r"\b[A-Za-z][a-z]{2,}(?:" + "|".join(INN_STEMS) + r")\b|\b[A-Za-z][a-z]{4,}cel\b"
)
# The four-letter suffix the FDA gives a biologic's name ("tesrokimab-vlnq",
# "trastuzumab-dkst"): part of the written name, not of the drug's.
BIOLOGIC_SUFFIX = re.compile(r"[-‐][a-z]{4}\b(?![-‐])")
# The short names cell therapies go by, a syllable or two of the name and "-cel" ("ide-cel",
# "liso-cel", "exa-cel"): often all a news story calls the product.
INN_SHORT = re.compile(r"\b[A-Za-z][a-z]{1,7}[-‐]cel\b")
# Two-word cell and conjugate names: "idecabtagene vicleucel", "brentuximab vedotin".
INN_TWO_WORD = re.compile(
    r"\b[A-Za-z][a-z]+(?:cabtagene|lecleucel|gene)\s+[a-z]+(?:leucel|cel|vec)\b"
    r"|\b[A-Za-z][a-z]+mab\s+(?:vedotin|deruxtecan|emtansine|govitecan|mafodotin|tesirine|"
    r"ozogamicin|soravtansine|tiuxetan|pegol)\b"
    # Glycoproteins and enzymes told apart by a Greek letter, which INNs spell "alfa" (never
    # English) and "beta" ("olipudase alfa", "agalsidase beta", "nonacog beta pegol"); not a
    # gene's numbered name ("glucosylceramidase beta 1").
    r"|\b[A-Za-z][a-z]{3,}\s+alfa\b(?:\s+pegol\b)?"
    r"|\b[A-Za-z][a-z]{3,}(?:ase|cog|poetin|tropin)\s+beta\b(?!\s*[-‐]?\s*\d)(?:\s+pegol\b)?"
)
# A name with the FDA's suffix ("tesrokimab-vlnq", "sorvaglucerase beta-mtnz") is a licensed
# biologic's by construction, whatever a model reads in its letters.
SUFFIXED_BIOLOGIC = re.compile(
    rf"(?:{INN_TWO_WORD.pattern}|{INN_DRUG.pattern}){BIOLOGIC_SUFFIX.pattern}"
)

# A radiopharmaceutical is named by its radionuclide and what carries it to the tumour:
# "177Lu-PSMA-617", "[177Lu]Lu-DOTA-TATE", "225Ac-J591", "lutetium-177 PSMA-R4". The carrier
# holds a capital or a digit, so "iodine-131 therapy" names no product.
_NUCLIDE = r"(?:Lu|Ac|Ra|Pb|Bi|At|Th|Y|I|Ga|Cu|Zr|In|Tc|Sm|Ho|Re|Sr|F)"
_NUCLIDE_WORD = (
    r"(?:lutetium|actinium|radium|lead|bismuth|astatine|thorium|yttrium|iodine|gallium|copper|"
    r"zirconium|indium|technetium|samarium|holmium|rhenium|strontium)"
)
_CARRIER = r"(?P<carrier>(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z][A-Za-z0-9]*(?:[-‐][A-Za-z0-9]+)*)"
RADIOLABELLED = re.compile(
    rf"(?:\[\d{{2,3}}{_NUCLIDE}\]|\b\d{{2,3}}){_NUCLIDE}[-‐]{_CARRIER}\b"
    rf"|\b(?i:{_NUCLIDE_WORD})[-‐ ]\d{{2,3}}[-‐ ]{_CARRIER.replace('carrier', 'carrier2')}\b"
)

# A meeting's name: capitalised words around a meeting's head word ("Conference on Retroviruses
# and Opportunistic Infections", "European Congress of Rheumatology", "ASCO Annual Meeting").
# GUIDE.md annotates no meetings, nor the diseases and places their names contain.
_NAME_WORD = r"(?:[A-Z][\w&'’.-]*|\d{4})"
MEETING_HEAD = r"(?:Conference|Congress|Symposium|Summit|Workshop|Meeting|Forum|Colloquium)"
MEETING = re.compile(
    rf"(?:{_NAME_WORD}\s+(?:(?:of|on|for|and|&|the)\s+)*)*{MEETING_HEAD}s?\b"
    rf"(?:\s+(?:(?:of|on|for|and|&|the)\s+)*{_NAME_WORD}(?!\w))*"
)

# Names of ligands whose receptor is a gene of its own named after them ("GLP-1 receptor",
# "IL-6 receptor", "transferrin receptor"): words, cytokines and interferons, growth and
# colony-stimulating factors (…GF, …CSF, TNF), peptide hormones, lipoproteins and transmitters.
LIGAND = re.compile(
    r"[A-Za-z][a-z-]+(?:\s[a-z][a-z-]+)*"
    r"|IL-?\d+[A-Z]?|IFN-?[α-γA-Za-z]*|TNF-?[α-ω]?|TGF-?[βb]\d?|[A-Z]{0,4}GF(?:-?\d+|-?[A-D])?"
    r"|(?:GM-|G-|M-)?CSF(?:-\d)?|GLP-?\d|GIP|PTH|TSH|FSH|LH|GnRH|CGRP|LDL|NMDA|AMPA|GABA|LIF|EPO"
)

# Brand names: a capitalised word (optionally ® or ™) right after or before a generic in parens.
BRAND_WORD = r"[A-Z][A-Za-z0-9-]{2,20}(?:\s?[®™])?"

BRAND_PHRASE = re.compile(
    r"\b(?:sold|marketed|branded|approved|available|licensed|commercialized|sells?(?:\s+\w+)?)"
    # Up to two phrases of maker, market or indication, in any order: "marketed for type 2
    # diabetes by Dunmore Pharma as Trimava", "approved in the US as Carvykti".
    r"(?:\s+(?:by|in|under|for)\s+(?:(?!as\b)[\w&-]+\s+){0,3}?(?!as\b)[\w&-]+){0,2}?\s+as\s+"
    rf"(?P<b>{BRAND_WORD})(?=[\s,.;)])"
    # "under the brand name Lumakras", "(proposed brand name Fyrelza)", "trade name: Xolvi".
    rf"|\b(?:under\s+the\s+|(?:proposed|planned|tentative|intended)\s+)?"
    rf"(?:brand|trade|proprietary)\s+names?:?\s+(?P<b2>{BRAND_WORD})"
)
NOT_BRANDS = {
    "the", "a", "an", "first", "part", "such", "well", "monotherapy", "treatment", "therapy",
    "second", "third", "adjuvant", "maintenance", "standard", "united", "states", "europe",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "phase", "patients", "children", "adults", "both",
}  # fmt: skip

# A sentence that tells of a gene's alteration, or of it causing disease, as a driver is told of.
ALTERATION = re.compile(
    r"\b(?:mutat\w*|mutant\w*|variants?|deletions?|deleted|fusions?|amplifi\w*|rearrang\w*|"
    r"alterations?|altered|aberrations?|polymorphisms?|translocations?|deficien\w*|"
    r"loss[- ]of[- ]function|gain[- ]of[- ]function|germline|somatic|carriers?|knock-?outs?|"
    r"inherited|hereditary|copies|overexpress\w*|loss\s+of|lack\s+of|caused\s+by|drivers?)\b"
    r"|[A-Z]\d{2,4}[A-Z]\b",
    re.IGNORECASE,
)
# Named protein variants: "EGFR T790M", "BCR-ABL T315I", "KRAS G12C"; bare "T315I mutation".
GENE_VARIANT = re.compile(
    r"\b(?P<gene>[A-Z][A-Z0-9]{1,9}(?:[-‐][A-Z0-9]{2,6})?)[ \t]+(?P<var>[A-Z]\d{1,4}[A-Z])\b"
)
BARE_VARIANT = re.compile(
    r"\b(?P<var>[A-Z]\d{2,4}[A-Z])\b(?=[ \t-]*(?:mutation|variant|substitution))"
)
# A variant a sentence names without its gene next to it: "the T315I mutation", "a Gly101Val
# (G101V) mutation in BCL2", "a second EGFR mutation, T790M".
_AMINO = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"
AMINO_ONE_LETTER = dict(zip(_AMINO.split("|"), "ARNDCQEGHILKMFPSTWYV", strict=True))
LONE_VARIANT = re.compile(
    r"\b(?P<var>[A-Z]\d{2,4}[A-Z])\b(?=[ \t)-]*(?:mutation|variant|substitution))"
    r"|(?<=mutation, )(?P<var2>[A-Z]\d{2,4}[A-Z])\b"
    rf"|\b(?P<long>(?:{_AMINO})\d{{2,4}}(?:{_AMINO}))\b"
)
# The variant in a name: "EGFR T790M", "T315I".
# "KRAS G12C", and glued to its gene: "KRASG12C".
VARIANT_IN_NAME = re.compile(r"(?:\b|(?<=[A-Z]{2}))[A-Z]\d{1,4}[A-Z]\b")

NCT_ID = re.compile(r"\bNCT\d{8}\b")
# A name with its registry number in parentheses is a trial's: "SPRINT-2 (NCT01234567), a phase
# 3 trial" (GUIDE.md: the number is an alias of the trial).
TRIAL_BEFORE_NCT = re.compile(
    r"\b(?P<name>[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9-]*)\s*\(\s*NCT\d{8}\s*[),;]"
)
# Words of a trial's design written between its name and "trial": "the ELIANA pivotal trial",
# "the NAME phase 2 clinical trial", "the NAME pediatric study".
_TRIAL_DESIGN = (
    r"(?:phase\s+[\w/]+|clinical|pivotal|randomi[sz]ed|registrational|confirmatory|p(?:a)?ediatric|"
    r"adult|global|international|multicent(?:er|re)|multinational|open-label|double-blind(?:ed)?|"
    r"placebo-controlled|controlled|extension|follow-up|long-term|dose-escalation|expansion|"
    r"basket|umbrella|observational|cohort|outcomes?)"
)
# Named trials: "ZUMA-1", "KarMMa", "KEYNOTE-006", "CARTITUDE-4", "ELIANA trial", and each
# name of a list before the plural ("the NAVIGATE and SCOUT trials").
_TRIAL_WORD = r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:[-‐ ]?\d{1,4}[A-Za-z]?)?"
# The names listed after the first are only looked past (each is matched in its own turn), by
# a form that cannot backtrack: a capital and word characters.
_LISTED = r"(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)[A-Z][\w‐-]*(?:\s\d{1,4}\b)?"
TRIAL_NAME = re.compile(
    rf"\b(?P<name>{_TRIAL_WORD})"
    rf"(?=(?:{_LISTED})*\s+(?:{_TRIAL_DESIGN}\s+){{0,3}}(?:trials?|stud(?:y|ies))\b)"
    r"|\b(?P<name2>[A-Z]{3,}[a-z]?[A-Za-z]*[-‐]\d{1,4}[A-Za-z]?)\b"
)
# A trial named where the text says it is one, in a form the names above do not take
# ("TEC-OP-01", "VELLUM-PsO", "RASCADE-PANC 302", "BREATHWAY"): an apposition ("BREATHWAY, a
# 52-week phase 2b trial"), "a trial called X", "That study, X,", "the X long-term extension".
_TRIAL_TOKEN = (
    r"[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:[-‐][A-Za-z0-9]+){0,3}(?:\s\d{1,4}[A-Za-z]?\b)?"
)
TRIAL_CUED = re.compile(
    rf"\b(?P<n1>{_TRIAL_TOKEN}),\s+an?\s+(?:[\w-]+\s+){{0,5}}?(?:trial|study)\b"
    rf"|\b(?:trial|study)\s*,?\s+(?:called|named|dubbed|known\s+as)\s+(?P<n2>{_TRIAL_TOKEN})"
    rf"|\b(?:trial|study)\s*,\s+(?P<n3>{_TRIAL_TOKEN})\s*,"
    rf"|\bthe\s+(?P<n4>{_TRIAL_TOKEN})\s+(?:{_TRIAL_DESIGN}\s+){{0,3}}"
    r"(?:trials?|stud(?:y|ies)|extension)\b"
)
# Trial registry numbers besides ClinicalTrials.gov's: EU (EudraCT, CTIS), ISRCTN, India's CTRI,
# China's ChiCTR, Australia and New Zealand's ACTRN, Japan's jRCT.
REGISTRY_ID = re.compile(
    r"\b(?:EudraCT\s*(?:No\.?|number)?\s*\d{4}-\d{6}-\d{2}|\d{4}-5\d{5}-\d{2}-\d{2}"
    r"|ISRCTN\d{8}|CTRI/\d{4}/\d{2,3}/\d{6}|ChiCTR[-A-Z]*\d{6,}|ACTRN\d{14}|jRCT\w?\d{7,})"
)
TRIAL_NAME_STOP = {
    "CAR", "FDA", "NCI", "NIH", "DNA", "RNA", "The", "This", "Phase", "CD", "US", "EU", "COVID",
    "SARS", "HLA", "IL", "MRD", "ASCO", "ASH", "ESMO", "AACR",
}  # fmt: skip
# A virus by its abbreviation and type ("HPV-16", "HIV-1", "HSV-2"): named like a trial or a
# code, it is none of the eight types (the disease it causes is named otherwise).
VIRUS = re.compile(
    r"^(?:HPV|HIV|HSV|HBV|HCV|HDV|EBV|CMV|HTLV|RSV|HHV|VZV|SARS-CoV|MERS-CoV)"
    r"(?:[-‐ ]?\d+[A-Za-z]?)?$"
)

# People named with a degree ("Crystal Mackall, MD") or a title ("Dr. Terry Fry").
_NAME = (
    r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+(?:van|de|von|del|da)\b)?"
    r"\s+[A-Z][a-zA-Z'’-]+"
)
PERSON_WITH_DEGREE = re.compile(
    rf"\b(?P<name>{_NAME})(?=,?\s+(?:MD|M\.D\.|PhD|Ph\.D\.|MBBS|DO|RN|PharmD|MPH|MSc|DPhil|"
    r"FRCP|FACP|MS|DSc|MBChB)\b)"
)
PERSON_WITH_TITLE = re.compile(rf"\b(?:Dr\.?|Prof\.?|Professor)\s+(?P<name>{_NAME})")
# A study's first author named in the story: "Moreno et al found", "Wang et al. reported". Not a
# reference ("(Rammer et al 1988; ...)", "Wang et al., 2019"), nor a scale named after its
# authors ("the Rustogi et al. Modified Navy Plaque Index").
PERSON_ET_AL = re.compile(
    r"(?<![(;\[])(?<![(;\[] )\b(?P<name>[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?)\s+et\s+al\b"
    r"(?!\.?,?\s*(?:\(?\d{4}|[A-Z]))"
)
# People named by their role: "led by Sattva Neelapu", "Jane Roe of the Halvorsen Institute",
# "Michael Wang, a lymphoma specialist at ...".
_INSTITUTION = (
    r"(?:[A-Z][\w'’.-]*\s+){0,6}(?:University|Hospital|Institute|Cent(?:er|re)|Clinic|College|"
    r"School|Foundation)"
)
PERSON_IN_ROLE = re.compile(
    rf"\b(?:led by|according to|said|says|co-?author|investigator|researcher)\s+(?P<name>{_NAME})"
    rf"|\b(?P<name2>{_NAME}),?\s+(?:of|at|from)\s+(?:the\s+)?{_INSTITUTION}"
    rf"|\b(?P<name3>{_NAME}),\s+(?:an?|the)\s+[a-z][\w -]{{0,50}}?\s+(?:at|of)\s+(?:the\s+)?[A-Z]"
)
# A person named after a job at an organisation the text puts first, as news does:
# "Harlow Kessler oncologist Jane Roe", "Acme Bio chief executive Jon Ruddle". The role is a job
# noun (with a rank before it); the organisation is the run of capitalised words before the role
# (`ORG_BEFORE_ROLE`), which needs no organisation word ("Memorial Sloan Kettering").
_JOB = (
    r"(?:physician[- ]scientists?|(?:[a-z]+-)?scientists?|researchers?|physicians?|doctors?|"
    r"surgeons?|professors?|investigators?|(?:hemat|haemat|onc|immun|neur|cardi|epidemi|radi|"
    r"path|dermat|gastroenter|endocrin|nephr|pulmon|ophthalm|virol|microbi|bi|pharmac)ologists?|"
    r"geneticists?|chemists?|pa?ediatricians?|spokes(?:person|man|woman)|"
    r"chief[ \t]+(?:executive|medical|scientific|operating)(?:[ \t]+officer)?|CEO|CMO|CSO|"
    r"president|(?:co-?)?founder|chair(?:man|woman)?)"
)
ROLE_BEFORE_NAME = re.compile(
    r"(?<=[ \t])(?:(?:lead|senior|principal|chief|associate|assistant|staff|clinical|"
    rf"medical|research|study|trial)[ \t]+){{0,2}}{_JOB}[ \t]+(?P<name>{_NAME})\b"
)
# The organisation's words before the role: capitalised, with "of", "for", "and" or "&" inside.
ORG_BEFORE_ROLE = re.compile(
    r"(?:^|(?<=[^\w'’&.-]))(?P<org>[A-Z][\w'’&.-]*(?:[ \t]+(?:(?:of|for|and|&)[ \t]+)?"
    r"[A-Z][\w'’&.-]*){0,5})[ \t]+$"
)
# Words that open a sentence before a role without naming anyone's employer ("Lead investigator
# Jane Roe", "Study author Jane Roe", "The researcher"), and ranks.
ROLE_OPENERS = frozenset({
    "the", "a", "an", "this", "that", "our", "their", "its", "his", "her", "lead", "senior",
    "principal", "chief", "study", "trial", "clinical", "co", "first", "former", "staff",
    "associate", "assistant"
})  # fmt: skip
# The words after a company's or institution's own name: "Therapeutics", "Bio, Inc.", "Cancer
# Institute", "Medical Center". News names an organisation in full once, then by its own words
# ("Corran", "Harwell-Bramley").
_AFTER_OWN_NAME = re.compile(
    r"Therapeutics|Pharma\w*|Bio|Biosciences?|Biotech\w*|Biologics|Biopharma\w*|Biotherapeutics"
    r"|Genetics|Genomics|Oncology|Medicines|Vaccines|Laboratories|Labs?|Inc|Corp(?:oration)?|Ltd"
    r"|LLC|GmbH|AG|SA|plc|Co|Company|Holdings|Group"
    r"|Cancer|Cent(?:er|re)|Institute|Hospital|Clinic|University|Medical|Children['’]s|Research"
    r"|School|College|Health|Medicine|Comprehensive"
)


def leading_words(name: str) -> list[str]:
    """Every run of an organisation name's first words, shorter than the name."""
    words = [w.strip(",.") for w in name.split()]
    return [" ".join(words[:n]) for n in range(1, len(words))]


def own_words(name: str) -> list[str]:
    """The leading words of an organisation's name that the rest only qualifies ("Harwell" of
    "Harwell Cancer Institute", "Corran" of "Corran Therapeutics"): what news shortens it to."""
    words = [w.strip(",.") for w in name.split()]
    return [
        " ".join(words[:n])
        for n in range(1, len(words))
        if all(_AFTER_OWN_NAME.fullmatch(w) for w in words[n:] if w)
    ]


# A person who opens what reads as an organisation's name: "Dr. Maria Lopez of Harbor
# University" is a person and a university, not one organisation.
PERSON_OF_ORG = re.compile(  # used with .match(name, pos)
    rf"(?:(?:Dr\.?|Prof\.?|Professor)\s+)?(?P<name>{_NAME}),?\s+(?:of|at|from)\s+(?:the\s+)?"
)
# A sentence that names who led or wrote a study.
INVESTIGATOR_CUE = re.compile(
    r"\b(?:led by|lead investigator|principal investigator|first author|senior author|"
    r"lead author|co-?authors?|investigators?|led the (?:study|trial)|study author)\b"
)
PERSON_TITLES = re.compile(
    r"^(?:Dr\.?|Prof\.?|Professor|Mr\.?|Ms\.?|Mrs\.?)\s+|,?\s+(?:MD|PhD|MBBS|M\.D\.|Ph\.D\.)\b.*$"
    r"|\s+et\s+al\b.*$"
)

ORG_KEYWORDS = re.compile(
    r"\b(?:Institutes?|University|Universit\w+|College|School|Cent(?:er|re)|Hospitals?|Clinic|"
    r"Foundation|Society|Association|Inc|Corp(?:oration)?|Ltd|LLC|GmbH|AG|SA|plc|Pharma\w*|"
    r"Therapeutics|Biosciences?|Biotech\w*|Bio|Oncology|Laborator\w+|Labs?|Company|Group|"
    r"Consortium|Alliance|Agency|Administration|Department|Ministry|Council|Network|"
    r"Medicine|Health|Sciences|Genetics|Biologics|Biopharma\w*|Vaccines)\b"
)
KNOWN_ORG_ACRONYMS = {
    "FDA", "NIH", "NCI", "EMA", "WHO", "CDC", "ASCO", "ASH", "ESMO", "AACR", "MSK", "NHS",
    "NICE", "BMS", "GSK", "MSD", "UCSF", "UCLA", "MIT", "CHOP", "EORTC", "SWOG", "COG", "NCCN",
}  # fmt: skip
JOURNALS = re.compile(
    r"^(?:Nat(?:ure)?\.?\s?\w*|N Engl J Med|NEJM|Lancet\b.*|J\.? [A-Z].*|Blood|Cell|Science|"
    r"JAMA\b.*|Cancer Discov.*|Nature Medicine|Nat Med|Clin Cancer Res|Leukemia|PLoS.*|"
    r".*\bJournal\b.*|Annals of .*|Proceedings of .*)$"
)

# Outcomes (hand-written list; no curies). Matched case-insensitively; symbols case-sensitively.
OUTCOME_TERMS = (
    "complete remission", "complete response", "complete responses", "partial response",
    "partial remission", "overall response", "overall response rate", "objective response",
    "objective response rate", "response rate", "remission", "relapse", "relapses",
    "disease progression", "progression-free survival", "overall survival", "event-free survival",
    "disease-free survival", "relapse-free survival", "leukemia-free survival",
    "duration of response", "duration of remission", "stable disease", "progressive disease",
    "minimal residual disease", "MRD negativity", "MRD-negative remission",
    "MRD-negative complete remission", "stringent complete response", "very good partial response",
    "cytokine release syndrome", "neurotoxicity",
    "immune effector cell-associated neurotoxicity syndrome", "adverse events",
    "serious adverse events", "treatment-related adverse events", "durable remission",
    "durable response", "durable responses", "sustained remission", "remission rate",
    "complete remission rate", "complete response rate", "tumor shrinkage",
    "pathologic complete response", "major molecular response", "hematologic response",
    "molecular remission", "time to progression",
    # Adverse events reported as results of a therapy (bench/therapy_dev/GUIDELINES.md: OUTCOME).
    "neurologic events", "neurological events", "neurologic toxicity", "neurological toxicity",
    "neurologic toxicities", "neurotoxicities", "tumour lysis syndrome", "tumor lysis syndrome",
    "elevated liver enzymes", "raised liver enzymes", "serious infections",
)  # fmt: skip
OUTCOME_SYMBOLS = {
    "CR": "complete remission", "CRi": "complete remission with incomplete count recovery",
    "ORR": "overall response rate", "PFS": "progression-free survival",
    "OS": "overall survival", "EFS": "event-free survival", "DFS": "disease-free survival",
    "CRS": "cytokine release syndrome", "ICANS": "neurotoxicity", "MRD": "minimal residual disease",
    "pCR": "pathologic complete response", "DOR": "duration of response",
    "sCR": "stringent complete response", "VGPR": "very good partial response",
}  # fmt: skip

# A result reported as a cut in the risk of an event ("reduced the risk of death by 26%", "a 42%
# reduction in the risk of disease progression or death", "halved the risk of relapse"): the
# outcome is the measure that event ends (GUIDE.md folds "risk of death" into overall survival).
_RISK_EVENT = (
    r"(?:(?:an?|the)\s+)?(?:(?:disease|radiographic|clinical|cancer)\s+)?"
    r"(?:progression|relapse|recurrence)(?:,?\s+or\s+death(?:\s+from\s+any\s+cause)?)?"
    r"|death(?:\s+from\s+any\s+cause)?|dying"
)
RISK_OUTCOME = re.compile(
    rf"\b(?:risk|chance|likelihood|odds)\s+of\s+(?P<event>{_RISK_EVENT})\b", re.IGNORECASE
)
# The cut, said before the risk ("reduced patients' risk of", "a 26% lower risk of") or after it
# ("... by 26%", "... by half").
RISK_CUT_BEFORE = re.compile(
    r"(?:\b(?:reduc\w*|cut|cuts|cutting|lower\w*|halv\w*|decreas\w*|lessen\w*|drop\w*)"
    r"|(?P<rate>\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:relative\s+)?(?:lower|reduction\s+in|"
    r"reduced|decrease\s+in|drop\s+in|fall\s+in))"
    r"\s+(?:(?:the|their|a|an|patients['’]?|people['’]s|overall)\s+){0,2}$",
    re.IGNORECASE,
)
RISK_CUT_AFTER = re.compile(
    r"^\s+(?:was\s+|were\s+)?(?:reduced\s+|cut\s+|lowered\s+)?by\s+(?:about\s+|almost\s+|"
    r"nearly\s+|around\s+|more\s+than\s+|over\s+|some\s+|roughly\s+)?"
    r"(?:(?P<rate>\d+(?:\.\d+)?)\s*(?:%|percent)|(?P<half>half|a\s+half|50\s+per\s+cent))",
    re.IGNORECASE,
)


# A result reported as the share of patients free of an event ("65% remained alive and free of
# disease progression", "72% were free of relapse at 3 years"): the event-free survival measure.
FREE_OF_OUTCOME = re.compile(
    r"\b(?:(?:alive|living)\s+and\s+)?(?:free|freedom)\s+(?:of|from)\s+"
    r"(?P<event>(?:(?:disease|radiographic|clinical)\s+)?progression(?:\s+or\s+death)?"
    r"|relapse|recurrence|disease\s+recurrence|events?)\b",
    re.IGNORECASE,
)


# Freedom from another event, a measure of its own where a figure goes with it ("freedom from
# transfusions for 12 months was achieved by 29 of 31", "89% were free of severe pain crises"):
# up to four words, the event's name ending before a word that is no part of it.
FREE_OF_EVENT = re.compile(
    r"\b(?:(?:alive|living)\s+and\s+)?(?:free|freedom)\s+(?:of|from)\s+"
    r"(?P<event>[a-z][\w‐-]*(?:\s+[a-z][\w‐-]*){0,3})",
    re.IGNORECASE,
)
FREE_OF_EVENT_STOP = frozenset({
    "for", "during", "at", "in", "after", "with", "and", "or", "was", "were", "is", "are",
    "through", "by", "until", "over", "since", "from", "of", "to", "within", "without", "that",
    "which", "who", "not", "the", "a", "an", "any", "all",
})  # fmt: skip


def risk_measure(event: str) -> str:
    """The measure a risk's event ends: death -> overall survival, progression (or death) ->
    progression-free survival, relapse or recurrence -> relapse- / recurrence-free survival."""
    words = re.sub(r"\s+", " ", event.casefold())
    for stem, measure in (
        ("progression", "progression-free survival"),
        ("relapse", "relapse-free survival"),
        ("recurrence", "recurrence-free survival"),
        ("event", "event-free survival"),
    ):
        if stem in words:
            return measure
    return "overall survival"


# Institutions and companies named by their kind: "Dana-Farber Cancer Institute", "US Food and
# Drug Administration", "Parker Institute for Cancer Immunotherapy", "2seventy bio", "Kite Pharma".
_CAP = r"(?:[A-Z0-9][\w'’.&-]*)"
# The words a company's name ends in, as against an institution's (`merging.py` reads what
# follows "of" after them as where the company is).
COMPANY_HEADS = (
    "Therapeutics", "Pharmaceuticals", "Pharma", "Biotech", "Biosciences", "Biologics", "bio",
    "Genomics", "Genetics", "Medicines", "Biopharmaceuticals", "Biopharma", "Biotherapeutics",
    "Laboratories",
)  # fmt: skip
LEGAL_FORMS = ("Inc", "Ltd", "LLC", "Corp", "plc", "AG", "SA")
ORG_NAME = re.compile(
    rf"\b(?:{_CAP}[ \t]+(?:(?:of|for|&)[ \t]+|and[ \t]+(?=[A-Z]))?){{0,6}}"
    r"(?:Institutes?|University|College|Hospital|Clinic|Cancer Cent(?:er|re)|Medical Cent(?:er|re)|"
    r"Research Cent(?:er|re)|Foundation|Society|Association|Agency|Administration|Oncology|"
    rf"{'|'.join(COMPANY_HEADS)})\b"
    rf"(?:,?[ \t]+(?:{'|'.join(LEGAL_FORMS)})\b\.?)?"
    rf"(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?{_CAP}(?:[ \t]+(?:and[ \t]+)?{_CAP}){{0,4}})?"
)
# Institutions named head first, as in most languages other than English: "Hôpital
# Saint-Louis", "Ospedale San Raffaele di Milano", "Universitätsklinikum Jena", "Istituto
# Nazionale dei Tumori", "Hospital del Mar", "Fondazione Telethon", "Institut Curie".
ORG_NAME_HEAD_FIRST = re.compile(
    r"\b(?:H[ôo]pital|Hospital|Ospedale|Policlinico|Istituto|Instituto|Institut|Fondazione|"
    r"Fundaci[óo]n|Funda[çc][ãa]o|Stichting|Universit[àé]|Universidad|Universidade|Universitat|"
    r"Universitätsklinikum|Universitätsspital|Klinikum|Kinderklinik|Cl[íi]nica|Centro|"
    r"Azienda Ospedaliera|Assistance Publique|Centre Hospitalier)"
    r"(?:[ \t]+(?:(?:de|del|della|dei|degli|di|du|des|la|le|per|für|der|y|e|do|da|dos|das|"
    r"d['’])[ \t]*)*" + _CAP + r"){1,5}"
)
# A school or department named through its university's possessive: "Stanford University's
# School of Medicine" is the organisation "Stanford University School of Medicine".
_UNIT = r"(?:School|College|Faculty|Department|Division|Institute|Center|Centre)"
ORG_UNIT_POSSESSIVE = re.compile(
    rf"(?P<org>{ORG_NAME.pattern})['’]s[ \t]+"
    rf"(?P<unit>{_UNIT}[ \t]+of[ \t]+{_CAP}(?:[ \t]+(?:and[ \t]+)?{_CAP}){{0,3}})"
)
# A sentence's full stop inside a matched name: after a word's 4+ lower-case letters, so
# abbreviations such as "Inc.", "Corp." and "U.S." are kept.
FULL_STOP = re.compile(r"(?<=[a-z]{4})\.(?=\s|$)")
# A sentence end inside a name that started in the sentence before ("in October 2017. Kite
# Pharma was..."): a full stop after a number or a lower-case word, then a capital. "St. Jude"
# and "Inc. (Kite)" keep theirs: an abbreviation's stop follows a capitalised word.
SENTENCE_END_INSIDE = re.compile(r"(?:\d|\b[a-z]{2,})[.!?]\s+(?=[A-Z])")


def name_start(text: str) -> int:
    """Where a matched name really starts: after the last sentence end inside it, else 0."""
    cuts = list(SENTENCE_END_INSIDE.finditer(text))
    return cuts[-1].end() if cuts else 0


LEADING_ARTICLE = re.compile(r"^(?:The|A|An|At|In|By|From|And|For|Of)[ \t]+")

# A one-word name that makes or sells a product is a company: "is being developed by
# Zymeworks", "made by Quellix,". Not a title ("developed by Dr. Lee") nor a longer name, which
# may be a person's.
ORG_BY_MAKING = re.compile(
    r"\b(?:developed|made|manufactured|marketed|sold|produced|commerciali[sz]ed|discovered)"
    r"(?:\s+[a-z]+ly)?\s+by\s+(?!(?:Dr|Prof|Professor|Mr|Mrs|Ms|Drs)\b)"
    r"(?P<name>[A-Z][A-Za-z0-9&-]{2,})(?=\s*[,.;)]|\s+(?:and|in|for|under|as|with|to|since|until)\b)"
)
# "Kite, a Gilead company": the word before ", a ... company" is a company.
# So is one before ", a London-based company", ", a privately held biotech" (not ", a company
# spokesman": a person).
ORG_BY_APPOSITION = re.compile(
    r"\b(?P<name>[A-Z][\w&-]+(?:[ \t][A-Z][\w&-]+){0,3}),[ \t]+an?[ \t]+"
    r"(?:(?:[A-Z][\w-]+|[a-z][\w]*-based|privately[ \t]held|publicly[ \t]traded|"
    r"clinical-stage|small|gene[ \t]therapy|cell[ \t]therapy)[ \t]+){0,2}"
    r"(?:company|subsidiary|biotech|biotechnology company|drugmaker|pharmaceutical company|"
    r"unit|division)\b"
    r"(?![ \t]+(?:spokes\w*|executive|official|founder|scientist|director|representative|"
    r"statement|employee|researcher)s?\b)"
)


def outcome_base(term: str) -> str:
    """The outcome a rate measures: "overall response rate" -> "overall response" (a bare
    "response rate" stays: "response" alone names nothing)."""
    base = re.sub(r"\s+rates?$", "", term, flags=re.IGNORECASE)
    # "major bleeding AEs": an event named with the class it belongs to is the event.
    event = re.sub(r"\s+(?:AEs?|adverse (?:events?|effects?|reactions?))$", "", base)
    words = event.split()
    if (
        event != base
        and len(words) >= 2
        and not re.search(r"(?:ic|al|ous|ary|ive|ac|ed|≥?\d)$|grade", event, re.IGNORECASE)
        and not re.search(r"\b(?:of|to|from|by|for|with|after)$", event, re.IGNORECASE)
    ):  # the words left name an event ("major bleeding"), not a kind of them ("cardiac"), nor
        # what happened because of them ("discontinued treatment because of adverse events")
        base = event
    return base if base.casefold() not in ("response", "") else term


# Words that qualify a disease or an outcome measure without naming another one: GUIDE.md folds
# "relapsed or refractory multiple myeloma" into multiple myeloma, "median overall survival"
# into overall survival.
QUALIFIER = re.compile(
    r"^(?:(?:relapsed|refractory|relapsed/refractory|r/r|metastatic|advanced|recurrent|"
    r"newly[ -]diagnosed|untreated|previously[ -]treated|pretreated|heavily[ -]pretreated|"
    r"locally[ -]advanced|unresectable|inoperable|early[ -]stage|late[ -]stage|early|"
    r"extensive[ -]stage|limited[ -]stage|"
    r"high[ -]risk|low[ -]risk|intermediate[ -]risk|progressive|persistent|resistant|"
    r"treatment[ -]naive|treatment[ -]naïve|median|mean|estimated|overall median|"
    r"pediatric|paediatric|childhood|adult|adolescent|aggressive|severe|moderate|mild|"
    r"chronic|symptomatic|active|(?:mild|moderate)[ -]to[ -](?:moderate|severe)|"
    r"moderately[ -]severe|"
    r"stage (?:[iv]+|[1-4])[abc]?|or|and|,)\s+)+",
    re.IGNORECASE,
)
