"""Is a file without recognised tables still a budget disclosure? (narrative-only files)

Beijing's 部门预算信息公开, Xi'an DRC 2019's 预算说明 and Jiangsu's `*_text` PDFs carry the 情况说明 only: their
tables are a separate file. They are disclosures (claims, meta), not errors. The prose must say so itself: it
names a budget (部门预算 / 单位预算 / 预算公开 / 预算说明), speaks of at least three of the disclosure's sections
(收入预算, 支出预算, 一般公共预算, 财政拨款, 基本支出, 项目支出, “三公”经费, 机关运行经费, 政府采购) and states
amounts in 万元/元. Notices, web-site reports, inspection lists and drug lists do none of that and stay refused.
"""
from __future__ import annotations

import re

_BUDGET = re.compile(r"(部门|单位|综合)预算|预算(信息)?公开|预算(情况)?说明")
_SECTIONS = ["收入预算", "支出预算", "一般公共预算", "财政拨款", "基本支出", "项目支出", "三公", "机关运行经费",
             "政府采购"]
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万元|亿元|元)")
MIN_SECTIONS, MIN_AMOUNTS = 3, 5


def budget_prose(text: list[tuple[int | None, str]]) -> tuple[bool, str]:
    """(is a budget disclosure, why not) from the running text, page by page."""
    flat = re.sub(r"\s+", "", "".join(t or "" for _, t in text))
    if not _BUDGET.search(flat[:3000]):
        return False, "its text names no budget (部门预算 / 单位预算 / 预算公开) on the first pages"
    sections = [s for s in _SECTIONS if s in flat]
    if len(sections) < MIN_SECTIONS:
        return False, f"its text speaks of {len(sections)} budget sections ({'、'.join(sections) or 'none'})"
    if len(_AMOUNT.findall(flat)) < MIN_AMOUNTS:
        return False, "its text states no budget amounts"
    return True, ""
