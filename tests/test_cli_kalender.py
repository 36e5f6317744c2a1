"""toegang-admin kalender / termijnen, and the triage answer: the same dates as the app, on the same
calendar (including the desk's own closing day for its promise)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from toegang_app.cli import main
from tests.factories import cli_gebruiker

# Haaksbergen, debts in a crisis, melding Wed 13 May 2026 (the day before Hemelvaartsdag)
CASE = {
    "formaat": "toegang-uitvraag/2", "gemeente": "haaksbergen", "kern": "Buurse", "geboortejaar": 1980,
    "aanmelding": {"datum": "2026-05-13", "kanaal": "balie"},
    "signalen": [{"leefgebied": "schulden", "ernst": 3}],
    "crisis": {"dreigende_ontruiming": True},
}


def test_kalender_shows_the_atw_days_and_the_besluit(data_dir, capsys):
    cli_gebruiker("medewerker")
    assert main(["kalender", "toon", "2026"]) == 0
    out = capsys.readouterr().out
    assert "05-05-2026 dinsdag    5 mei  (Atw art. 3 lid 1 (elk jaar))" in out
    assert "03-04-2026 vrijdag    Goede Vrijdag  (Atw art. 3 lid 2)" in out
    assert "15-05-2026 vrijdag    gelijkgestelde dag: vrijdag na Hemelvaartsdag  (Atw art. 3 lid 3; te verifiëren)" in out
    assert "gelijkstelling-2026-2028: te verifiëren" in out
    assert main(["kalender", "toon", "2029"]) == 0
    assert "Voor 2029 is nog geen besluit" in capsys.readouterr().out


def test_closing_days_and_confirmation(data_dir, capsys):
    cli_gebruiker("beheerder")
    assert main(["kalender", "sluitingsdag", "18-05-2026", "teamdag", "--gemeente", "haaksbergen"]) == 0
    assert "alleen voor afspraken" in capsys.readouterr().out
    assert main(["kalender", "sluitingsdag", "05-05-2026", "bevrijdingsdag"]) == 2
    err = capsys.readouterr().err
    assert "al geen werkdag" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["kalender", "sluitingsdag", "31-02-2026", "x"])
    assert exc.value.code == 2 and "februari 2026 heeft geen dag 31" in capsys.readouterr().err
    assert main(["kalender", "bevestig", "gelijkstelling-2026-2028"]) == 0
    capsys.readouterr()
    assert main(["kalender", "toon", "2026"]) == 0
    out = capsys.readouterr().out
    assert "nummer 1: 18-05-2026 maandag    teamdag  (haaksbergen)" in out
    assert "gelijkstelling-2026-2028: bevestigd" in out
    assert main(["kalender", "verwijder", "1"]) == 0
    assert main(["kalender", "verwijder", "1"]) == 1


def test_triage_and_the_app_show_the_same_dates(data_dir, tmp_path, capsys):
    src = tmp_path / "case.json"
    src.write_text(json.dumps(CASE), encoding="utf-8")
    cli_gebruiker("medewerker")
    assert main(["gesprek", "import", str(src)]) == 0
    gid = int(capsys.readouterr().out.strip())
    # the desk is closed on Monday 18 May: it moves the desk's promise, not the Wgs term
    cli_gebruiker("beheerder")
    assert main(["kalender", "sluitingsdag", "18-05-2026", "teamdag", "--gemeente", "haaksbergen"]) == 0
    capsys.readouterr()
    cli_gebruiker("medewerker")
    assert main(["triage", str(src)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["wetten"], answer["wetten_afgeleid"]) == (["wgs"], True)
    cli_dates = {(t["wet"], t["stap"]): t["uiterlijk"] for t in answer["termijnen"]}
    # Wed 13-5: Hemelvaart Thu 14, gelijkgesteld Fri 15, weekend; Mon 18, Tue 19, Wed 20
    assert cli_dates == {("Wgs", "eerste gesprek"): "2026-05-20",
                         ("Wgs", "contact opnemen voor een afspraak"): "2026-05-21"}
    # the app's service and `toegang-admin termijnen` say the same
    from toegang_app.config import load_config
    from toegang_app.services import termijnen as tsvc
    from toegang_app.services.auth import systeem_gebruiker
    from toegang_app.services.context import open_context

    ctx = open_context(load_config(), load=False)
    ctx.user = systeem_gebruiker()
    try:
        app = {(t.wet, t.stap): t.uiterlijk.isoformat() for t in tsvc.termijnen_voor_gesprek(ctx, gid, date(2026, 5, 13))}
    finally:
        ctx.close()
    assert app == cli_dates
    assert main(["termijnen", str(gid), "--peildatum", "13-05-2026"]) == 0
    out = capsys.readouterr().out
    assert "20-05-2026  Wgs: eerste gesprek  (Wgs art. 4 lid 2; termijn voor de balie)" in out
    assert "21-05-2026  Wgs: contact opnemen voor een afspraak  (Eigen afspraak van de balie (seeds/003:229); " \
           "afspraak van de balie (geen wet))" in out
