"""The project's URLs plus one page whose query hangs (pg_sleep), for the statement-timeout test."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from careers.urls import urlpatterns as project_urlpatterns


def hanging_page(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
    return HttpResponse("never")


urlpatterns = [path("hang/", hanging_page), *project_urlpatterns]

handler500 = "careers.views.errors.server_error"
