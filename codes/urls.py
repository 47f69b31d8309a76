from django.urls import path

from codes import release_views, search_views, views

app_name = "codes"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("", search_views.home, name="home"),
    path("codes/", search_views.search, name="search"),
    path("codes/<str:code>/", views.code_detail, name="detail"),
    path("modifiers/", views.modifier_list, name="modifier-list"),
    path("modifiers/<str:code>/", views.modifier_detail, name="modifier-detail"),
    path("sections/<str:letter>/", search_views.section, name="section"),
    path("autocomplete/", search_views.autocomplete, name="autocomplete"),
    path("releases/", release_views.release_list, name="release-list"),
    path("releases/<int:pk>/", release_views.release_detail, name="release-detail"),
    path("releases/<int:pk>/changes.csv", release_views.release_csv, name="release-csv"),
]
