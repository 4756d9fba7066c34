from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from ..services import ActionRefused


def safe_next(request, fallback):
    """The ``next`` parameter if it points at this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@contextmanager
def service_errors_on(form):
    """Run a service for a valid form; what it refuses or finds invalid becomes the form's
    errors, in words for the person, and the rest of the block is skipped::

        with service_errors_on(form):
            services.edit_comment(request.user, comment, body=form.cleaned_data["body"])
            return redirect(comment.get_absolute_url())
        # still here: the form now has errors; render it again
    """
    try:
        yield
    except ValidationError as error:
        apply_validation_error(form, error)
    except ActionRefused as refused:
        form.add_error(None, str(refused))


def apply_validation_error(form, error):
    """Copy a service's ``ValidationError`` onto a bound form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
