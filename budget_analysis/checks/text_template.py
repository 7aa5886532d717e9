"""What the template left behind: placeholders, instruction paragraphs, the wrong kind or name of the unit.

check_ids:
- ``template_placeholder`` (error): `XX`, `××`, `待填写`, `N` before a unit (`N万元`, `N人`) in the narrative
  (the 目录 and tables are not read, so dot leaders do not count); ``template_ellipsis`` (warning) for `……`,
  which is also an ordinary ellipsis.
- ``template_instruction`` (error): a paragraph wholly in brackets that tells the author what to write
  (`（按照部门预算支出经济分类的类级科目说明…）`).
- ``unit_kind_mismatch`` (warning): the cover says 单位预算 and a title line of the document says 部门预算, or
  the reverse. Table titles are not read: the Shaanxi template titles every table 部门综合预算.
- ``unit_name_mismatch`` (warning): the unit name of the cover against `单位名称：`/`部门名称：` lines and the
  table row of the unit's own code; a name that is a prefix of the other (cut at column width) agrees.
"""
from __future__ import annotations

import re
import unicodedata

from ..normalise.catalog import kind_title
from .registry import finding
from ..text import unit_key
from ..text import UNIT_CODE, clean
from . import register
from ._text import has_text, narrative, page_of

PLACEHOLDER = re.compile(r"XX|xx|××|待填写|(?<![A-Za-z+])N(?=万元|元|人|个|项|次|家|辆|台|%)")
INSTRUCTION = re.compile(r"^\((?=.{15,}\)$).*(按照|应|说明|填写|予以|分析|如有|可根据)")
TITLE_LINE = re.compile(r"20\d{2}年度?(部门|单位)(综合)?预算(公开)?(说明|报表|公开说明|公开报表|情况说明)?$")
NAME_LINE = re.compile(r"(?:单位|部门)名称[:：]\s*(\S+)")
# the other kind's phrase in the running text: a 单位预算 that speaks of 部门预算安排, a 部门预算 of 本单位预算安排
# (`当年部门预算安排购置车辆…` is the Shaanxi template's fixed wording of the assets section, for every budget)
OTHER_KIND = {"单位": re.compile(r"(?<!各)(?<!当年)部门预算安排(?!购置)"), "部门": re.compile(r"本单位预算安排")}
NUMBER = re.compile(r"^(?:\((?:[一二三四五六七八九十]{1,3}|\d{1,2})\)|\d{1,2}[、.])\s*")  # `(1) `, `(一)`, `1、`


def _wholly_bracketed(text: str) -> bool:
    """The first bracket closes at the last character: `(按照…说明)`, not `收支预算…说明(详见表1-3)`."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def is_instruction(text: str) -> bool:
    """A paragraph (after its list number) wholly in brackets that tells the author what to write:
    `(1) (按照…说明…)` is one; the heading `(一)收支预算情况的总体说明(详见表1-3)` is not."""
    body = NUMBER.sub("", text, count=1)
    return bool(INSTRUCTION.match(body)) and _wholly_bracketed(body)


def _same(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _snippet(text: str, m: re.Match) -> str:
    return text[max(0, m.start() - 15):m.end() + 15]


def _placeholders(doc) -> list[dict]:
    out = []
    for page, text in narrative(doc):
        if is_instruction(text):
            out.append(finding("template_instruction", "error",
                               f"文中留有模板的填写说明：“{text[:60]}…”", page=page))
            continue
        for m in PLACEHOLDER.finditer(text):
            out.append(finding("template_placeholder", "error", f"模板占位符“{m.group()}”未填写：“{_snippet(text, m)}”",
                               page=page))
        for m in re.finditer("……", text):
            out.append(finding("template_ellipsis", "warning", f"模板省略号“……”未填写：“{_snippet(text, m)}”", page=page))
    return out


def _kind(doc) -> list[dict]:
    kind = {"unit": "单位", "department": "部门"}.get(doc.meta.get("unit_kind") or "")
    if not kind:
        return []
    out = []
    for page, text in doc.raw.text:
        for line in (text or "").splitlines():
            line = clean(line)
            m = TITLE_LINE.search(line)
            if m and m.group(1) != kind:
                out.append(finding("unit_kind_mismatch", "warning", f"封面称{kind}预算，“{line}”"
                                   f"却称{m.group(1)}预算", page=page))
    other = OTHER_KIND[kind]
    for page, text in narrative(doc):
        for m in other.finditer(clean(text)):
            out.append(finding("unit_kind_mismatch", "warning", f"封面称{kind}预算，文中却说“{_snippet(clean(text), m)}”",
                               page=page))
    return out


def _names(doc) -> list[dict]:
    cover = unit_key(doc.meta.get("unit_name", ""))
    if not cover:
        return []
    printed = [(page, m.group(1), "名称行") for page, text in doc.raw.text
               for m in NAME_LINE.finditer(unicodedata.normalize("NFKC", text or ""))]
    code = doc.meta.get("unit_code") or ""
    own = doc.lines[(doc.lines["code"] == code) & (doc.lines["classification"] == "none")]
    own = own if UNIT_CODE.fullmatch(code) else own[:0]
    printed += [(page_of(r.page), r.name, kind_title(r.table_kind)) for r in own.drop_duplicates("name").itertuples()]
    out = []
    for page, name, where in printed:
        if name and not _same(unit_key(name), cover):
            out.append(finding("unit_name_mismatch", "warning", f"封面单位名称为“{clean(doc.meta['unit_name'])}”，"
                               f"{where}为“{clean(name)}”", page=page))
    return out


@register
def template_leftovers(doc) -> list[dict]:
    if not has_text(doc):
        return []
    return _placeholders(doc) + _kind(doc) + _names(doc)
