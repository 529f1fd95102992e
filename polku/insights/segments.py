"""Customer segments: which customers a segment's conditions describe, and keeping its
members and running totals current.

A segment is counted again when it is saved and by the worker every hour (recency changes
with the calendar, not only with new data). Each recount moves the answers of customers who
joined or left into or out of the segment's totals, so its figures never read raw answers.
A rule's segment condition is checked on the customer's own figures at sending time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.customers.models import Customer, Event
from polku.lib.money import format_money
from polku.lib.sqlite_writes import one_writer
from polku.surveys.models import Response

from .models import Segment, SegmentMember
from .rollups import move_customers

REFRESH_EVERY = timedelta(hours=1)
CHUNK = 500  # ids per IN (…): well inside every database's limit on parameters


@dataclass(frozen=True)
class Facts:
    """What a segment's conditions look at, of one customer."""

    orders: int = 0  # within the segment's order window
    spend: Decimal = Decimal(0)  # within the same window
    last_order: datetime | None = None  # ever
    tags: tuple[str, ...] = ()
    persona_id: int | None = None
    nps: int | None = None  # the customer's latest NPS answer


def nps_category(score: int | None) -> str:
    if score is None:
        return ""
    if score >= 9:
        return Segment.NpsCategory.PROMOTER
    return Segment.NpsCategory.PASSIVE if score >= 7 else Segment.NpsCategory.DETRACTOR


def _folded(tags: Iterable[str]) -> set[str]:
    return {tag.strip().casefold() for tag in tags if tag.strip()}


def matches(segment: Segment, facts: Facts, now: datetime) -> bool:
    """Whether a customer with these facts is in the segment: every condition set holds."""
    s = segment
    if s.min_orders is not None and facts.orders < s.min_orders:
        return False
    if s.max_orders is not None and facts.orders > s.max_orders:
        return False
    if s.min_spend is not None and facts.spend < s.min_spend:
        return False
    if s.max_spend is not None and facts.spend > s.max_spend:
        return False
    if s.bought_within_days is not None and (
        facts.last_order is None or facts.last_order < now - timedelta(days=s.bought_within_days)
    ):
        return False
    if s.not_bought_days is not None and (
        facts.last_order is None or facts.last_order >= now - timedelta(days=s.not_bought_days)
    ):
        return False
    tags = _folded(facts.tags)
    if not _folded(s.tags) <= tags or _folded(s.without_tags) & tags:
        return False
    if s.persona_id is not None and facts.persona_id != s.persona_id:
        return False
    return not s.nps_category or nps_category(facts.nps) == s.nps_category


def uses_orders(segment: Segment) -> bool:
    return any(
        value is not None
        for value in (
            segment.min_orders,
            segment.max_orders,
            segment.min_spend,
            segment.max_spend,
            segment.bought_within_days,
            segment.not_bought_days,
        )
    )


def facts_of(
    segment: Segment, now: datetime, customer_ids: Iterable[int] | None = None
) -> Iterator[tuple[int, Facts]]:
    """(customer id, facts) for the organization's customers (or the ones given), in one
    query that reads only what the segment's conditions need."""
    customers = Customer.objects.filter(organization_id=segment.organization_id)
    if customer_ids is not None:
        customers = customers.filter(pk__in=list(customer_ids))
    annotations = {}
    if uses_orders(segment):
        ordered = Q(events__kind=Event.Kind.ORDER_PLACED)
        in_window = ordered
        if segment.order_days is not None:
            in_window &= Q(events__occurred_at__gte=now - timedelta(days=segment.order_days))
        annotations.update(
            orders=Count("events", filter=in_window),
            spend=Sum("events__amount", filter=in_window),
            last_order=Max("events__occurred_at", filter=ordered),
        )
    if segment.nps_category:
        annotations["nps"] = Subquery(
            Response.objects.filter(customer=OuterRef("pk"), nps__isnull=False)
            .order_by("-created_at", "-pk")
            .values("nps")[:1]
        )
    rows = customers.annotate(**annotations).values("pk", "tags", "persona_id", *annotations)
    for row in rows.order_by().iterator(chunk_size=2000):
        yield (
            row["pk"],
            Facts(
                orders=row.get("orders") or 0,
                spend=row.get("spend") or Decimal(0),
                last_order=row.get("last_order"),
                tags=tuple(t for t in row["tags"] or () if isinstance(t, str)),
                persona_id=row["persona_id"],
                nps=row.get("nps"),
            ),
        )


def members_now(segment: Segment, now: datetime) -> set[int]:
    return {pk for pk, facts in facts_of(segment, now) if matches(segment, facts, now)}


def in_segment(segment: Segment, customer_id: int, now: datetime) -> bool:
    """A rule's condition: the customer's figures right now, not the hourly count."""
    return any(matches(segment, facts, now) for _pk, facts in facts_of(segment, now, [customer_id]))


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)  # locks taken in one order everywhere: no deadlock between recounts
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


@dataclass(frozen=True)
class Recount:
    members: int
    joined: int
    left: int


def refresh(segment: Segment, now: datetime | None = None) -> Recount:
    """Count the segment's members again and move the answers of those who joined or left."""
    now = now or timezone.now()
    segment = Segment.objects.get(pk=segment.pk)
    # Counted before the write lock, so writers (the answers coming in) do not wait for it;
    # a membership a moment old is fine, the totals only have to follow it exactly.
    new = members_now(segment, now)
    with one_writer(), transaction.atomic():
        # One recount of a segment at a time.
        locked = Segment.objects.select_for_update().get(pk=segment.pk)
        if locked.refreshed_at != segment.refreshed_at:
            # Another recount finished meanwhile, perhaps of conditions saved since.
            return Recount(locked.member_count, 0, 0)
        old = set(
            SegmentMember.objects.filter(segment=segment).values_list("customer_id", flat=True)
        )
        joined, left = new - old, old - new
        for ids in _chunks(joined | left):
            if connection.vendor != "sqlite":
                # See rollups.segments_of_customer: no answer of a moving customer is missed.
                list(Customer.objects.select_for_update().filter(pk__in=ids).values("pk"))
        for ids in _chunks(left):
            SegmentMember.objects.filter(segment=segment, customer_id__in=ids).delete()
            move_customers(segment.pk, ids, joined=False)
        for ids in _chunks(joined):
            SegmentMember.objects.bulk_create(
                SegmentMember(segment=segment, customer_id=pk) for pk in ids
            )
            move_customers(segment.pk, ids, joined=True)
        segment.member_count, segment.refreshed_at = len(new), now
        segment.save(update_fields=["member_count", "refreshed_at"])
    return Recount(len(new), len(joined), len(left))


def refresh_due(now: datetime | None = None) -> int:
    """The worker's hourly recount: segments not counted for REFRESH_EVERY; how many."""
    now = now or timezone.now()
    due = Segment.objects.filter(
        Q(refreshed_at__isnull=True) | Q(refreshed_at__lt=now - REFRESH_EVERY)
    ).order_by("refreshed_at", "pk")
    counted = 0
    for segment in due:
        refresh(segment, now)
        counted += 1
    return counted


def conditions_in_words(segment: Segment) -> list[str]:
    """The segment's conditions as short sentences, for lists and rules."""
    s = segment
    words = []
    window = (
        ngettext("in the last %(count)d day", "in the last %(count)d days", s.order_days)
        % {"count": s.order_days}
        if s.order_days is not None
        else _("ever")
    )
    if s.min_orders is not None and s.max_orders is not None:
        words.append(
            _("%(low)d–%(high)d orders %(window)s")
            % {"low": s.min_orders, "high": s.max_orders, "window": window}
        )
    elif s.min_orders is not None:
        words.append(
            ngettext(
                "at least %(count)d order %(window)s",
                "at least %(count)d orders %(window)s",
                s.min_orders,
            )
            % {"count": s.min_orders, "window": window}
        )
    elif s.max_orders is not None:
        words.append(
            ngettext(
                "at most %(count)d order %(window)s",
                "at most %(count)d orders %(window)s",
                s.max_orders,
            )
            % {"count": s.max_orders, "window": window}
        )
    if s.min_spend is not None:
        words.append(
            _("spent at least %(amount)s %(window)s")
            % {"amount": format_money(s.min_spend), "window": window}
        )
    if s.max_spend is not None:
        words.append(
            _("spent at most %(amount)s %(window)s")
            % {"amount": format_money(s.max_spend), "window": window}
        )
    if s.bought_within_days is not None:
        words.append(
            ngettext(
                "ordered in the last %(count)d day",
                "ordered in the last %(count)d days",
                s.bought_within_days,
            )
            % {"count": s.bought_within_days}
        )
    if s.not_bought_days is not None:
        words.append(
            ngettext(
                "no order in the last %(count)d day",
                "no order in the last %(count)d days",
                s.not_bought_days,
            )
            % {"count": s.not_bought_days}
        )
    if s.tags:
        words.append(_("tagged %(tags)s") % {"tags": ", ".join(s.tags)})
    if s.without_tags:
        words.append(_("not tagged %(tags)s") % {"tags": ", ".join(s.without_tags)})
    if s.persona_id is not None:
        words.append(_("persona %(name)s") % {"name": s.persona})
    if s.nps_category:
        words.append(s.get_nps_category_display())
    return words


def segment_asked(request) -> Segment | None:
    """The segment a page is asked to show (`?segment=<id>`); 404 for one not of this
    organization."""
    from polku.accounts.access import org_object_or_404

    value = request.GET.get("segment", "")
    return org_object_or_404(request, Segment, pk=value) if value else None


def picker_context(request, segment: Segment | None, keep: Iterable[str] = ("days",)) -> dict:
    """What the pages' segment picker (insights/_segment_pick.html) shows; `keep` names the
    page's other parameters, carried over when the segment changes."""
    return {
        "segment": segment,
        "segments": list(Segment.objects.filter(organization=request.organization)),
        "segment_query": f"&segment={segment.pk}" if segment else "",
        "keep": [(name, request.GET.get(name, "")) for name in keep],
    }
