from datetime import date

import pytest

from toegang_app.domain.bsn import is_valid_bsn, validate_bsn
from toegang_app.domain.validation import InvalidInput, parse_datum, parse_geboortedatum_of_jaar


def test_valid_test_bsn_is_accepted_and_normalised():
    assert validate_bsn("111222333") == "111222333"
    assert validate_bsn(" 1112.22.333 ") == "111222333"
    assert validate_bsn("1112-22-333") == "111222333"
    assert is_valid_bsn("123456782")


@pytest.mark.parametrize("text, fragment", [
    ("111222334", "elfproef"),        # wrong check digit
    ("11122233", "9 cijfers"),        # 8 digits (stdnum would pad these)
    ("1112223333", "9 cijfers"),
    ("11122233A", "alleen uit cijfers"),
    ("abcdefghi", "alleen uit cijfers"),
    ("000000000", "bestaat niet"),
    ("", "Vul een BSN in"),
])
def test_invalid_bsn_refused_with_dutch_message(text, fragment):
    with pytest.raises(InvalidInput) as exc:
        validate_bsn(text)
    assert exc.value.field == "bsn"
    assert fragment in exc.value.message


def test_parse_datum_dutch_and_iso():
    assert parse_datum("02-11-2026") == date(2026, 11, 2)
    assert parse_datum("2-11-2026") == date(2026, 11, 2)
    assert parse_datum("2026-11-02") == date(2026, 11, 2)
    assert parse_datum("02/11/2026") == date(2026, 11, 2)


@pytest.mark.parametrize("text, fragment", [
    ("30-02-2026", "februari 2026 heeft geen dag 30"),
    ("2026-02-30", "februari 2026 heeft geen dag 30"),
    ("29-02-2025", "februari 2025 heeft geen dag 29"),
    ("01-13-2026", "maand 13 bestaat niet"),
    ("morgen", "dd-mm-jjjj"),
    ("", "Vul een datum in"),
])
def test_impossible_dates_refused(text, fragment):
    with pytest.raises(InvalidInput) as exc:
        parse_datum(text, field="aanmelddatum")
    assert exc.value.field == "aanmelddatum"
    assert fragment in exc.value.message


def test_leap_day_accepted():
    assert parse_datum("29-02-2028") == date(2028, 2, 29)


def test_future_date_refused_when_asked():
    with pytest.raises(InvalidInput) as exc:
        parse_datum("03-11-2026", toekomst_toegestaan=False, vandaag=date(2026, 11, 2))
    assert "toekomst" in exc.value.message
    assert parse_datum("02-11-2026", toekomst_toegestaan=False, vandaag=date(2026, 11, 2)) == date(2026, 11, 2)


def test_geboortedatum_of_jaar():
    today = date(2026, 11, 2)
    assert parse_geboortedatum_of_jaar("1944", vandaag=today) == (None, 1944)
    assert parse_geboortedatum_of_jaar("12-03-1944", vandaag=today) == (date(1944, 3, 12), 1944)
    for bad, fragment in (("1850", "te vroeg"), ("2027", "toekomst"), ("03-11-2026", "toekomst"),
                          ("31-04-1980", "april 1980 heeft geen dag 31")):
        with pytest.raises(InvalidInput) as exc:
            parse_geboortedatum_of_jaar(bad, vandaag=today)
        assert fragment in exc.value.message
