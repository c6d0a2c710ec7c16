from django.contrib import admin
from django.urls import include, path, re_path

from spinewise.api.main import api
from spinewise.web.views import page_not_found

admin.site.site_header = "Spinewise clinic admin"
admin.site.site_title = "Spinewise admin"

urlpatterns = [
    # A NUL in an API path can name nothing; say so before a route hands it to the database
    # (PostgreSQL refuses NUL in text). Unknown API paths get the same JSON 404.
    re_path(r"^api/.*\x00", page_not_found),
    path("api/v1/", api.urls),
    path("", include("spinewise.web.urls")),
    path("assessment/", include("spinewise.assessments.urls")),
    path("consultations/", include("spinewise.consultations.urls")),
    path("exercises/", include("spinewise.exercises.urls")),
    path("programme/", include("spinewise.programmes.urls")),
    path("accounts/", include("spinewise.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "spinewise.web.views.bad_request"
handler403 = "spinewise.web.views.permission_denied"
handler404 = "spinewise.web.views.page_not_found"
handler500 = "spinewise.web.views.server_error"
