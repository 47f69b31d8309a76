from django.urls import path

from codes import views

app_name = "codes"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("codes/<str:code>/", views.code_detail, name="detail"),
    path("modifiers/", views.modifier_list, name="modifier-list"),
    path("modifiers/<str:code>/", views.modifier_detail, name="modifier-detail"),
]
