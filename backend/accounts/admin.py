from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from accounts.services import membership_grant, membership_validate


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "region", "position", "position_title"]

    def clean(self):
        data = super().clean()
        if data.get("role"):
            membership_validate(
                role=data["role"], region=data.get("region"), position=data.get("position", "")
            )
        return data


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["region"]
    fields = ["role", "region", "position", "position_title"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Pengaduan Desa"), {"fields": ["full_name", "phone", "language"]}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "role", "region", "position", "granted_at"]
    list_filter = ["role", "position"]
    search_fields = ["user__username", "user__full_name", "region__name", "region__code"]
    autocomplete_fields = ["user", "region"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        membership_grant(
            user=obj.user,
            role=obj.role,
            region=obj.region,
            actor=request.user,
            position=obj.position,
            position_title=obj.position_title,
        )
