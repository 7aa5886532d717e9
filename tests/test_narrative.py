"""Narrative claims: the founding sample's stated figures, hand-written sentences and two corpus PDFs."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pytest

from budget_analysis.narrative.claims import CLAIM_COLUMNS, budget_year, normalize_text, parse_claims, prior_totals

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE = SHARED / "samples" / "zizhou_pension_center_2024_budget.txt"
CORPUS = SHARED / "corpus"


def one(claims: pd.DataFrame, **where) -> pd.Series:
    rows = claims
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    if not SAMPLE.exists():
        pytest.skip("founding sample absent")
    return parse_claims([(None, SAMPLE.read_text(encoding="utf-8"))], doc_id="zizhou")


def pdf_claims(name: str) -> pd.DataFrame:
    pdfium = pytest.importorskip("pypdfium2")
    paths = list(CORPUS.glob(f"**/{name}"))
    if not paths:
        pytest.skip(f"{name} absent")
    doc = pdfium.PdfDocument(paths[0])
    pages = [(i + 1, doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    return parse_claims(pages, doc_id=name)


def test_columns_and_types(sample):
    assert list(sample.columns) == CLAIM_COLUMNS
    assert str(sample["page"].dtype) == "Int64" and sample["page"].isna().all()
    for column in ("amount_wan", "change_wan", "change_pct"):
        assert sample[column].dtype == "float64"
    assert set(sample["direction"]) <= {"increase", "decrease", "unchanged", ""}
    assert (sample["doc_id"] == "zizhou").all() and sample["code"].map(type).eq(str).all()


def test_sample_totals_and_prior_year(sample):
    current = one(sample, subject="当年预算收入")
    assert current.amount_wan == 13349.12 and current.change_wan == 1956.21
    assert current.direction == "increase"
    assert current.reason == "本年度机关事业单位退休人员、城乡居民养老保险县级补贴增加，资金预算增加"
    prior = prior_totals(sample)
    assert one(prior, subject="上年预算收入").amount_wan == 11392.91
    assert one(prior, subject="上年预算拨款支出").amount_wan == 11392.91
    assert math.isnan(one(prior, subject="上年预算收入").change_wan)  # the change belongs to the current year
    assert one(sample, subject="当年预算支出").change_wan == 1956.21


def test_sample_function_items(sample):
    assert one(sample, subject="社会保险经办机构").amount_wan == 5288.19
    assert one(sample, code="2080109", subject="社会保险经办机构").section == "2、支出按功能科目分类的明细情况"
    staff = one(sample, subject="社会保险经办机构/人员经费")
    assert (staff.code, staff.amount_wan, staff.change_wan, staff.reason) == (
        "2080109", 234.16, 20.02, "新增副主任一名及普调工资")
    public = one(sample, subject="社会保险经办机构/公用经费")
    assert (public.amount_wan, public.change_wan, public.direction) == (4.56, 0.0, "unchanged")
    special = one(sample, subject="社会保险经办机构/专项业务费")
    assert (special.code, special.amount_wan, special.change_wan) == ("2080109", 5110.40, 936.19)
    pension = one(sample, code="2080505")
    assert (pension.amount_wan, pension.change_wan, pension.direction) == (35.81, 1.38, "increase")
    annuity = one(sample, code="2080506")  # 较上年资金 0.69 万元: no direction word in the document
    assert (annuity.amount_wan, annuity.change_wan, annuity.direction) == (11.94, 0.69, "")
    subsidy = one(sample, code="2082699")
    # its reason has no 原因是: the figure-free clause after the change is the reason
    assert (subsidy.amount_wan, subsidy.change_wan, subsidy.reason) == (8000.0, 1000.0, "本年度机关事业单位退休人员、城乡居民养老保险县级补贴增加")


def test_sample_economic_items_as_printed(sample):
    wages = one(sample, code="301")
    assert (wages.subject, wages.amount_wan, wages.change_wan) == ("工资福利支出", 233.33, 18.71)
    assert one(sample, code="302").amount_wan == 60.96
    assert one(sample, code="502").amount_wan == 60.69  # the document's typo, parsed as printed
    assert one(sample, code="999").subject == "对个人和家庭的补助"  # the document's wrong code
    assert one(sample, code="309").subject == "资本性支出(基本建设)"


def test_sample_three_public(sample):
    three = one(sample, subject="“三公”经费")
    assert (three.amount_wan, three.change_wan, three.direction) == (0.0, 0.0, "unchanged")
    assert three.section.startswith("五、“三公”经费")
    assert one(sample, subject="公务接待费").direction == "unchanged"


def test_sample_skips_contents_and_tables(sample):
    assert not sample["section"].str.contains("公开报表|目录").any()
    assert sample["amount_wan"].max() < 20000  # no 元 figure of the tables


def test_one_sentence_three_parts():
    text = ("(1) 社会保险经办机构（2080109）5288.19 万元，其中：人员经费 234.16 万元，较上年增加 20.02 万元，"
            "原因是新增副主任一名；公用经费 4.56 万，较上年无变化；专项业务费 5110.40 万元，较上年减少 936.19 万元，"
            "原因是补贴减少；")
    claims = parse_claims([(None, text)])
    assert list(claims["subject"]) == ["社会保险经办机构", "社会保险经办机构/人员经费",
                                       "社会保险经办机构/公用经费", "社会保险经办机构/专项业务费"]
    assert (claims["code"] == "2080109").all()
    assert list(claims["change_wan"].fillna(-1)) == [-1, 20.02, 0.0, -936.19]
    assert list(claims["direction"]) == ["", "increase", "unchanged", "decrease"]
    assert list(claims["reason"]) == ["", "新增副主任一名", "", "补贴减少"]


@pytest.mark.parametrize("text, amount, change", [
    ("本单位当年预算收入１３３４９．１２万元，较上年增加１９５６．２１万元。", 13349.12, 1956.21),
    ("本单位当年预算收入1,234.50万元，较上年减少1,000万元。", 1234.50, -1000.0),
    ("社会保险经办机构（2080109）5 288.19 万 元， 较 上 年 增 加 2 0.02 万 元。", 5288.19, 20.02),
    ("本单位当年预算支出 123456.00 元，比上年减少 10000 元。", 12.3456, -1.0),
    ("本单位当年预算收入 4.35 亿元。", 43500.0, float("nan")),
])
def test_number_forms(text, amount, change):
    claim = parse_claims([(None, text)]).iloc[0]
    assert claim.amount_wan == pytest.approx(amount)
    assert claim.change_wan == pytest.approx(change, nan_ok=True)


def test_half_width_brackets_and_percentages():
    claims = parse_claims([(None, "工资福利支出 (301) 233.33 万元, 较上年下降 3.5%, 主要原因是人员减少;\n"
                                  "商品和服务支出(302)60.96万元，增长 12%。")])
    wages, goods = claims.iloc[0], claims.iloc[1]
    assert (wages.code, wages.subject, wages.change_pct, wages.direction) == ("301", "工资福利支出", -3.5, "decrease")
    assert wages.reason == "人员减少"
    assert (goods.code, goods.change_pct, goods.direction) == ("302", 12.0, "increase")


def test_shanghai_style_change_and_reason_in_next_sentence():
    text = ("2024年部门预算编制说明\n2024年，本部门收入预算15621.11万元，其中：财政拨款收入15621.11万元，"
            "比2023年预算减少876.75万元；政府性基金拨款支出预算0.00万元，比2023年预算持平。\n"
            "1. “教育支出（类）其他教育支出（款）其他教育支出（项）”25.00万元，主要用于其他教育支出。2023年当年预算"
            "执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%。主要原因是：项目调整。")
    claims = parse_claims([(None, text)])
    funds = one(claims, subject="财政拨款收入")
    assert (funds.change_wan, funds.direction) == (-876.75, "decrease")
    assert one(claims, subject="政府性基金拨款支出预算").direction == "unchanged"
    item = "教育支出(类)其他教育支出(款)其他教育支出(项)"
    assert one(claims, subject=item).reason == "其他教育支出"
    assert one(claims, subject=f"{item}/上年预算执行数").amount_wan == 0.0
    planned = one(claims, subject=f"{item}/预算安排")
    assert (planned.change_pct, planned.reason) == (100.0, "项目调整")
    assert len(prior_totals(claims)) == 1


def test_pdf_page_text_line_breaks_and_page_numbers():
    pages = [
        (1, "某某局 2024 年部门预算公开说明\r\n"),
        (7, "- 7 -\r\n（三）一般公共预算拨款支出明细情况\r\n本部门当年一般公共预算拨款支出 13349.12 万元，较上年增加 1956.21\r\n"
            "万元，主要原因是人员增加。本部门当年机关运行经费预算安排 5.8 万元，较上\r\n年减少 4.8 万元。\r\n"),
        (8, "第四部分 公开报表\r\n"),
        (9, "表1\r\n2024年部门综合预算收支总表\r\n合计 133491208.00 133491208.00 133491208.00\r\n"),
    ]
    claims = parse_claims(pages)
    assert list(claims["page"]) == [7, 7]
    first = claims.iloc[0]
    assert (first.section, first.subject, first.change_wan) == ("(三)一般公共预算拨款支出明细情况", "当年一般公共预算拨款支出", 1956.21)
    assert claims.iloc[1].change_wan == -4.8


def test_normalize_text_and_budget_year():
    assert normalize_text("工资福利支出（３０１）５ 288.19 万 元，\n较上年增加 1,000.5 万元；") == \
        "工资福利支出(301)5288.19万元，较上年增加1000.5万元；"
    assert normalize_text("一、收支说明\n本单位") == "一、收支说明\n本单位"
    assert budget_year("子洲县养老保险经办中心\n2024年单位预算公开说明\n目 录") == 2024
    assert budget_year([(1, "2018 年度江苏省高级\r\n人民法院预算公开")]) == 2018
    assert budget_year("no year here") is None


def test_odd_text_never_crashes():
    rng = random.Random(7)
    alphabet = "万元较上年增加减少（）()0123456789.,，。；;%其中原因是：\n\r 　表第四部分一、"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        assert list(parse_claims([(rng.choice([None, 1]), text)]).columns) == CLAIM_COLUMNS
    assert parse_claims([]).empty and parse_claims([(None, "")]).empty


def test_corpus_shaanxi_meteorological():
    claims = pdf_claims("shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    assert claims["page"].max() <= 14  # the tables start on page 15
    institution = one(claims, code="2200504")
    assert (institution.subject, institution.amount_wan, institution.change_wan, institution.page) == (
        "气象事业机构", 469.93, -1022.86, 11)
    assert institution.reason == "资金预算科目发生变化"
    wages = one(claims, code="301")  # 工资福利支出（301）478.83 万元，较上年增加 286.42 万元 (wraps over p11/12)
    assert (wages.amount_wan, wages.change_wan, wages.reason) == (478.83, 286.42, "包含津补贴专项资金")
    assert one(claims, code="503").subject == "机关资本性支出(一)"
    running = one(claims, subject="当年机关运行经费")
    assert (running.amount_wan, running.change_wan) == (5.8, -4.8)


def test_corpus_shanghai_2024():
    claims = pdf_claims("shanghai_putuo_wanli_subdistrict_2024_dept_budget.pdf")
    assert not claims["page"].between(10, 31).any()  # table pages; the 说明 after them is read
    funds = one(claims, subject="财政拨款收入")
    assert (funds.amount_wan, funds.change_wan, funds.page) == (15621.11, -876.75, 6)
    item = "一般公共服务支出(类)统计信息事务(款)专项普查活动(项)"
    assert one(claims, subject=f"{item}/上年预算执行数").amount_wan == 60.13
    planned = one(claims, subject=f"{item}/预算安排")
    assert (planned.amount_wan, planned.change_pct, planned.reason) == (25.77, -57.14, "项目调整")
    three = one(claims, subject="“三公”经费")
    assert (three.amount_wan, three.change_wan, three.page) == (47.91, 25.0, 32)
    car = one(claims, subject="公务用车购置及运行费/公务用车运行费")
    assert (car.amount_wan, car.direction) == (21.56, "unchanged")
