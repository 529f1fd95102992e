"""Each employee's figures beside the rest of the team's, and whether a difference is clear
enough to talk about: a two-sided test at the 95 % level, never a ranking.

Regular surveys show who could use some guidance and whose way of working others could
learn from. A difference of a few answers is noise, so only a statistically clear one is
flagged, and it is framed as a topic for coaching.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .metrics import Z95, Figures


@dataclass(frozen=True)
class Difference:
    kind: str
    person: float
    team: float
    direction: int  # +1 clearly better than the rest of the team, −1 clearly worse, 0 not clear


def _z(difference: float, se: float) -> float:
    # No spread on either side (everyone gave the same answer): any difference is certain.
    if se == 0:
        return 0.0 if difference == 0 else math.copysign(math.inf, difference)
    return difference / se


def _z_shares(part1: int, n1: int, part2: int, n2: int) -> float:
    """Two-proportion z statistic (pooled)."""
    pooled = (part1 + part2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return _z(part1 / n1 - part2 / n2, se)


def _variance(total: int, squares: int, n: int) -> float:
    return max(0.0, (squares - total * total / n) / (n - 1)) if n > 1 else 0.0


def _z_means(sum1: int, sq1: int, n1: int, sum2: int, sq2: int, n2: int) -> float:
    """Welch's statistic, read against the normal distribution (enough answers assumed)."""
    se = math.sqrt(_variance(sum1, sq1, n1) / n1 + _variance(sum2, sq2, n2) / n2)
    return _z(sum1 / n1 - sum2 / n2, se)


def _z_nps(p1: int, d1: int, n1: int, p2: int, d2: int, n2: int) -> float:
    def variance(p: float, d: float) -> float:
        return p + d - (p - d) ** 2

    a_p, a_d, b_p, b_d = p1 / n1, d1 / n1, p2 / n2, d2 / n2
    se = math.sqrt(variance(a_p, a_d) / n1 + variance(b_p, b_d) / n2)
    return _z((a_p - a_d) - (b_p - b_d), se)


def differences(person: Figures, team: Figures) -> list[Difference]:
    """The figures both sides have enough answers for, each with whether it differs clearly."""
    found = []
    c, t = person.count, team.count
    if person.nps.enough and team.nps.enough:
        z = _z_nps(
            c("nps_promoters"), c("nps_detractors"), c("nps_count"),
            t("nps_promoters"), t("nps_detractors"), t("nps_count"),
        )  # fmt: skip
        found.append(Difference("nps", person.nps.value, team.nps.value, _direction(z)))
    if person.csat.enough and team.csat.enough:
        z = _z_shares(
            c("csat_satisfied"), c("csat_count"),
            t("csat_satisfied"), t("csat_count"),
        )  # fmt: skip
        found.append(Difference("csat", person.csat.value, team.csat.value, _direction(z)))
    for kind in ("rating", "ces"):
        mine, theirs = getattr(person, kind), getattr(team, kind)
        if mine.enough and theirs.enough:
            z = _z_means(
                c(f"{kind}_sum"), c(f"{kind}_sq"), c(f"{kind}_count"),
                t(f"{kind}_sum"), t(f"{kind}_sq"), t(f"{kind}_count"),
            )  # fmt: skip
            found.append(Difference(kind, mine.value, theirs.value, _direction(z)))
    return found


def _direction(z: float) -> int:
    if z > Z95:
        return 1
    return -1 if z < -Z95 else 0


def minus(whole: Figures, part: Figures) -> Figures:
    """The team without one person: every counter of the whole less the person's."""
    return Figures(
        {k: (whole.counters.get(k) or 0) - (part.counters.get(k) or 0) for k in whole.counters},
        whole.min_count,
    )
