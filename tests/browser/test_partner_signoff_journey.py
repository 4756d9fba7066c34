"""Journey 6: a partner editor changes a shared goal in the Wagtail admin and submits it;
every other co-owning organisation's editor signs it off; the convenor approves, which
publishes it. Everyone signs in with a password and their authenticator app's code.

Admin pages follow the admin policy in ``tests/browser/axe.py`` (whole-page axe with
Wagtail's listed known issues; reflow checked on our own admin views only)."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_TOTP_SECRET, give_authenticator, sign_in

pytestmark = pytest.mark.browser

GOAL = "Clean air for every street"
NEW_STATEMENT = (
    "Every street in Lowbridge meets the World Health Organization's guideline for "
    "nitrogen dioxide by 2030, and every school street by 2028."
)
PASSWORD = "partner sign-off in a browser"


def staff(browse, email):
    """A member of staff at their own browser, signed in with their second factor."""
    from accounts.models import User

    user = User.objects.get(email=email)
    user.set_password(PASSWORD)  # demo partners have no password: give them one
    user.save(update_fields=["password"])
    give_authenticator(user)
    person = browse()
    sign_in(person, email, PASSWORD, totp_secret=STAFF_TOTP_SECRET)
    return person


def open_goal_in_editor(person, goal):
    person.visit(f"/admin/pages/{goal.pk}/edit/")
    expect(person.page.get_by_role("heading", level=1)).to_contain_text(GOAL)


def choose_action(person, name):
    """Open the editor's "More actions" menu if the action is in it, then take it."""
    page = person.page
    button = page.get_by_role("button", name=name)
    more = page.get_by_role("button", name="More actions")
    # The footer's menu opens only once Wagtail's script has made it a dropdown (a Tippy
    # on the toggle): on a loaded machine that can come after the page's load event, and
    # a click before it does nothing. Wait for it, then look.
    page.wait_for_function("(toggle) => !!toggle._tippy", arg=more.element_handle())
    if not button.is_visible():  # the footer's menu is closed
        more.click()
        try:
            button.wait_for(state="visible", timeout=5000)
        except PlaywrightTimeoutError:
            # On a loaded machine a click can land while the menu is still opening on
            # its own, and close it again: open it once more.
            more.click()
    person.click(button, navigates=True)
    person.check()


def test_partners_sign_off_a_shared_goal_and_the_convenor_publishes_it(browse):
    from goals.models import GoalPage

    goal = GoalPage.objects.get(title=GOAL)
    assert goal.live

    # Jo, the NHS trust's partner editor, rewrites the statement and submits it.
    jo = staff(browse, "partner.editor@lowbridge.example")
    open_goal_in_editor(jo, goal)
    jo.check()
    jo.fill(jo.page.get_by_label(re.compile("^Statement")), NEW_STATEMENT)
    choose_action(jo, re.compile("^Submit to Partner sign-off"))
    goal.refresh_from_db()
    assert goal.statement != NEW_STATEMENT  # not published yet
    assert goal.get_latest_revision().content["statement"] == NEW_STATEMENT

    # Each co-owner's editor signs it off (Jo for the NHS trust too).
    for email in (
        "partner.editor@lowbridge.example",
        "tom.price@lowbridge.example",
        "maureen.hale@lowbridge.example",
        "convenor@lowbridge.example",
    ):
        editor = jo if email.startswith("partner.") else staff(browse, email)
        open_goal_in_editor(editor, goal)
        editor.check()
        choose_action(editor, re.compile("^Sign off for "))

    # The convenor approves, which publishes the change.
    convenor = editor
    open_goal_in_editor(convenor, goal)
    convenor.check()
    choose_action(convenor, re.compile("^Approve$"))
    goal.refresh_from_db()
    assert goal.statement == NEW_STATEMENT

    # The public goal page shows the new statement.
    visitor = browse()
    visitor.visit(goal.url)
    expect(visitor.page.get_by_text(NEW_STATEMENT)).to_be_visible()
