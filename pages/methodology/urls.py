from django.urls import path

from pages.methodology import views

urlpatterns = [
    path("methodology/", views.methodology, name="methodology"),
]
