"""Rows the dashboard shows in name order come in the same order every time: names repeat (two initiatives
called "Straatfeest Reünie", a buurt "Centrum" in many gemeenten), so an order by a name goes on by a code.
Without it DuckDB returns tied rows in any order, and two answers to the same question differed (the
portfolio's risk chart of Demostad, rendered twice in one process)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SQL = sorted((Path(__file__).resolve().parents[2] / "dashboard" / "sql").glob("*.sql"))
ORDER_BY = re.compile(r"ORDER BY\s+([^;)]+?)(?:\s*(?:LIMIT|OFFSET|\)|;|$))", re.IGNORECASE | re.DOTALL)


def order_terms(text: str) -> list[list[str]]:
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())  # comments out
    return [
        [t.strip().split()[0] for t in m.group(1).split(",") if t.strip()] for m in ORDER_BY.finditer(code)
    ]


@pytest.mark.parametrize("path", SQL, ids=[p.name for p in SQL])
def test_an_order_by_name_goes_on_by_a_code(path):
    for terms in order_terms(path.read_text(encoding="utf-8")):
        named = [i for i, term in enumerate(terms) if re.search(r"name", term)]
        if named:
            assert any("code" in term for term in terms[named[0] + 1 :]), (
                f"{path.name}: ORDER BY {', '.join(terms)}"
            )


def test_the_check_finds_an_order_by_name_alone():
    assert order_terms("SELECT 1 FROM t ORDER BY total DESC, f.name\n") == [["total", "f.name"]]
    assert order_terms("SELECT * FROM (SELECT 1 ORDER BY s.name, s.code) x") == [["s.name", "s.code"]]
