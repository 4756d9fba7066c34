"""Areas: the wards, neighbourhoods and districts of the place.

An area's boundary is GeoJSON (longitude/latitude, WGS 84) in a ``JSONField`` so that
SQLite works as well as PostgreSQL; its bounding box and label point are stored beside it
(``places.geometry.outline``), so a point-in-area lookup and a map need no parsing of
every boundary. People, proposals, pledges and indicator values point at areas from the
apps above; this app knows none of them.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from places import geometry


class AreaQuerySet(models.QuerySet):
    def containing(self, lon: float, lat: float):
        """Areas whose bounding box holds the point: the candidates that
        :meth:`Area.contains` then tests exactly."""
        return self.filter(west__lte=lon, east__gte=lon, south__lte=lat, north__gte=lat)

    def area_at(self, lon: float, lat: float):
        """The area the point falls in (the first by code where it sits on a border), or
        ``None`` outside every area."""
        for area in self.containing(lon, lat).order_by("code"):
            if area.contains(lon, lat):
                return area
        return None


class Area(models.Model):
    class Kind(models.TextChoices):
        WARD = "ward", _("Ward")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        DISTRICT = "district", _("District")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("The official code, such as an ONS GSS code (E05012345)."),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WARD)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    boundary = models.JSONField(
        _("boundary"),
        help_text=_("A GeoJSON Polygon or MultiPolygon in longitude and latitude (WGS 84)."),
    )
    # Kept from the boundary on every save (see ``clean`` and ``save``).
    west = models.FloatField(editable=False, default=0)
    south = models.FloatField(editable=False, default=0)
    east = models.FloatField(editable=False, default=0)
    north = models.FloatField(editable=False, default=0)
    label_lon = models.FloatField(editable=False, default=0)
    label_lat = models.FloatField(editable=False, default=0)

    objects = AreaQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("population"),
        FieldPanel("boundary"),
    ]

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        indexes = [models.Index(fields=["west", "east", "south", "north"], name="area_bbox")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        box = geometry.outline(self.boundary)
        self.west, self.south, self.east, self.north = box.west, box.south, box.east, box.north
        self.label_lon, self.label_lat = box.label_lon, box.label_lat
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *("west", "south", "east", "north", "label_lon", "label_lat"),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("places:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = geometry.geometry_errors(self.boundary)
        if errors:
            raise ValidationError({"boundary": errors})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An area cannot be part of itself.")})

    def contains(self, lon: float, lat: float) -> bool:
        return geometry.contains(self.boundary, lon, lat)


POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_district(value: str) -> str:
    """``" ls6 "`` → ``"LS6"``: how a postcode district is looked up and stored."""
    return "".join(value.split()).upper()


class PostcodeDistrictQuerySet(models.QuerySet):
    def area_for(self, district: str):
        """The area a postcode district lies (mostly) in, or ``None`` if unknown."""
        row = self.filter(code=normalise_district(district)).select_related("area").first()
        return row.area if row else None


class PostcodeDistrict(models.Model):
    """A postcode district ("LS6", the outward code) and the area it mostly lies in: an
    optional lookup so a person can give a district instead of choosing from the list.
    Only the area is kept about the person, never the district they typed."""

    code = models.CharField(_("postcode district"), max_length=4, unique=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="postcode_districts"
    )

    objects = PostcodeDistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode district")
        verbose_name_plural = _("postcode districts")
        ordering = ["code"]

    def __str__(self):
        return self.code
