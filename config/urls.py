from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations.views import opendata as consultations_opendata
from home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("search/", home_views.search, name="search"),
    path("organisations/", include("goals.urls_organisations")),
    path("pledges/", include("goals.urls_pledges")),
    # consultations' open data sits with the rest at /data/ (goals may not import it)
    path("data/proposals.csv", consultations_opendata.proposals_csv, name="proposals_csv"),
    path("data/", include("goals.urls_data")),
    path("take-part/", include("consultations.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
handler429 = "accounts.abuse.handler429"  # allauth's rate limits answer with our 429 page
