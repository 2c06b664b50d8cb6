from django.contrib import admin

from canned.models import CannedAnswer


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "desa", "category", "use", "updated_at"]
    list_filter = ["use"]
    search_fields = ["title", "desa__name"]
    raw_id_fields = ["desa", "category", "created_by", "updated_by"]
