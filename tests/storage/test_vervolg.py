"""Follow-up conversations on SQLite and PostgreSQL: a resident with three conversations, carrying over and
confirming, afspraken followed up (gedaan, loopt, niet gelukt with a reason) and counted, Toen en nu, the
history of webs, and export/import of the chain without personal data."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from toegang_app.domain import regie as rdom
from toegang_app.services import gesprekken as gsvc
from toegang_app.services import vervolg
from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import AuditRegel, Gebruiker, Gesprek

MW = CurrentUser(id=None, gebruikersnaam="mw-vv", naam="Mila Medewerker (synthetisch)", rol="medewerker",
                 team="haaksbergen")
TL = CurrentUser(id=None, gebruikersnaam="tl-vv", naam="Teamleider (synthetisch)", rol="teamleider", team="haaksbergen")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    return request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")


def eerste_gesprek(ctx) -> int:
    d = gsvc.nieuw_dossier(ctx)
    d.inwoner.naam = "Demo-Truus Wolters (synthetisch)"
    d.inwoner.gemeente, d.inwoner.kern = "haaksbergen", "Buurse"
    d.synthetisch = True
    d.aanmelding_datum = date(2026, 3, 2)
    d.vraag = "Ik kom de dagen niet goed door."
    d.huishouden = "alleenstaand"
    d.kinderen = []
    d.mantelzorger = False
    d.steun_van = ["dochter (woont ver weg)"]
    d.eigen_kracht = "kookt zelf, fietst dagelijks"
    for k, v in {"lichaamsfuncties": 6, "mentaal_welbevinden": 3, "zingeving": 3, "kwaliteit_van_leven": 4,
                 "meedoen": 2, "dagelijks_functioneren": 7}.items():
        d.dimensies[k].score = v
    return gsvc.bewaar_gesprek(ctx, d).gesprek_id


def scores_invullen(ctx, gid: int, scores: dict[str, int], datum: date) -> None:
    d = gsvc.laad_gesprek(ctx, gid)
    for k, v in scores.items():
        d.dimensies[k].score = v
    d.aanmelding_datum = datum
    gsvc.bewaar_gesprek(ctx, d, d)


def test_three_conversations_carry_over_follow_up_and_count(db, tmp_path):
    ctx = db
    ctx.user = MW
    g1 = eerste_gesprek(ctx)
    a1 = vervolg.voeg_afspraak_toe(ctx, g1, rdom.AfspraakInvoer("Inwoner", "gaat naar de inloop van Wijkkracht"))
    vervolg.voeg_afspraak_toe(ctx, g1, rdom.AfspraakInvoer("Budgetmaatjes", "komt langs voor de post", date(2026, 4, 1)))
    assert [a.wie for a in a1.eigen] == ["Inwoner"]
    with pytest.raises(vervolg.VervolgFout) as exc:
        vervolg.voeg_afspraak_toe(ctx, g1, rdom.AfspraakInvoer("", "iets"))
    assert exc.value.veld == "wie"

    # the follow-up starts from the previous one: household and network carried over, dimensions empty
    g2 = vervolg.start_vervolg(ctx, g1)
    d1, d2 = gsvc.laad_gesprek(ctx, g1), gsvc.laad_gesprek(ctx, g2)
    assert d2.vervolg_op == d1.uitwisseling_id and d2.uitwisseling_id and d2.uitwisseling_id != d1.uitwisseling_id
    assert d2.inwoner_id == d1.inwoner_id
    assert (d2.huishouden, d2.steun_van, d2.eigen_kracht, d2.mantelzorger, d2.kinderen) == \
        ("alleenstaand", ["dochter (woont ver weg)"], "kookt zelf, fietst dagelijks", False, [])
    assert all(dim.score is None for dim in d2.dimensies.values())
    t = vervolg.toestand(ctx, g2)
    assert t.is_vervolg and t.vorig_gesprek_id == g1 and t.vorige_scores["meedoen"] == 2
    assert {o.onderdeel for o in t.onbevestigd} >= {"huishouden", "steun_van", "eigen_kracht", "mantelzorger"}
    t = vervolg.bevestig_overname(ctx, g2)
    assert t.onbevestigd == []

    # each open afspraak of the previous conversation gets a status
    inloop, post = t.te_bespreken
    vervolg.zet_status(ctx, g2, inloop.id, "gedaan")
    t = vervolg.zet_status(ctx, g2, post.id, "loopt")
    assert [(a.wie, a.status, a.nagekeken_in) for a in t.te_bespreken] == [("Inwoner", "gedaan", g2),
                                                                          ("Budgetmaatjes", "loopt", g2)]
    scores_invullen(ctx, g2, {"lichaamsfuncties": 6, "mentaal_welbevinden": 5, "zingeving": 4, "kwaliteit_van_leven": 4,
                              "meedoen": 5, "dagelijks_functioneren": 7}, date(2026, 6, 1))
    tn = vervolg.toen_en_nu(ctx, g2)
    assert tn.datum_toen == date(2026, 3, 2)
    assert tn.zinnen == ("Mentaal welbevinden: de vorige keer gaf u een 3, nu een 5. Dat gaat nu beter.",
                         "Zingeving: de vorige keer gaf u een 3, nu een 4. Dat gaat nu beter.",
                         "Meedoen: de vorige keer gaf u een 2, nu een 5. Dat gaat nu beter.")
    assert tn.gelukt == ("Inwoner: gaat naar de inloop van Wijkkracht.",)
    assert vervolg.toen_en_nu(ctx, g1) is None
    # the resident's summary: both webs, a B1 sentence per changed dimension, what was met
    from toegang_app.services.handout import maak_pdf

    pypdf = pytest.importorskip("pypdf")
    pdf = maak_pdf(ctx, g2, tmp_path / "samenvatting.pdf")
    tekst = " ".join((p.extract_text() or "") for p in pypdf.PdfReader(str(pdf)).pages)
    tekst = " ".join(tekst.split())
    assert "Toen en nu" in tekst and "Toen (2 maart 2026)" in tekst
    assert "Meedoen: de vorige keer gaf u een 2, nu een 5. Dat gaat nu beter." in tekst
    assert "Wat is gelukt" in tekst and "gaat naar de inloop van Wijkkracht" in tekst
    assert "toen 2, nu 5: hoger" in tekst           # the change in words inside the picture
    # ... in the resident's language too: the headings, the sentences and the words in the picture
    def pdf_tekst(taal: str) -> str:
        pdf = maak_pdf(ctx, g2, tmp_path / f"samenvatting-{taal}.pdf", taal=taal)
        return " ".join(" ".join((p.extract_text() or "") for p in pypdf.PdfReader(str(pdf)).pages).split())

    en = pdf_tekst("en")
    assert "Then and now" in en and "Then (2 March 2026)" in en and "Toen en nu" not in en
    assert "Participation: last time you gave a 2, now a 5. That is going better now." in en
    assert "then 2, now 5: higher" in en and "What worked out" in en
    assert "gaat naar de inloop van Wijkkracht" in en          # the worker's words stay Dutch ...
    assert "own words, in Dutch" in en                          # ... with the line that says so
    pl = pdf_tekst("pl")
    assert "Wtedy i teraz" in pl and "Toen en nu" not in pl and "Dat gaat nu beter" not in pl
    ar = pdf_tekst("ar")
    assert "Toen en nu" not in ar and "Dat gaat nu beter" not in ar and "toen 2, nu 5" not in ar
    pdf_tekst("nl")                                            # back to Dutch for what follows
    vervolg.voeg_afspraak_toe(ctx, g2, rdom.AfspraakInvoer("Inwoner", "belt Welzijn op Recept", date(2026, 6, 15)))
    pdf = maak_pdf(ctx, g2, tmp_path / "samenvatting2.pdf")
    tekst = " ".join(" ".join((p.extract_text() or "") for p in pypdf.PdfReader(str(pdf)).pages).split())
    assert "Inwoner: belt Welzijn op Recept. Uiterlijk 15 juni 2026." in tekst
    assert "Toen en nu" not in " ".join((p.extract_text() or "") for p in pypdf.PdfReader(
        str(maak_pdf(ctx, g1, tmp_path / "eerste.pdf"))).pages)

    # the third: only what still runs comes back; 'niet gelukt' needs a reason
    g3 = vervolg.start_vervolg(ctx, g2)
    t3 = vervolg.toestand(ctx, g3)
    # still running from the first conversation, and the one agreed in the second
    assert t3.vorig_gesprek_id == g2 and [a.wie for a in t3.te_bespreken] == ["Budgetmaatjes", "Inwoner"]
    with pytest.raises(vervolg.VervolgFout) as exc:
        vervolg.zet_status(ctx, g3, post.id, "niet_gelukt")
    assert exc.value.veld == "status_reden"
    vervolg.zet_status(ctx, g3, post.id, "niet_gelukt", "wachtlijst bij Budgetmaatjes")
    scores_invullen(ctx, g3, {"mentaal_welbevinden": 6, "meedoen": 6}, date(2026, 9, 1))

    webs = vervolg.webs_van_inwoner(ctx, d1.inwoner_id)
    assert [w.gesprek_id for w in webs] == [g1, g2, g3] and webs[2].scores["meedoen"] == 6

    # statistics count the outcome of followed-up afspraken, small counts suppressed
    ctx.user = TL
    assert vervolg.afspraken_statistiek(ctx, date(2026, 1, 1), date(2026, 12, 31)) == \
        {"gedaan": "<5", "loopt": "0", "niet_gelukt": "<5"}   # the afspraak that ran on ended as niet gelukt
    # ... and the team lead's statistics show them: exact inside the app, "<5" in the publication form
    from toegang_app.services.statistiek import Selectie, bereken

    intern = bereken(ctx, Selectie(date(2026, 1, 1), date(2026, 12, 31), gemeente="haaksbergen", vorm="intern"),
                     vandaag=date(2026, 12, 1))
    tabel = next(t for t in intern.tabellen if t.sleutel == "afspraken")
    assert [r[:2] for r in tabel.rijen[:3]] == [["Gedaan", 1], ["Loopt nog", 0], ["Niet gelukt", 1]]
    publicatie = bereken(ctx, Selectie(date(2026, 1, 1), date(2026, 12, 31)), vandaag=date(2026, 12, 1))
    tabel = next(t for t in publicatie.tabellen if t.sleutel == "afspraken")
    assert [r[:2] for r in tabel.rijen[:3]] == [["Gedaan", "<5"], ["Loopt nog", 0], ["Niet gelukt", "<5"]]
    with ctx.sessions() as s:
        audit = " ".join(f"{r.toelichting} {r.nieuw}" for r in s.scalars(select(AuditRegel)))
    assert "wachtlijst" not in audit and "inloop" not in audit     # no free text in the audit trail


def test_export_import_keeps_the_chain_without_personal_data(db, tmp_path, monkeypatch):
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    ctx = db
    ctx.user = MW
    g1 = eerste_gesprek(ctx)
    g2 = vervolg.start_vervolg(ctx, g1)
    scores_invullen(ctx, g2, {"meedoen": 5}, date(2026, 6, 1))
    g3 = vervolg.start_vervolg(ctx, g2)
    docs = [gsvc.exporteer_uitvraag(ctx, g) for g in (g1, g2, g3)]
    tekst = json.dumps(docs, ensure_ascii=False)
    assert "Truus" not in tekst and "Wolters" not in tekst
    assert docs[1]["vervolg_op"] == docs[0]["id"] and docs[2]["vervolg_op"] == docs[1]["id"]
    assert all(str(g) not in (d["id"], d.get("vervolg_op")) for d, g in zip(docs, (g1, g2, g3)))

    # another desk's database (SQLite): import the chain in any order, the links hold
    monkeypatch.setenv("TOEGANG_DATA_DIR", str(tmp_path / "andere-balie"))
    monkeypatch.delenv("TOEGANG_DATABASE_URL", raising=False)
    ander = open_context(load_config())
    try:
        ander.user = MW
        n3 = gsvc.importeer_uitvraag(ander, docs[2])
        with ander.sessions() as s:
            inwoner = s.get(Gesprek, n3).inwoner_id
        n1 = gsvc.importeer_uitvraag(ander, docs[0], inwoner_id=inwoner)
        n2 = gsvc.importeer_uitvraag(ander, docs[1], inwoner_id=inwoner)
        assert vervolg.toestand(ander, n3).vorig_gesprek_id == n2
        assert vervolg.toestand(ander, n2).vorig_gesprek_id == n1
        assert vervolg.toestand(ander, n1).vorig_gesprek_id is None
        assert vervolg.vorige_web(ander, n2).scores["meedoen"] == 2
    finally:
        ander.close()
