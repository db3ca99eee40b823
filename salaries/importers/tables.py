"""The fixture tables: which model each one fills and with which columns.

A fixture file holds exactly the model's concrete columns (``attname``: ``area_id``, not ``area``), in
model order, minus the surrogate ``id`` and the ``release_id`` that the loader adds. The builder writes
these columns and the loader reads them back, so both sides share this one definition.
"""

from dataclasses import dataclass

from django.db import models

from salaries import models as m


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    # Reference tables (areas, occupations, …) are shared across releases and referenced by editorial
    # content: they are upserted on their primary key and never deleted by a load.
    upsert: bool = False

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    @property
    def has_release(self) -> bool:
        return any(f.attname == "release_id" for f in self.model._meta.concrete_fields)

    @property
    def columns(self) -> list[str]:
        """Fixture columns, in model order (no ``id``, no ``release_id``)."""
        return [
            f.attname
            for f in self.model._meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.AutoField)) and f.attname != "release_id"
        ]

    @property
    def nullable(self) -> frozenset[str]:
        """Columns whose empty fixture cell means NULL (all of them are numeric)."""
        return frozenset(f.attname for f in self.model._meta.concrete_fields if f.null)

    @property
    def text_columns(self) -> list[str]:
        """Non-null text columns: an empty cell there is an empty string, never NULL."""
        return [
            f.attname
            for f in self.model._meta.concrete_fields
            if not f.null
            and isinstance(f, (models.CharField, models.TextField))
            and f.attname in self.columns
        ]

    @property
    def pk_column(self) -> str:
        return self.model._meta.pk.attname


AREAS = Table("areas", m.Area, upsert=True)
OCCUPATIONS = Table("occupations", m.Occupation, upsert=True)
INDUSTRIES = Table("industries", m.Industry, upsert=True)
WAGE_ESTIMATES = Table("wage_estimates", m.WageEstimate)
HISTORY = Table("national_occupation_years", m.NationalOccupationYear)
PROJECTIONS = Table("projections", m.Projection)
PRICE_PARITIES = Table("price_parities", m.PriceParity)
CPI_MONTHS = Table("cpi_months", m.CpiMonth)
CROSSWALK = Table("soc_crosswalk", m.SocCrosswalk)
SKILLS = Table("skills", m.Skill, upsert=True)
ONET_OCCUPATIONS = Table("onet_occupations", m.OnetOccupation, upsert=True)
OCCUPATION_SKILLS = Table("occupation_skills", m.OccupationSkill)
RELATED_OCCUPATIONS = Table("related_occupations", m.RelatedOccupation)
ALTERNATE_TITLES = Table("alternate_titles", m.AlternateTitle)
REPORTED_TITLES = Table("reported_titles", m.ReportedTitle)


JOB_ZONES = Table("job_zones", m.JobZone, upsert=True)
KNOWLEDGE = Table("knowledge", m.Knowledge, upsert=True)
OCCUPATION_KNOWLEDGE = Table("occupation_knowledge", m.OccupationKnowledge)
OCCUPATION_TECHNOLOGIES = Table("occupation_technologies", m.OccupationTechnology)
OCCUPATION_EDUCATION = Table("occupation_education", m.OccupationEducation)

ALL = [
    AREAS,
    OCCUPATIONS,
    INDUSTRIES,
    WAGE_ESTIMATES,
    HISTORY,
    PROJECTIONS,
    PRICE_PARITIES,
    CPI_MONTHS,
    CROSSWALK,
    SKILLS,
    ONET_OCCUPATIONS,
    OCCUPATION_SKILLS,
    RELATED_OCCUPATIONS,
    ALTERNATE_TITLES,
    REPORTED_TITLES,
    JOB_ZONES,
    KNOWLEDGE,
    OCCUPATION_KNOWLEDGE,
    OCCUPATION_TECHNOLOGIES,
    OCCUPATION_EDUCATION,
]
BY_NAME = {table.name: table for table in ALL}
