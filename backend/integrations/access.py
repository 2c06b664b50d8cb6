"""What a third-party application may see, and who may manage applications.

A client is not a person: it holds scopes instead of roles, over its region's subtree, and
no scope ever reaches reporter identity. Out of its region is 404 like everyone else's; a
missing scope is 403 (the client knows its own scopes, so saying so leaks nothing). Built on
`accounts.scoping` for the people who manage applications.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import can_act_in, desa_for, roles_of
from common.errors import NotAllowed
from complaints.models import Complaint
from integrations.models import ApiClient, Scope
from regions.models import Level, Region

CLIENT_MANAGERS = frozenset({Role.VILLAGE_HEAD, Role.ADMIN})


def may_manage_clients(actor: User | AnonymousUser) -> bool:
    """Admins (any region) and village heads (their desa) manage applications."""
    return bool(roles_of(actor) & CLIENT_MANAGERS)


def client_region_allowed(actor: User | AnonymousUser, region: Region) -> bool:
    """Whether `actor` may register an application for `region`: admins anywhere, a
    village head only for the desa they head."""
    if Role.ADMIN in roles_of(actor):
        return True
    return region.level == Level.DESA and can_act_in(actor, {Role.VILLAGE_HEAD}, region)


def manageable_clients(actor: User | AnonymousUser) -> QuerySet[ApiClient]:
    """The applications `actor` may list, read, rotate and revoke."""
    if Role.ADMIN in roles_of(actor):
        return ApiClient.objects.all()
    return ApiClient.objects.filter(region__in=desa_for(actor, {Role.VILLAGE_HEAD}))


def client_require_scope(client: ApiClient, scope: str) -> None:
    if not client.has_scope(scope):
        raise NotAllowed(
            _("This application lacks the scope %(scope)s.") % {"scope": scope},
        )


def client_desa(client: ApiClient) -> QuerySet[Region]:
    """The desa whose data the client may read: its region's subtree."""
    return Region.objects.filter(client.region.subtree(), level=Level.DESA)


def client_sees_desa(client: ApiClient, desa: Region) -> bool:
    region_code = client.region.code
    return desa.code == region_code or desa.code.startswith(f"{region_code}.")


def client_report_region_visible(client: ApiClient, region: Region) -> bool:
    """Whether an application may read the staff report of `region`, after checking it
    holds `reports:read` (403 otherwise): a region of its own subtree — the desa's report
    for a desa's application; the kecamatan's and its desa's for a kecamatan's."""
    client_require_scope(client, Scope.REPORTS_READ)
    return region.code == client.region.code or region.code.startswith(f"{client.region.code}.")


def visible_complaints_for_client(client: ApiClient, *, scope: str) -> QuerySet[Complaint]:
    """Complaints of the client's region, after checking it holds `scope` (403 otherwise).

    Rows only: what of them a client may read is the de-identified presenter's business
    (`integrations.api`), which never touches `ReporterIdentity`.
    """
    client_require_scope(client, scope)
    region_code = client.region.code
    return Complaint.objects.filter(
        Q(desa__code=region_code) | Q(desa__code__startswith=f"{region_code}.")
    )
