"""The personal hole of an organisation's page (core.personal): the person's membership
(or how to ask for one) and, for its admins, the link to manage members."""

from django.template.loader import render_to_string

from core.personal import renderer
from organisations.models import Organisation
from organisations.permissions import can_manage_members, can_request_membership, membership_of


@renderer("membership")
def membership(request, holes):
    user = request.user
    organisations = Organisation.objects.in_bulk([int(parts[0]) for parts in holes])
    html = []
    for parts in holes:
        organisation = organisations[int(parts[0])]
        html.append(
            render_to_string(
                "organisations/holes/membership.html",
                {
                    "organisation": organisation,
                    "user": user,
                    "my_membership": membership_of(user, organisation),
                    "can_request": can_request_membership(user, organisation),
                    "can_manage": can_manage_members(user, organisation),
                },
                request=request,
            )
        )
    return html
