"""Index helpers for models."""

from __future__ import annotations

from django.db import models


def where_set(prefix: str, field: str) -> models.Index:
    """An index of a nullable foreign key over the rows where it is set.

    Django indexes every foreign key, NULLs included. Most survey answers and cases name no
    customer or employee, and each index a row goes into is more work in the transaction
    that stores it (on SQLite, under the one writer's lock). Look-ups by the key
    (`customer_id = 5`, `IN (…)` when a customer is deleted) still use the partial index:
    both SQLite and PostgreSQL see that the comparison implies `IS NOT NULL`.
    """
    return models.Index(
        fields=[field],
        condition=models.Q(**{f"{field}__isnull": False}),
        name=f"{prefix}_{field}_set",
    )
