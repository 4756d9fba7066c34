from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from home import views as home_views

# Wagtail's own password sign-in and reset views, answered before Wagtail's URLs so they
# are never reached: allauth's sign-in is the one way in (second factor, lockout,
# verification) and its reset is rate-limited. Same URL names, so Wagtail's links work.
one_way_in = [
    path("admin/login/", account_views.sign_in_elsewhere, name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        account_views.password_reset_elsewhere,
        name="wagtailadmin_password_reset",
    ),
    path("admin/password_reset/<path:rest>", account_views.password_reset_elsewhere),
    path("_util/login/", account_views.sign_in_elsewhere, name="wagtailcore_login"),
]

urlpatterns = [
    *one_way_in,
    path("healthz", home_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("search/", home_views.search, name="search"),
    path("organisations/", include("organisations.urls")),
    path("areas/", include("places.urls")),
    path("pledges/", include("pledges.urls")),
    path("commitments/", include("commitments.urls")),
    path("data/", include("opendata.urls")),
    path("api/", include("opendata.api.urls")),
    path("take-part/", include("consultations.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
handler429 = "core.abuse.handler429"  # allauth's rate limits answer with our 429 page
