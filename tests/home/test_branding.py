"""A place's branding: hex colours, readable against white and dark text."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from home.colours import contrast_ratio, normalise_hex
from home.models import SiteBranding

pytestmark = pytest.mark.django_db


@pytest.fixture
def branding(home_page):
    return SiteBranding.for_site(Site.objects.get(is_default_site=True))


def test_contrast_ratios_match_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_hex_colours_are_normalised():
    assert normalise_hex(" #ABC ") == "#aabbcc"
    assert normalise_hex("#1D4F91") == "#1d4f91"
    for bad in ("1d4f91", "#1d4f9", "#gggggg", "red", "", None, "#1d4f91;}body{"):
        assert normalise_hex(bad) is None


def test_a_dark_brand_colour_is_accepted(branding):
    branding.brand_colour = "#767676"
    branding.accent_colour = "#FFDD00"
    branding.full_clean()
    assert branding.accent_colour == "#ffdd00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brand_colour", "#777777", "contrast ratio of 4.48:1"),
        ("brand_colour", "#ffdd00", "Choose a darker colour"),
        ("brand_colour", "navy", "hex code"),
        ("accent_colour", "#1d4f91", "Choose a lighter colour"),
        ("accent_colour", "#fff;}", "hex code"),
    ],
)
def test_unreadable_or_malformed_colours_are_refused(branding, field, value, message):
    setattr(branding, field, value)
    with pytest.raises(ValidationError) as error:
        branding.full_clean()
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])


def test_branding_colours_reach_the_page(client, branding):
    branding.brand_colour = "#1d5c63"
    branding.place_name = "Lowbridge"
    branding.save()
    html = client.get("/").content.decode()
    assert "--brand: #1d5c63;" in html
    assert "– Lowbridge</title>" in html
