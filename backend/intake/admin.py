from django import forms
from django.contrib import admin

from intake.models import Mailbox


class MailboxForm(forms.ModelForm):
    # The stored password is never shown; leaving the field empty keeps it.
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), required=False)

    class Meta:
        model = Mailbox
        fields = [
            "desa",
            "host",
            "port",
            "tls_mode",
            "username",
            "password",
            "folder",
            "processed_folder",
            "enabled",
        ]

    def clean_password(self):
        given = self.cleaned_data.get("password")
        if given:
            return given
        if self.instance.pk:
            return self.instance.password
        raise forms.ValidationError(self.fields["password"].error_messages["required"])


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    """The desa's e-mail box the intake polls (IMAP); the password is stored encrypted."""

    form = MailboxForm
    list_display = ["desa", "host", "username", "folder", "enabled"]
    list_filter = ["enabled"]
    autocomplete_fields = ["desa"]
