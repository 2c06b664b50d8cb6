from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from sla import services
from sla.models import CalendarChange, CalendarDay, SlaPolicy


class SlaPolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = ["region", "priority", "working_days"]

    def _post_clean(self) -> None:
        super()._post_clean()  # the model's own checks first, then the kabupaten's limit
        if not self.errors:
            try:
                services.policy_check(self.instance)
            except ValidationError as error:
                self._update_errors(error)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = SlaPolicyForm
    list_display = ["region", "priority", "working_days"]
    list_filter = ["priority"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    # Saves and deletes go through sla.services: every change is recorded and the open
    # deadlines it moves are recomputed.
    list_display = ["date", "kind", "name", "desa"]
    list_filter = ["kind"]
    search_fields = ["name", "desa__name"]
    autocomplete_fields = ["desa"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if change and {"date", "desa"} & set(form.changed_data):
            old = CalendarDay.objects.select_related("desa").get(pk=obj.pk)
            services.calendar_day_clear(actor=request.user, day=old.date, desa=old.desa)
        saved = services.calendar_day_set(
            actor=request.user, day=obj.date, kind=obj.kind, name=obj.name, desa=obj.desa
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.calendar_day_clear(actor=request.user, day=obj.date, desa=obj.desa)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "date", "change", "kind", "name", "desa", "deadlines_moved"]
    list_filter = ["change", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
