"""State changes of the journey map: defaults, placing, reordering and deleting rows."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from polku.accounts.models import Organization
from polku.insights.rollups import recompute
from polku.lib.deletion import still_used_by

from .models import Channel, ChannelKind, Positioned, Stage, Touchpoint

DEFAULT_CHANNEL_KINDS = [
    ChannelKind.STORE,
    ChannelKind.WEBSHOP,
    ChannelKind.MOBILE,
    ChannelKind.SOCIAL,
    ChannelKind.PHONE,
    ChannelKind.EMAIL,
    ChannelKind.DELIVERY,
]


def default_stage_names() -> list[str]:
    return [_("Prior expectations"), _("Before purchase"), _("Purchase"), _("After purchase")]


@transaction.atomic
def create_default_journey(organization: Organization) -> None:
    """The four stages and seven channels every new organization starts from."""
    with translation.override(organization.language):
        Stage.objects.bulk_create(
            Stage(organization=organization, name=name, position=i)
            for i, name in enumerate(default_stage_names())
        )
        Channel.objects.bulk_create(
            Channel(organization=organization, name=str(kind.label), kind=kind, position=i)
            for i, kind in enumerate(DEFAULT_CHANNEL_KINDS)
        )


def place_last(obj: Positioned) -> None:
    """Give a new (or moved to another group) row the position after its siblings."""
    siblings = obj.siblings()
    if obj.pk:
        siblings = siblings.exclude(pk=obj.pk)
    obj.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def save_positioned(obj: Positioned, *, scope_changed: bool = False) -> None:
    if obj.pk is None or scope_changed:
        place_last(obj)
    obj.save()


@transaction.atomic
def move(obj: Positioned, offset: int) -> bool:
    """Move a row `offset` places among its siblings (-1 up, +1 down); False at the edge."""
    siblings = list(obj.siblings().select_for_update())
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return False
    siblings.insert(target, siblings.pop(index))
    # Renumbering the whole group also repairs ties left by imports or concurrent adds.
    for position, sibling in enumerate(siblings):
        sibling.position = position
    type(obj).objects.bulk_update(siblings, ["position"])
    return True


def blockers_of_delete(obj: models.Model) -> list[str]:
    """Why a row cannot be deleted yet (rows that still point at it), or [] if it can."""
    if isinstance(obj, Stage | Channel):
        count = obj.touchpoints.count()
        if count:
            return [
                translation.ngettext(
                    "%(count)d touchpoint is still in “%(name)s”. Move it elsewhere or "
                    "delete it first.",
                    "%(count)d touchpoints are still in “%(name)s”. Move them elsewhere or "
                    "delete them first.",
                    count,
                )
                % {"count": count, "name": obj}
            ]
    return still_used_by(obj)


@transaction.atomic
def delete_row(obj: models.Model) -> None:
    """Delete a row of the journey map.

    Answers about a deleted touchpoint or channel stay (they lose the link), but the running
    totals of that touchpoint or channel go with it: the totals are counted again, so that
    every figure still includes those answers, as a recount from scratch would.
    """
    answered = isinstance(obj, Touchpoint | Channel) and obj.responses.exists()
    organization = obj.organization
    obj.delete()
    if answered:
        recompute(organization)
