"""Dutch formats: 1.234,5 and 23-11-2026."""

from datetime import date

from dashboard import formatting as fmt


def test_numbers_money_and_dates_in_dutch():
    assert fmt.number(1234.5, 1) == "1.234,5"
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.number(-3.25, 2) == "−3,25"
    assert fmt.euro(30000) == "€ 30.000"
    assert fmt.signed(40) == "+40" and fmt.signed(-2) == "−2" and fmt.signed(0) == "0"
    assert fmt.day(date(2026, 11, 23)) == "23-11-2026"
    assert fmt.quarter_label(2024, 1) == "2024-K1"
    with fmt.using("en"):
        assert fmt.quarter_label(2024, 1) == "2024 Q1"  # English: quarter, not kwartaal
    assert fmt.number(None) == "–" and fmt.number(float("nan")) == "–"
