from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionBoxConfig(AppConfig):
    name = "suggestion_box"
    verbose_name = _("Suggestion box")
