"""Users and their memberships: a role held in one region."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from common.clock import TimestampField, current_time
from regions.models import Level


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    INTAKE_OFFICER = "intake_officer", _("Complaint intake officer")
    HANDLER = "handler", _("Village official")
    VILLAGE_HEAD = "village_head", _("Village head")
    BOX_TEAM = "box_team", _("Suggestion box team")
    KECAMATAN_OPERATOR = "kecamatan_operator", _("Kecamatan operator")
    ADMIN = "admin", _("Administrator")


# The level of region each role is granted on; admin holds no region (everywhere).
ROLE_LEVEL: dict[str, str | None] = {
    Role.RESIDENT: Level.DESA,
    Role.INTAKE_OFFICER: Level.DESA,
    Role.HANDLER: Level.DESA,
    Role.VILLAGE_HEAD: Level.DESA,
    Role.BOX_TEAM: Level.DESA,
    Role.KECAMATAN_OPERATOR: Level.KECAMATAN,
    Role.ADMIN: None,
}


class Position(models.TextChoices):
    """Positions of the village government, after Permendagri 84/2015 (SOTK Pemerintah Desa)."""

    SEKDES = "sekdes", _("Village secretary (Sekdes)")
    KASI_PEMERINTAHAN = "kasi_pemerintahan", _("Head of government section (Kasi Pemerintahan)")
    KASI_KESEJAHTERAAN = "kasi_kesejahteraan", _("Head of welfare section (Kasi Kesejahteraan)")
    KASI_PELAYANAN = "kasi_pelayanan", _("Head of services section (Kasi Pelayanan)")
    KAUR_TU_UMUM = "kaur_tu_umum", _("Head of administration affairs (Kaur TU dan Umum)")
    KAUR_KEUANGAN = "kaur_keuangan", _("Head of finance affairs (Kaur Keuangan)")
    KAUR_PERENCANAAN = "kaur_perencanaan", _("Head of planning affairs (Kaur Perencanaan)")
    KADUS = "kadus", _("Hamlet head (Kepala Dusun)")
    # Held by the desa's village head (a `village_head` membership, not a handler's
    # position): the last step of a routing fallback chain.
    KEPALA_DESA = "kepala_desa", _("Village head (Kepala Desa)")


class User(AbstractUser):
    """Staff log in with a username; residents with their phone number (stored E.164)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # AbstractUser's default reads `timezone.now`; the unverified sign-ups' purge counts from it.
    date_joined = models.DateTimeField(_("date joined"), default=current_time)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    # Set by a resident's sign-up until the code sent to the phone comes back; such an
    # account is also inactive (see accounts.services.user_signup_resident).
    awaiting_phone_verification = models.BooleanField(default=False)

    objects = UserManager()

    def __str__(self) -> str:
        return self.username


class Membership(models.Model):
    """`user` holds `role` in `region` (a desa; a kecamatan for operators; none for admin)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    position = models.CharField(_("position"), max_length=24, choices=Position.choices, blank=True)
    position_title = models.CharField(
        _("position title"),
        max_length=100,
        blank=True,
        help_text=_("As written on the decree, e.g. 'Kepala Dusun Cikupa'."),
    )
    granted_at = TimestampField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "role", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"], name="membership_unique_role_per_region"
            ),
            # NULL regions are distinct in a unique index: admin needs its own.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True),
                name="membership_unique_role_everywhere",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN, region__isnull=True)
                | Q(~Q(role=Role.ADMIN), region__isnull=False),
                name="membership_region_unless_admin",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.HANDLER) | Q(position=""),
                name="membership_position_only_for_handler",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.HANDLER) | ~Q(position=""),
                name="membership_handler_has_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.region or '*'}"


class CodePurpose(models.TextChoices):
    PASSWORD_RESET = "reset", _("Set a new password")
    SIGNUP = "signup", _("Verify the phone number at sign-up")


class PasswordReset(models.Model):
    """A request to set a new password with a code sent to the account's phone or email, or
    (`purpose` signup) to prove at sign-up that the phone number belongs to the resident.

    The code itself is not stored: it is derived from this row and the secret key
    (`code()`), so a copy of the database resets nobody's
    password. A row works once, until `expires_at`, for a few wrong guesses at most.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_resets")
    purpose = models.CharField(
        max_length=8, choices=CodePurpose.choices, default=CodePurpose.PASSWORD_RESET
    )
    salt = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="password_reset_latest")]

    def __str__(self) -> str:
        return f"password reset {self.pk} of user {self.user_id}"

    def code(self) -> str:
        """The six digits of this request, derived from the row and the secret key."""
        digest = salted_hmac(
            "accounts.password_reset", f"{self.pk}:{self.salt}", algorithm="sha256"
        )
        return f"{int(digest.hexdigest(), 16) % 1_000_000:06d}"
