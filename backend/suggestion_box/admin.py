from django.contrib import admin

from suggestion_box.models import DeclaredCountChange, Opening, Slip


class SlipInline(admin.TabularInline):
    model = Slip
    fields = ["number", "complaint", "entered_by", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CountChangeInline(admin.TabularInline):
    model = DeclaredCountChange
    fields = ["from_count", "to_count", "reason", "changed_by", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    """Read-mostly: openings are recorded by the box team in the app (suggestion_box.services),
    and slips are never deleted; the admin only looks, and may fix a note."""

    list_display = ["desa", "opened_at", "declared_count", "recorded_by", "created_at"]
    list_filter = ["opened_at"]
    search_fields = ["desa__name", "desa__code"]
    date_hierarchy = "opened_at"
    fields = [
        "desa",
        "opened_at",
        "openers",
        "witnesses",
        "declared_count",
        "notes",
        "photo_content_type",
        "recorded_by",
        "created_at",
    ]
    readonly_fields = [f for f in fields if f != "notes"]
    inlines = [SlipInline, CountChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
