"""Years against the budget year of the document (from its title): a 2024 budget compares with 2023.

Only constructions that fix a year's role are read, so citations (`市财函〔2021〕93号`, `《2021年…通知》`) and
实施期 ranges are never flagged.

check_ids:
- ``comparison_year`` (error): `较/比/与 20xx 年` where 20xx is not the year before the budget year.
- ``current_year_as_prior`` (error): a sentence opens with the previous year (`2021年本部门财政拨款支出…`) and
  compares itself with 上年: it states this year's figure under last year's label.
- ``table_title_year`` (error): a table title `20xx年…表` (or `…表（20xx年度）`) of another year than the budget.
- ``as_of_year`` (warning): `截至/截止 20xx 年底/末/12月` of neither the budget year nor the year before.
"""
from __future__ import annotations

import re

from .registry import finding
from . import register
from ._text import has_text, narrative, sentences, year_of

COMPARISON = re.compile(r"(较|比|与|同比)(20\d{2})年(?!\d)(?![^，。；]{0,3}(月|〕|\]|】|号))")
BOOK_TITLE = re.compile(r"《[^《》]*》")  # 《…2018年…执行情况与2019年…计划草案的报告》 names a report, compares nothing
AS_OF = re.compile(r"截[至止](20\d{2})年(底|末|12月)")
OPENING = re.compile(r"^(\(?\d{1,2}[)、.]|\([一二三四五六七八九十]\))?(20\d{2})年(本部门|本单位|部门|单位)")
TITLE_YEAR = re.compile(r"(20\d{2})年度?(?=.*表)|表[(（](20\d{2})年度?[)）]$")
TRAILING_YEAR = re.compile(r"表[(（](20\d{2})年度?[)）]$")


def title_without_names(title: str | None) -> str:
    """The title with bracketed project names taken out (`西安市级1.5TMRI（2021年医疗卫生机构能力提升补助资金）
    项目绩效自评表（2022年度）`: 2021年 names the fund, not the table's year); a closing `（20xx年度）` stays."""
    t = re.sub(r"\s+", "", title or "").replace("（", "(").replace("）", ")")
    return re.sub(r"\((?!20\d{2}年度?\)$)[^()]*\)", "", t)


@register
def years(doc) -> list[dict]:
    year = year_of(doc)
    if not year:
        return []
    out: list[dict] = []
    if has_text(doc):
        for page, text in narrative(doc):
            for s in sentences(text):
                for m in COMPARISON.finditer(BOOK_TITLE.sub("《》", s)):
                    if int(m.group(2)) != year - 1:
                        out.append(finding("comparison_year", "error", f"{year} 年预算却与 {m.group(2)} 年比较："
                                           f"“{s[:120]}”", year - 1, int(m.group(2)), page=page))
                for m in AS_OF.finditer(s):
                    if int(m.group(1)) not in (year - 1, year):
                        out.append(finding("as_of_year", "warning", f"{year} 年预算给出截至 {m.group(1)} 年的情况："
                                           f"“{s[:120]}”", year - 1, int(m.group(1)), page=page))
                m = OPENING.match(s)
                if m and int(m.group(2)) == year - 1 and re.search(r"较上年|比上年", s):
                    out.append(finding("current_year_as_prior", "error", f"句首写 {m.group(2)} 年，却与上年比较，"
                                       f"说的应是 {year} 年：“{s[:120]}”", year, year - 1, page=page))
    titles = {(g.title, g.page) for g in doc.raw.grids} if doc.raw is not None else set(
        doc.lines[["table_title", "page"]].drop_duplicates().itertuples(index=False, name=None))
    first = {}
    for title, page in sorted(titles, key=lambda t: (t[1] or 0, t[0])):
        first.setdefault(title, page)
    for title, page in first.items():
        t = title_without_names(title)
        m = TRAILING_YEAR.search(t) or TITLE_YEAR.search(t)  # 表（2022年度） decides over a fund's own year
        printed = int(next(g for g in m.groups() if g)) if m else None
        if m and printed != year:
            out.append(finding("table_title_year", "error", f"{year} 年预算中的表格“{title}”"
                               f"标为 {printed} 年", year, printed, page=page))
    return out
