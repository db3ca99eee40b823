from django.urls import path
from django.views.generic import RedirectView

from pages.track import views

app_name = "tracks"

urlpatterns = [
    path("", RedirectView.as_view(url="/#tracks", permanent=False), name="index"),
    path("<slug:slug>/", views.track_detail, name="detail"),
    path("<slug:slug>/data/<slug:chart>.csv", views.chart_csv, name="chart_csv"),
]
