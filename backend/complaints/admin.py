from django.contrib import admin

from complaints.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Each desa's category list: the defaults plus its own (docs/domain.md)."""

    list_display = ["name", "slug", "desa", "default_position", "active", "order"]
    list_filter = ["active", "default_position"]
    search_fields = ["name", "slug", "desa__name", "desa__code"]
    autocomplete_fields = ["desa"]
    ordering = ["desa__code", "order", "name"]
