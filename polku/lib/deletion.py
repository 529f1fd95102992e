"""What stops a row from being deleted: rows that point at it with on_delete=PROTECT or
RESTRICT."""

from __future__ import annotations

from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _


def still_used_by(obj: models.Model) -> list[str]:
    """A sentence per kind of row that still needs `obj` (a rule using a segment, a segment
    using a persona), or [] when nothing does. Asked of Django's own deletion collector, so
    it names exactly what a delete would refuse."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        used = error.protected_objects
    except RestrictedError as error:
        used = error.restricted_objects
    else:
        return []
    by_kind: dict[str, list[str]] = {}
    for row in used:
        by_kind.setdefault(str(row._meta.verbose_name_plural), []).append(str(row))
    return [
        _("“%(name)s” is still used by %(kind)s: %(rows)s. Change or delete them first.")
        % {"name": obj, "kind": kind, "rows": ", ".join(sorted(rows))}
        for kind, rows in sorted(by_kind.items())
    ]
