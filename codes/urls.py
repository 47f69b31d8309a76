from django.urls import path
from django.views.decorators.http import require_safe

from codes.ops import health
from codes.pages import print_header
from codes.pages import views as pages
from codes.releases import feeds
from codes.releases import views as release_pages
from codes.search import views as search_pages
from codes.validation import views as validation_pages

app_name = "codes"

urlpatterns = [
    path("healthz", health.health, name="health"),
    path("readyz", health.ready, name="ready"),
    path("", search_pages.home, name="home"),
    path("codes/", search_pages.search, name="search"),
    path("codes/<str:code>/", pages.code_detail, name="detail"),
    path("codes/<str:code>/compare/", pages.code_compare, name="compare"),
    path("modifiers/", pages.modifier_list, name="modifier-list"),
    path("modifiers/<str:code>/", pages.modifier_detail, name="modifier-detail"),
    path("sections/<str:letter>/", search_pages.section, name="section"),
    path(
        "sections/<str:letter>/feed/",
        require_safe(feeds.SectionChangesFeed()),
        name="section-feed",
    ),
    path("autocomplete/", search_pages.autocomplete, name="autocomplete"),
    path("releases/", release_pages.release_list, name="release-list"),
    path("releases/feed/", require_safe(feeds.ReleaseChangesFeed()), name="release-feed"),
    path("releases/<int:pk>/", release_pages.release_detail, name="release-detail"),
    path("validate/", validation_pages.validate, name="validate"),
    path("validate/sample.csv", validation_pages.sample, name="validate-sample"),
    path("print.css", print_header.stylesheet, name="print-css"),
    path("releases/<int:pk>/changes.csv", release_pages.release_csv, name="release-csv"),
]
