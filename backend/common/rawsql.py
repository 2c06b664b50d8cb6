"""Model instances from hand-written SQL, for the few reads where the ORM's per-query
overhead is most of the request (see `make bench`).

A statement built from `Columns(...).sql` is a constant string: the database prepares
it once per connection. `Columns.load` turns a row's slice back into an instance,
through the same converters the ORM applies (aware datetimes on SQLite, JSON, …).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property

from django.db import connection
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.utils.dateparse import parse_datetime

from common.dbrouting import read_connection


@contextmanager
def read_cursor() -> Iterator:
    """`connection.cursor()` for a hand-written read. On PostgreSQL its rows come in the
    binary format, which psycopg reads with its C loaders: the text loader Django puts
    on timestamps is Python, 2 µs a value, and an inbox page holds a hundred of them
    (measured: the page's fetch 351 → 154 µs of CPU). Same Python types either way, for
    the columns these reads select (no json/jsonb: those would come back parsed).

    The primary, or the replica inside a `common.dbrouting.read_from_replica` block."""
    chosen = read_connection()
    with chosen.cursor() as cursor:
        if chosen.vendor == "postgresql":
            from psycopg.pq import Format

            cursor.cursor.format = Format.BINARY
        yield cursor


class Columns:
    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in self.fields]
        self._pk_index = self.fields.index(model._meta.pk)

    @cached_property
    def sql(self) -> str:
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    @cached_property
    def _converters(self) -> list[tuple[int, list, object]]:
        found = []
        for index, field in enumerate(self.fields):
            column = field.get_col(self.model._meta.db_table)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(
                connection
            )
            if converters:
                found.append((index, converters, column))
        return found

    def load(self, row: tuple, start: int) -> tuple[Model | None, int]:
        """The instance whose columns start at `row[start]` (None for a NULL LEFT JOIN),
        and where the next group starts."""
        end = start + len(self.fields)
        values = list(row[start:end])
        if values[self._pk_index] is None:
            return None, end
        for index, converters, column in self._converters:
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        if self._plain():
            return self._instance(values), end
        return self.model.from_db(connection.alias, self.attnames, values), end

    def _plain(self) -> bool:
        """Whether `_instance` may stand in for `Model.from_db`: nothing listens for the
        model's init signals (asked each time: a cached dict look-up), and `from_db` is
        Django's own."""
        model = self.model
        return (
            model.from_db.__func__ is Model.from_db.__func__
            and not signals.pre_init.has_listeners(model)
            and not signals.post_init.has_listeners(model)
        )

    def _instance(self, values: list) -> Model:
        """What `from_db` makes of a full row, at a quarter of the cost (6 → 1.6 µs for a
        complaint): `Model.__init__` passes each value through `setattr` and the field's
        descriptor, which for a fresh instance from the database changes nothing."""
        instance = Model.__new__(self.model)
        instance.__dict__.update(zip(self.attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = connection.alias
        return instance


def as_datetime(value: datetime | str | None) -> datetime | None:
    """A timestamp from an expression column (a UNION's): SQLite hands those back as text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
