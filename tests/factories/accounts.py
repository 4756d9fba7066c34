import factory
from allauth.account.models import EmailAddress

from accounts.models import User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A person who signed up but has not verified their email address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class VerifiedUserFactory(UserFactory):
    """A person with a verified primary email address: may take part."""

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def give_role(user, group_name):
    """Put ``user`` in a staff role's group (``accounts.roles``), the group holding what
    the platform gives that role in Wagtail's admin (``accounts.roles.GROUP_PERMISSIONS``:
    admin access for all three; pages, snippets and branding for convenors). The same
    whether or not the migrations' groups survived a transactional test's flush."""
    from accounts.roles import seed_groups
    from home.models import HomePage

    user.groups.add(seed_groups(HomePage.objects.get(depth=2))[group_name])
    return user
