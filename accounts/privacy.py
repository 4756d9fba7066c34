"""UK GDPR rights: a person's data as a file (access), and deleting an account (erasure).

Export: :func:`export_user_data` returns a JSON-serialisable dict of everything the
platform holds about one person and nothing about anyone else. Each record the person
owns (a proposal, a support, a pledge…) is exported with its own fields (a proposal's
point chosen on the map among them) and the codes of the areas it is placed in; the
account gives the area the person chose (name and code); references to other people are
left out; secrets (password hash, two-factor secrets, recovery codes)
never appear. Records that merely point at the person (e.g. a membership they approved
as an organisation admin) are listed by type and id only, so nobody else's data leaks.

The sections are found from the database's relations to ``User``, not from imports of
the other apps (``accounts`` imports no other app): a model added later with a foreign
key to the user appears in the export without a change here.

Deletion: :func:`delete_account` anonymises the person: their email address, display
name and area are removed, they can no longer sign in, their memberships, follows,
email addresses and authenticators are deleted; their public contributions stay on the
record, shown as written by "a former participant", and every count (supports, pledge
joins) stays the same. The deletion is recorded in the audit trail without personal data.
"""

import contextlib
import logging
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.dispatch import Signal
from django.urls import NoReverseMatch
from django.utils import timezone

from accounts.models import NotificationItem
from core.audit import record
from core.contributions import Contributions
from core.exceptions import ActionRefused
from places.models import Area

logger = logging.getLogger(__name__)

# Sent after the deletion is committed, with ``user_id``: caches that may hold the
# person's name (open data files) connect to it to drop their copies.
account_deleted = Signal()

EXPORT_FORMAT_VERSION = 1

# Section name in the export for each kind of record a person owns, by model label.
SECTION_NAMES = {
    "account.emailaddress": "email_addresses",
    "organisations.membership": "memberships",
    "consultations.proposal": "proposals",
    "consultations.support": "supports",
    "consultations.comment": "comments",
    "consultations.report": "reports",
    "consultations.surveyresponse": "survey_responses",
    "pledges.pledge": "pledges",
    "pledges.pledgejoin": "pledge_joins",
    "pledges.pledgeupdate": "pledge_updates",
    "accounts.follow": "follows",
    "mfa.authenticator": "two_factor_authentication",
}

# Fields never exported, whatever model they are on.
SECRET_FIELDS = {"password", "data", "secret", "key", "session_key", "token"}

# Records the person owns (a foreign key to them that is not a "+" relation) but which
# belong to the platform's machinery rather than to them: listed by id only.
MACHINERY_APPS = {"wagtailcore", "wagtailadmin", "wagtailusers", "taggit", "django_tasks_db"}

ACCOUNT_FIELDS = [
    "email",
    "display_name",
    "email_on_response",
    "email_on_phase",
    "email_digest",
    "digest_frequency",
    "date_joined",
    "last_login",
    "is_staff",
]


def _user_relations():
    """(relation, owned) for every foreign key or one-to-one from a model to User."""
    User = get_user_model()
    for rel in User._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if rel.many_to_many:
            continue
        owned = not rel.hidden and rel.related_model._meta.app_label not in MACHINERY_APPS
        yield rel, owned


def _area_fields(model) -> list[str]:
    """The many-to-many fields from ``model`` to areas: where the person placed their
    idea or pledge is theirs, so the download gives it (the codes), beside the point they
    chose on the map, which is a proposal's own field and published nowhere else."""
    return [field.name for field in model._meta.many_to_many if field.related_model is Area]


def _serialise_row(obj, user) -> dict:
    """The row's own fields (a point chosen on the map among them) and the codes of the
    areas it is placed in; references to people other than ``user`` are left out."""
    User = get_user_model()
    row = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SECRET_FIELDS:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is User:
            continue  # the person themself, or someone else: neither is exported
        value = getattr(obj, field.attname)
        if isinstance(field, models.ForeignKey):
            row[field.name] = value
        elif field.choices and value not in (None, ""):
            row[field.name] = value
            row[f"{field.name}_label"] = str(getattr(obj, f"get_{field.name}_display")())
        else:
            row[field.name] = value
    for name in _area_fields(type(obj)):  # prefetched: where they placed it, by code
        row[name] = sorted(area.code for area in getattr(obj, name).all())
    url = getattr(obj, "get_absolute_url", None)
    if callable(url):
        with contextlib.suppress(NoReverseMatch):  # a link is a courtesy, not data
            row["url"] = url()
    return row


#: Sections of the download that apps above accounts write themselves, in words a
#: person can read, in place of the rows their relation to the account would give
#: (consultations: survey responses with each question and answer):
#: ``provider(user) -> list`` under its section's name.
export_sections = Contributions("download my data sections")

#: What apps above accounts do to the person's own records when the account is deleted,
#: inside the deletion's transaction, as the privacy notice says (consultations: unsent
#: survey answers deleted, sent ones unlinked): ``provider(user) -> dict`` of counts,
#: recorded in the audit trail.
deletion_steps = Contributions("account deletion steps")


def export_user_data(user) -> dict:
    """Everything held about ``user``, as a JSON-serialisable dict."""
    from allauth.mfa.models import Authenticator

    data = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in ACCOUNT_FIELDS},
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "other_records": [],
    }
    data["account"]["id"] = user.pk
    data["account"]["public_name"] = user.public_name
    data["account"]["area"] = user.area.name if user.area_id else ""
    data["account"]["area_code"] = user.area.code if user.area_id else ""
    for section in SECTION_NAMES.values():
        data.setdefault(section, [])

    for rel, owned in _user_relations():
        model = rel.related_model
        queryset = model._default_manager.filter(**{rel.field.name: user}).order_by("pk")
        label = model._meta.label_lower
        if label == "mfa.authenticator":
            data["two_factor_authentication"] = [
                {
                    "type": a.type,
                    "type_label": str(Authenticator.Type(a.type).label),
                    "created_at": a.created_at,
                    "last_used_at": a.last_used_at,
                }
                for a in queryset
            ]
        elif label == "core.auditevent":
            data["actions_you_took"] = [
                {
                    "at": e.at,
                    "action": e.action,
                    "item_type": e.target_type,
                    "item_id": e.target_id,
                }
                for e in queryset
            ]
        elif owned:
            section = SECTION_NAMES.get(label, label)
            queryset = queryset.prefetch_related(*_area_fields(model))
            data.setdefault(section, []).extend(_serialise_row(obj, user) for obj in queryset)
        else:
            data["other_records"].extend(
                {"type": label, "id": pk, "refers_to_you_as": rel.field.name}
                for pk in queryset.values_list("pk", flat=True)
            )
    data.update(export_sections.collect(user))
    return data


def export_user_data_json(user) -> str:
    import json

    return json.dumps(export_user_data(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


# Deletion -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeletionBlocker:
    """Something the person must hand over before their account can go: ``message`` says
    what to do, ``items`` (each with a ``name`` and ``get_absolute_url``) are where."""

    message: str
    items: tuple = ()


#: What must be handed over before an account can be deleted. Apps above accounts add
#: their rule here (organisations: "the only admin of an organisation"), so this module
#: imports none of them: ``provider(user) -> DeletionBlocker | None``.
deletion_blockers = Contributions("account deletion blockers")


def deletion_blocked_by(user) -> list[DeletionBlocker]:
    """Every reason ``user``'s account cannot be deleted yet (empty: it can)."""
    return [blocker for blocker in deletion_blockers.collect(user).values() if blocker]


def placeholder_email(user) -> str:
    """A unique address that can never receive mail (``.invalid`` is reserved, RFC 2606)."""
    return f"deleted-{user.pk}-{secrets.token_hex(6)}@deleted.invalid"


def delete_account(user, request=None) -> bool:
    """Anonymise ``user``. Returns False when the account was already deleted (a second
    click), True when it was deleted now. Raises :class:`ActionRefused` while something
    blocks it (``deletion_blockers``: the last admin of an organisation must hand over)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    User = get_user_model()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.anonymised_at is not None:
            return False
        blockers = deletion_blocked_by(locked)
        if blockers:
            raise ActionRefused(" ".join(blocker.message for blocker in blockers))

        counts = {
            "memberships_removed": _delete_related(locked, "memberships"),
            "follows_removed": _delete_related(locked, "follows"),
            # What they were told about is theirs alone (what they took part in).
            "notifications_removed": NotificationItem.objects.filter(user=locked).delete()[0],
            "email_addresses_removed": EmailAddress.objects.filter(user=locked).delete()[0],
            "authenticators_removed": Authenticator.objects.filter(user=locked).delete()[0],
        }
        for step_counts in deletion_steps.collect(locked).values():
            counts.update(step_counts)
        _delete_wagtail_profile(locked)

        locked.email = placeholder_email(locked)
        locked.display_name = ""
        locked.area = None
        locked.email_on_response = False
        locked.email_on_phase = False
        locked.email_digest = False
        locked.digest_frequency = "never"
        locked.is_active = False
        locked.is_staff = False
        locked.is_superuser = False
        locked.set_unusable_password()  # also invalidates every session's auth hash
        locked.anonymised_at = timezone.now()
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
        _scrub_log_labels(locked)
        record(locked, "account.deleted", locked, counts)
        transaction.on_commit(lambda: _after_deletion(User, locked.pk), robust=True)

    user.anonymised_at = locked.anonymised_at
    if request is not None:
        from django.contrib.auth import logout

        logout(request)
    return True


def _after_deletion(sender, user_id: int) -> None:
    # Logged for re-applying deletions after restoring a backup (README); no personal data.
    logger.info("account deleted: user id %s", user_id)
    account_deleted.send(sender=sender, user_id=user_id)


def _delete_related(user, accessor: str) -> int:
    manager = getattr(user, accessor, None)
    if manager is None:
        return 0
    return manager.all().delete()[1].get(manager.model._meta.label, 0)


def _delete_wagtail_profile(user) -> None:
    try:
        from wagtail.users.models import UserProfile
    except ImportError:  # pragma: no cover
        return
    UserProfile.objects.filter(user=user).delete()


def _scrub_log_labels(user) -> None:
    """Wagtail's log entries keep a label (the user's name at the time) for changes to
    a user account; replace it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(label=user.public_name)
