"""The name the text gives a code, and the amounts it gives one item.

check_ids:
- ``code_name_mismatch`` (warning): the name before `（code）` in the text is not the tables' name for that code
  (or, if no table prints it, none of the names recorded in `classification_names.csv`). Names agree when one is
  the start of the other after dropping brackets, 的 and a trailing 支出 (tables cut names at column width), or
  the text's words end with the table's name (`…编入其他教育支出（2059999）`).
- ``code_name_outdated`` (warning): the text or a table uses a name the classification renamed before the
  budget year (documented renames only: 210 医疗卫生与计划生育支出 is 卫生健康支出 from 2019).
- ``amount_conflict`` (error): one item given two amounts: a numbered item's amount and the `20xx年预算安排…` /
  `当年预算…` of the same item (Shanghai states both), or one code with two amounts in one section.
"""
from __future__ import annotations

import re
from functools import lru_cache


from ..reference.classification import classification_of, known_names, names
from .registry import finding
from ..text import clean
from . import register
from ._text import page_of, year_of

NAMED_CODE = re.compile(r"([^，。；：、\d]{2,40}?)\((\d{3}|\d{5}|\d{7})\)")
LEAD = re.compile(r"^([.)、]|\(?\d{1,2}[)、.]?|\([一二三四五六七八九十]+\)|其中|本单位|本部门|当年|一般公共预算)+")
BUDGETED = re.compile(r"^(\d{4}年)?(当年|本年)?预算(安排|数)?$")


def _norm(name: str) -> str:
    s = re.sub(r"\((类|款|项)\)|[()“”的]", "", clean(name))
    return re.sub(r"(支出)+$", "", s)


def _agree(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a.startswith(b) or b.startswith(a) or a.endswith(b))


def _names(doc, year) -> list[dict]:
    out: list[dict] = []
    printed = _printed_names(doc.lines)
    seen = set()
    claims = doc.claims.drop_duplicates("sentence")
    for sentence, page in zip(claims["sentence"].tolist(), claims["page"].tolist()):
        for m in NAMED_CODE.finditer(sentence):
            name, code = LEAD.sub("", m.group(1)), m.group(2)
            if (name, code) in seen or not classification_of(code):
                continue
            seen.add((name, code))
            tables = printed.get(code, [])
            recorded = list(known_names(code)["name"])
            reference = tables or recorded
            if reference and not any(_agree(name, r) for r in reference):
                where = "表格印作" if tables else "科目表的名称是"
                out.append(finding("code_name_mismatch", "warning", f"文字把 {code} 称作“{name}”，{where}"
                                   f"“{'/'.join(reference)}”", None, None, "", code, page_of(page)))
            out += _outdated(code, name, year, "文字", page_of(page))
    for code, printed_as in printed.items():
        for name in printed_as:
            out += _outdated(code, name, year, "表格", None)
    return out


def _printed_names(lines) -> dict[str, list[str]]:
    """Each code the tables print with its names, sorted (codes too), in one pass over the lines rather than a
    grouped aggregate per code."""
    found: dict[str, set] = {}
    for code, name in zip(lines["code"].tolist(), lines["name"].tolist()):
        if code != "":
            found.setdefault(code, set()).add(name)
    return {code: sorted(found[code] - {""}) for code in sorted(found)}


def _outdated(code, name, year, where, page) -> list[dict]:
    """`name` is one the classification renamed before `year` (a documented rename, not a name printed in the
    corpus); the records are read as plain lists, a handful per code."""
    if (classification_of(code), code) not in _renamed_codes():
        return []  # no documented rename of this code (all but a few): no records to read
    rows = known_names(code)
    ended = [to for n, to, source in zip(rows["name"].tolist(), rows["valid_to"].tolist(), rows["source"].tolist())
             if n == name and to == to and not source.startswith("printed")]
    if year is None or not ended or ended[0] >= year:
        return []
    new = [n for n, since in zip(rows["name"].tolist(), rows["valid_from"].tolist()) if since > ended[0]]
    return [finding("code_name_outdated", "warning", f"{where}使用 {code} 的旧名称“{name}”，自 {int(ended[0]) + 1} 年起"
                    f"改称“{new[0] if new else '?'}”", None, None,
                    "", code, page)]


@lru_cache(maxsize=1)
def _renamed_codes() -> frozenset:
    """(classification, code) of every documented rename in the reference table (read once, as the table is)."""
    df = names()
    ended = df[df["valid_to"].notna() & ~df["source"].str.startswith("printed")]
    return frozenset(zip(ended["classification"], ended["code"]))


def _amounts(doc) -> list[dict]:
    out: list[dict] = []
    c = doc.claims[doc.claims["amount_wan"].notna()]
    parts = c["subject"].str.split("/")
    # a numbered item's amount against the 预算安排 the same item states later
    heads = c[parts.str.len() == 1].drop_duplicates("subject").set_index("subject")["amount_wan"]
    for claim, p in zip(c.to_dict("records"), parts):
        if len(p) == 2 and BUDGETED.match(p[1]) and p[0] in heads.index and abs(heads[p[0]] - claim["amount_wan"]) > 0.005:
            out.append(finding("amount_conflict", "error", f"{p[0]} 为 {heads[p[0]]:,.2f} 万元，其{p[1]}却为 "
                               f"{claim['amount_wan']:,.2f} 万元：“{claim['sentence']}”", round(heads[p[0]] * 10000, 2),
                               round(claim["amount_wan"] * 10000, 2), "", claim["code"], page_of(claim["page"])))
    coded = c[(c["code"] != "") & (parts.str.len() == 1)]
    for (section, code), g in coded.groupby(["section", "code"]):
        values = sorted(set(g["amount_wan"].round(2)))
        if len(values) > 1 and not _measures_of_one_row(doc, code, values) and not _under_part_headings(g):
            out.append(finding("amount_conflict", "error", f"“{section}”中 {code} 的金额前后不一："
                               f"{'、'.join(f'{v:,.2f}' for v in values)} 万元", values[0] * 10000, values[-1] * 10000, "", code,
                               page_of(g["page"].iloc[0])))
    return out


def _measures_of_one_row(doc, code: str, values: list[float]) -> bool:
    """Every amount is one measure of the code's table row: the text itemised the class by 人员/公用/专项 under
    headings it does not repeat (`（1）人员经费：①行政运行（2013201）1641.18` … `公用经费：…（2013201）124.00`,
    Xi'an publicity 2021 p7) — parts, not two amounts for one item."""
    from .narrative import _code_row
    row = _code_row(doc, code)[0]
    return bool(row) and all(any(abs(v * 10000 - a) <= 50 for a in row.values()) for v in values)


PART_HEADING = re.compile(r"人员经费|公用经费|专项(业务)?经费|项目经费")


def _under_part_headings(g) -> bool:
    """Each amount's sentence opens under another part heading (`（1）人员经费：①行政运行（2013201）1641.18` and
    `（2）公用经费：①行政运行（2013201）124.00`): the parts of one class, whatever code the text gave it."""
    heads = [PART_HEADING.search(s) for s in g["sentence"]]
    return all(heads) and len({h.group() for h in heads}) == len(set(g["amount_wan"].round(2)))


@register
def codes_and_items(doc) -> list[dict]:
    return _names(doc, year_of(doc)) + _amounts(doc)
