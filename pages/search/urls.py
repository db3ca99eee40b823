from django.urls import path

from pages.search import views

urlpatterns = [
    path("search/", views.search, name="search"),
]
