"""Performance targets (绩效目标表): coverage of project money and quality of the targets.

check_ids:
- ``performance_coverage`` (error when the text claims 全覆盖, target tables were read, every one found its project
  and at least 1% of the money has none; else warning): project money without a 绩效目标表; expected = all project money, actual = money covered.
- ``performance_amount_mismatch`` (warning): a target table states another amount than the project it matches
  surely (similar as written, ≥ 0.8, not merely contained; a name printed once).
- ``performance_target_unmatched`` (warning): a 绩效目标表 whose project is in no row of the project table.
- ``target_placeholder`` (warning): a target left as a template placeholder (``≥N人``, ``XX``).
- ``target_rate_above_100`` (warning): a rate target above 100%.
- ``indicator_duplicate`` (warning): the same indicator and target twice in one table.
- ``indicator_category_missing`` (warning): a project table without 产出, 效益 or 满意度 indicators.
"""
from __future__ import annotations

import re

import pandas as pd

from .registry import finding
from ..normalise.matching import match_names, similarity
from . import register

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
SURE = 0.8
MATERIAL = 0.01  # uncovered share of project money from which a 全覆盖 claim is an error, not a gap  # below this similarity a matched name may be another project: amounts are not compared


def _page(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def claims_full_coverage(doc) -> str:
    """The sentence in which the document claims 全覆盖, or ''."""
    hits = doc.claims[doc.claims["sentence"].str.contains("全覆盖", regex=False)]
    if not hits.empty:
        return hits["sentence"].iloc[0]
    if doc.raw is not None:
        for _, text in doc.raw.text:
            if text and "全覆盖" in text:
                return "全覆盖"
    return ""


SECRET = re.compile(r"涉密|保密|不予公开|未予公开|予以剔除")  # 予以剔除: Yantai `部分具体项目信息公开时予以剔除`


def _secret_sentences(doc) -> list[str]:
    """Sentences that declare targets withheld as secret (`…绩效目标表，本部门按照保密审查机制确定此项内容为涉密
    内容，按规定不予公开`, Xi'an finance 2026 p21)."""
    texts = [t for _, t in doc.raw.text if t] if doc.raw is not None else list(doc.claims["sentence"])
    return [s for t in texts for s in re.split(r"[。；]", re.sub(r"\s+", "", t)) if SECRET.search(s)]


def _exempt(doc, per: pd.DataFrame) -> pd.Series:
    """Projects without a 项目绩效目标表 that are covered all the same: by a 专项资金总体绩效目标表 of the
    same name (Xi'an finance 2026 p59: 政策性农业保险市级补贴资金 6,600 万元), or withheld as 涉密 (the project's
    name says so, or a sentence declaring secret targets names it)."""
    fund = doc.indicators[doc.indicators["table_kind"] == "special_fund"]["project"].dropna().unique().tolist()
    fund += doc.lines[doc.lines["table_kind"] == "performance_special_fund"]["name"].dropna().unique().tolist()
    missing = per.loc[~per["has_targets"], "project"].tolist()
    by_fund = {m for m, _ in match_names([f for f in fund if f], missing).values() if m}
    terms = [t for s in _secret_sentences(doc) for t in _secret_terms(s)]

    def exempt(name: str) -> bool:
        return name in by_fund or bool(SECRET.search(name)) or any(
            sum(ch in name for ch in t) >= 0.75 * len(t) for t in terms)
    return ~per["has_targets"] & per["project"].map(exempt)


def _secret_terms(sentence: str) -> list[str]:
    """What a 涉密 sentence withholds: `其中粮食储备及重要商品储备相关业务预算经费绩效目标表…涉密` →
    粮食储备, 重要商品储备 (a project is withheld when it holds ¾ of a term's characters: 市级储备粮油费用补贴)."""
    m = re.search(r"(?:其中|包括)?([^，,（(]{4,40}?)(?:相关)?(?:业务)?(?:预算)?(?:经费|资金|项目)?(?:的)?绩效目标表", sentence)
    if not m:
        return []
    head = re.sub(r"^(其中|包括)", "", m.group(1))
    return [t for t in re.split(r"及|和|与|、", head) if len(t) >= 4]


@register
def coverage(doc) -> list[dict]:
    from ..analysis import performance_coverage, performance_coverage_totals
    if doc.projects.empty:
        return []
    per = performance_coverage(doc)
    tot = performance_coverage_totals(doc, per).iloc[0]
    exempt = _exempt(doc, per)
    per = per.assign(has_targets=per["has_targets"] | exempt)
    total = round(tot["project_money_yuan"], 2)
    money = round(tot["covered_yuan"] + per.loc[exempt, "amount_yuan"].sum(), 2)
    if money >= total - 0.5:
        return []
    missing = per[~per["has_targets"]].sort_values("amount_yuan", ascending=False)
    claim = claims_full_coverage(doc)
    listing = "；".join(f"{r.project} {r.amount_yuan / 10000:,.2f} 万元" for r in missing.head(5).itertuples())
    more = f"等 {len(missing)} 个" if len(missing) > 5 else ""
    message = (f"{int(tot['n_projects'])} 个项目中 {int(per['has_targets'].sum())} 个有绩效目标表（含所属类别的目标表、"
               f"专项资金总体绩效目标表和注明涉密的），"
               f"覆盖 {money / 10000:,.2f} / {total / 10000:,.2f} 万元（{money / total:.1%}）；"
               f"无目标表的：{listing}{more}")
    unmatched = int(tot["unmatched_target_tables"])
    if unmatched:
        message += f"；另有 {unmatched} 张目标表对应不到项目，覆盖情况无法完全核实"
    tables = doc.indicators.loc[doc.indicators["table_kind"] == "project", "project"].nunique()
    if not tables:  # no 绩效目标表 read at all: they may be in another file or a layout we do not read
        message += "；本文件中未读到任何项目绩效目标表，目标可能另册公开或未能识别"
    t = doc.tables
    key_only = bool(len(t)) and t["title"].fillna("").str.contains("重点项目.*绩效目标|重点.*项目绩效").any()
    if key_only:  # 2020 Xi'an 表14 部门专项业务经费重点项目绩效目标表: only key projects' targets are published
        message += "；本文件只公开重点项目的绩效目标表"
    if claim:
        message += "；而文字称绩效目标管理全覆盖"
    page = doc.projects.loc[doc.projects["project"] == missing["project"].iloc[0], "page"] if len(missing) else []
    severe = claim and tables and not key_only and not unmatched and (total - money) >= MATERIAL * total
    return [finding("performance_coverage", "error" if severe else "warning", message, total, money,
                    "performance_project", "", _page(page.iloc[0]) if len(page) else None)]


@register
def amounts_match(doc) -> list[dict]:
    p, i = doc.projects, doc.indicators
    from ..document.coverage import target_money
    stated = target_money(doc)
    if stated.empty or p.empty:
        return []
    sure = i[(i["table_kind"] == "project") & (i["match_score"] >= SURE)].drop_duplicates("project")
    matched = sure.set_index("project")["project_matched"]
    once = p[~p["project"].duplicated(keep=False)]  # a name printed for several units says nothing
    amounts = once.set_index("project")["amount_yuan"]
    out = []
    for r in stated.to_dict("records"):
        m = matched.get(r["name"], "")
        if m and m in amounts and abs(amounts[m] - r["amount_yuan"]) > 50 \
                and similarity(r["name"], m, containment=False) >= SURE:
            out.append(finding("performance_amount_mismatch", "warning",
                               f"{r['name']}的绩效目标表金额为 {r['amount_yuan'] / 10000:,.2f} 万元，"
                               f"专项业务经费支出表中{m}为 {amounts[m] / 10000:,.2f} 万元", amounts[m], r["amount_yuan"],
                               "performance_project", "", _page(r["page"])))
    return out


@register
def unmatched_targets(doc) -> list[dict]:
    i = doc.indicators
    lost = i[(i["table_kind"] == "project") & (i["project_matched"] == "")].drop_duplicates("project")
    return [finding("performance_target_unmatched", "warning",
                    f"绩效目标表“{r.project}”在专项业务经费支出表中找不到对应的项目或类别"
                    f"（最高相似度 {r.match_score:.2f}）", table_kind="performance_project", page=_page(r.page))
            for r in lost.itertuples() if not doc.projects.empty]


@register
def target_quality(doc) -> list[dict]:
    i = doc.indicators
    out = []
    for r in i[i["is_placeholder"].fillna(False)].to_dict("records"):
        out.append(finding("target_placeholder", "warning",
                           f"{r['project']}：指标“{r['indicator']}”的指标值是未填写的占位符 {r['target_raw']}",
                           table_kind=f"performance_{r['table_kind']}", page=_page(r["page"])))
    rates = i[(i["target_unit"] == "%") & (i["target_value"] > 100)]
    for r in rates.to_dict("records"):
        out.append(finding("target_rate_above_100", "warning",
                           f"{r['project']}：指标“{r['indicator']}”的指标值 {r['target_raw']} 超过 100%",
                           100.0, float(r["target_value"]), f"performance_{r['table_kind']}", page=_page(r["page"])))
    dup = i[i.duplicated(["table_kind", "project", "indicator", "target_raw"], keep="first")]
    for r in dup.to_dict("records"):
        out.append(finding("indicator_duplicate", "warning",
                           f"{r['project']}：指标“{r['indicator']}”（{r['target_raw']}）重复出现",
                           table_kind=f"performance_{r['table_kind']}", page=_page(r["page"])))
    for project, g in i[i["table_kind"] == "project"].groupby("project"):
        lacking = [x for x in LEVEL1 if x not in set(g["level1"])]
        if lacking:
            out.append(finding("indicator_category_missing", "warning",
                               f"{project}：缺少{'、'.join(lacking)}", table_kind="performance_project",
                               page=_page(g["page"].iloc[0])))
    return out
