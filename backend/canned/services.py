from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from canned.models import CannedAnswer
from complaints.models import Category
from regions.models import Region

_UNSET = object()


def _category_of(desa: Region, slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(desa=desa, slug=slug).first()
    if category is None:
        raise ValidationError({"category": _("This desa has no such category.")})
    return category


def _clean(title: str, body: str) -> tuple[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the template a title.")
    if not body.strip():
        errors["body"] = _("Write the text of the template.")
    if errors:
        raise ValidationError(errors)
    return title.strip(), body.strip()


def _save(answer: CannedAnswer) -> CannedAnswer:
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            {"title": _("The desa already has a template with this title.")}
        ) from None
    return answer


@transaction.atomic
def canned_answer_create(
    *, actor: User, desa: Region, title: str, body: str, use: str, category: str | None = None
) -> CannedAnswer:
    """A new canned answer of the desa. The caller checked that the actor may manage them."""
    title, body = _clean(title, body)
    return _save(
        CannedAnswer(
            desa=desa,
            category=_category_of(desa, category),
            use=use,
            title=title,
            body=body,
            created_by=actor,
            updated_by=actor,
        )
    )


@transaction.atomic
def canned_answer_update(
    *,
    actor: User,
    answer: CannedAnswer,
    title: str | None = None,
    body: str | None = None,
    use: str | None = None,
    category: object = _UNSET,
) -> CannedAnswer:
    """Change the given fields; `category=None` makes it fit every category. Complaints
    already answered with it keep the text they were sent."""
    new_title, new_body = _clean(
        answer.title if title is None else title, answer.body if body is None else body
    )
    answer.title, answer.body = new_title, new_body
    if use is not None:
        answer.use = use
    if category is not _UNSET:
        answer.category = _category_of(answer.desa, category)  # type: ignore[arg-type]
    answer.updated_by = actor
    return _save(answer)


def canned_answer_delete(*, answer: CannedAnswer) -> None:
    """Remove a template; nothing else refers to it (sent texts are copies)."""
    answer.delete()
