import factory

from regions.models import Level, Region

LEVELS = [Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN, Level.DESA]


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
    """The desa `code` (e.g. 32.07.10.2010) with all its ancestors, created as needed: one
    query finds those that exist, one insert makes each that does not."""
    parts = code.split(".")
    chain = [".".join(parts[:depth]) for depth in range(1, len(LEVELS) + 1)]
    found = {region.code: region for region in Region.objects.filter(code__in=chain)}
    parent = None
    for region_code, level in zip(chain, LEVELS, strict=True):
        region = found.get(region_code)
        if region is None:
            own = (
                {"name": name, "register_abbreviation": abbreviation} if level == Level.DESA else {}
            )
            region = RegionFactory.build(code=region_code, level=level, parent=parent, **own)
            region.save()
        else:
            region.parent = parent  # the row's own parent, already in hand
        parent = region
    return parent
