"""Admin forms of the goals app."""

from wagtail.admin.forms import WagtailAdminModelForm

from goals.permissions import goals_user_can_edit


class IndicatorForm(WagtailAdminModelForm):
    """A partner editor (without the model permission) may only choose a goal their
    organisation co-owns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if (
            user is not None
            and "goal" in self.fields
            and not user.has_perm("goals.change_indicator")
            and not user.has_perm("goals.add_indicator")
        ):
            self.fields["goal"].queryset = goals_user_can_edit(user)
