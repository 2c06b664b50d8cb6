import factory

from regions.models import Level, Region


class RegionFactory(factory.django.DjangoModelFactory):
    """A region whose code extends its parent's code, as Kemendagri codes do."""

    class Meta:
        model = Region
        django_get_or_create = ["code"]

    level = Level.PROVINSI
    name = factory.Sequence(lambda n: f"Wilayah {n}")
    parent = None
    code = factory.Sequence(lambda n: f"{90 - n % 60:02d}")
    register_abbreviation = ""


def desa(code: str, name: str, abbreviation: str) -> Region:
    """The desa `code` (e.g. 32.07.10.2010) with all its ancestors, created as needed."""
    parts = code.split(".")
    parent = None
    for depth, level in enumerate([Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN], start=1):
        parent = RegionFactory(code=".".join(parts[:depth]), level=level, parent=parent)
    return RegionFactory(
        code=code, name=name, level=Level.DESA, parent=parent, register_abbreviation=abbreviation
    )
