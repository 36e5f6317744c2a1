"""Dutch dates and numbers: what the desk reads in lists, messages and the resident's summary."""

from datetime import date, datetime

from toegang_app.domain import nl
from toegang_app.domain.validation import parse_datum


def test_short_dates_are_dd_mm_jjjj_and_read_back():
    assert nl.datum(date(2026, 11, 2)) == "02-11-2026"
    assert nl.datum(datetime(2026, 1, 9, 23, 59)) == "09-01-2026"  # a moment shows only its day here
    assert nl.datum(None) == ""
    for d in (date(2026, 11, 2), date(1944, 2, 29), date(2000, 12, 31)):
        assert parse_datum(nl.datum(d)) == d  # what we print, the desk can type back


def test_date_times_show_the_time_only_when_there_is_one():
    moment = datetime(2026, 11, 2, 9, 5, 7)
    assert nl.datum_tijd(moment) == "02-11-2026 09:05"
    assert nl.datum_tijd(moment, seconden=True) == "02-11-2026 09:05:07"
    assert nl.datum_tijd(date(2026, 11, 2)) == "02-11-2026"
    assert nl.tijd(moment) == "09:05"
    assert nl.datum_tijd(None) == nl.tijd(None) == ""


def test_long_dates_in_letters():
    assert nl.datum_lang(date(2026, 11, 2)) == "2 november 2026"
    assert nl.datum_lang(datetime(2026, 3, 1, 14, 0)) == "1 maart 2026"
    assert nl.datum_tijd_lang(datetime(2026, 3, 1, 14, 0)) == "1 maart 2026 14:00"
    assert nl.datum_tijd_lang(date(2026, 3, 1)) == "1 maart 2026"
    assert nl.datum_lang(None) == ""
    assert nl.maand(2026, 11) == "november 2026"
    assert nl.maand(2026, 3, kort=True) == "mrt 2026"


def test_numbers_with_dutch_separators():
    assert nl.getal(0) == "0"
    assert nl.getal(999) == "999"
    assert nl.getal(1234) == "1.234"
    assert nl.getal(-1234567) == "-1.234.567"
    assert nl.getal(12.5) == "12,5"
    assert nl.getal(1234.56) == "1.234,6"
    assert nl.getal(1234.5, decimalen=2) == "1.234,50"
    assert nl.getal(None) == ""
    assert nl.getal("<5") == "<5"  # a suppressed cell stays what it is
    assert nl.getal(True) == "True"


def test_percentages():
    assert nl.procent(12.5) == "12,5%"
    assert nl.procent(100) == "100,0%"
    assert nl.procent(33.333, decimalen=0) == "33%"
    assert nl.procent(None) == ""
