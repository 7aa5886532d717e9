"""The 决算 narrative on execution: what was budgeted, what was spent, the stated rate and the stated reason.

A 决算 explains each 功能 项 in one pattern with many spellings::

    1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…。年初预算为1560.05万元，支出决算为
    1511.89万元。决算数小于预算数的主要原因：人员进出及退休变化…          (Shanghai Putuo 2024)
    14.卫生健康支出（类）公立医院（款）综合医院（项）。年初预算41225.36万元，支出决算69978.46万元，完成年初预算的
    169.75%。决算数大于年初预算数的主要原因是：…                          (Xi'an 2022)
    财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%，决算数较预算数减少5.91万元，
    主要原因是：…

Paragraphs are joined into one stream first: the PDF layer breaks an item's heading from its figures. Each
statement becomes one claim (amounts in 万元 as stated): ``subject`` (the 类/款/项 path or the words before the
budget), ``amount_wan`` (决算数), ``budget_wan`` (年初预算, or the only budget named), ``budget_adjusted_wan``
(全年/调整预算, where stated), ``execution_pct`` (the stated rate), ``execution_basis`` (``budget_initial`` or
``budget_adjusted``: which budget the text says the rate is of), ``direction`` (``over`` / ``under`` / ``level``:
how the text compares 决算 with 预算) and ``reason`` (its 主要原因). Codes are found afterwards, from the 类/款/项
names, in the document's 决算 function tables (`resolve_codes`).
"""
from __future__ import annotations

import re

import pandas as pd

from .paragraphs import Paragraph, is_heading

_NUM = r"\d+(?:\.\d+)?"
# the statement: [subject] 年初预算(数)(为) A 万元，[全年/调整预算(数)(为) B 万元，] (支出)决算(数)(为) C 万元[，完成…预算的 P%]
STATEMENT = re.compile(
    rf"(?P<subject>[^。；：，]{{0,40}}?)(?P<first>年初|全年|调整后?)?预算(?:数)?(?:为)?(?P<budget>{_NUM})万元，"
    rf"(?:(?:全年|调整后?)预算(?:数)?(?:为)?(?P<adjusted>{_NUM})万元，)?"
    rf"(?:支出)?决算(?:数)?(?:为)?(?P<actual>{_NUM})万元"
    rf"(?:，完成(?P<basis>年初|全年|调整后?)?预算(?:数)?的(?P<pct>{_NUM})%)?")
# a part stated with its rate only: 其中：因公出国（境）费决算为0.00万元，完成预算的0%
PART = re.compile(rf"(?P<subject>[^。；：，]{{2,30}}?)(?:支出)?决算(?:数)?为(?P<actual>{_NUM})万元，"
                  rf"完成(?P<basis>年初|全年)?预算(?:数)?的(?P<pct>{_NUM})%")
_NAME = r"(?:[^。；：()]|\([^()类款项]{1,8}\)){2,30}?"  # 中医(民族)医院
PATH = re.compile(rf"(?P<lei>[^\d、.。；：()]{{2,30}})\(类\)(?:(?P<kuan>{_NAME})\(款\))?(?:(?P<xiang>{_NAME})\(项\))?")
HEADING = re.compile(r"(?:\d{1,2}[.、]|\([一二三四五六七八九十]\))(?P<what>[^。；：]{2,30}?)(?:支出)?(?:决算)?情况说明")
REASON = re.compile(r"决算数?(?P<dir>大于|小于|高于|低于|超过|较(?:年初|全年)?预算数?(?:增加|减少))[^。；]{0,12}?"
                    r"(?:的)?主要原因(?:是|为)?[:：]?(?P<reason>[^。]*)")
LEVEL = re.compile(r"决算数?与(?:年初|全年)?预算数?(?:基本)?持平|决算数?等于(?:年初|全年)?预算数?")
_DIRECTION = {"大于": "over", "高于": "over", "超过": "over", "小于": "under", "低于": "under"}


def _stream(paras: list[Paragraph]) -> tuple[str, list[tuple[int, Paragraph, str]]]:
    """The narrative as one string, with each paragraph's start offset and the heading above it."""
    parts, index, offset, section = [], [], 0, ""
    for p in paras:
        if is_heading(p.text) and not STATEMENT.search(p.text):
            section = p.text
        index.append((offset, p, section))
        parts.append(p.text)
        offset += len(p.text)
    return "".join(parts), index


def _where(index, offset: int) -> tuple[int | None, str]:
    page, section = None, ""
    for start, p, s in index:
        if start > offset:
            break
        page, section = p.page_at(offset - start), s
    return page, section


def _subject(text: str, words: str) -> tuple[str, list[str]]:
    """The statement's subject: its own words (一般公共预算财政拨款支出, 培训费) or else the last 类/款/项 path
    printed before it (the item's heading)."""
    words = re.sub(r"^(其中|20\d{2}年度?|财政拨款安排|本年度?)[:：]?", "", words.strip("，、 "))
    words = re.sub(r"^.*(情况|说明)(?=.)", "", words)  # a heading the PDF layer ran into the sentence
    words = re.sub(r"^(20\d{2}年度?|其中[:：]?|财政拨款安排)+", "", words)
    paths = list(PATH.finditer(text))
    if paths and (not words or words.endswith(")")):
        m = paths[-1]
        names = [clean_name(m.group(g)) for g in ("lei", "kuan", "xiang") if m.group(g)]
        return m.group().lstrip("0123456789、. "), names
    if not words and (headings := list(HEADING.finditer(text))):  # 2.公务用车购置费支出情况说明。…预算136.48万元
        return headings[-1].group("what"), []
    return words, []


def clean_name(name: str) -> str:
    return re.sub(r"^[\d、.\s]+", "", name or "")


def _reason(tail: str) -> tuple[str, str]:
    """(direction, reason) from the words after a statement, up to the next statement."""
    if m := REASON.search(tail):
        d = m.group("dir")
        direction = _DIRECTION.get(d, "over" if "增加" in d else "under" if "减少" in d else "")
        return direction, m.group("reason").strip("，；： ")
    if LEVEL.search(tail):
        return "level", ""
    return "", ""


def execution_claims(paras: list[Paragraph], doc_id: str = "") -> list[dict]:
    """One claim per execution statement of the narrative (see the module docstring)."""
    text, index = _stream(paras)
    found = [(m, "statement") for m in STATEMENT.finditer(text)]
    taken = [(m.start(), m.end()) for m, _ in found]
    found += [(m, "part") for m in PART.finditer(text)
              if not any(a <= m.start() < b or a < m.end() <= b for a, b in taken)]
    found.sort(key=lambda x: x[0].start())
    out, previous_end, parent = [], 0, None
    for k, (m, what) in enumerate(found):
        nxt = found[k + 1][0].start() if k + 1 < len(found) else len(text)
        before = text[previous_end:m.start("subject") + len(m.group("subject"))]
        subject, names = _subject(before, m.group("subject"))
        direction, reason = _reason(text[m.end():nxt])
        page, section = _where(index, m.start())
        sentence_start = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start())) + 1
        sentence_end = text.find("。", m.end())
        out.append(dict(
            doc_id=doc_id, section=section, subject=subject, code="", amount_wan=float(m.group("actual")),
            change_wan=float("nan"), change_pct=float("nan"), direction=direction, reason=reason,
            sentence=text[sentence_start:sentence_end if sentence_end > 0 else m.end()],
            page=page, **_budgets(m, what),
            execution_pct=float(m.group("pct")) if m.group("pct") else float("nan"),
            execution_basis=_basis(m.group("basis"), what, m), path="/".join(names)))
        previous_end = m.end()
        if what == "statement":
            parent = out[-1]
        elif reason and "。" in text[m.end():nxt] and parent is not None and not parent["reason"]:
            # the 主要原因 sentence after a statement's parts (其中：…完成预算的0%；…。…的主要原因：) is the statement's
            parent["direction"], parent["reason"] = direction, reason
            out[-1]["direction"], out[-1]["reason"] = "", ""
    return out


def _budgets(m, what: str) -> dict:
    """budget_wan (年初预算, or a budget named without 全年/调整) and budget_adjusted_wan of a statement."""
    nan = float("nan")
    if what != "statement":
        return dict(budget_wan=nan, budget_adjusted_wan=nan)
    first = float(m.group("budget"))
    if m.group("first") in ("全年", "调整", "调整后"):
        return dict(budget_wan=nan, budget_adjusted_wan=first)
    return dict(budget_wan=first, budget_adjusted_wan=float(m.group("adjusted")) if m.group("adjusted") else nan)


def _basis(word: str | None, what: str, m) -> str:
    """What the stated rate is a rate of: budget_initial (年初预算, or 预算 where only one budget is named) or
    budget_adjusted (全年 / 调整预算)."""
    if word in ("全年", "调整", "调整后"):
        return "budget_adjusted"
    if word == "年初" or what == "part":
        return "budget_initial"
    if m.group("first") in ("全年", "调整", "调整后") or m.group("adjusted"):
        return "budget_adjusted"
    return "budget_initial"


def resolve_codes(claims: list[dict], lines: pd.DataFrame) -> list[dict]:
    """The 功能 code of each claim whose subject is a 类/款/项 path, found by name in the 决算 function tables
    (a 项 name alone is ambiguous: 行政运行 sits under many 款, so the whole path must match)."""
    fn = lines[(lines["classification"] == "function") & lines["table_kind"].str.startswith("final_")
               & (lines["level"] > 0)] if len(lines) else lines
    if not len(fn):
        for c in claims:
            c.pop("path", None)
        return claims
    names = fn.drop_duplicates("code")[["code", "name", "parent_code", "level"]]
    by_name = {}
    for code, name, parent, level in names.itertuples(index=False):
        by_name.setdefault((int(level), _key(name)), []).append((code, parent))
    for c in claims:
        parts = c.pop("path", "").split("/") if c.get("path") else []
        code = _walk(parts, by_name)
        c["code"] = code or ""
    return claims


def _key(name: str) -> str:
    return re.sub(r"[()（）\s]", "", str(name))


def _walk(parts: list[str], by_name: dict) -> str:
    parent = ""
    for level, name in enumerate(parts, start=1):
        options = [(c, p) for c, p in by_name.get((level, _key(name)), []) if level == 1 or p == parent]
        if len(options) != 1:
            return ""
        parent = options[0][0]
    return parent
