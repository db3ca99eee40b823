from django.urls import path

from pages.occupation import views

urlpatterns = [
    path("occupations/", views.occupation_index, name="occupation_index"),
    path("occupations/<str:code>/", views.occupation_detail, name="occupation"),
    path("occupations/<str:code>/data/<slug:table>.csv", views.occupation_csv, name="occupation_csv"),
]
