import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Web processes refuse to start where rate limits would count per process (core/checks.py).
from core.checks import require_shared_cache  # noqa: E402  (needs the apps loaded)

require_shared_cache()
