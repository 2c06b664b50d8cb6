from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import desa_canned_access
from canned.models import CannedAnswer
from common.errors import NotAllowed, NotFound
from regions.models import Level, Region


def canned_desa_get(*, actor: User, desa_code: str, manage: bool = False) -> Region:
    """The desa whose canned answers the actor may read (or, with `manage`, change).

    404 alike for a missing desa and one outside the actor's reach; 403 for a handler, who
    may read them but not change them (`accounts.scoping.desa_canned_access`).
    """
    desa = Region.objects.filter(code=desa_code, level=Level.DESA).first()
    access = desa_canned_access(actor, desa) if desa is not None else None
    if desa is None or access is None:
        raise NotFound()
    if manage and access != "manage":
        raise NotAllowed()
    return desa


def canned_answers(
    *, desa: Region, category: str | None = None, use: str | None = None
) -> QuerySet[CannedAnswer]:
    """The desa's canned answers by title. With `category` (a slug): those of that category
    and those for every category; with `use`: only those for answers or for requests."""
    answers = CannedAnswer.objects.filter(desa=desa).select_related("category")
    if category:
        answers = answers.filter(category__slug=category) | answers.filter(category=None)
    if use:
        answers = answers.filter(use=use)
    return answers.order_by("title", "id")


def canned_answer_get(*, desa: Region, pk: int) -> CannedAnswer:
    answer = CannedAnswer.objects.filter(desa=desa, pk=pk).select_related("category").first()
    if answer is None:
        raise NotFound()
    return answer
