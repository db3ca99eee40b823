"""Read-only admin for the federal data: it is changed only by ``load_workforce_data``, never by hand."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search; no add, change or delete (a fixture reload would undo any edit anyway)."""

    show_full_result_count = False  # no COUNT(*) over 250,000 rows on every filtered page
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.DataRelease)
class DataReleaseAdmin(ReadOnlyAdmin):
    list_display = ["source", "vintage", "published_on", "source_file", "loaded_at"]
    list_filter = ["source"]


@admin.register(models.Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "area_type", "state"]
    list_filter = ["area_type"]
    search_fields = ["code", "name"]


@admin.register(models.Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title"]


@admin.register(models.Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title"]


@admin.register(models.WageEstimate)
class WageEstimateAdmin(ReadOnlyAdmin):
    list_display = [
        "occupation",
        "area",
        "industry",
        "employment",
        "annual_median",
        "annual_p10",
        "annual_p90",
        "suppressed_fields",
        "top_coded_fields",
    ]
    list_select_related = ["occupation", "area", "industry"]
    list_filter = ["release", "area__area_type", "industry__level", "occupation__level", "hourly_only"]
    search_fields = ["occupation__code", "occupation__title", "area__code", "area__name"]


@admin.register(models.NationalOccupationYear)
class NationalOccupationYearAdmin(ReadOnlyAdmin):
    list_display = ["occ_code", "occ_title", "o_group", "year", "employment", "annual_median", "soc_basis"]
    list_filter = ["year", "o_group", "soc_basis"]
    search_fields = ["occ_code", "occ_title"]


@admin.register(models.PriceParity)
class PriceParityAdmin(ReadOnlyAdmin):
    list_display = ["area", "year", "all_items", "housing", "goods"]
    list_select_related = ["area"]
    list_filter = ["year", "area__area_type"]
    search_fields = ["area__name", "geofips"]


@admin.register(models.Projection)
class ProjectionAdmin(ReadOnlyAdmin):
    list_display = [
        "occ_code",
        "occ_title",
        "occ_type",
        "employment_base",
        "employment_projected",
        "change_percent",
        "openings_annual",
        "median_wage",
    ]
    list_filter = ["occ_type", "education"]
    search_fields = ["occ_code", "occ_title"]


@admin.register(models.CpiMonth)
class CpiMonthAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "value"]
    list_filter = ["year"]


@admin.register(models.SocCrosswalk)
class SocCrosswalkAdmin(ReadOnlyAdmin):
    list_display = ["soc2010_code", "soc2010_title", "soc2018_code", "soc2018_title"]
    search_fields = ["soc2010_code", "soc2010_title", "soc2018_code", "soc2018_title"]


class OccupationSkillInline(admin.TabularInline):
    model = models.OccupationSkill
    fields = ["skill", "importance", "level", "level_suppressed"]
    readonly_fields = fields
    ordering = ["-importance"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.OnetOccupation)
class OnetOccupationAdmin(ReadOnlyAdmin):
    list_display = ["onet_code", "title", "job_zone"]
    list_filter = ["job_zone"]
    search_fields = ["onet_code", "title", "titles__title"]
    inlines = [OccupationSkillInline]


@admin.register(models.Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ["element_id", "name"]
    search_fields = ["name"]


@admin.register(models.RelatedOccupation)
class RelatedOccupationAdmin(ReadOnlyAdmin):
    list_display = ["onet_occupation", "related_onet_code", "tier", "rank"]
    list_filter = ["tier"]
    search_fields = ["onet_occupation__onet_code", "related_onet_code"]


@admin.register(models.AlternateTitle)
class AlternateTitleAdmin(ReadOnlyAdmin):
    list_display = ["title", "onet_occupation"]
    list_select_related = ["onet_occupation"]
    search_fields = ["title"]
