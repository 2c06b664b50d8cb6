"""The book cannot be rewritten, not even below the ORM: the database refuses it."""

import pytest
from django.db import DatabaseError, connection, transaction

from register.models import AnnotationField, RegisterAnnotation, RegisterEntry
from register.services import register_annotation_add
from tests.register.factories import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(desa_a, operator_desa_a):
    (complaint,) = received(desa_a, operator_desa_a)
    return complaint.register_entry


def refused(action) -> str:
    with pytest.raises(DatabaseError) as failure, transaction.atomic():
        action()
    return str(failure.value)


def test_saving_a_changed_entry_through_the_orm_fails(entry):
    entry.summary = "Something else"

    assert "append-only" in refused(entry.save)


def test_a_queryset_update_of_entries_fails(entry):
    message = refused(lambda: RegisterEntry.objects.filter(pk=entry.pk).update(number=99))

    assert "append-only" in message
    entry.refresh_from_db()
    assert entry.number == 1


def test_a_queryset_delete_of_entries_fails(entry):
    assert "append-only" in refused(lambda: RegisterEntry.objects.filter(pk=entry.pk).delete())
    assert RegisterEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_update_and_delete_of_an_entry_fail(entry):
    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])

    assert "append-only" in refused(
        lambda: raw("UPDATE register_registerentry SET summary = 'x' WHERE id = %s")
    )
    assert "append-only" in refused(lambda: raw("DELETE FROM register_registerentry WHERE id = %s"))
    assert RegisterEntry.objects.get(pk=entry.pk).summary == "Gorong-gorong tersumbat"


def test_annotations_are_append_only_too(entry, operator_desa_a):
    note = register_annotation_add(
        entry=entry,
        actor=operator_desa_a,
        field=AnnotationField.SUMMARY,
        text="Gorong-gorong tersumbat di RT 03",
        reason="RT salah tulis",
    )

    assert "append-only" in refused(
        lambda: RegisterAnnotation.objects.filter(pk=note.pk).update(text="x")
    )
    assert "append-only" in refused(lambda: RegisterAnnotation.objects.filter(pk=note.pk).delete())


def test_a_registered_complaint_cannot_be_deleted(entry):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        entry.complaint.delete()
