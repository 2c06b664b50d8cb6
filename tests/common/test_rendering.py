"""JSON responses as the renderer in settings writes them (orjson via drf-orjson-renderer)."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy
from rest_framework.settings import api_settings


def test_responses_render_what_the_json_module_rendered():
    renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()

    with translation.override("en"):
        body = renderer.render(
            {1: "rating one", "price": Decimal("1.50"), "label": gettext_lazy("Submitted")}
        )

    # A count per rating keeps its keys as strings; a Decimal is a string, as DRF's
    # COERCE_DECIMAL_TO_STRING asks; a lazy label is its text.
    assert body == b'{"1":"rating one","price":"1.50","label":"Submitted"}'
