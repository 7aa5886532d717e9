"""Claims: every narrative sentence of a disclosure that states an amount, a change or a code, as one row each.

The narrative restates the tables in words (`社会保险经办机构（2080109）5288.19 万元，较上年增加…，原因是…`);
reading it back lets the checks compare what the text says with what the tables print, and keeps the stated
reasons for year-over-year comparisons. Conventions of the `claims` table (see CONTRACT.md for the columns):

- `amount_wan`, `change_wan` in 万元 (元 and 亿元 in the text are converted); `change_wan` is signed by its
  direction word (减少 → negative); `change_pct` is a stated change in percent, shares (占…%) are not kept.
- `direction` is 'increase' / 'decrease' from the words, 'unchanged' for 无变化/未变化/持平 (change 0), and ''
  when the document states a change without saying which way (`较上年资金 0.69 万元`).
- `subject` is the item name before the code or amount, without the speaker (本单位, 本部门), the budget year
  and the filler of 经费 items (`本单位当年一般公共预算“三公”经费预算支出` → `“三公”经费`). Inside a
  numbered item (`(1) 社会保险经办机构（2080109）…其中：人员经费…`) every later claim is a part of the first:
  its subject is `parent/child` (`社会保险经办机构/人员经费`) and it inherits the parent's code.
- Prior-year figures are claims whose subject (its last `/` part) starts with 上年: `上年预算收入`,
  `上年预算拨款支出`, and `上年预算执行数` for `2023年当年预算执行数为…` in a 2024 document. A change stated
  after a prior figure belongs to the current figure it compares, not to the prior one. `prior_totals` selects them.
- `reason` is the text after 主要原因是/原因是/主要是/主要用于 to the end of the sentence, or the figure-free last
  clause right after a stated change (`较上年增加1000万元，本年度…补贴增加`); a sentence that is only
  a reason (`主要原因是：项目调整。`) goes to the claims of the sentence before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .paragraphs import MARKER, Paragraph, budget_year, is_heading, normalize_text, paragraphs

__all__ = ["CLAIM_COLUMNS", "parse_claims", "prior_totals", "normalize_text", "budget_year"]

CLAIM_COLUMNS = ["doc_id", "section", "subject", "code", "amount_wan", "change_wan", "change_pct", "direction",
                 "reason", "sentence", "page"]

# A figure: number and unit; 万 alone only when no counter follows (4.56 万，… but not 8.8 万套).
FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(亿元|万元|万(?![人户亩套间吨个次件台辆名家多余册份头只株千平])|元|%)"
                    r"|(无变化|未变化|没有变化|持平|与上年一致|与上年相同)")
COMPARE = re.compile(r"(较|比|与|同比)(上年|去年|上一年|20\d{2}年)|同比")
DIRECTION = re.compile(r"(增加|增长|上升|提高|减少|下降|降低|增|减)了?")
REASON = re.compile(r"(主要原因是|主要原因为|原因是|原因为|主要是|主要用于)：?")
# a reason written without a keyword: the last clause after a stated change, with no figure in it
IMPLICIT_REASON = re.compile(r"(?:较上年|比上年|比\d{4}年|较\d{4}年)[^，,；。]{0,12}?(?:\d[\d.]*\s*万元?|持平|无变化|未变化)"
                             r"[，,](?P<tail>[^，,；。\d]{6,})$")
CODE = re.compile(r"\((\d{3}|\d{5}|\d{7})\)")
THRESHOLD = re.compile(r"(\(含\))?(以上|以下|以内|左右|/)")  # 单价 20 万元以上的设备: a bound, not a figure
BOUNDARY = re.compile("[，：、]")
SPLIT = re.compile(r"(?<=[。；])(?![)”])|(?<=[。；][)”])|(?<=：)(?=\(\d{1,2}\)|\d{1,2}[、.](?!\d))")
TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}
# Shanghai states a code level by level: `(210类)卫生健康支出(11款)行政事业单位医疗(01项)行政单位医疗` or with the
# names first `卫生健康支出(210类)行政事业单位医疗(11款)行政单位医疗(01项)`: one code, 2101101
_NAME = r"[^()\d，,。；：:“”、]*?"
LEVEL_CODES = re.compile(rf"(?P<before>{_NAME})\((?P<c1>\d{{3}})类\)(?P<n1>{_NAME})\((?P<c2>\d{{2}})款\)(?P<n2>{_NAME})"
                         rf"(?:\((?P<c3>\d{{2}})项\)(?P<n3>[^()\d，,。；：:“”、]*))?(?=[\d”\"，,：:]|$)")


def level_codes(text: str) -> str:
    """Shanghai's `(210类)…(11款)…(01项)…` as the deepest name with its whole code, `行政单位医疗(2101101)`,
    so the claim reads its code as from any other `name(code)`."""
    def one(m: re.Match) -> str:
        code = m["c1"] + m["c2"] + (m["c3"] or "")
        names_after = [m["n1"], m["n2"], m["n3"] or ""]
        if any(names_after[1:]) and (m["n3"] or not m["c3"]) and m["n1"] and not m["before"].strip():
            name = next(n for n in reversed(names_after) if n)      # codes first, then each name
        else:
            name = next((n for n in reversed(names_after) if n), m["before"])  # names first, then each code
        return name + f"({code})"
    return LEVEL_CODES.sub(one, text)


@dataclass
class _Claim:
    subject: str
    code: str = ""
    amount: float = float("nan")
    change: float = float("nan")
    pct: float = float("nan")
    direction: str = ""
    reason: str = ""

    @property
    def prior(self) -> bool:
        return self.subject.split("/")[-1].startswith("上年")

    @property
    def has_change(self) -> bool:
        return self.change == self.change or self.direction != ""


def _subject(text: str, year: int | None) -> str:
    """The item name in the text before a figure (see the module docstring)."""
    s = CODE.sub("", text)
    s = re.sub(r"^(" + MARKER.pattern[1:] + r")", "", s)
    s = re.sub(r"^[，：、)]*(其中)?[，：]*(涉及)?(本单位|本部门|我单位|我部门|本局)?", "", s)
    if year:
        s = re.sub(rf"^{year}年度?", "", s)
        s = re.sub(rf"^{year - 1}年度?(当年)?", "上年", s)
    s = re.sub(r"^上年度", "上年", s)
    s = re.sub(r"^(本单位|本部门)", "", s)
    if "费" in s:
        s = re.sub(r"^(当年|本年度?)?一般公共预算(财政)?(拨款)?(安排的)?(?=.+费)", "", s)
        s = re.sub(r"(?<=费)(预算支出|支出预算|预算数|预算安排|预算)(为|是|共计?|合计)?$", "", s)
    s = re.sub(r"(为|是|共计?|合计|计|达|约)$", "", s)
    if s.startswith("“") and s.endswith("”") and s.count("“") == 1:
        s = s[1:-1]
    return s.strip("，：、 ")


def _direction(words: str) -> str:
    m = None
    for m in DIRECTION.finditer(words):
        pass
    if not m:
        return ""
    return "increase" if m.group(1) in ("增加", "增长", "上升", "提高", "增") else "decrease"


class _SentenceReader:
    """Claims of one sentence (body = the sentence before its reason, if any)."""

    def __init__(self, body: str, year: int | None, current: _Claim | None = None):
        self.body, self.year = body, year
        self.claims: list[_Claim] = []
        self.current = current  # a bare change at the start goes to the last claim of the sentence before
        self.touched = False

    def _target(self) -> _Claim | None:
        """The claim a bare change belongs to: the current one, or what a prior figure is compared with."""
        cur = self.current
        if cur is None or not cur.prior:
            return cur
        name = cur.subject.split("/")[-1]
        twins = [c for c in self.claims if c.subject.split("/")[-1] in (name.replace("上年", "当年", 1), name[2:])]
        others = [c for c in self.claims if not c.prior]
        return (twins or others or [cur])[0]

    def _new(self, subject: str) -> _Claim:
        claim = _Claim(subject)
        self.claims.append(claim)
        self.current = claim
        return claim

    def read(self) -> list[_Claim]:
        last_end = 0
        for m in FIGURE.finditer(self.body):
            bounds = [b.end() for b in BOUNDARY.finditer(self.body, 0, m.start())]
            prefix = self.body[max([last_end, *bounds]):m.start()]
            last_end = m.end()
            if m.group(3):
                self._unchanged(prefix)
            elif not (THRESHOLD.match(self.body, m.end()) or re.search("占|[≤≥<>=]$", prefix)):
                self._figure(float(m.group(1)), m.group(2), prefix)
        return [c for c in self.claims if c.amount == c.amount or c.has_change or c.pct == c.pct or c.code]

    def _unchanged(self, prefix: str) -> None:
        lead = prefix[:COMPARE.search(prefix).start()] if COMPARE.search(prefix) else prefix
        subject = _subject(lead, self.year)
        target = self._new(subject) if subject or self.current is None else self._target()
        if not target.has_change:
            target.change, target.direction = 0.0, "unchanged"
        self.current, self.touched = target, True

    def _figure(self, value: float, unit: str, prefix: str) -> None:
        compare, direction = COMPARE.search(prefix), re.search(DIRECTION.pattern + "$", prefix)
        self.touched = True
        if compare or direction:
            lead = prefix[:(compare or direction).start()]
            subject = _subject(lead, self.year)
            target = self._target()
            field = "pct" if unit == "%" else "change"
            if subject or target is None or getattr(target, field) == getattr(target, field):
                target = self._new(subject or (target.subject if target else ""))
            target.direction = _direction(prefix[len(lead):]) or target.direction
        elif unit == "%" and self.current is not None and self.current.has_change:
            target = self.current  # 较上年增加 5.10 万元（100%）
        elif unit == "%":
            self.touched = False
            return
        else:
            code = CODE.findall(prefix)
            claim = self._new(_subject(prefix, self.year))
            claim.amount, claim.code = value * TO_WAN[unit], code[-1] if code else ""
            return
        signed = -value if target.direction == "decrease" else value
        if unit == "%":
            target.pct = signed
        else:
            target.change = signed * TO_WAN[unit]
        self.current = target


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) on 。；, and before a numbered marker after a colon."""
    out, pos = [], 0
    for part in SPLIT.split(text):
        if part.strip("。；， "):
            out.append((pos, part))
        pos += len(part)
    return out


@dataclass
class _Item:
    """The numbered item being read: its first claim, whether it has a marker, the claims of its last sentence."""

    head: _Claim | None = None
    marked: bool = False
    previous: tuple[_Claim, ...] = ()


OWNER = re.compile(r"^(20\d{2}年度?)?(本单位|本部门|我单位|我部门)")


def _paragraph_claims(para: Paragraph, section: str, year: int | None, item: _Item) -> list[dict]:
    """Claims of one paragraph. A numbered item goes on over paragraphs (its first line often ends with 。)
    until the next marker or a sentence that speaks for the whole unit (本单位…, 2022年本部门…)."""
    rows: list[dict] = []
    for offset, sentence in _sentences(para.text):
        if MARKER.match(sentence) or OWNER.match(sentence) or (offset == 0 and not item.marked):
            item.head, item.marked, item.previous = None, bool(MARKER.match(sentence)), ()
        reason_match = REASON.search(sentence) or IMPLICIT_REASON.search(sentence.rstrip("。；"))
        if reason_match and reason_match.re is IMPLICIT_REASON:
            body, reason = sentence[:reason_match.start("tail")], reason_match.group("tail")
        else:
            body = sentence[:reason_match.start()] if reason_match else sentence
            reason = sentence[reason_match.end():].strip("。；，： ") if reason_match else ""
        reader = _SentenceReader(level_codes(body), year, item.previous[-1] if item.previous else None)
        claims = reader.read()
        if reason and reader.touched and reader.current is not None:
            reader.current.reason = reason
        elif reason and not body.strip("，："):
            for claim in [c for c in item.previous if c.has_change and not c.reason] or item.previous[-1:]:
                claim.reason = reason
        for claim in claims:
            if item.head is None:
                item.head = claim
            elif item.marked:
                claim.subject = f"{item.head.subject}/{claim.subject}" if claim.subject else item.head.subject
                claim.code = claim.code or item.head.code
            rows.append(dict(section=section, claim=claim, sentence=sentence.rstrip("。；"),
                             page=para.page_at(offset)))
        if claims:
            item.previous = tuple(claims)
    return rows


def parse_claims(text, doc_id: str = "", paras: list[Paragraph] | None = None) -> pd.DataFrame:
    """Claims of a disclosure's narrative. `text` is a list of (page, page_text), page None for a text dump.

    Only the narrative is read: the 目录, table pages and table sections are skipped (paragraphs); `paras` are
    the paragraphs when the caller has split them already."""
    year = budget_year(text)
    rows, section, item = [], "", _Item()
    for para in (paras if paras is not None else paragraphs(text)):
        if is_heading(para.text):
            section, item = para.text, _Item()
            continue
        rows += _paragraph_claims(para, section, year, item)
    frame = pd.DataFrame({
        "doc_id": [doc_id] * len(rows),
        "section": [r["section"] for r in rows],
        "subject": [r["claim"].subject for r in rows],
        "code": [r["claim"].code for r in rows],
        "amount_wan": pd.Series([r["claim"].amount for r in rows], dtype="float64"),
        "change_wan": pd.Series([r["claim"].change for r in rows], dtype="float64"),
        "change_pct": pd.Series([r["claim"].pct for r in rows], dtype="float64"),
        "direction": [r["claim"].direction for r in rows],
        "reason": [r["claim"].reason for r in rows],
        "sentence": [r["sentence"] for r in rows],
        "page": pd.array([r["page"] for r in rows], dtype="Int64"),
    }, columns=CLAIM_COLUMNS)
    return frame.astype({c: "object" for c in CLAIM_COLUMNS if c not in
                         ("amount_wan", "change_wan", "change_pct", "page")})


def prior_totals(claims: pd.DataFrame) -> pd.DataFrame:
    """The stated prior-year figures among the claims (subject, last `/` part, starting with 上年)."""
    last = claims["subject"].str.split("/").str[-1]
    return claims[last.str.startswith("上年")]
