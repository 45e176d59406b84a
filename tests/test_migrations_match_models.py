"""The migrated schema is the models' schema, on whichever backend the suite runs: a column added to a model
without its own migration (or slipped into one that has already landed) shows up here, not on a member's
console page."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from coach.db import models as m


def test_the_migrated_database_has_every_column_and_table_of_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    structural = [d for d in diff if d[0] in ("add_table", "remove_table", "add_column", "remove_column")]
    assert structural == []
