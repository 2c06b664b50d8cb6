"""Who may read and keep a desa's register book. Built on `accounts.scoping`.

* Intake officers and the village head keep the book: they read it, see reporters' names
  when they ask for them (each read logged), annotate entries and export it.
* Kecamatan operators oversee it: they read and export the book of every desa in their
  kecamatan and verify its chain, but the reporter column always says "Dirahasiakan"
  (docs/domain.md: never identities at kecamatan level). The book holds no identity itself.
* Handlers see their assigned complaints in the inbox, not the office's book; residents
  and admins (configuration only) have no register. For all of them a desa's register
  answers 404, like a desa outside one's region.
"""

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.scoping import can_act_in, desa_for
from regions.models import Region

KEEPERS = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD})
OVERSEERS = frozenset({Role.KECAMATAN_OPERATOR})


def register_desa_for(actor: User) -> QuerySet[Region]:
    """The desa whose register the actor may read."""
    return desa_for(actor, KEEPERS | OVERSEERS)


def keeps_register(actor: User, desa: Region) -> bool:
    """May annotate the book and see identities in it (no query beyond cached memberships)."""
    return can_act_in(actor, KEEPERS, desa)
