from django.urls import path

from pages.moves import views

urlpatterns = [
    path("occupations/<str:code>/moves/", views.occupation_moves, name="occupation_moves"),
    path("occupations/<str:code>/data/moves.csv", views.occupation_moves_csv, name="occupation_moves_csv"),
]
