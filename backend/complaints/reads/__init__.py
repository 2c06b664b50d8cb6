"""The fast reads: the inbox (`inbox`), a complaint's page and tracking (`page`), a
complaint's history (`timeline`), and the JSON they answer with (`presenters`).

Each is one hand-written statement, kept because `make bench` measured it several times
faster than the stock DRF way (docs/architecture.md, "The fast read boundary"), and each has
its readable ORM twin beside it (`*_orm`), the reference the equality tests hold it to on
PostgreSQL and on SQLite.

The boundary is also the one place in `complaints` that reads what the apps above it keep
of a complaint: the register number (`register`) and the SLA clock (`sla`). `.importlinter`
allows `complaints.reads.**` those imports and no other module of the app.
"""
