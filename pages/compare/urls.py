from django.urls import path

from pages.compare import views

urlpatterns = [
    path("compare/", views.compare, name="compare"),
]
