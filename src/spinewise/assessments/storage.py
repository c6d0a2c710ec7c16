"""Insert one new row with an INSERT statement built once per model and database.

Django builds an INSERT's SQL afresh on every save(). For the public assessment, the
product's busiest write, building it cost more than SQLite took to store the row
(bench/RESULTS.md). Here the statement is kept, and each call only prepares the values,
with the same field methods the ORM uses (`pre_save`, `get_db_prep_save`), so defaults,
`auto_now_add` and JSON encoding behave exactly as with save().

Anything this shortcut does not cover takes the ORM's path instead: models with save
signals, fields the database fills in (db_default, generated), an explicit primary key, or
a database that cannot return the new id.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model, signals

Statement = tuple[str, tuple[Field[Any, Any], ...]]


@cache
def _statement(model: type[Model], alias: str) -> Statement | None:
    """The kept INSERT for this model, or None when the model needs what only save() does
    (the database fills in fields, or cannot return the new id). Decided once per model."""
    meta = model._meta
    connection = connections[alias]
    if (
        not connection.features.can_return_columns_from_insert
        or meta.auto_field is None
        or list(meta.db_returning_fields) != [meta.pk]
        or any(getattr(f, "generated", False) for f in meta.local_concrete_fields)
    ):
        return None
    quote = connection.ops.quote_name
    fields = tuple(f for f in meta.local_concrete_fields if f is not meta.auto_field)
    columns = ", ".join(quote(str(f.column)) for f in fields)  # concrete: never None
    placeholders = ", ".join(["%s"] * len(fields))
    # Defined by every backend that can return columns from an INSERT (checked above).
    returning, _ = connection.ops.return_insert_columns([meta.pk])  # type: ignore[attr-defined]
    table = quote(meta.db_table)
    # Every name comes from the model's own metadata, quoted; values go as parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {returning}"  # noqa: S608
    return sql, fields


def insert(instance: Model) -> None:
    """Store a new, unsaved instance, as `instance.save(force_insert=True)` would."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    statement = _statement(model, alias)
    # Save signals can be connected at any time, and a chosen key needs save()'s checks.
    if (
        statement is None
        or instance.pk is not None
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
    ):
        instance.save(force_insert=True, using=alias)
        return
    connection = connections[alias]
    sql, fields = statement
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (instance.pk,) = cursor.fetchone()
    instance._state.adding = False
    instance._state.db = alias
