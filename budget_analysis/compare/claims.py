"""What a document's narrative says about each compared row: its change, the reason, and last year's amount.

Claims carry a code where the text prints one (`社会保险经办机构（2080109）`). Elsewhere they are tied to a row by
name: MOF-style and Jiangsu texts spell the path (`公共安全(类)`, `法院(款)行政运行(项)`), which is walked down
the table's hierarchy; an unmarked subject must match exactly one row's name. Names are compared without a
trailing 支出/预算数, and among the children of one parent a name with the same characters in another order
(Jiangsu writes 一般行政事务管理 for the table's 一般行政管理事务) still matches.
"""
from __future__ import annotations

import re

import pandas as pd

from ..checks.registry import finding
from ..text import clean
from ..narrative.claims import prior_totals

MARKED = re.compile(r"([^()/]+?)\((类|款|项)\)")
LEVELS = {"类": 1, "款": 2, "项": 3}
GENERIC_PART = re.compile(r"^(预算安排|预算数|预算|安排)$")  # `X(项)/预算安排` is still X
TOL_YUAN = 100.5  # a prior stated as amount − change carries two 万元 roundings


def norm(name: str) -> str:
    return re.sub(r"(支出)?(预算数|预算)?$", "", clean(name))


def _walk(segments: list[tuple[str, str]], rows: pd.DataFrame) -> str:
    """The code at the end of a 类/款/项 path, or '' if any step is missing or ambiguous."""
    code = ""
    for name, level in segments:
        cands = rows[(rows["level"] == LEVELS[level]) & rows["code"].str.startswith(code)]
        hit = cands[cands["name"].map(norm) == norm(name)]
        if len(hit) != 1 and code:
            hit = cands[cands["name"].map(lambda n: "".join(sorted(norm(n)))) == "".join(sorted(norm(name)))]
        if len(hit) != 1:
            return ""
        code = hit["code"].iloc[0]
    return code


def resolve(subject: str, code: str, rows: pd.DataFrame) -> tuple[str, bool]:
    """(row code, whether the claim is a part of the row, like 社会保险经办机构/人员经费) for one claim."""
    head, _, part = subject.rpartition("/")
    is_part = bool(head) and not GENERIC_PART.match(part)
    if code:  # a code of another classification (2080505 against economic rows) is not matched by name
        return (code if code in set(rows["code"]) else ""), is_part
    item = part if is_part or not head else head
    segments = MARKED.findall(item)
    if segments:
        return _walk(segments, rows), False
    hit = rows[(rows["level"] > 0) & (rows["name"].map(norm) == norm(item))] if norm(item) else rows.iloc[0:0]
    return (hit["code"].iloc[0], False) if len(hit) == 1 else ("", False)


def _current(claims: pd.DataFrame) -> pd.DataFrame:
    last = claims["subject"].str.split("/").str[-1]
    return claims[~last.str.startswith("上年")]


def stated_items(claims: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Per row code: stated_change_wan, stated_prior_wan (amount − change of the row's own claim), stated_reason
    (the row's own, else its parts' reasons as `part：reason`), page. Only claims that state a change count."""
    cols = ["code", "stated_change_wan", "stated_prior_wan", "stated_reason", "page"]
    c = _current(claims)
    c = c[c["change_wan"].notna() | c["change_pct"].notna() | (c["direction"] != "")]
    if c.empty or rows.empty:
        return pd.DataFrame(columns=cols)
    hits = [resolve(s, k, rows) for s, k in zip(c["subject"], c["code"])]
    c = c.assign(row=[h[0] for h in hits], is_part=[h[1] for h in hits])
    out = []
    for code, g in c[c["row"] != ""].groupby("row", sort=False):
        own, parts = g[~g["is_part"]], g[g["is_part"]]
        if len(own):
            first = own.iloc[0]
            change = own["change_wan"].dropna().iloc[0] if own["change_wan"].notna().any() else float("nan")
            prior = first["amount_wan"] - first["change_wan"]
            reason = next((r for r in own["reason"] if r), "")
        else:
            first = parts.iloc[0]
            change = parts["change_wan"].sum(min_count=1)
            prior = float("nan")
            reason = "；".join(f"{s.rpartition('/')[2]}：{r}" for s, r in zip(parts["subject"], parts["reason"]) if r)
        out.append(dict(code=code, stated_change_wan=change, stated_prior_wan=round(prior, 2) if pd.notna(prior)
                        else prior, stated_reason=reason, page=first["page"]))
    return pd.DataFrame(out, columns=cols)


def stated_total(doc) -> dict:
    """Last year's total as the document states it: a 上年…支出 figure, else this year's total minus the stated
    change (analysis.change_summary). prior_wan is NaN when the text says neither."""
    from ..analysis import change_summary
    summary = change_summary(doc).iloc[0]
    priors = prior_totals(doc.claims)
    priors = priors[~priors["subject"].str.contains("执行") & priors["amount_wan"].notna()]
    spend = priors[priors["subject"].str.contains("支出")]
    if len(priors):
        row = (spend if len(spend) else priors).iloc[0]
        return dict(prior_wan=row["amount_wan"], change_wan=summary["change_wan"], subject=row["subject"],
                    reason=summary["reason"], page=row["page"], basis="上年 figure stated")
    return dict(prior_wan=summary["prior_wan"], change_wan=summary["change_wan"], subject=summary["subject"],
                reason=summary["reason"], page=None, basis="this year's total minus the stated change")


def prior_mismatches(later_doc, earlier: pd.DataFrame, rows: pd.DataFrame, table_kind: str) -> list[dict]:
    """Findings where what `later_doc` says about last year differs from last year's table (`earlier`, 元)."""
    printed = earlier.set_index("code")["amount_yuan"]
    stated = stated_items(later_doc.claims, rows)
    checks = [("", "合计", stated_total(later_doc)["prior_wan"], None)]
    checks += [(r.code, r.code, r.stated_prior_wan, r.page) for r in stated.itertuples()]
    out = []
    year = later_doc.meta.get("year")
    for code, label, prior_wan, page in checks:
        if pd.isna(prior_wan) or (code not in printed.index and code == ""):
            continue
        table = float(printed.get(code, 0.0))
        said = round(prior_wan * 1e4, 2)
        if abs(said - table) > TOL_YUAN:
            out.append(finding("prior_year_mismatch", "warning",
                               f"the {year} document puts last year's {label} at {prior_wan:,.2f} 万元; the {year - 1}"
                               f" document's table printed {table / 1e4:,.2f} 万元", table, said, table_kind, code,
                               None if page is None or pd.isna(page) else int(page)))
    return out
