from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme that groups goals, such as “Health” or “Climate”."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name
