"""决算 (final accounts) checks: the identities of the MOF 9-table template and the execution narrative.

The 类/款/项 roll-ups of every 决算 function table, per column, are `hierarchy_sum` (checks/arithmetic.py runs on
every coded table); this module adds what only a 决算 has. Tolerance: half a unit of the last printed digit of
every term (`document.verification.tolerance`); within it a difference is `display_rounding`.

check_ids:
- ``final_balance`` (error): 收支总表 (and 财政拨款收支总表): 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 =
  总计 = 本年支出合计 + 结余分配 + 年末结转和结余, each side and the two 总计.
- ``final_summary_sum`` (error): the 收支总表's revenue items (一、…八、) and its function 类 against 本年收入合计 /
  本年支出合计.
- ``final_row_identity`` (error): on each row, 收入决算表 本年收入合计 = Σ sources; 支出决算表 本年支出合计 = 基本 +
  项目 + 上缴上级 + 经营 + 对附属单位补助; 一般公共预算 (and 政府性基金) 支出 = 基本 + 项目; 政府性基金 年初结转 + 本年
  收入 = 本年支出 + 年末结转.
- ``final_personnel_public`` (error): 基本支出决算表 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310 (+ any other
  printed 类: 309, 307, 312, 399).
- ``final_across_tables`` (error): the same total in two tables (总表 vs 收入/支出决算表, 财政拨款总表 vs 一般公共预算
  支出决算表 and 政府性基金表, 一般公共预算 基本支出 vs 人员 + 公用).
- ``final_narrative_vs_table`` (error): a total the text states (收入支出总计, 财政拨款收入支出总计, 本年收入/支出合计,
  一般公共预算财政拨款支出, an item's 支出决算) against the table.
- ``final_execution_rate`` (error): a stated 完成预算的 P% against 决算 ÷ the budget the text names; when it matches
  the other budget (完成年初预算的 95.89% of a 全年预算), the message says so.
- ``final_execution_direction`` (error): 决算数大于/小于预算数 said of figures that say the opposite.
- ``final_three_public_text`` (error): the 三公 预算 and 决算 the text states against the 三公 决算表.
- ``final_three_public_over_budget`` (warning): a 三公 item whose 决算数 exceeds its 预算数 (not an error of the
  document: a fact a reader wants to see).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from ..document.verification import tolerance
from ..normalise.catalog import kind_title, measure_title
from .registry import finding
from . import register

_INCOME_SIDE = [r"^本年收入合计$", r"^使用非财政拨款结余", r"^年初(财政拨款)?结转和结余$"]
_SPENDING_SIDE = [r"^本年支出合计$", r"^结余分配$", r"^年末(财政拨款)?结转和结余$"]
ROW_IDENTITIES = {
    "final_revenue": [("actual", ["appropriation", "superior_grant", "business_income", "operating_income",
                                  "affiliated_income", "other_income"])],
    "final_expenditure": [("actual", ["basic", "project", "paid_to_superior", "operating_spending",
                                      "grants_to_affiliates"])],
    "final_gpb_by_function": [("actual", ["basic", "project"])],
    "final_gov_fund": [("actual", ["basic", "project"])],
    "final_soe_capital": [("actual", ["basic", "project"])],
}
_WAN = 10000.0


def _is_final(doc) -> bool:
    return doc.meta.get("kind") == "final_accounts" or doc.lines["table_kind"].str.startswith("final_").any()


def _compare(check_id: str, expected: float, actual: float, tol: float, what: str, kind: str, code: str = "",
             page=None, severity: str = "error") -> list[dict]:
    diff = round(actual - expected, 2)
    if abs(diff) < 0.005:
        return []
    page = None if page is None or pd.isna(page) else int(page)
    if abs(diff) <= tol + 0.005:
        return [finding("display_rounding", "info", f"{what}：相差 {diff:+,.2f} 元，在打印精度以内（显示舍入）",
                        expected, actual, kind, code, page)]
    return [finding(check_id, severity, f"{what}：相差 {diff:+,.2f} 元", expected, actual, kind, code, page)]


def _rows(doc, kind: str, measure: str | None = None) -> pd.DataFrame:
    l = doc.lines[doc.lines["table_kind"] == kind]
    return l if measure is None else l[l["measure"] == measure]


def _named(rows: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return rows[rows["name"].map(lambda n: bool(re.search(pattern, str(n))))]


def _tol(rows: pd.DataFrame) -> float:
    """Half a unit of the last printed digit of every printed term; a blank cell (read as 0) adds nothing."""
    printed = rows[rows["amount_yuan"] != 0]
    return tolerance(printed["decimals"], printed["unit_printed"])


def _sum(rows: pd.DataFrame) -> tuple[float, float]:
    """Σ amount and its tolerance."""
    return round(float(rows["amount_yuan"].sum()), 2), _tol(rows)


@register
def balance(doc) -> list[dict]:
    """总表: both sides add up to their 总计 and the two 总计 agree."""
    out: list[dict] = []
    if not _is_final(doc):
        return out
    for kind in ("final_summary", "final_appropriation_summary"):
        totals = {}
        for side, patterns in (("revenue", _INCOME_SIDE), ("expenditure", _SPENDING_SIDE)):
            rows = _rows(doc, kind, side)
            grand = _named(rows, r"^总计$")
            if rows.empty or len(grand) != 1:
                continue
            terms = pd.concat([_named(rows, p).head(1) for p in patterns])
            if not len(_named(terms, patterns[0])):
                continue
            total, tol = _sum(terms)
            g = grand.iloc[0]
            totals[side] = g
            names = " + ".join(terms["name"])
            out += _compare("final_balance", g["amount_yuan"], total, tol + _tol(grand),
                            f"{kind_title(kind)}{'收入' if side == 'revenue' else '支出'}方总计 {g['amount_yuan']:,.2f} 元 ≠ "
                            f"{names} = {total:,.2f} 元", kind, page=g["page"])
        if len(totals) == 2:
            r, e = totals["revenue"], totals["expenditure"]
            both = pd.DataFrame([r, e])
            out += _compare("final_balance", r["amount_yuan"], e["amount_yuan"], _tol(both),
                            f"{kind_title(kind)}收入总计 {r['amount_yuan']:,.2f} 元与支出总计 {e['amount_yuan']:,.2f} 元不等",
                            kind, page=e["page"])
    return out


@register
def summary_sums(doc) -> list[dict]:
    """总表: the numbered revenue items and the function 类 add up to 本年收入合计 / 本年支出合计."""
    out: list[dict] = []
    if not _is_final(doc):
        return out
    for kind in ("final_summary", "final_appropriation_summary"):
        for side, total_name in (("revenue", r"^本年收入合计$"), ("expenditure", r"^本年支出合计$")):
            rows = _rows(doc, kind, side).sort_values("row")
            total = _named(rows, total_name)
            if len(total) != 1:
                continue
            t = total.iloc[0]
            items = rows[(rows["row"] < t["row"]) & (rows["level"] == 1)]
            if side == "revenue" and kind == "final_appropriation_summary":
                items = items[~items["name"].str.contains("结转|结余")]
            if items.empty:
                continue
            s, tol = _sum(items)
            out += _compare("final_summary_sum", t["amount_yuan"], s, tol + _tol(total),
                            f"{kind_title(kind)}{t['name']} {t['amount_yuan']:,.2f} 元，其上 {len(items)} 项合计 {s:,.2f} 元",
                            kind, page=t["page"])
    return out


@register
def row_identities(doc) -> list[dict]:
    """Each row of the coded 决算 tables: the total column against its parts (blank = 0, as printed)."""
    out: list[dict] = []
    for kind, identities in ROW_IDENTITIES.items():
        l = _rows(doc, kind)
        l = l[l["level"] >= 0]
        if l.empty:
            continue
        for (title, row), g in l.groupby(["table_title", "row"], sort=False):
            values = dict(zip(g["measure"], g["amount_yuan"]))
            first = g.iloc[0]
            for whole, parts in identities:
                present = [p for p in parts if p in values]
                if whole not in values or len(present) < 2:
                    continue
                terms = g[g["measure"].isin(present + [whole])]
                s = round(sum(values[p] for p in present), 2)
                out += _compare("final_row_identity", values[whole], s, _tol(terms),
                                f"{first['code'] or '合计'} {first['name']}：{measure_title(whole)} {values[whole]:,.2f} 元 ≠ "
                                f"{' + '.join(map(measure_title, present))} = {s:,.2f} 元", kind, first["code"], first["page"])
            if kind == "final_gov_fund" and all(m in values for m in ("carry_in", "revenue_year", "actual", "carry_out")):
                terms = g[g["measure"].isin(["carry_in", "revenue_year", "actual", "carry_out"])]
                left = round(values["carry_in"] + values["revenue_year"], 2)
                right = round(values["actual"] + values["carry_out"], 2)
                out += _compare("final_row_identity", left, right, _tol(terms),
                                f"{first['code'] or '合计'} {first['name']}：年初结转和结余 + 本年收入 = {left:,.2f} 元，"
                                f"本年支出 + 年末结转和结余 = {right:,.2f} 元", kind, first["code"], first["page"])
    return out


@register
def personnel_public(doc) -> list[dict]:
    """基本支出决算表: 人员经费合计 = 301 + 303; 公用经费合计 = the other 类 (302 + 310, and 309 … where printed)."""
    out: list[dict] = []
    l = _rows(doc, "final_basic_by_economic")
    classes = l[(l["level"] == 1) & (l["measure"] == "actual")]
    for measure, pick in (("personnel", lambda c: c in ("301", "303")), ("public", lambda c: c not in ("301", "303"))):
        total = l[(l["level"] == 0) & (l["measure"] == measure)]
        parts = classes[classes["code"].map(pick)]
        if len(total) != 1 or parts.empty:
            continue
        t = total.iloc[0]
        s, tol = _sum(parts)
        out += _compare("final_personnel_public", t["amount_yuan"], s, tol + _tol(total),
                        f"{t['name']} {t['amount_yuan']:,.2f} 元 ≠ {' + '.join(parts['code'])} = {s:,.2f} 元",
                        "final_basic_by_economic", page=t["page"])
    return out


def _total(doc, kind: str, measure: str, name: str | None = None) -> pd.DataFrame:
    rows = _rows(doc, kind, measure)
    if name is not None:
        return _named(rows, name).head(1)
    return rows[(rows["level"] == 0) & (rows["code"] == "")].head(1)


# (what, (kind, measure, name pattern or None for the 合计 row), (kind, measure, name)) — the same money twice
_PAIRS = [
    ("本年收入合计", ("final_summary", "revenue", r"^本年收入合计$"), ("final_revenue", "actual", None)),
    ("本年支出合计", ("final_summary", "expenditure", r"^本年支出合计$"), ("final_expenditure", "actual", None)),
    ("一般公共预算财政拨款收入", ("final_summary", "revenue", r"^一般公共预算财政拨款(收入)?$"),
     ("final_appropriation_summary", "revenue", r"^一般公共预算财政拨款(收入)?$")),
    ("一般公共预算财政拨款支出", ("final_appropriation_summary", "expenditure_gpb", r"^本年支出合计$"),
     ("final_gpb_by_function", "actual", None)),
    ("政府性基金预算财政拨款支出", ("final_appropriation_summary", "expenditure_gov_fund", r"^本年支出合计$"),
     ("final_gov_fund", "actual", None)),
    ("财政拨款收入", ("final_revenue", "appropriation", None), ("final_appropriation_summary", "revenue", r"^本年收入合计$")),
]


@register
def across_tables(doc) -> list[dict]:
    out: list[dict] = []
    if not _is_final(doc):
        return out
    for what, (k1, m1, n1), (k2, m2, n2) in _PAIRS:
        a, b = _total(doc, k1, m1, n1), _total(doc, k2, m2, n2)
        if a.empty or b.empty:
            continue
        both = pd.concat([a, b])
        x, y = a.iloc[0], b.iloc[0]
        out += _compare("final_across_tables", x["amount_yuan"], y["amount_yuan"], _tol(both),
                        f"{what}：{kind_title(k1)}为 {x['amount_yuan']:,.2f} 元，{kind_title(k2)}为 {y['amount_yuan']:,.2f} 元",
                        k2, page=y["page"])
    basic = _total(doc, "final_gpb_by_function", "basic")
    parts = pd.concat([_total(doc, "final_basic_by_economic", m) for m in ("personnel", "public")])
    if len(basic) and len(parts) == 2:
        s, tol = _sum(parts)
        b = basic.iloc[0]
        out += _compare("final_across_tables", b["amount_yuan"], s, tol + _tol(basic),
                        f"一般公共预算财政拨款基本支出 {b['amount_yuan']:,.2f} 元 ≠ 基本支出决算表人员经费 + 公用经费 = {s:,.2f} 元",
                        "final_basic_by_economic", page=parts.iloc[0]["page"])
    return out


def _wan_tol(x: float) -> float:
    """Half a unit of the last digit a 万元 figure was printed with (its shortest form), in 万元."""
    text = repr(round(float(x), 4))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10 ** -max(decimals, 2)


def _execution(doc) -> pd.DataFrame:
    c = doc.claims
    if "execution_basis" not in c:
        return c.iloc[0:0]
    return c[c["execution_basis"].fillna("").ne("")]


# a stated total's subject (the claim parser's words) -> the table row it must equal
_TEXT_TOTALS = [
    (r"财政拨款收入支出总(计)?$", ("final_appropriation_summary", "revenue", r"^总计$")),
    (r"(?<!财政拨款)收入支出总(计)?$", ("final_summary", "revenue", r"^总计$")),
    (r"^本年收入(合计)?$", ("final_summary", "revenue", r"^本年收入合计$")),
    (r"^本年支出(合计)?$", ("final_summary", "expenditure", r"^本年支出合计$")),
]


@register
def narrative_vs_table(doc) -> list[dict]:
    out: list[dict] = []
    if not _is_final(doc):
        return out
    c = doc.claims
    plain = c[c["amount_wan"].notna() & (c["execution_basis"].fillna("") == "")] if "execution_basis" in c else c
    for pattern, (kind, measure, name) in _TEXT_TOTALS:
        row = _total(doc, kind, measure, name)
        if row.empty:
            continue
        r = row.iloc[0]
        hits = plain["subject"].fillna("").map(lambda t: bool(re.search(pattern, str(t))))
        for _, claim in plain[hits].iterrows():
            stated = claim["amount_wan"] * _WAN
            out += _compare("final_narrative_vs_table", r["amount_yuan"], round(stated, 2),
                            (_wan_tol(claim["amount_wan"]) + 0.005) * _WAN,
                            f"文字称{claim['subject']}计 {claim['amount_wan']:,.2f} 万元（“{claim['sentence'][:60]}”），"
                            f"{kind_title(kind)}{r['name']}为 {r['amount_yuan'] / _WAN:,.2f} 万元", kind,
                            page=claim["page"])
    fn = _rows(doc, "final_gpb_by_function", "actual")
    for _, claim in _execution(doc).iterrows():
        code = claim["code"] or ""
        if code:
            row = fn[fn["code"] == code].head(1)
        elif claim["subject"] == "一般公共预算财政拨款支出":
            row = fn[(fn["level"] == 0) & (fn["code"] == "")].head(1)
        else:
            continue
        if row.empty:
            continue
        r = row.iloc[0]
        out += _compare("final_narrative_vs_table", r["amount_yuan"], round(claim["amount_wan"] * _WAN, 2),
                        (_wan_tol(claim["amount_wan"]) + 0.005) * _WAN,
                        f"文字称{claim['subject']}支出决算 {claim['amount_wan']:,.2f} 万元，"
                        f"一般公共预算财政拨款支出决算表为 {r['amount_yuan'] / _WAN:,.2f} 万元",
                        "final_gpb_by_function", code, claim["page"])
    return out


def _rate_range(actual: float, budget: float) -> tuple[float, float]:
    """The rates (%) the printed 万元 figures allow: each within half a unit of its last digit."""
    da, db = _wan_tol(actual), _wan_tol(budget)
    lo_b, hi_b = budget + db, max(budget - db, 1e-9)
    return max(actual - da, 0) / lo_b * 100, (actual + da) / hi_b * 100


def _rate_fits(pct: float, actual: float, budget: float) -> bool:
    if budget is None or math.isnan(budget) or budget <= 0:
        return False
    lo, hi = _rate_range(actual, budget)
    half = _wan_tol(pct)
    return lo - half - 1e-9 <= pct <= hi + half + 1e-9


@register
def execution_rates(doc) -> list[dict]:
    """The stated 完成预算的 P% recomputed from the stated 决算 and budget."""
    out: list[dict] = []
    for _, c in _execution(doc).iterrows():
        pct, actual = c["execution_pct"], c["amount_wan"]
        if pd.isna(pct) or pd.isna(actual):
            continue
        named = c["budget_adjusted_wan"] if c["execution_basis"] == "budget_adjusted" else c["budget_wan"]
        other = c["budget_wan"] if c["execution_basis"] == "budget_adjusted" else c["budget_adjusted_wan"]
        if pd.isna(named):
            continue  # a part stated with its rate only (其中：…决算为0.00万元，完成预算的0%)
        if _rate_fits(pct, actual, named):
            continue
        if named > 0 and _rate_fits(pct + 2 * _wan_tol(pct), actual, named):  # 95.457 printed 95.45: cut, not rounded
            out.append(finding("display_rounding", "info", f"{c['subject']}：完成率 {actual / named * 100:.3f}% 印作 "
                               f"{pct}%（截断而非四舍五入）", round(actual / named * 100, 2), pct,
                               "final_gpb_by_function", c["code"] or "", None if pd.isna(c["page"]) else int(c["page"])))
            continue
        basis = "全年预算" if c["execution_basis"] == "budget_adjusted" else "年初预算"
        if named > 0:
            computed = round(actual / named * 100, 2)
            msg = (f"{c['subject']}：决算 {actual:,.2f} 万元 ÷ {basis} {named:,.2f} 万元 = {computed:.2f}%，"
                   f"文字称完成{basis}的 {pct}%")
        else:
            computed = float("nan")
            msg = f"{c['subject']}：{basis}为 {named:,.2f} 万元，文字却称完成{basis}的 {pct}%"
        if not pd.isna(other) and _rate_fits(pct, actual, other):
            msg += f"（{pct}% 是对{'年初预算' if basis == '全年预算' else '全年预算'} {other:,.2f} 万元的完成率）"
        out.append(finding("final_execution_rate", "error", msg, None if math.isnan(computed) else computed, pct,
                           "final_gpb_by_function", c["code"] or "", None if pd.isna(c["page"]) else int(c["page"])))
    return out


@register
def execution_directions(doc) -> list[dict]:
    """决算数大于/小于预算数 against the stated figures."""
    out: list[dict] = []
    for _, c in _execution(doc).iterrows():
        if c["direction"] not in ("over", "under"):
            continue
        budgets = [b for b in (c["budget_wan"], c["budget_adjusted_wan"]) if not pd.isna(b)]
        if not budgets or pd.isna(c["amount_wan"]):
            continue
        # 决算数小于预算数 may mean either budget the text states: wrong only when it is wrong of both
        wrong = [b for b in budgets if (c["direction"] == "over" and c["amount_wan"] < b)
                 or (c["direction"] == "under" and c["amount_wan"] > b)]
        if len(wrong) < len(budgets):
            continue
        budget = budgets[0]
        said = {"over": "大于", "under": "小于"}[c["direction"]]
        out.append(finding("final_execution_direction", "error",
                           f"{c['subject']}：文字称决算数{said}预算数，而决算 {c['amount_wan']:,.2f} 万元、预算 "
                           f"{budget:,.2f} 万元", budget, c["amount_wan"], "final_gpb_by_function", c["code"] or "",
                           None if pd.isna(c["page"]) else int(c["page"])))
    return out


_THREE_PUBLIC_TEXT = [("total", r"三公"), ("abroad", r"因公出国"), ("vehicle", r"公务用车购置及运行"),
                      ("vehicle_purchase", r"^公务用车购置费"), ("vehicle_operation", r"公务用车运行"),
                      ("reception", r"公务接待"), ("meeting", r"^会议费"), ("training", r"^培训费")]


@register
def three_public(doc) -> list[dict]:
    """The 三公 决算表 against the text, and 决算 over 预算 per item."""
    out: list[dict] = []
    t = _rows(doc, "final_three_public")
    if t.empty:
        return out
    table = {(m, n): r for (m, n), r in zip(zip(t["measure"], t["name"]), t.itertuples(index=False))}
    for (measure, name), r in table.items():
        budget = table.get((measure, "预算数"))
        if name == "决算数" and budget is not None and r.amount_yuan > budget.amount_yuan + 0.005:
            out.append(finding("final_three_public_over_budget", "warning",
                               f"{measure_title(measure)}决算 {r.amount_yuan / _WAN:,.2f} 万元，超过预算 "
                               f"{budget.amount_yuan / _WAN:,.2f} 万元", budget.amount_yuan, r.amount_yuan,
                               "final_three_public", page=None if pd.isna(r.page) else int(r.page)))
    for _, c in _execution(doc).iterrows():
        subject = re.sub(r"支出$|经费财政拨款支出$", "", str(c["subject"]))
        measure = next((m for m, p in _THREE_PUBLIC_TEXT if re.search(p, subject)), None)
        if measure is None:
            continue
        for name, stated in (("决算数", c["amount_wan"]), ("预算数", c["budget_wan"])):
            row = table.get((measure, name))
            if row is None or pd.isna(stated):
                continue
            out += _compare("final_three_public_text", row.amount_yuan, round(stated * _WAN, 2),
                            (_wan_tol(stated) + 0.005) * _WAN,
                            f"文字称{c['subject']}{name[:2]} {stated:,.2f} 万元，“三公”经费支出决算表为 "
                            f"{row.amount_yuan / _WAN:,.2f} 万元", "final_three_public",
                            page=None if pd.isna(c["page"]) else int(c["page"]))
    return out
