"""The City Goals performance benchmark: ``python -m bench run`` and ``python -m bench scale``.

See bench/README.md. Nothing here is imported by the application itself.
"""
