"""The columns of the curation templates: the one definition behind ``celltx-kg template``, the
conversion of a filled-in TSV/CSV file to RDF (:mod:`celltx_kg.curate.table`) and docs/curation.md.

Each kind of fact is one RDF class; each row is one node of that class, with the node's local
name in the first column (``<kind>_id``). A column gives one predicate; columns with ``within``
describe a node the row's node holds (``celltx:hasReceptor [ a … ; celltx:bindsAntigen … ]``),
written as a blank node exactly as a hand-written Turtle file would. Every kind ends with the
evidence columns (:data:`EVIDENCE`); several rows with the same id give one node with several
evidence records.

Value types:

- ``iri``: an individual: a local name (``cd19`` → ``celltxd:cd19``), a CURIE or a full IRI;
- ``class``: a class: a local name in the ontology (``SecondGenerationCAR`` → ``celltx:…``) or a
  CURIE (``CL:0000084``);
- ``unit``: a QUDT unit (``MO`` → ``unit:MO``);
- ``en`` / ``zh``: text in English / Chinese (a language-tagged literal);
- ``text``: plain text (no language tag);
- ``integer`` / ``decimal``: numbers (``0.77``, not ``77%``); ``boolean``: ``true`` or ``false``;
- ``quote``: the verbatim quote, ``@zh`` when it holds Chinese characters, else ``@en``;
- ``references``: reference numbers, ``40; 41`` or a range ``17-19``.

``many`` columns take several values separated by ``;``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Separator of several values in one cell.
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    predicate: str  # a CURIE; "a" for rdf:type
    value: str  # see the module doc
    description: str
    required: bool = False
    many: bool = False
    within: str | None = None  # the predicate of the held node this column describes
    default: str | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    cls: str  # CURIE of the class every row's node gets
    description: str
    columns: tuple[Column, ...]
    #: True: ``cls`` is asserted only when the row's ``type`` column is empty (a study is a
    #: ClinicalTrial or a PreclinicalStudy, written as that class alone).
    type_replaces_class: bool = False

    @property
    def id_column(self) -> str:
        return f"{self.name}_id"

    @property
    def all_columns(self) -> tuple[Column, ...]:
        ident = Column(
            self.id_column,
            "",
            "id",
            f"local name of the {self.name} node (celltxd:…): lower case, "
            "hyphens, e.g. " + _EXAMPLE_IDS.get(self.name, f"{self.name}-…"),
            required=True,
        )
        return (ident, *self.columns, *EVIDENCE)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.all_columns if c.name == name), None)


EVIDENCE: tuple[Column, ...] = (
    Column(
        "source",
        "prov:wasDerivedFrom",
        "iri",
        "the source the quote comes from: review or the id of a source registered with `celltx-kg source add`",
        default="review",
    ),
    Column(
        "locator",
        "celltx:locator",
        "text",
        "where in the source: a section number (2.1.1), Table 1, Fig.2 or Abstract",
        required=True,
    ),
    Column(
        "references",
        "celltx:citesReference",
        "references",
        "the reference numbers cited at that place: 40; 41 or 17-19",
    ),
    Column(
        "quote",
        "celltx:quote",
        "quote",
        "the supporting sentence copied verbatim from the source (whitespace may differ; join pieces with …)",
        required=True,
    ),
)

_EXAMPLE_IDS = {
    "approval": "approval-kymriah-fda-2017",
    "product": "kymriah",
    "study": "study-ref40",
    "outcome": "outcome-ref40-mrd-negativity",
}


def _label(required: bool = True) -> tuple[Column, Column]:
    return (
        Column("label_en", "rdfs:label", "en", "name in English", required=required),
        Column("label_zh", "rdfs:label", "zh", "name in Chinese, where the source writes one"),
    )


def _statement() -> tuple[Column, ...]:
    return (
        *_label(),
        Column("statement_en", "celltx:statement", "en", "what the source says, in English", required=True),
        Column("statement_zh", "celltx:statement", "zh", "what the source says, in Chinese"),
        Column("about", "celltx:about", "iri", "entities the statement concerns", many=True),
        Column("about_class", "celltx:aboutClass", "class", "ontology classes the statement concerns", many=True),
    )


_NOTE = Column("real_world_note", "celltx:realWorldNote", "en", "where public records differ from the source")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "approval",
            "celltx:RegulatoryApproval",
            "a regulatory approval of a product (Table 2)",
            (
                Column("label_en", "rdfs:label", "en", "e.g. Kymriah, FDA 2017", required=True),
                Column("product", "celltx:approvedProduct", "iri", "the approved product", required=True),
                Column("agency", "celltx:grantedBy", "iri", "the agency (fda, nmpa)", required=True),
                Column("year", "celltx:year", "integer", "year of the approval", required=True),
                Column("indication", "celltx:approvedForIndication", "iri", "diseases approved for", many=True),
                Column(
                    "indication_text", "celltx:approvedIndicationText", "text", "the indication as the source words it"
                ),
                Column("product_name_en", "celltx:productNameAsPrinted", "en", "the product name as the row prints it"),
                Column(
                    "product_name_zh",
                    "celltx:productNameAsPrinted",
                    "zh",
                    "the Chinese name, where the source prints one",
                ),
                Column("listed_developer", "celltx:listedDeveloper", "iri", "the developer as the row lists it"),
                Column(
                    "first_of_its_kind", "celltx:firstOfItsKind", "boolean", "true where the source calls it a first"
                ),
                Column("table_row", "celltx:tableRow", "integer", "row number in the source's table"),
                _NOTE,
            ),
        ),
        Kind(
            "product",
            "celltx:CellTherapyProduct",
            "a cell therapy product (its CAR-T/TCR-T … type is derived)",
            (
                *_label(),
                Column(
                    "type",
                    "a",
                    "class",
                    "further asserted classes: AutologousCellTherapy, AllogeneicCellTherapy, "
                    "UniversalCellTherapy, InVivoCellTherapy, MultiTargetCellTherapy, TILTherapy …",
                    many=True,
                ),
                Column("inn", "celltx:inn", "text", "international non-proprietary name"),
                Column("development_code", "celltx:developmentCode", "text", "development code", many=True),
                Column(
                    "exact_match", "skos:exactMatch", "iri", "confirmed standard identifiers (NCIT:C102758)", many=True
                ),
                Column(
                    "effector_cell",
                    "a",
                    "class",
                    "the effector cell type (CL:0000084 for T cell)",
                    within="celltx:hasEffectorCell",
                ),
                Column(
                    "receptor_type",
                    "a",
                    "class",
                    "the engineered receptor (SecondGenerationCAR, TCR …)",
                    within="celltx:hasReceptor",
                ),
                Column(
                    "receptor_antigen",
                    "celltx:bindsAntigen",
                    "iri",
                    "the antigen the receptor binds",
                    within="celltx:hasReceptor",
                    many=True,
                ),
                Column(
                    "costimulatory_domain",
                    "celltx:hasCostimulatoryDomain",
                    "iri",
                    "4-1bb-domain, cd28-domain …",
                    within="celltx:hasReceptor",
                    many=True,
                ),
                Column("target", "celltx:targetsAntigen", "iri", "the antigens the product targets", many=True),
                Column("developer", "celltx:developedBy", "iri", "the developing organisation", many=True),
                Column("indication", "celltx:indicatedFor", "iri", "diseases the product is indicated for", many=True),
                _NOTE,
            ),
        ),
        Kind(
            "study",
            "celltx:Study",
            "a clinical or preclinical study",
            (
                *_label(required=True)[:1],
                Column(
                    "type",
                    "a",
                    "class",
                    "ClinicalTrial, ClinicalStudy, PreclinicalStudy, RandomisedControlledTrial (default: Study)",
                    many=True,
                ),
                Column("phase", "celltx:hasPhase", "iri", "phase-1, phase-1-2, phase-2, phase-3"),
                Column("therapy", "celltx:studiesTherapy", "iri", "the therapies studied", many=True),
                Column("condition", "celltx:studiesCondition", "iri", "the diseases studied", many=True),
                Column("enrolled", "celltx:enrolledCount", "integer", "number of patients enrolled"),
                Column("population", "celltx:population", "en", "who was enrolled"),
                Column("design", "celltx:studyDesign", "en", "the design in a few words"),
                Column("median_follow_up", "celltx:medianFollowUp", "decimal", "median follow-up"),
                Column("follow_up_unit", "celltx:followUpUnit", "unit", "MO (months), WK, YR"),
                Column("conducted_by", "celltx:conductedBy", "iri", "teams or institutions", many=True),
            ),
            type_replaces_class=True,
        ),
        Kind(
            "outcome",
            "celltx:OutcomeMeasurement",
            "one result of a study",
            (
                *_label(required=True)[:1],
                Column("study", "celltx:outcomeOf", "iri", "the study", required=True),
                Column(
                    "measure", "celltx:measures", "iri", "orr, cr-rate, mrd-negativity, median-pfs …", required=True
                ),
                Column("therapy", "celltx:forTherapy", "iri", "the therapy (arm) the result is for"),
                Column("proportion", "celltx:proportion", "decimal", "a rate in [0, 1]: 77% is 0.77"),
                Column("patients", "celltx:patientCount", "integer", "a number of patients"),
                Column("duration", "celltx:durationValue", "decimal", "a duration (median PFS …)"),
                Column("duration_unit", "celltx:durationUnit", "unit", "MO, WK, YR"),
                Column("time_point", "celltx:timePointValue", "decimal", "when it was measured"),
                Column("time_point_unit", "celltx:timePointUnit", "unit", "MO, WK, YR"),
                Column("value_text", "celltx:valueText", "text", "the value as the source writes it (77%)"),
            ),
        ),
        Kind("finding", "celltx:Finding", "a statement of what is known", _statement()),
        Kind(
            "milestone",
            "celltx:Milestone",
            "a dated event in the field's history",
            (
                *_statement(),
                Column("year", "celltx:year", "integer", "the year"),
                Column("end_year", "celltx:endYear", "integer", "the last year of a period (or an upper bound)"),
                Column("achieved_by", "celltx:achievedBy", "iri", "people, teams or organisations", many=True),
            ),
        ),
        Kind("challenge", "celltx:Challenge", "an open problem", _statement()),
        Kind(
            "strategy",
            "celltx:Strategy",
            "a way to address a challenge",
            (
                *_statement(),
                Column("addresses", "celltx:addresses", "iri", "the challenges it addresses", many=True),
            ),
        ),
    )
}

#: Default namespace of a bare local name, per value type.
LOCAL_NAMESPACE = {"iri": "celltxd", "class": "celltx", "unit": "unit"}

__all__ = ["EVIDENCE", "KINDS", "LOCAL_NAMESPACE", "SEPARATOR", "Column", "Kind"]
