"""Bad input gets one clear error naming the file and the problem (PDFs made here, at test time)."""
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import budget_analysis as ba
from conftest import ROOT


def pdf(path, encrypt=None, text=None, ruled=False):
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    if text:
        c.drawString(100, 700, text)
    if ruled:
        c.rect(100, 100, 300, 300)
        c.line(100, 200, 400, 200)
    c.save()
    return path


def test_encrypted(tmp_path):
    path = pdf(tmp_path / "locked.pdf", encrypt="secret", text="2024")
    with pytest.raises(ba.ReadError, match=r"locked\.pdf: encrypted PDF \(password required\)"):
        ba.load(path)


def test_no_text_layer(tmp_path):
    path = pdf(tmp_path / "scan.pdf", ruled=True)
    with pytest.raises(ba.ReadError, match=r"scan\.pdf: no text layer on any page"):
        ba.load(path)


def test_not_a_disclosure(tmp_path):
    path = pdf(tmp_path / "letter.pdf", text="just a letter, no tables")
    with pytest.raises(ba.ReadError, match=r"letter\.pdf: not a budget disclosure"):
        ba.load(path)


def test_truncated_file(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes((ROOT / "tests" / "fixtures" / "zizhou_pension_center_2024_budget_fixture.pdf").read_bytes()[:20000])
    with pytest.raises(ba.ReadError, match=r"cut\.pdf: not a readable PDF"):
        ba.load(path)


def test_unsupported_type(tmp_path):
    path = tmp_path / "budget.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ba.ReadError, match=r"budget\.docx: unsupported file type '\.docx'"):
        ba.load(path)
