"""Make the register book append-only below the ORM: UPDATE and DELETE of an entry or an
annotation fail in the database itself, whatever issues them (ORM, raw SQL, a psql shell).

TRUNCATE is left alone: it is how test runners empty tables, and the counter's `last_hash`
plus `register_verify` notice a book emptied behind the application's back.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

TABLES = ("register_registerentry", "register_registerannotation")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION register_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the register book is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Add a RegisterAnnotation to correct an entry.';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)  # "%" is PL/pgSQL, not a placeholder
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION register_refuse_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the register book is append-only: "
                    f"{operation} on {table} refused'); END;"
                )
    else:  # pragma: no cover - the settings only ever configure PostgreSQL or SQLite
        raise ImproperlyConfigured(
            f"The register book needs PostgreSQL or SQLite for its append-only guard, not {vendor}."
        )


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        else:
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS register_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
