from django import forms
from django.contrib import admin

from regions.models import Region
from regions.services import region_validate


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "register_abbreviation", "timezone"]

    def clean(self):
        data = super().clean()
        if data.get("code") and data.get("level"):
            region_validate(
                code=data["code"],
                level=data["level"],
                register_abbreviation=data.get("register_abbreviation", ""),
            )
        return data


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "register_abbreviation", "timezone"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]
