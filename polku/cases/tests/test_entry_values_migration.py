"""Timelines stored by earlier versions: labels in someone's language become values."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cases", "0004_case_indexes_where_used"), ("improve", "0002_improvement_theme")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_labels_in_any_language_become_values(org, owner):
    apps = migrate(BEFORE)
    Case = apps.get_model("cases", "Case")
    CaseEntry = apps.get_model("cases", "CaseEntry")
    Improvement = apps.get_model("improve", "Improvement")
    ImprovementEntry = apps.get_model("improve", "ImprovementEntry")
    case = Case.objects.create(organization_id=org.pk, summary="Jono", due_at=timezone.now())
    for kind, text in [
        ("status", "Suljettu"),
        ("status", "Waiting for the customer"),
        ("assigned", "ei kukaan"),
        ("assigned", "Aino Korhonen"),
        ("note", "Suljettu"),  # the staff's own words: left as they are
    ]:
        CaseEntry.objects.create(case=case, kind=kind, text=text)
    item = Improvement.objects.create(organization_id=org.pk, title="Kyltit")
    for kind, text in [
        ("status", "Idea → Valmis"),
        ("status", "Planned → Doing"),
        ("measured", "Se toimi\nVähemmän kysymyksiä"),
        ("measured", "It got worse"),
        ("note", "Idea → Valmis"),
    ]:
        ImprovementEntry.objects.create(improvement=item, kind=kind, text=text)

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    CaseEntry = apps.get_model("cases", "CaseEntry")
    ImprovementEntry = apps.get_model("improve", "ImprovementEntry")
    assert list(CaseEntry.objects.order_by("pk").values_list("kind", "status", "text")) == [
        ("status", "closed", ""),
        ("status", "waiting", ""),
        ("assigned", "", ""),
        ("assigned", "", "Aino Korhonen"),
        ("note", "", "Suljettu"),
    ]
    rows = ImprovementEntry.objects.order_by("pk").values_list(
        "kind", "previous_status", "status", "verdict", "text"
    )
    assert list(rows) == [
        ("status", "idea", "done", "", ""),
        ("status", "planned", "doing", "", ""),
        ("measured", "", "", "worked", "Vähemmän kysymyksiä"),
        ("measured", "", "", "worse", ""),
        ("note", "", "", "", "Idea → Valmis"),
    ]
