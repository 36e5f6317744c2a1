"""The file copy's "Overwogen voorzieningen": what the worker referred to (with the app's reason), then the
primary suggestions that were not chosen, then maatwerk still locked; never the whole "meer tonen" list."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from tests.factories import MEDEWERKER
from toegang_app.domain import nl
from toegang_app.services import gesprekken as svc
from toegang_app.services import suggesties as ssvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services.handout import LOCKED_PER_NEED, handout_gegevens, maak_pdf


def _stored(ctx):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Gerda Overweeg (synthetisch)"
    d.inwoner.geboortedatum = date(1946, 5, 9)
    d.inwoner.kern = "Haaksbergen"
    d.signalen = [svc.SignaalInvoer("zelfzorg_huishouden", 3, ""), svc.SignaalInvoer("eenzaamheid", 2, "")]
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def test_referred_first_then_the_primary_suggestions_then_locked_maatwerk(ctx, tmp_path):
    gid = _stored(ctx)
    a = ssvc.advies(ctx, svc.laad_gesprek(ctx, gid).to_uitvraag(), geboortedatum=date(1946, 5, 9))
    assert a.suggesties and a.meer and a.geblokkeerd
    primary = next(s for s in a.suggesties if s.voorziening.trede >= 2)
    extra = next(s for s in a.meer if s.voorziening.trede >= 2)   # found behind "meer tonen"
    vsvc.maak_verwijzing(ctx, gid, primary.voorziening.id, overdracht="zelf_melden", toestemming=False)
    vsvc.maak_verwijzing(ctx, gid, extra.voorziening.id, overdracht="zelf_melden", toestemming=False)

    rows = handout_gegevens(ctx, gid).suggesties
    today = f"verwezen op {nl.datum(date.today())}"
    assert [(r.naam, r.uitkomst) for r in rows[:2]] == [(primary.voorziening.naam, today),
                                                        (extra.voorziening.naam, today)]
    assert rows[0].reden == primary.reden and rows[1].reden == extra.reden   # why the app suggested it
    voorgesteld = [r.naam for r in rows if r.uitkomst == "voorgesteld, niet verwezen"]
    assert voorgesteld == [s.voorziening.naam for s in a.suggesties if s is not primary]
    locked = [r.naam for r in rows if r.uitkomst == "vergrendeld: onderbouwing ontbreekt"]
    assert locked and len(locked) <= LOCKED_PER_NEED * len(a.behoeften)
    # nothing else from "meer tonen": that is the kaart, not what was considered with the resident
    meer_niet_verwezen = {s.voorziening.naam for s in a.meer if s is not extra} - {s.voorziening.naam for s in a.suggesties}
    assert not meer_niet_verwezen & {r.naam for r in rows}

    pdf = maak_pdf(ctx, gid, tmp_path / "d.pdf", dossier=True)
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Overwogen voorzieningen" in text and "verwezen op" in text and "voorgesteld, niet" in text


def test_a_referral_the_app_did_not_suggest_says_so(ctx):
    gid = _stored(ctx)
    a = ssvc.advies(ctx, svc.laad_gesprek(ctx, gid).to_uitvraag(), geboortedatum=date(1946, 5, 9))
    shown = {s.voorziening.id for s in a.suggesties + a.meer + a.geblokkeerd}
    other = next(v for v in vsvc.voorzieningen_voor_gesprek(ctx, gid) if v.id not in shown and v.trede == 2)
    vsvc.maak_verwijzing(ctx, gid, other.id, overdracht="zelf_melden", toestemming=False)
    first = handout_gegevens(ctx, gid).suggesties[0]
    assert first.naam == other.naam and first.reden == "gekozen door de medewerker (niet voorgesteld)"
