"""`common.rawsql.Columns.load`: instances from hand-written SQL behave as the ORM's."""

from django.db import connection
from django.db.models import signals

from common.rawsql import Columns
from complaints.models import Complaint
from regions.models import Region
from tests.complaints.factories import submit

REGION = Columns(Region, "r")


def _loaded(columns: Columns, pk: int):
    table = columns.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.sql} FROM {table} {columns.alias} WHERE id = %s", [pk])
        return columns.load(cursor.fetchone(), 0)[0]


def test_a_loaded_instance_is_the_orms_instance(desa_a, operator_desa_a):
    complaint = submit(desa_a, actor=operator_desa_a).complaint
    columns = Columns(Complaint, "c")

    loaded = _loaded(columns, complaint.pk)
    by_orm = Complaint.objects.get(pk=complaint.pk)

    assert type(loaded) is Complaint
    assert {name: getattr(loaded, name) for name in columns.attnames} == {
        name: getattr(by_orm, name) for name in columns.attnames
    }
    assert loaded.submitted_at.tzinfo is not None  # converters applied, as the ORM's are
    assert (loaded._state.adding, loaded._state.db) == (False, "default")
    assert loaded.desa == desa_a  # a foreign key still loads on first use
    assert loaded == by_orm


def test_a_loaded_instance_saves_as_an_update(desa_a):
    regions = Region.objects.count()
    loaded = _loaded(REGION, desa_a.pk)

    loaded.name = "Jagabaya Baru"
    loaded.save()

    assert Region.objects.count() == regions
    assert Region.objects.get(pk=desa_a.pk).name == "Jagabaya Baru"


def test_init_signals_are_sent_when_something_listens(desa_a):
    initialised = []

    def receiver(sender, instance, **kwargs):
        initialised.append(instance.pk)

    signals.post_init.connect(receiver, sender=Region)
    try:
        loaded = _loaded(REGION, desa_a.pk)
    finally:
        signals.post_init.disconnect(receiver, sender=Region)

    assert initialised == [desa_a.pk]
    assert _loaded(REGION, desa_a.pk) == loaded  # and without the listener, the quick way
    assert initialised == [desa_a.pk]
