"""Federal workforce data, loaded from the fixtures in ``fixtures/`` (see ``salaries.importers``).

Conventions:
- Codes are kept as text exactly as the source publishes them (``11-1021``, ``54--55``, ``41940``).
- A value the source did not publish (BLS ``*``/``**``) is NULL and named in ``suppressed_fields``;
  a top-coded percentile (BLS ``#``, at or above $239,200 a year / $115 an hour) is NULL and named in
  ``top_coded_fields``. Nothing unknown is ever stored as 0 or as a made-up number.
- Every loaded row points at the ``DataRelease`` it came from.
"""

from django.db import models


class DataRelease(models.Model):
    """One loaded source file: where it came from, which vintage, and what was loaded."""

    class Source(models.TextChoices):
        OEWS = "oews", "BLS Occupational Employment and Wage Statistics"
        OEWS_HISTORY = "oews_history", "BLS OEWS national estimates by survey year"
        PROJECTIONS = "projections", "BLS Employment Projections"
        RPP = "rpp", "BEA Regional Price Parities"
        ONET = "onet", "O*NET Database"
        CPI = "cpi", "BLS Consumer Price Index (CPI-U)"
        SOC_CROSSWALK = "soc_crosswalk", "BLS SOC 2010 to 2018 crosswalk"

    source = models.CharField(max_length=32, choices=Source.choices)
    vintage = models.CharField(max_length=64, help_text="e.g. 'May 2025', '2024-34', '29.3'")
    published_on = models.DateField(null=True, blank=True)
    source_file = models.CharField(max_length=255, help_text="Upstream file the fixture was built from")
    fixture_file = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64, help_text="sha256 of the fixture file loaded")
    rows_loaded = models.JSONField(default=dict, help_text="Rows per table loaded from this release")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "vintage"], name="unique_release_per_source_vintage")
        ]
        ordering = ["source", "-vintage"]

    def __str__(self):
        return f"{self.get_source_display()}, {self.vintage}"


class Area(models.Model):
    class AreaType(models.TextChoices):
        NATIONAL = "national", "National"
        STATE = "state", "State"
        TERRITORY = "territory", "Territory"
        METRO = "metro", "Metropolitan area"
        NONMETRO = "nonmetro", "Nonmetropolitan area"

    code = models.CharField(max_length=7, primary_key=True, help_text="BLS area code (99, FIPS, CBSA, …)")
    name = models.CharField(max_length=255)
    area_type = models.CharField(max_length=16, choices=AreaType.choices, db_index=True)
    state = models.CharField(max_length=8, blank=True, help_text="Primary state postal code")

    class Meta:
        ordering = ["area_type", "name"]

    def __str__(self):
        return self.name


class Occupation(models.Model):
    """An SOC 2018 occupation or occupation group, as OEWS May 2025 publishes it."""

    class Level(models.TextChoices):
        TOTAL = "total", "Total"
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    code = models.CharField(max_length=7, primary_key=True)
    title = models.CharField(max_length=255)
    level = models.CharField(max_length=16, choices=Level.choices, db_index=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class Industry(models.Model):
    class Level(models.TextChoices):
        CROSS_INDUSTRY = "cross-industry", "Cross-industry"
        OWNERSHIP = "ownership", "Ownership"
        SECTOR = "sector", "Sector"
        THREE_DIGIT = "3-digit", "3-digit NAICS"
        FOUR_DIGIT = "4-digit", "4-digit NAICS"
        FIVE_OR_SIX_DIGIT = "5-or-6-digit", "5- or 6-digit NAICS"
        # 999101/999201/999301: OEWS federal/state/local government designations. They overlap the
        # sectors (schools, hospitals and USPS are also in sectors 61, 62, 48-49): never add them to
        # the sector set when computing industry shares.
        GOVERNMENT = "government", "OEWS government designation (overlaps sectors)"

    code = models.CharField(max_length=8, primary_key=True, help_text="BLS OEWS industry code")
    title = models.CharField(max_length=255)
    level = models.CharField(max_length=16, choices=Level.choices, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.title


NATIONAL_AREA = "99"  # OEWS area code of the U.S. as a whole
CROSS_INDUSTRY = "000000"  # OEWS industry code of all industries together


class WageEstimateQuerySet(models.QuerySet):
    def national(self):
        """Estimates for the U.S. as a whole."""
        return self.filter(area_id=NATIONAL_AREA)

    def cross_industry(self):
        """Estimates over all industries (not one sector)."""
        return self.filter(industry_id=CROSS_INDUSTRY)

    def national_cross_industry(self):
        """The headline national estimates: the U.S., all industries."""
        return self.national().cross_industry()


class WageEstimate(models.Model):
    """One OEWS estimate: a release × area × industry × occupation."""

    # 250,000 rows are loaded at once, so the keys are kept lean:
    # - no single-column FK indexes: the unique constraint and the two composite indexes below lead with
    #   release, area and occupation (PostgreSQL would also add a varchar_pattern_ops index per text key);
    # - no database FK constraints: PostgreSQL checks them row by row (a million checks at commit, most of
    #   the load time). The loader checks every key with one set-based query per column instead, inside
    #   the load's transaction (``salaries.importers.loader``); PROTECT still guards deletes in Django.
    release = models.ForeignKey(
        DataRelease, models.PROTECT, related_name="wage_estimates", db_index=False, db_constraint=False
    )
    area = models.ForeignKey(
        Area, models.PROTECT, related_name="wage_estimates", db_index=False, db_constraint=False
    )
    industry = models.ForeignKey(
        Industry, models.PROTECT, related_name="wage_estimates", db_index=False, db_constraint=False
    )
    occupation = models.ForeignKey(
        Occupation, models.PROTECT, related_name="wage_estimates", db_index=False, db_constraint=False
    )

    employment = models.PositiveIntegerField(null=True, blank=True)
    employment_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    jobs_per_1000 = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    location_quotient = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    mean_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    hourly_only = models.BooleanField(default=False, help_text="BLS publishes hourly wages only")
    suppressed_fields = models.JSONField(default=list, blank=True, help_text="Fields BLS did not publish")
    top_coded_fields = models.JSONField(
        default=list, blank=True, help_text="Percentiles at or above the top code"
    )

    objects = WageEstimateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "area", "industry", "occupation"], name="unique_wage_estimate"
            )
        ]
        indexes = [
            models.Index(fields=["occupation", "industry", "area"], name="wage_occ_ind_area"),
            models.Index(fields=["area", "industry"], name="wage_area_industry"),
        ]

    def __str__(self):
        return f"{self.occupation_id} in {self.area_id} ({self.industry_id})"

    def is_top_coded(self, field: str) -> bool:
        return field in self.top_coded_fields

    def is_suppressed(self, field: str) -> bool:
        return field in self.suppressed_fields


class NationalOccupationYear(models.Model):
    """National cross-industry OEWS estimates by May survey year (2011 onwards), codes as published."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="history_rows")
    year = models.PositiveSmallIntegerField()
    occ_code = models.CharField(max_length=7)
    occ_title = models.CharField(max_length=255)
    o_group = models.CharField(max_length=16)
    soc_basis = models.CharField(max_length=32)
    employment = models.PositiveIntegerField(null=True, blank=True)
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_only = models.BooleanField(default=False)
    suppressed_fields = models.JSONField(default=list, blank=True)
    top_coded_fields = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "occ_code", "o_group"], name="unique_history_row")
        ]
        indexes = [models.Index(fields=["occ_code", "year"], name="history_occ_year")]
        ordering = ["occ_code", "year"]

    def __str__(self):
        return f"{self.occ_code} May {self.year}"


class PriceParity(models.Model):
    """BEA Regional Price Parities (U.S. = 100) for an area and year."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="price_parities")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="price_parities")
    geofips = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    all_items = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    goods = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    housing = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    utilities = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    other_services = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="unique_rpp_area_year")]
        verbose_name_plural = "price parities"

    def __str__(self):
        return f"RPP {self.area_id} {self.year}"


class Projection(models.Model):
    """BLS Employment Projections for one National Employment Matrix line (thousands of jobs)."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="projections")
    occ_code = models.CharField(max_length=7)
    occ_title = models.CharField(max_length=255)
    occ_type = models.CharField(max_length=16, help_text="'Line item' or 'Summary'")
    base_year = models.PositiveSmallIntegerField()
    proj_year = models.PositiveSmallIntegerField()
    employment_base = models.DecimalField(max_digits=10, decimal_places=1, help_text="thousands")
    employment_projected = models.DecimalField(max_digits=10, decimal_places=1, help_text="thousands")
    change = models.DecimalField(max_digits=10, decimal_places=1, help_text="thousands")
    change_percent = models.DecimalField(max_digits=6, decimal_places=1)
    openings_annual = models.DecimalField(max_digits=10, decimal_places=1, help_text="thousands per year")
    median_wage = models.PositiveIntegerField(null=True, blank=True)
    median_wage_note = models.CharField(max_length=32, blank=True)
    education = models.CharField(max_length=128, blank=True)
    experience = models.CharField(max_length=64, blank=True)
    training = models.CharField(max_length=128, blank=True)
    percent_self_employed = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "occ_code"], name="unique_projection_per_release")
        ]
        ordering = ["occ_code"]

    def __str__(self):
        return f"{self.occ_code} {self.base_year}-{self.proj_year}"


class CpiMonth(models.Model):
    """CPI-U, U.S. city average, all items, not seasonally adjusted (1982-84 = 100)."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="cpi_months")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="unique_cpi_month")]
        ordering = ["year", "month"]

    def __str__(self):
        return f"CPI-U {self.year}-{self.month:02d}"


class SocCrosswalk(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="crosswalk_rows")
    soc2010_code = models.CharField(max_length=7, db_index=True)
    soc2010_title = models.CharField(max_length=255)
    soc2018_code = models.CharField(max_length=7, db_index=True)
    soc2018_title = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["soc2010_code", "soc2018_code"], name="unique_crosswalk_pair")
        ]

    def __str__(self):
        return f"{self.soc2010_code} → {self.soc2018_code}"


class OnetOccupation(models.Model):
    """An O*NET-SOC occupation (``11-1021.00``); ``soc_code`` is its SOC 2018 detailed code."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="onet_occupations")
    onet_code = models.CharField(max_length=10, primary_key=True)
    soc_code = models.CharField(max_length=7, db_index=True)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    job_zone = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["onet_code"]

    def __str__(self):
        return f"{self.onet_code} {self.title}"


class Skill(models.Model):
    element_id = models.CharField(max_length=16, primary_key=True)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OccupationSkill(models.Model):
    """O*NET skill importance (1-5) and level (0-7) for one O*NET-SOC occupation."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="occupation_skills")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_skills")
    importance = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    level = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    level_suppressed = models.BooleanField(default=False, help_text="O*NET recommends suppressing the level")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["onet_occupation", "skill"], name="unique_occupation_skill")
        ]

    def __str__(self):
        return f"{self.onet_occupation_id} {self.skill_id}"


class RelatedOccupation(models.Model):
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="related_occupations")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="related")
    related_onet_code = models.CharField(max_length=10)
    tier = models.CharField(max_length=32)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "related_onet_code"], name="unique_related_occupation"
            )
        ]
        ordering = ["onet_occupation", "rank"]

    def __str__(self):
        return f"{self.onet_occupation_id} → {self.related_onet_code}"


class AlternateTitle(models.Model):
    """Job titles people use for an occupation, for search and the Get Started role picker."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="alternate_titles")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["onet_occupation", "title"], name="unique_alternate_title")
        ]

    def __str__(self):
        return self.title


class ReportedTitle(models.Model):
    """Job titles incumbents reported in O*NET surveys ("Sample of Reported Titles"), for search."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="reported_titles")
    onet_occupation = models.ForeignKey(
        OnetOccupation, on_delete=models.CASCADE, related_name="reported_titles"
    )
    title = models.CharField(max_length=255)
    shown_in_my_next_move = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["onet_occupation", "title"], name="unique_reported_title")
        ]

    def __str__(self):
        return self.title


class Knowledge(models.Model):
    """An O*NET knowledge area (``2.C.1.a`` Administration and Management, …)."""

    element_id = models.CharField(max_length=16, primary_key=True)
    name = models.CharField(max_length=128)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "knowledge areas"

    def __str__(self):
        return self.name


class OccupationKnowledge(models.Model):
    """O*NET knowledge importance (1-5) and level (0-7) for one O*NET-SOC occupation."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="occupation_knowledge")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="knowledge")
    knowledge = models.ForeignKey(Knowledge, on_delete=models.CASCADE, related_name="occupation_knowledge")
    importance = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    level = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    # O*NET 29.3 flags 19 knowledge importance values "Recommend Suppress": each has a standard error of
    # 0 (every respondent gave the same rating) from a small sample. They are kept and flagged.
    importance_suppressed = models.BooleanField(
        default=False, help_text="O*NET recommends suppressing the importance"
    )
    level_suppressed = models.BooleanField(default=False, help_text="O*NET recommends suppressing the level")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "knowledge"], name="unique_occupation_knowledge"
            )
        ]

    def __str__(self):
        return f"{self.onet_occupation_id} {self.knowledge_id}"


class OccupationTechnology(models.Model):
    """A technology O*NET lists for an occupation and flags as hot and/or in demand.

    Only flagged rows are kept (O*NET Technology Skills lists about 32,700 examples; about 11,900 carry
    the "Hot Technology" or "In Demand" flag, and those are the ones the product shows).
    """

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="occupation_technologies")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="technologies")
    name = models.CharField(max_length=255, help_text="O*NET 'Example', e.g. 'Python'")
    hot = models.BooleanField(default=False, help_text="O*NET 'Hot Technology'")
    in_demand = models.BooleanField(default=False, help_text="O*NET 'In Demand'")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["onet_occupation", "name"], name="unique_occupation_technology")
        ]
        verbose_name_plural = "occupation technologies"

    def __str__(self):
        return f"{self.onet_occupation_id} {self.name}"


class JobZone(models.Model):
    """O*NET's five job zones (how much preparation an occupation needs), from Job Zone Reference."""

    zone = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=128)
    experience = models.TextField(blank=True)
    education = models.TextField(blank=True)
    training = models.TextField(blank=True)

    class Meta:
        ordering = ["zone"]

    def __str__(self):
        return self.name


class OccupationEducation(models.Model):
    """O*NET "Required Level of Education": the share of respondents naming each category (1-12)."""

    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="occupation_education")
    onet_occupation = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="education")
    category = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=128, help_text="O*NET category description (short form)")
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    suppressed = models.BooleanField(default=False, help_text="O*NET recommends suppressing this value")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["onet_occupation", "category"], name="unique_occupation_education"
            )
        ]
        ordering = ["onet_occupation", "category"]

    def __str__(self):
        return f"{self.onet_occupation_id} RL {self.category}"


class SocGuidance(models.Model):
    """Guidance figures per SOC code, derived at load time (``salaries.guidance_build``), never per request.

    One row per detailed SOC code with national OEWS employment or an O*NET occupation, plus the row
    ``00-0000`` for the average job (all-occupation, employment-weighted means and technology shares).
    Rebuilt whenever ``load_workforce_data`` loads anything; every figure traces to the loaded releases.
    """

    ALL_JOBS = "00-0000"

    soc_code = models.CharField(max_length=7, primary_key=True)
    employment = models.PositiveIntegerField(null=True, blank=True, help_text="national OEWS employment")
    skills = models.JSONField(default=dict, blank=True, help_text="skill name -> importance (1-5)")
    knowledge = models.JSONField(default=dict, blank=True, help_text="knowledge area -> importance (1-5)")
    stand_ins = models.JSONField(
        default=list, blank=True, help_text="[[O*NET-SOC code, title], …] the ratings are borrowed from"
    )
    stand_in_rule = models.CharField(max_length=32, blank=True)
    technologies = models.JSONField(
        default=dict,
        blank=True,
        help_text="technology -> [share of O*NET occupations listing it, hot, in demand]",
    )
    education = models.CharField(max_length=128, blank=True)
    experience = models.CharField(max_length=64, blank=True)
    training = models.CharField(max_length=128, blank=True)
    job_zone = models.PositiveSmallIntegerField(null=True, blank=True)
    hourly_only = models.BooleanField(default=False)
    shows_hourly = models.BooleanField(default=False)
    hourly = models.JSONField(
        default=dict,
        blank=True,
        help_text="national hourly percentiles p10..p90 (strings; null = not published)",
    )

    class Meta:
        ordering = ["soc_code"]
        verbose_name = "SOC guidance (derived)"
        verbose_name_plural = "SOC guidance (derived)"

    def __str__(self):
        return self.soc_code


class DataGeneration(models.Model):
    """The one data generation (a single row): bumped by every load, snapshot build or editorial save.

    Every cache entry and every ETag derives from it (see ``salaries.generation``).
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"generation {self.number}"
