"""``setup_site`` on a migrated database with nothing else in it: a site a council can
open, with no demo content, exactly the documented staff rights, idempotent, and a clear
refusal on a database that holds a different site."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Site,
    Workflow,
    WorkflowPage,
)
from wagtail.snippets.models import get_snippet_models

from accounts.models import User
from goals.models import GoalIndexPage, GoalPage
from home.models import HomePage, SiteBranding, StandardPage

pytestmark = pytest.mark.django_db

URL = "https://citygoals.lowbridge.example"
CONVENOR = "convenor@council.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = URL
    settings.ALLOWED_HOSTS = ["citygoals.lowbridge.example", "testserver"]


def setup_site(name="Lowbridge", url=URL, email=CONVENOR, **options):
    call_command(
        "setup_site",
        name=name,
        url=url,
        convenor_email=email,
        stdout=StringIO(),
        **options,
    )


def snapshot():
    """Everything setup_site writes, to compare two runs."""
    return {
        "pages": sorted(
            Page.objects.values_list("pk", "path", "title", "live", "latest_revision_id")
        ),
        "page_log": PageLogEntry.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "site_name", "root_page_id")),
        "branding": list(SiteBranding.objects.values_list("place_name", "contact_email")),
        "groups": sorted(
            (g.name, sorted(g.permissions.values_list("codename", flat=True)))
            for g in Group.objects.all()
        ),
        "page_permissions": sorted(GroupPagePermission.objects.values_list("pk", flat=True)),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("pk", flat=True)
        ),
        "workflows": list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        "users": list(User.objects.values_list("pk", "email", "is_staff", "password")),
        "emails": len(mail.outbox),
    }


def test_a_fresh_site_answers_and_has_no_demo_content(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        setup_site()
    host = {"HTTP_HOST": "citygoals.lowbridge.example", "secure": True}
    for path in (
        "/",
        "/goals/",
        "/take-part/",
        "/pledges/",
        "/organisations/",
        "/about/",
        "/privacy-notice/",
        "/accessibility-statement/",
        "/moderation-policy/",
    ):
        response = client.get(path, **host)
        assert response.status_code == 200, path
    policy = client.get("/moderation-policy/", **host).content.decode()
    assert "Lowbridge" in policy
    # The header reaches every part of a fresh site, and the home page links to all
    # goals and all consultations (#13), with nothing from the demo.
    home = client.get("/", **host).content.decode()
    header = home[home.index('class="site-nav"') : home.index("</nav>", home.index("site-nav"))]
    for path in ("/goals/", "/take-part/", "/pledges/", "/commitments/", "/organisations/"):
        assert f'href="{path}"' in header, path
    main = home[home.index("<main") : home.index("</main>")]
    assert 'href="/goals/">See all goals' in main
    assert 'href="/take-part/">See all consultations' in main
    assert not GoalPage.objects.exists()
    assert StandardPage.objects.count() == 4
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "citygoals.lowbridge.example",
        443,
        "Lowbridge City Goals",
    )
    branding = SiteBranding.for_site(site)
    assert (branding.place_name, branding.contact_email) == ("Lowbridge", CONVENOR)
    workflow = Workflow.objects.get(name="Partner sign-off")
    assert WorkflowPage.objects.get(page=GoalIndexPage.objects.get()).workflow == workflow
    assert [t.specific.__class__.__name__ for t in workflow.tasks] == [
        "PartnerSignOffTask",
        "GroupApprovalTask",
    ]


def test_the_convenor_is_emailed_a_link_to_set_a_password_and_enrol_two_factor(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        setup_site()
    convenor = User.objects.get(email=CONVENOR)
    assert convenor.is_staff and not convenor.has_usable_password()
    assert convenor.groups.filter(name="Convenors").exists()
    assert EmailAddress.objects.get(user=convenor).verified
    assert [m.to for m in mail.outbox] == [[CONVENOR]]
    body = mail.outbox[0].body
    assert "two-factor" in body and f"{URL}/accounts/2fa/totp/activate/" in body
    link = re.search(rf"{re.escape(URL)}(/accounts/password/reset/key/\S+)", body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "a long council passphrase 7", "password2": "a long council passphrase 7"},
    )
    assert response.status_code == 302
    convenor.refresh_from_db()
    assert convenor.check_password("a long council passphrase 7")


def test_groups_hold_exactly_the_documented_permissions():
    setup_site()
    home = HomePage.objects.get()

    def rights(name):
        group = Group.objects.get(name=name)
        return (
            {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()},
            {
                (gpp.page_id, gpp.permission.codename)
                for gpp in GroupPagePermission.objects.filter(group=group)
            },
            {
                gcp.permission.codename
                for gcp in GroupCollectionPermission.objects.filter(group=group)
            },
        )

    snippets = {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in get_snippet_models()
        for action in ("add", "change", "delete")
    }
    assert rights("Convenors") == (
        {"wagtailadmin.access_admin", "home.change_sitebranding", *snippets},
        {
            (home.pk, codename)
            for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
        },
        {
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        },
    )
    assert rights("Moderators") == ({"wagtailadmin.access_admin"}, set(), set())
    assert rights("Partner editors") == (
        {"wagtailadmin.access_admin"},
        set(),
        {"choose_image", "choose_document"},
    )
    # Wagtail's default "Editors" group keeps no rights over the page tree.
    assert not GroupPagePermission.objects.filter(group__name="Editors").exists()


def test_a_second_run_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        setup_site()
    page = StandardPage.objects.get(slug="about")
    page.intro = "Edited by the convenors."
    page.save_revision().publish()
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        setup_site()
    assert snapshot() == before
    assert StandardPage.objects.get(slug="about").intro == "Edited by the convenors."


def test_a_database_with_a_different_site_is_refused(settings):
    setup_site()
    before = snapshot()
    settings.SITE_URL = "https://goals.otherton.example"
    with pytest.raises(CommandError, match=r"already holds the site at citygoals\.lowbridge"):
        setup_site(name="Otherton", url="https://goals.otherton.example")
    settings.SITE_URL = URL
    with pytest.raises(CommandError, match="already holds the site for 'Lowbridge'"):
        setup_site(name="Otherton")
    assert snapshot() == before


def test_the_url_must_be_site_url():
    with pytest.raises(CommandError, match=r"set SITE_URL=https://elsewhere\.example"):
        setup_site(url="https://elsewhere.example")
    assert not GoalIndexPage.objects.exists()
