from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions import emblems
from regions.api.serializers import emblem_out
from regions.models import DesaContact, Level, Region
from regions.services import (
    desa_contact_clean,
    region_emblem_remove,
    region_emblem_set,
    region_validate,
)


class RegionForm(forms.ModelForm):
    emblem = forms.FileField(
        label=_("emblem"),
        required=False,
        help_text=_(
            "The lambang as PNG, JPEG or WebP (a transparent PNG looks best); stored small. "
            "A desa without one shows its kabupaten's."
        ),
    )
    emblem_remove = forms.BooleanField(label=_("remove the emblem"), required=False)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "register_abbreviation", "timezone"]

    def clean_emblem(self):
        upload = self.cleaned_data.get("emblem")
        if not upload:
            return None
        data = upload.read(emblems.MAX_BYTES + 1)  # one byte more is enough to refuse it
        try:
            emblems.emblem_decode(data)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["emblem"]) from exc
        return data

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
    readonly_fields = ["emblem_shown"]

    @admin.display(description=_("emblem shown"))
    def emblem_shown(self, region: Region):
        emblem = emblem_out(region) if region.pk else None
        if emblem is None:
            return _("none")
        return format_html(
            '<img src="{}" width="64" height="64" alt=""> {}', emblem["png_128"], emblem["region"]
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("emblem"):
            region_emblem_set(region=obj, data=form.cleaned_data["emblem"])
        elif form.cleaned_data.get("emblem_remove"):
            region_emblem_remove(region=obj)

    def get_inlines(self, request, obj):
        # Only a desa has an office of its own to contact.
        return [DesaContactInline] if obj is not None and obj.level == Level.DESA else []
