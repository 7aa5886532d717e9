"""Header rows of coded tables: where the data starts, what each column holds.

Templates print one to four header rows: a parent over several columns (基本支出 › 小计 / 人员支出 / 日常公用支出,
then 项目支出), a code header cut into 类 | 款 | 项, sometimes two code blocks side by side (部门 and 政府 经济分类),
and a column-number row (`栏次 1 2 3`, `** ** 1 2 3`) that is no data. A column's role comes from its own
cells; a 小计 under a parent is the parent's measure, not a second total.
"""
from __future__ import annotations

import re

from .cells import clean, is_total, parse_amount, split_code

# most specific first: a column headed 基本支出·人员经费 is personnel, not basic
MEASURES = [
    ("procurement_small", r"小型、?微型企业"), ("procurement_sme", r"中小企业"), ("procurement", r"政府采购"),
    ("operating_costs", r"机关运行经费"), ("paid_to_superior", r"上缴上级"), ("grants_to_affiliates", r"对附属单位补助"),
    ("affiliated_income", r"附属单位上缴"), ("superior_grant", r"上级补助"), ("personnel", r"人员经费|人员支出|人员类|工资福利"), ("public", r"公用经费|公用支出"), ("basic", r"基本支出"),
    ("project_excl_capital", r"扣除基建"),  # 北京 项目支出 › 扣除基建项目后预算数
    ("project", r"专项业务经费|项目支出"), ("gpb", r"一般公共预算"), ("gov_fund", r"政府性基金"),
    ("soe_capital", r"国有资本经营"), ("operating_spending", r"经营支出"), ("special_account", r"财政专户"), ("unit_funds", r"^单位资金$"),
    ("non_appropriation_balance", r"非财政拨款结余"), ("business_income", r"事业收入"),
    ("operating_income", r"经营收入"), ("other_income", r"其他收入|其他资金"), ("carryover", r"上年结转|结转"),
    ("appropriation", r"^财政拨款(收入)?(小计|合计)?$"), ("total", r"合计|总计|小计|金额|预算数|本年预算|^预算$"),
]
SPLIT = {"类": "code_1", "款": "code_2", "项": "code_3"}  # a code printed over three columns
_SKIP = re.compile(r"序号|备注|说明|简介|单位名称")
_NUMBER_CELL = re.compile(r"^(\*+|栏次|\d{1,2}|[a-zA-Z])$")
_SUBTOTAL = re.compile(r"(合计|总计|小计)$")
_YEAR = re.compile(r"^(20\d\d)年(度)?(预算|执行|决算)")
_PRIOR = re.compile(r"^上年(预算|执行|决算)?数")
BREAKDOWN = ("basic", "project", "personnel", "public")


def is_column_numbers(row: list[str]) -> bool:
    """`栏次 | 1 | 2 | 3` or `** | ** | 1 | 2`: the printed column numbers, neither header text nor data."""
    cells = [clean(c) for c in row if clean(c)]
    return len(cells) >= 2 and all(_NUMBER_CELL.match(c) for c in cells) and any(c.isdigit() for c in cells) \
        and (any(not c.isdigit() for c in cells) or _consecutive(cells))


def _consecutive(cells: list[str]) -> bool:
    nums = [int(c) for c in cells if c.isdigit()]
    return len(nums) >= 3 and nums == list(range(nums[0], nums[0] + len(nums)))


def header_end(rows: list[list[str]]) -> int:
    """Index of the first data row: one with a code, or a 合计 label beside a number."""
    for i, row in enumerate(rows):
        if is_column_numbers(row):
            continue
        cells = [clean(c) for c in row]
        if any(split_code(_unbracket(c))[0] for c in cells[:4] if len(c) >= 3):
            return i
        if any(is_total(c) for c in cells) and any(c and parse_amount(c)[0] is not None for c in cells[1:]):
            return i
    return len(rows)


def _unbracket(cell: str) -> str:
    """`[201]一般公共服务支出` (Guangzhou) → `201一般公共服务支出`."""
    return re.sub(r"^[\[［【](\d{3,7})[\]］】]", r"\1", clean(cell))


def column_labels(header: list[list[str]]) -> list[str]:
    """Join multi-row headers column by column, each column its own cells only: a label cut over two
    rows (部门经济科目编 / 码) joins up, and a parent over several columns (一般公共预算支出 › 合计, 基本支出)
    sits in its first column, where the child's own words still decide the role. Column-number rows are left out."""
    header = [r for r in header if not is_column_numbers(r)]
    width = max((len(r) for r in header), default=0)
    return ["".join(clean(row[j]) for row in header if j < len(row)) for j in range(width)]


def column_measure(label: str) -> str | None:
    for measure, pattern in MEASURES:
        if re.search(pattern, label):
            return measure
    return None


def roles(labels: list[str], last: list[str] | None = None) -> dict[int, str]:
    """Column roles from joined header labels; `last` is the bottom header row (类/款/项 live there). A second
    类/款 block beside the first is the 政府经济分类 code (gov_code_1/2), its name column gov_name."""
    out: dict[int, str] = {}
    last = [clean(c) for c in (last or [])]
    # a column of an earlier year beside this year's (重庆 `2025年预算数 | 2026年预算数 › 总计 | 基本支出 …`): last year's
    # figure, not a second total
    years = {j: int(m.group(1)) for j, l in enumerate(labels) if (m := _YEAR.match(l))}
    code_cols = [j for j, l in enumerate(labels) if "编码" in l or "代码" in l]
    for j, label in enumerate(labels):
        if not label or _SKIP.search(label) and "编码" not in label:
            continue
        if j in years and years[j] < max(years.values()) or _PRIOR.match(label):
            out[j] = "prior_year"
            continue
        split = last[j] if j < len(last) and last[j] in SPLIT else label
        split = split if split in SPLIT else (label[-1] if label[-1:] in SPLIT and "编码" in label else split)
        if split in SPLIT:
            role = SPLIT[split]
            if role in out.values():  # the second code block: 政府经济分类
                role = "gov_" + role
            out[j] = role
        elif j in code_cols:
            out[j] = "code" if "gov_code" in out.values() or "政府" not in label or j == code_cols[0] else "gov_code"
            if "单位" in label:
                out[j] = "unit_code"
        elif "名称" in label or "科目" in label or label in ("项目", "功能科目", "经济科目") \
                or j == 0 and re.search(r"项目类别|支出类别", label):  # 广州 表11 支出项目类别（资金使用单位）
            if "政府" in label or "code_1" in out.values() and "gov_code_1" in out.values():
                out[j] = "gov_name"
            elif "name" not in out.values():
                out[j] = "name"
        elif _SUBTOTAL.search(label):  # 基本支出 › 小计 (joined 基本支出小计) is basic; 一般公共预算支出 › 合计 a total
            own = column_measure(label[:-2])
            out[j] = own if label.endswith("小计") and own in BREAKDOWN + ("procurement",) or own == "appropriation" \
                else "total"  # 2026年政府采购项目 › 小计 (深圳 支出总表) is procurement
        elif (measure := column_measure(label)) is not None:
            out[j] = measure
    return out
