from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback):
    """The ``next`` parameter if it points at this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def apply_validation_error(form, error):
    """Copy a service's ``ValidationError`` onto a bound form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
