"""Match project names between the project table and the 绩效 tables, with a score.

The two tables are typed by different people: 档案室档案管理 vs 档案管理费. A greedy
one-to-one assignment by similarity keeps two target tables from claiming one project.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from .cells import clean

MIN_SCORE = 0.5


def _key(name: str) -> str:
    return re.sub(r"[()、,，.。:：\-—]+", "", clean(name))


def similarity(a: str, b: str, containment: bool = True) -> float:
    """0..1; containment of one name in the other counts as at least 0.9 (unless `containment` is off:
    a target table for 'A、B、C' contains B's name but states the money of all three)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    score = SequenceMatcher(None, ka, kb).ratio()
    if containment and (ka in kb or kb in ka):
        score = max(score, 0.9)
    return round(score, 3)


def match_names(names: list[str], candidates: list[str]) -> dict[str, tuple[str, float]]:
    """name -> (best candidate, score), one-to-one, best pairs first; unmatched -> ('', best score)."""
    pairs = sorted(((similarity(n, c), n, c) for n in set(names) for c in set(candidates)), reverse=True)
    out: dict[str, tuple[str, float]] = {}
    taken: set[str] = set()
    for score, n, c in pairs:
        if n in out or c in taken or score < MIN_SCORE:
            continue
        out[n] = (c, score)
        taken.add(c)
    for n in set(names):
        if n not in out:
            best = max((similarity(n, c) for c in candidates), default=0.0)
            out[n] = ("", best)
    return out


def attach_matches(indicators: list[dict], projects: list[dict]) -> list[dict]:
    """Fill project_matched / match_score on project indicators. A target table may cover a whole
    category (其他履职经费 for 其他履职尽责专项业务费), so group names are candidates too."""
    names = [r["project"] for r in indicators if r["table_kind"] == "project"]
    groups = {g for p in projects for g in p["group"].split("/") if g}
    matches = match_names(names, [p["project"] for p in projects] + sorted(groups))
    out = []
    for r in indicators:
        matched, score = matches.get(r["project"], ("", float("nan"))) if r["table_kind"] == "project" else ("", float("nan"))
        out.append(dict(r, project_matched=matched, match_score=score))
    return out
