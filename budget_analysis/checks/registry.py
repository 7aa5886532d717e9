"""Checks are data: every check_id with its Chinese title, the worst severity it may raise and what it rests on.

A finding is made only through `finding()`, which refuses an id that is not registered here; the report's titles,
`budget-analysis checks` and docs/contract.md's table of checks all come from `CHECKS`.

`rests_on` names the inputs whose reading must be verified before the check may say `error` (the rule is applied
once, in `checks.verdict`): table kinds (`gpb_by_function`, …: every table of that kind must be verified), `table`
(the table the finding names must be verified), `self` (the finding is about the named table's own sums: its
failures must be isolated, one misprinted figure explaining them all), or `narrative` (sentences), `projects`,
`indicators`, `contents` (the 目录), `text` (the document's own words, which need no verification).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    severity: str              # the worst severity the check raises
    rests_on: tuple[str, ...]  # what must be read and verified for an error to stand
    family: str                # the module that runs it

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity {self.severity!r} not in {SEVERITIES}")


_T = ("table",)
_S = ("self",)
_N = ("narrative",)
_NT = ("narrative", "table")
_X = ("text",)
_ROWS = [
    # id, title, severity, rests_on, family
    ("hierarchy_sum", "类款项合计不符", "error", _S, "arithmetic"),
    ("row_identity", "行内合计不符", "error", _S, "arithmetic"),
    ("display_rounding", "显示舍入差", "info", _T, "arithmetic"),
    ("total_across_tables", "表间合计不符", "error", ("gpb_by_function", "table"), "cross_table"),
    ("basic_vs_detail", "基本支出与明细不符", "error", ("table", "gpb_by_function", "gpb_by_economic"), "cross_table"),
    ("project_group_sum", "项目分组合计不符", "error", ("self",), "projects"),
    ("narrative_vs_table", "文字与表格不符", "error", _NT, "narrative"),
    ("narrative_rounding", "文字数字舍入", "info", _NT, "narrative"),
    ("narrative_code_unknown", "文字引用的科目编码不存在", "warning", _NT, "narrative"),
    ("narrative_change_conflict", "文字前后变动不一致", "warning", _N, "narrative"),
    ("performance_coverage", "绩效目标覆盖不全", "error", ("project_spending", "indicators"), "performance"),
    ("performance_amount_mismatch", "绩效目标表金额不符", "warning", ("projects", "indicators"), "performance"),
    ("performance_target_unmatched", "绩效目标表无对应项目", "warning", ("projects", "indicators"), "performance"),
    ("target_placeholder", "绩效指标值为占位符", "warning", ("indicators",), "performance"),
    ("target_rate_above_100", "比率指标超过100%", "warning", ("indicators",), "performance"),
    ("indicator_duplicate", "绩效指标重复", "warning", ("indicators",), "performance"),
    ("indicator_category_missing", "缺少某类绩效指标", "warning", ("indicators",), "performance"),
    ("table_missing", "缺少应公开的表", "warning", ("contents",), "inventory"),
    ("table_empty", "表格为空", "warning", ("contents",), "inventory"),
    ("table_numbering", "表号与目录不符", "info", ("contents",), "inventory"),
    ("table_untitled", "表格无标题", "warning", ("table",), "inventory"),
    ("table_unknown", "无法识别的表格", "warning", ("table",), "inventory"),
    ("change_arithmetic", "增减额与前后金额不符", "error", _X, "text_changes"),
    ("change_percent", "增减幅度计算有误", "error", _X, "text_changes"),
    ("change_direction", "增减方向用词有误", "error", _X, "text_changes"),
    ("change_zero_direction", "零变动却称增减", "warning", _X, "text_changes"),
    ("change_direction_missing", "变动缺少增减用词", "warning", _X, "text_changes"),
    ("amount_conflict", "同一事项金额不一", "error", _X, "text_changes"),
    ("reason_empty", "原因说明为空", "error", _X, "text_reasons"),
    ("reason_missing", "变动未说明原因", "info", _X, "text_reasons"),
    ("comparison_year", "比较年份有误", "error", _X, "text_years"),
    ("current_year_as_prior", "本年误作上年", "error", _X, "text_years"),
    ("table_title_year", "表题年份有误", "error", _X, "text_years"),
    ("as_of_year", "截至日期年份有误", "warning", _X, "text_years"),
    ("code_name_mismatch", "科目编码与名称不符", "warning", _X, "text_codes"),
    ("code_name_outdated", "使用旧科目名称", "warning", _X, "text_codes"),
    ("template_instruction", "模板说明文字未删除", "error", _X, "text_template"),
    ("template_placeholder", "模板占位符未填写", "error", _X, "text_template"),
    ("template_ellipsis", "模板省略号未填写", "warning", _X, "text_template"),
    ("unit_kind_mismatch", "单位/部门预算称谓不一", "warning", _X, "text_template"),
    ("unit_name_mismatch", "单位名称前后不一", "warning", _X, "text_template"),
    ("three_public_sum", "三公经费合计不符", "error", _S, "three_public"),
    ("three_public_text_sum", "文字三公经费合计不符", "error", _N, "three_public"),
    ("three_public_text_vs_table", "三公经费文字与表格不符", "error", ("narrative", "three_public"), "three_public"),
    ("procurement_sum", "政府采购分类合计不符", "warning", _X, "reviewer"),
    ("procurement_reserved", "中小企业预留超过采购总额", "warning", _X, "reviewer"),
    ("zero_still_changes", "零金额却称比上年增加", "warning", _X, "reviewer"),
    ("code_impossible", "不可能存在的科目编码", "warning", _T, "reviewer"),
    ("kuan_without_xiang", "款下未列项", "warning", _T, "reviewer"),
    ("target_at_bound", "指标值只能在边界达成", "warning", ("indicators",), "reviewer"),
    ("doubled_punctuation", "标点重复", "info", _X, "text_hygiene"),
    ("repeated_word", "字词重复", "info", _X, "text_hygiene"),
    ("unbalanced_brackets", "括号不成对", "info", _X, "text_hygiene"),
    ("amount_unparsed", "金额无法识别", "warning", _T, "amounts"),
    ("prior_year_mismatch", "上年数与上年文件不符", "warning", _NT, "compare"),
    ("ocr_suspect_cell", "疑似OCR误识的数字", "warning", _T, "ocr"),
    ("unit_unknown", "金额单位未能确定", "warning", _T, "quality"),
    ("unit_by_narrative", "表格金额与文字相差一万倍", "warning", _NT, "quality"),
    ("number_unaccounted", "表中金额未读入", "warning", _T, "quality"),
    ("page_image_only", "页面为图片未读入", "warning", _X, "quality"),
    ("bracket_code_name", "文字（类/款/项）科目名称不符", "warning", _NT, "reviewer_consistency"),
    ("income_expenditure_change", "收入与支出变动不一致", "warning", _N, "reviewer_consistency"),
    ("empty_table_fund", "空表说明所指资金不符", "warning", _X, "reviewer_consistency"),
    ("performance_money_vs_projects", "绩效目标表资金少于项目支出", "warning", ("projects", "indicators"),
     "reviewer_consistency"),
    ("change_parts_vs_whole", "各类变动之和与总变动不符", "warning", _N, "reviewer_consistency"),
    # 决算 (issue 17, checks/final_accounts.py)
    ("final_balance", "决算总表收支不平衡", "error", _T, "final_accounts"),
    ("final_summary_sum", "决算总表分项合计不符", "error", _T, "final_accounts"),
    ("final_row_identity", "决算表行内合计不符", "error", _S, "final_accounts"),
    ("final_personnel_public", "人员/公用经费与经济分类不符", "error", _S, "final_accounts"),
    ("final_across_tables", "决算表间合计不符", "error",
     ("table", "final_summary", "final_revenue", "final_expenditure", "final_appropriation_summary",
      "final_gpb_by_function", "final_basic_by_economic", "final_gov_fund"), "final_accounts"),
    ("final_narrative_vs_table", "决算文字与表格不符", "error", _NT, "final_accounts"),
    ("final_execution_rate", "预算完成率计算有误", "error", _N, "final_accounts"),
    ("final_execution_direction", "决算与预算比较用词有误", "error", _N, "final_accounts"),
    ("final_three_public_text", "三公经费决算文字与表格不符", "error", ("narrative", "final_three_public"),
     "final_accounts"),
    ("final_three_public_over_budget", "三公经费决算超预算", "warning", ("final_three_public",), "final_accounts"),
]
CHECKS: dict[str, Check] = {r[0]: Check(*r) for r in _ROWS}
TITLES = {c.id: c.title for c in CHECKS.values()}


def title(check_id: str) -> str:
    return CHECKS[check_id].title if check_id in CHECKS else check_id


def finding(check_id: str, severity: str, message: str, expected: float | None = None,
            actual: float | None = None, table_kind: str = "", code: str = "", page: int | None = None) -> dict:
    """One finding record; refuses an unregistered check_id or a severity worse than the check's own."""
    check = CHECKS.get(check_id)
    if check is None:
        raise KeyError(f"unknown check_id {check_id!r}: register it in checks/registry.py")
    if severity not in SEVERITIES or SEVERITIES.index(severity) < SEVERITIES.index(check.severity):
        raise ValueError(f"{check_id}: severity {severity!r} is worse than the registered {check.severity!r}")
    diff = None if expected is None or actual is None else round(actual - expected, 2)
    nan = lambda v: float("nan") if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    return dict(check_id=check_id, severity=severity, message=message, expected=nan(expected),
                actual=nan(actual), difference=nan(diff), table_kind=table_kind, code=code, page=page)


def checks_table():
    """The registry as a DataFrame (id, title, severity, rests_on, family)."""
    import pandas as pd
    return pd.DataFrame([dict(id=c.id, title=c.title, severity=c.severity, rests_on=", ".join(c.rests_on),
                              family=c.family) for c in CHECKS.values()])


def markdown() -> str:
    """The registry as the Markdown table docs/contract.md carries."""
    rows = ["| check_id | title | severity | rests on | family |", "|---|---|---|---|---|"]
    rows += [f"| `{c.id}` | {c.title} | {c.severity} | {', '.join(c.rests_on)} | {c.family} |" for c in CHECKS.values()]
    return "\n".join(rows)
