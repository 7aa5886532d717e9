"""A stated change against the amounts stated beside it, read sentence by sentence.

A sentence may give this year's amount, last year's (上年…, 20xx年预算执行数) and the change in 万元 and/or %;
the change is recomputed from the amounts. Which amount a change belongs to is not always clear
(`收入4203.47万元，其中：…其他收入100.00万元，较上年增加142.30万元`), so every reading is tried — the nearest
amount before the change and the sentence's first — and a finding is made only when none of them agrees.
Tolerances are the printed precision: half a unit of the last printed digit of every amount, one unit of a
percentage's last digit.

check_ids:
- ``change_arithmetic`` (error): this year's minus last year's amount is not the stated change.
- ``change_percent`` (error): the stated % is not change / last year's amount (last year's amount stated or
  derived as amount − change); a last year of 0 is not checked.
- ``change_direction`` (error): the direction word contradicts the amounts (增加 while the amount fell) or the
  other direction word of the same change (`减少28.10万元，增长0.70%`).
- ``change_direction_missing`` (warning): a change without any direction word (`较上年资金0.69万元`).
- ``change_zero_direction`` (warning): 增加/减少 of 0 (the text should say 持平/无变化).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


from .registry import finding
from . import register
from ._text import page_of, year_of

FIGURE = re.compile(r"(?<![\d.])(-?\d+(?:\.(\d+))?)(亿元|万元|万(?![人户亩套间吨个次件台辆名家])|元|%)")
TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001, "%": 1.0}
UP = "增加|增长|上升|提高|增"
DOWN = "减少|下降|降低|减|压减|节约"
DIRECTION = re.compile(rf"({UP}|{DOWN})了?(约|为|幅度为|比例为)?[(（]?$")
COMPARE = re.compile(r"(较|比|与|同比)(上年|去年|上一年|20\d{2}年)")
LOOSE_DIRECTION = re.compile(rf"({UP}|{DOWN})了?[\u4e00-\u9fff]{{1,6}}$")  # 较上年增加了培训费0.20万元
SHARE = re.compile(r"占|比重|比例")
REASON = re.compile(r"(主要)?原因|主要是|主要用于|由于")


@dataclass
class Figure:
    value: float       # 万元, or percent
    half: float        # half a unit of the last printed digit (万元 or %)
    kind: str          # current, prior, change, pct
    sign: int          # +1/-1 from the direction word, 0 without one
    word: str
    start: int


def _prior_words(year: int | None) -> re.Pattern:
    """上年预算收入, 上年预算拨款支出, 2023年当年预算执行数 (not 上年实户资金余额, 上年结转: this year's money)."""
    years = rf"|{year - 1}年度?(当年)?(预算)?(执行数|决算数|预算数)" if year else ""
    return re.compile(rf"^[^实结]*(上年|上一年|去年{years})(?!.*(实户|结转|结余|年底|年末))")


def read_figures(sentence: str, year: int | None) -> list[Figure]:
    """The figures of one sentence before its reason, each with what it is."""
    reason = REASON.search(sentence)
    sentence = sentence[:reason.start()] if reason else sentence
    out, last = [], 0
    prior = _prior_words(year)
    for m in FIGURE.finditer(sentence):
        prefix, last = sentence[last:m.start()], m.end()
        clause = re.split("[，：、]", prefix)[-1] if not prefix.endswith(("，", "、")) else prefix
        unit, decimals = m.group(3), len(m.group(2) or "")
        value = float(m.group(1)) * TO_WAN[unit]
        half = 0.5 * 10 ** -decimals * TO_WAN[unit]
        d = DIRECTION.search(prefix) or (COMPARE.search(clause) and LOOSE_DIRECTION.search(clause))
        word = d.group(1) if d else ""
        sign = 0 if not d else (1 if re.fullmatch(UP, word) else -1)
        if unit == "%":
            if SHARE.search(clause) or not (d or (out and out[-1].kind == "change" and prefix in ("(", "（"))):
                continue
            out.append(Figure(value, 2 * half, "pct", sign, word, m.start()))
        elif d or COMPARE.search(clause) and not re.search(r"执行数?为?$|预算数?为?$", clause):
            out.append(Figure(value, half, "change", sign, word, m.start()))
        elif prior.search(clause):
            out.append(Figure(value, half, "prior", 0, "", m.start()))
        else:
            out.append(Figure(value, half, "current", 0, "", m.start()))
    return out


def _pct_range(change: float, dc: float, base: float, db: float) -> tuple[float, float] | None:
    lows = [b for b in (base - db, base + db) if b > 0]
    if base - db <= 0 or not lows:
        return None
    corners = [100 * c / b for c in (change - dc, change + dc) for b in (base - db, base + db)]
    return min(corners), max(corners)


def check_sentence(sentence: str, year: int | None, page) -> list[dict]:
    figs = read_figures(sentence, year)
    out: list[dict] = []
    for i, f in enumerate(figs):
        if f.kind not in ("change", "pct") or (f.kind == "pct" and i and figs[i - 1].kind == "change"):
            continue
        change = f if f.kind == "change" else None
        pct = figs[i + 1] if change and i + 1 < len(figs) and figs[i + 1].kind == "pct" else (f if not change else None)
        before = figs[:i]
        currents = [g for g in before if g.kind == "current"]
        currents = list({id(g): g for g in currents[-1:] + currents[:1]}.values())
        prior = next((g for g in reversed(before) if g.kind == "prior"), None)
        out += _direction_words(change, pct, sentence, page)
        if change and prior and currents:
            out += _arithmetic(change, prior, currents, sentence, page)
        if pct and currents or pct and prior:
            out += _percent(change, pct, prior, currents, sentence, page)
    return out


def _direction_words(change, pct, sentence, page) -> list[dict]:
    out = []
    if change and not change.sign and change.value != 0:
        out.append(finding("change_direction_missing", "warning",
                           f"变动 {change.value:,.2f} 万元未写明增加或减少：“{sentence}”", page=page))
    if change and change.sign and change.value == 0:
        out.append(finding("change_zero_direction", "warning",
                           f"“{change.word}0 万元”应写作持平或无变化：“{sentence}”", page=page))
    if change and pct and change.sign and pct.sign and change.sign != pct.sign:
        out.append(finding("change_direction", "error", f"同一变动既称{change.word}又称{pct.word}："
                           f"“{sentence}”", page=page))
    return out


def _arithmetic(change, prior, currents, sentence, page) -> list[dict]:
    for a in currents:
        diff = a.value - prior.value
        tol = a.half + prior.half + change.half + 1e-9
        if abs(abs(diff) - change.value) <= tol:
            if change.sign and diff and (diff > 0) != (change.sign > 0):
                return [finding("change_direction", "error", f"文字称{change.word} {change.value:,.2f} 万元，"
                                f"但 {a.value:,.2f} − {prior.value:,.2f} = {diff:+,.2f}：“{sentence}”",
                                diff, change.sign * change.value, page=page)]
            return []
    a = currents[0]
    signed = change.sign * change.value if change.sign else change.value
    return [finding("change_arithmetic", "error", f"{a.value:,.2f} − {prior.value:,.2f} = "
                    f"{a.value - prior.value:+,.2f} 万元，文字却称{change.word}{change.value:,.2f} 万元："
                    f"“{sentence}”", round(a.value - prior.value, 2), signed, page=page)]


def _percent(change, pct, prior, currents, sentence, page) -> list[dict]:
    readings = []
    for a in currents or [None]:
        if prior is not None and a is not None:
            readings.append((a.value - prior.value, a.half + prior.half, prior.value, prior.half))
        elif change is not None and a is not None:
            c = change.value * (change.sign or 1)
            readings.append((c, change.half, a.value - c, a.half + change.half))
        elif change is not None and prior is not None:
            c = change.value * (change.sign or 1)
            readings.append((c, change.half, prior.value, prior.half))
    ranges = [r for r in (_pct_range(*x) for x in readings) if r]
    if not ranges:
        return []
    stated = pct.value * (pct.sign or (change.sign if change else 0) or 1)
    lo, hi = stated - pct.half, stated + pct.half
    if any(r[0] <= hi and lo <= r[1] for r in ranges) or any(-r[1] <= hi and lo <= -r[0] for r in ranges if not pct.sign):
        return []
    expected = (ranges[0][0] + ranges[0][1]) / 2
    return [finding("change_percent", "error", f"按上年数计算变动幅度为 {expected:+.2f}%，文字称"
                    f"{pct.word}{pct.value:g}%：“{sentence}”", round(expected, 2), stated, page=page)]


@register
def stated_changes(doc) -> list[dict]:
    year = year_of(doc)
    out: list[dict] = []
    claims = doc.claims[doc.claims["change_wan"].notna() | doc.claims["change_pct"].notna()]
    for c in claims.drop_duplicates("sentence").to_dict("records"):
        out += check_sentence(c["sentence"], year, page_of(c["page"]))
    return out
