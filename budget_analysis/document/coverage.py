"""How much project money carries performance targets (绩效目标), and how measurable those targets are.

A project is covered when a 项目绩效目标表 was matched to it or to its group (`indicators.project_matched`: Xi'an
departments write one table per category such as 其他履职尽责专项业务费); the match score says how sure that match is. Coverage is measured in money against the printed project total, because a few large
transfers (县级补贴资金) without targets matter more than many small ones with targets.
"""
from __future__ import annotations

import pandas as pd

from .memo import lines_of_kind, per_document

# 一级指标 of the Shaanxi template, as columns of per-project counts.
LEVEL1 = {"产出": "n_output", "效益": "n_effect", "满意度": "n_satisfaction"}


def _project_indicators(doc) -> pd.DataFrame:
    ind = doc.indicators
    return ind[(ind["table_kind"] == "project") & (ind["project_matched"] != "")]


def _category(level1: pd.Series) -> pd.Series:
    out = pd.Series("n_other", index=level1.index)
    for word, column in LEVEL1.items():
        out[level1.str.contains(word, na=False)] = column
    return out


def target_money(doc, kinds=("performance_project",)) -> pd.DataFrame:
    """Each target table's projects with the money it states for them (元) and the page of their first line: a
    project printed over several bands (北京 预算12表) or twice in one table (烟台 文旅局: 实施公车统管费用 3.00 万元 for two
    units) is the sum of its lines. Columns table_kind, table_title, name, amount_yuan, page. Worked out once per
    document (three checks and the coverage ask); not to be changed in place."""
    def make(d):
        parts = [lines_of_kind(d, k) for k in kinds]
        t = pd.concat(parts).sort_index() if len(parts) > 1 else parts[0]  # in the lines' order
        t = t[t["measure"] == "total"]
        return t.groupby(["table_kind", "table_title", "name"], sort=False, observed=True).agg(
            amount_yuan=("amount_yuan", "sum"), page=("page", "first")).reset_index()
    return per_document(doc, "target_money:" + ",".join(kinds), make)


def performance_coverage(doc) -> pd.DataFrame:
    """Per project of doc.projects: amount, whether it has targets, the target table's name and match score,
    indicator counts per 一级指标, the quantified share, placeholders and the amount the target table states."""
    ind = _project_indicators(doc)
    per = ind.assign(category=_category(ind["level1"])).groupby("project_matched").agg(
        target_name=("project", "first"), match_score=("match_score", "max"), n_indicators=("indicator", "size"),
        quantified_share=("is_quantified", "mean"), placeholders=("is_placeholder", "sum"))
    counts = ind.assign(category=_category(ind["level1"])).pivot_table(
        index="project_matched", columns="category", values="indicator", aggfunc="size")
    per = per.join(counts.reindex(columns=[*LEVEL1.values(), "n_other"]))
    stated = target_money(doc).drop_duplicates("name").set_index("name")["amount_yuan"]  # its first table's
    out = doc.projects[["project", "group", "unit_code", "amount_yuan"]].copy()
    out["covered_by"] = pd.Series([_covered_by(r.project, r.group, per.index) for r in out.itertuples()],
                                  index=out.index, dtype=str)
    per.index = per.index.astype(str)  # empty when no target table matched
    out = out.join(per, on="covered_by")
    out["amount_wan"] = (out["amount_yuan"] / 1e4).round(2)
    out["has_targets"] = out["n_indicators"].notna()
    out["target_amount_yuan"] = out["target_name"].map(stated)
    count_cols = ["n_indicators", *LEVEL1.values(), "n_other", "placeholders"]
    out[count_cols] = out[count_cols].fillna(0).astype(int)
    out["quantified_share"] = out["quantified_share"].astype(float)
    out["target_name"] = out["target_name"].fillna("")
    return out[["project", "group", "unit_code", "amount_yuan", "amount_wan", "has_targets", "target_name",
                "match_score", "target_amount_yuan", *count_cols[:-1], "quantified_share", "placeholders"]]


def _covered_by(project: str, group: str, matched) -> str:
    """The target table's key for a project: its own name, else its innermost matched group."""
    for name in [project, *reversed([g for g in group.split("/") if g])]:
        if name in matched:
            return name
    return ""


def project_money_yuan(doc) -> float:
    """The printed project total: 专项业务经费支出表 合计, else the 项目 column of 表5's 合计, else the rows' sum.

    The rows can disagree with the printed total (the founding sample prints 104400000 for a 1044 万 item)."""
    for kind, measure in (("project_spending", "total"), ("gpb_by_function", "project")):
        top = doc.table(kind, measure)
        top = top[top["level"] == 0]["amount_yuan"]
        if len(top):
            return float(top.sum())
    return float(doc.projects["amount_yuan"].sum())


def performance_coverage_totals(doc, per: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row: projects with targets, covered and uncovered money (元) and share, indicator quality overall
    (`per`: `performance_coverage(doc)` when the caller has it already, so it is not built twice)."""
    per = performance_coverage(doc) if per is None else per
    ind = _project_indicators(doc)
    money = project_money_yuan(doc)
    covered = float(per.loc[per["has_targets"], "amount_yuan"].sum())
    unmatched = doc.indicators[(doc.indicators["table_kind"] == "project") & (doc.indicators["project_matched"] == "")]
    return pd.DataFrame([dict(
        n_projects=len(per), n_with_targets=int(per["has_targets"].sum()), project_money_yuan=money,
        project_rows_yuan=float(per["amount_yuan"].sum()), covered_yuan=covered, uncovered_yuan=money - covered,
        covered_share=covered / money if money else float("nan"), n_indicators=len(ind),
        quantified_share=float(ind["is_quantified"].mean()) if len(ind) else float("nan"),
        placeholders=int(ind["is_placeholder"].sum()), unmatched_target_tables=unmatched["project"].nunique(),
    )])


def indicator_mix(doc) -> pd.DataFrame:
    """Indicators per project, 一级 and 二级指标: how many, how many quantified, how many placeholders."""
    ind = doc.indicators[doc.indicators["table_kind"] == "project"]
    out = ind.groupby(["project", "project_matched", "level1", "level2"], sort=False).agg(
        n=("indicator", "size"), quantified=("is_quantified", "sum"), placeholders=("is_placeholder", "sum"))
    return out.astype(int).reset_index()
