"""Factories for areas: square wards on a grid, so tests know which point is where."""

import factory

from places.models import Area

ORIGIN = (-1.95, 53.45)  # longitude, latitude of the grid's south-west corner
STEP = 0.02  # degrees: a ward is about 1.3 km by 2.2 km


def square(col: int, row: int, step: float = STEP) -> dict:
    """The GeoJSON Polygon of grid cell (col, row), counter-clockwise and closed."""
    west, south = ORIGIN[0] + col * step, ORIGIN[1] + row * step
    east, north = west + step, south + step
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def centre(col: int, row: int, step: float = STEP) -> tuple[float, float]:
    return (ORIGIN[0] + (col + 0.5) * step, ORIGIN[1] + (row + 0.5) * step)


class AreaFactory(factory.django.DjangoModelFactory):
    """A ward; ``n`` (its sequence number) places it on a grid five cells wide."""

    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"E05{n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")
    kind = Area.Kind.WARD
    population = 10_000
    boundary = factory.Sequence(lambda n: square(n % 5, n // 5))


def make_grid(count: int, **kwargs) -> list[Area]:
    """``count`` wards tiling a grid five wide, cell i at (i % 5, i // 5)."""
    return [
        AreaFactory(
            code=f"E05{i:06d}",
            name=f"Grid ward {i:02d}",
            slug=f"grid-ward-{i:02d}",
            boundary=square(i % 5, i // 5),
            **kwargs,
        )
        for i in range(count)
    ]
