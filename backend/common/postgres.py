"""A quicker reading of `timestamptz` values on PostgreSQL connections.

Django reads every timestamp through psycopg's pure-Python loader (a regular expression
and a dozen steps per value) so that it can set its own time zone on the result; with
fifty rows a page that was the largest share of the inbox's own Python time. The server
writes timestamps in the session's zone, which Django sets to UTC: text like
`2026-11-23 08:15:02.123456+00`, which `datetime.fromisoformat` reads in one C call. Any
other text (another session zone, BC dates, infinity) takes Django's own path.
"""

from datetime import datetime

from django.db.backends.postgresql.psycopg_any import BaseTzLoader, is_psycopg3
from django.db.backends.signals import connection_created

UTC_SUFFIX = b"+00"


def _loader_for(zone) -> type:
    class UtcTextLoader(BaseTzLoader):
        timezone = zone  # Django compares it before each cursor (create_cursor)

        def load(self, data):
            text = bytes(data)
            if text.endswith(UTC_SUFFIX):
                try:
                    return datetime.fromisoformat(text[:-3].decode()).replace(tzinfo=zone)
                except ValueError:
                    pass  # a year past 9999, say: psycopg knows what to do
            return super().load(data)

    return UtcTextLoader


def install_timestamp_loader(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql" or not is_psycopg3 or connection.timezone_name != "UTC":
        return
    connection.connection.adapters.register_loader("timestamptz", _loader_for(connection.timezone))


def connect_signals() -> None:
    connection_created.connect(install_timestamp_loader, dispatch_uid="common.postgres")
