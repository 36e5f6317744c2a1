"""Bad input at the service, whatever the path (editor, import, command line), is refused with a Dutch line
naming the field and nothing is written (issue 19, items 10 and 12): texts of at most 20 000 characters,
names of at most 200 that contain letters and no control or invisible characters, dates within sane
ranges (no birth year before 1900, no aanmelding before 2000 or in the future), a search of at most 200
characters instead of a raw database error."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import MEDEWERKER
from toegang_app.domain import invoer
from toegang_app.domain.validation import InvalidInput
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import AuditRegel, Gesprek, Inwoner


def _dossier(ctx) -> svc.GesprekDossier:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern = "Grete Grens (synthetisch)", "Haaksbergen"
    return d


def _niets_geschreven(ctx) -> None:
    with ctx.sessions() as s:
        for model in (Inwoner, Gesprek, AuditRegel):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__


def _zet(d, pad: str, waarde) -> None:
    if pad.startswith("inwoner."):
        setattr(d.inwoner, pad.split(".", 1)[1], waarde)
    elif pad.startswith("dimensies."):
        d.dimensies[pad.split(".")[1]] = svc.DimensieInvoer(score=5, notitie=waarde)
    elif pad == "signalen":
        d.signalen = [svc.SignaalInvoer("schulden", 3, waarde)]
    else:
        setattr(d, pad, waarde)


@pytest.mark.parametrize("pad, waarde, veld, woord", [
    ("vraag", "x" * 1_000_000, "vraag", "20.000"),                       # the 1 MB note of the report
    ("vraag", "x" * (invoer.TEKST_MAX + 1), "vraag", "20.000"),
    ("afspraken", "y" * (invoer.TEKST_MAX + 1), "afspraken", "te lang"),
    ("dimensies.meedoen", "z" * (invoer.TEKST_MAX + 1), "dimensies.meedoen", "te lang"),
    ("signalen", "s" * (invoer.TEKST_MAX + 1), "signalen", "te lang"),
    ("vraag", "regel\x00met een nul", "vraag", "tekens"),
    ("inwoner.naam", "\u200b\u200b\u200b", "naam", "letters"),           # only zero-width characters
    ("inwoner.naam", "12345", "naam", "letters"),
    ("inwoner.naam", "Jan\x07Jansen", "naam", "tekens"),
    ("inwoner.naam", "Jan\u200bJansen", "naam", "onzichtbare"),
    ("inwoner.naam", "A" * 201, "naam", "200"),
    ("inwoner.geboortedatum", date(1, 1, 1), "geboortedatum", "1900"),
    ("inwoner.geboortedatum", date(1800, 6, 1), "geboortedatum", "1900"),
    ("inwoner.geboortejaar", 1800, "geboortedatum", "1900"),
    ("aanmelding_datum", date(1800, 1, 1), "aanmelding_datum", "2000"),
    ("aanmelding_datum", date(1, 1, 1), "aanmelding_datum", "2000"),
])
def test_bad_input_is_refused_in_dutch_and_nothing_is_written(ctx, pad, waarde, veld, woord):
    d = _dossier(ctx)
    _zet(d, pad, waarde)
    with pytest.raises(InvalidInput) as err:
        svc.bewaar_gesprek(ctx, d)
    assert err.value.field == veld and woord in err.value.message, err.value.message
    _niets_geschreven(ctx)


def test_the_limits_themselves_are_accepted(ctx):
    d = _dossier(ctx)
    d.vraag = "v" * invoer.TEKST_MAX
    d.inwoner.naam = "Ö" * 199 + "n"
    d.inwoner.geboortedatum = date(1900, 1, 1)
    d.aanmelding_datum = date(2000, 1, 1)
    stored = svc.bewaar_gesprek(ctx, d)
    assert len(svc.laad_gesprek(ctx, stored.gesprek_id).vraag) == invoer.TEKST_MAX
    # names in other scripts and with apostrophes and hyphens are names
    for naam in ("Zoë d'Hondt-Ñúñez", "Łukasz Wiśniewski", "محمد", "Nguyễn Văn An"):
        assert invoer.controleer_naam(naam) == naam


def test_a_search_of_100000_characters_gets_a_dutch_message(ctx):
    ctx.user = MEDEWERKER
    with pytest.raises(InvalidInput) as err:
        svc.zoek_inwoners(ctx, "a" * 100_000)
    assert "200 tekens" in err.value.message
    assert len(svc.zoek_inwoners(ctx, "a" * 200)) == 0
