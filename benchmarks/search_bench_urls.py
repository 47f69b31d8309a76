"""URLs for benchmarks/search_bench.py: two trivial views in front of the site's URLs, so
that the benchmark can time the request path without any search in it."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


def trivial_page(request):
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/trivial/", trivial),
    path("__bench__/page/", trivial_page),
    path("", include("hcpcs_site.urls")),
]
