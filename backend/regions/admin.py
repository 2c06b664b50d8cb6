from django import forms
from django.contrib import admin

from regions.models import DesaContact, Level, Region
from regions.services import desa_contact_clean, region_validate


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


CONTACT_FIELDS = [
    "whatsapp",
    "phone",
    "email",
    "office_address",
    "office_hours",
    "whatsapp_phone_number_id",
]


class DesaContactForm(forms.ModelForm):
    class Meta:
        model = DesaContact
        fields = CONTACT_FIELDS

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The inline's desa is the region being edited (its instance, set by the formset).
        data.update(
            desa_contact_clean(
                desa=self.instance.desa,
                **{field: data.get(field) or "" for field in CONTACT_FIELDS},
            )
        )
        return data


class DesaContactInline(admin.StackedInline):
    """The channels and office hours on the desa's landing page (`/d/<code>`)."""

    model = DesaContact
    form = DesaContactForm
    max_num = 1
    can_delete = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "register_abbreviation", "timezone"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]

    def get_inlines(self, request, obj):
        # Only a desa has an office of its own to contact.
        return [DesaContactInline] if obj is not None and obj.level == Level.DESA else []
