"""The session settings every PostgreSQL connection asks for."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_every_connection_asks_for_no_jit_compiling():
    # The server's default is on (PostgreSQL's own); settings.DATABASE_JIT_OFF turns it off.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT boot_val FROM pg_settings WHERE name = 'jit'")
        assert cursor.fetchone()[0] == "on"
