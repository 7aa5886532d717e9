"""Small real documents for the batch tests: the founding sample's cover and its 表5 (a text dump), so a
batch of many documents costs a fraction of a second each."""
from conftest import SAMPLE


def mini_text(path, replace: dict[str, str] | None = None, tail: str = ""):
    """The sample's cover and 表5 (一般公共预算支出明细表, 按功能科目), `replace` applied once each; `tail`
    appended (distinct bytes for distinct documents)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    start = lines.index("表5")
    body = "\n".join(lines[:4] + [""] + lines[start:start + 21]) + "\n" + tail
    for old, new in (replace or {}).items():
        assert old in body, old
        body = body.replace(old, new, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path
