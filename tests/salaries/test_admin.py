"""The federal data is browsable in admin and read-only there."""

import pytest
from django.urls import reverse

from salaries import models

PAGES = [
    models.DataRelease,
    models.Area,
    models.Occupation,
    models.Industry,
    models.WageEstimate,
    models.NationalOccupationYear,
    models.PriceParity,
    models.Projection,
    models.CpiMonth,
    models.SocCrosswalk,
    models.OnetOccupation,
    models.Skill,
    models.RelatedOccupation,
    models.AlternateTitle,
]


def url(model, view, *args):
    return reverse(f"admin:salaries_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGES, ids=lambda m: m.__name__)
def test_changelist_is_readable_with_few_queries(admin_client, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert admin_client.get(url(model, "add")).status_code == 403


@pytest.mark.federal
@pytest.mark.django_db
def test_wage_estimate_search_and_read_only_detail(admin_client):
    response = admin_client.get(
        url(models.WageEstimate, "changelist"), {"q": "11-1021", "area__area_type": "national"}
    )
    assert response.status_code == 200
    assert '<td class="field-employment">3503020</td>' in response.content.decode()
    row = models.WageEstimate.objects.get(area_id="99", industry_id="000000", occupation_id="11-1021")
    detail = admin_client.get(url(models.WageEstimate, "change", row.pk))
    assert detail.status_code == 200
    assert b'name="annual_median"' not in detail.content  # shown, not editable
    assert admin_client.post(url(models.WageEstimate, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert models.WageEstimate.objects.filter(pk=row.pk).exists()
