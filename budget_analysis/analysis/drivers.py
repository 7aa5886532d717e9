"""Why the budget changed, in the document's own words: the stated item changes against the stated total change.

The narrative explains the change several times over (by function code, by economic class, by 基本/专项), and
the explanations overlap: 2080109's 专项业务费 +936.19 is the same money as 313's +936.19. Adding claims across
explanations double counts, so one basis is used. The basis whose stated changes come closest to the total
change is taken (ties in the order of BASES, function codes first): a basis that is far off — economic classes
that move 8000 万 between 303 and 313 by reclassification — explains a different thing than the total change.
What the chosen basis leaves open is the `unexplained` row.
"""
from __future__ import annotations

import pandas as pd

BASES = ("function", "subject", "dept_economic", "gov_economic")
# Narrative subjects that split the whole budget (基本 vs 专项), the `subject` basis; a part named first wins.
SPLIT_SUBJECTS = ("基本支出", "项目支出", "专项业务经费", "人员经费", "公用经费")
BASIC_PARTS = ("人员经费", "公用经费")
# Subjects that state the total (expenditure first, then any total), in order of preference.
TOTAL_SUBJECTS = (r"一般公共预算.*支出", r"支出", r"一般公共预算", r"")
COLUMNS = ["basis", "kind", "code", "subject", "amount_wan", "change_wan", "prior_wan", "change_pct",
           "share_of_change", "direction", "reason", "page"]


def _basis_of(code: str) -> str:
    if not code:
        return "subject"
    return {"2": "function", "3": "dept_economic"}.get(code[0], "gov_economic")


def _total_claim(doc) -> pd.Series | None:
    """The claim stating the whole year's change (一般公共预算 expenditure where stated)."""
    claims = doc.claims
    cands = claims[(claims["code"] == "") & claims["change_wan"].notna() & ~claims["subject"].str.contains("/")]
    cands = cands[~cands["subject"].isin(SPLIT_SUBJECTS) & ~cands["subject"].str.contains("经费")]
    for pattern in TOTAL_SUBJECTS:
        hit = cands[cands["subject"].str.contains(pattern)]
        if len(hit):
            return hit.iloc[0]
    return None


def _function_items(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per code: the item's own change, else its parts (人员/公用/专项 of 2080109); leaves over parents."""
    rows = []
    for code, group in claims.groupby("code", sort=False):
        own = group[~group["subject"].str.contains("/")].head(1)
        parts = group[group["subject"].str.contains("/")].drop_duplicates("subject")
        rows.append(own if own["change_wan"].notna().any() or parts.empty else parts)
    items = pd.concat(rows, ignore_index=True) if rows else claims.iloc[0:0]
    stated = items[items["change_wan"].notna()]["code"]
    is_parent = items["code"].map(lambda c: any(s != c and s.startswith(c) for s in stated)).astype(bool)
    return items.loc[~is_parent]


def _subject_items(claims: pd.DataFrame) -> pd.DataFrame:
    """基本支出 / 专项业务经费 style claims; 人员经费 and 公用经费 only where 基本支出 itself is not stated."""
    items = claims[claims["subject"].isin(SPLIT_SUBJECTS) & claims["change_wan"].notna()]
    items = items.drop_duplicates("subject")
    if "基本支出" in set(items["subject"]):
        items = items[~items["subject"].isin(BASIC_PARTS)]
    return items


def _candidates(doc) -> dict[str, pd.DataFrame]:
    claims = doc.claims[~doc.claims["subject"].str.split("/").str[-1].str.startswith("上年")]
    basis = claims["code"].map(_basis_of)
    out = {"function": _function_items(claims[basis == "function"]), "subject": _subject_items(claims)}
    for name in ("dept_economic", "gov_economic"):
        out[name] = claims[(basis == name) & claims["code"].str.fullmatch(r"\d{3}")].drop_duplicates("code")
    return out


def change_summary(doc) -> pd.DataFrame:
    """One row: prior and current total (万元), the stated total change, what the chosen basis explains, the rest."""
    total = _total_claim(doc)
    table = doc.table("gpb_by_function", "total")
    printed = table[table["level"] == 0]["amount_yuan"].sum() / 1e4 if len(table) else float("nan")
    current = total["amount_wan"] if total is not None and pd.notna(total["amount_wan"]) else printed
    change = total["change_wan"] if total is not None else float("nan")
    best, items = _choose(doc, change)
    explained = round(float(items["change_wan"].sum()), 2) if len(items) else 0.0
    return pd.DataFrame([dict(
        current_wan=round(float(current), 2), prior_wan=round(float(current - change), 2), change_wan=change,
        change_pct=change / (current - change) if pd.notna(change) else float("nan"),
        explained_wan=explained, unexplained_wan=round(change - explained, 2), basis=best,
        subject=total["subject"] if total is not None else "", reason=total["reason"] if total is not None else "",
    )])


def _choose(doc, change: float) -> tuple[str, pd.DataFrame]:
    """The basis whose stated item changes sum closest to the total change (function codes on ties)."""
    cands = {k: v for k, v in _candidates(doc).items() if v["change_wan"].notna().any()}
    if not cands:
        return "", doc.claims.iloc[0:0]
    if pd.isna(change):
        best = next(b for b in BASES if b in cands)
    else:
        best = min(cands, key=lambda b: (round(abs(change - cands[b]["change_wan"].sum()), 2), BASES.index(b)))
    return best, cands[best]


def change_drivers(doc, basis: str | None = None) -> pd.DataFrame:
    """Each stated item: amount, change, prior amount, share of the total change, stated reason; then the
    `unexplained` row (total change minus the stated item changes). Largest changes first; 万元 throughout.

    `basis` forces one of BASES instead of the closest one."""
    summary = change_summary(doc).iloc[0]
    change = summary["change_wan"]
    if basis is None:
        basis, items = summary["basis"], _choose(doc, change)[1]
    else:
        items = _candidates(doc)[basis]
    items = items.assign(basis=basis, kind="item")
    items = items.reindex(items["change_wan"].abs().sort_values(ascending=False, na_position="last").index)
    explained = items["change_wan"].sum()
    rest = pd.DataFrame([dict(basis=basis, kind="unexplained", code="", subject="未说明 unexplained",
                              change_wan=round(change - explained, 2), direction="", reason="")])
    out = pd.concat([items, rest], ignore_index=True) if pd.notna(change) else items.reset_index(drop=True)
    out["prior_wan"] = (out["amount_wan"] - out["change_wan"]).round(2)
    out["change_pct"] = out["change_wan"] / out["prior_wan"].where(out["prior_wan"] != 0)
    out["share_of_change"] = out["change_wan"] / change if pd.notna(change) and change else float("nan")
    return out.reindex(columns=COLUMNS)
