"""The two PDFs of a stored conversation: the resident's summary and the file copy (dossierkopie).

Fills the plain contract of ``reports.handout`` from the database: the conversation, its referrals
(with contact details from the sociale kaart), AVE history, legal terms, suggestions and the
onderbouwing maatwerk. Each PDF made is logged in the audit trail (who printed which record).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from sqlalchemy import select

from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain.verwijzing import OVERDRACHTEN, REDENEN_NIET_GESTART, STATUSSEN
from toegang_app.errors import UserError
from toegang_app.reports import handout as rep
from toegang_app.services import audit
from toegang_app.services import ave as ave_svc
from toegang_app.services import gesprekken as svc
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services.auth import GESPREK_LEZEN, require
from toegang_app.storage.models import AveWijziging, Gebruiker, Gesprek, OnderbouwingMaatwerk

log = logging.getLogger(__name__)
LOCKED_PER_NEED = 3   # the Suggesties panel's LOCKED_SHOWN (services never import the UI)

def _verwijzingen_info(ctx, gesprek_id: int) -> list:
    return vsvc.verwijzingen_van(ctx, gesprek_id, audit_view=False)


def _verwijzingen(infos: list) -> list[rep.HandoutVerwijzing]:
    out = []
    for v in infos:
        historie = [rep.HandoutStatus(datum=h.op, status_label=STATUSSEN.get(h.status, h.status),
                                      reden=REDENEN_NIET_GESTART.get(h.reden, h.reden) if h.reden else None,
                                      medewerker=h.medewerker, notitie=h.notitie) for h in v.geschiedenis]
        out.append(rep.HandoutVerwijzing(
            naam=v.naam, aanbieder=v.aanbieder, telefoon=v.telefoon, email=v.email, website=v.website,
            adres=v.adres, overdracht_label=OVERDRACHTEN.get(v.overdracht, v.overdracht),
            opvolgdatum=v.opvolgdatum, status_label=v.status_label, trede=v.trede, wet=v.wet, datum=v.datum,
            verwezen_door=v.aangemaakt_door, toestemming=v.toestemming, toestemming_datum=v.toestemming_datum,
            toestemming_delen=v.toestemming_delen, notitie=v.notitie, historie=historie,
        ))
    return out


def _overwogen(ctx, u, d, verwijzingen: list) -> list[rep.HandoutSuggestie]:
    """The voorzieningen the file copy lists as considered: first what the worker referred to (with the
    app's reason when it was suggested, whether from the primary list, "meer tonen" or the kaart), then the
    rest of the primary suggestions (at most 12, per need), then maatwerk still locked. Not the whole
    "meer tonen" list: that is what the kaart offers, not what was considered with the resident."""
    from toegang_app.domain import nl
    from toegang_app.services import suggesties as ssvc

    try:
        a = ssvc.advies(ctx, u, geboortedatum=d.inwoner.geboortedatum)
    except UserError:   # no matching rules: the referrals still go on paper
        a = None
    reden = {s.voorziening.id: s.reden for s in (a.suggesties + a.meer + a.geblokkeerd if a else [])}
    out: list[rep.HandoutSuggestie] = []
    verwezen: set[str] = set()
    for v in verwijzingen:
        if v.voorziening_id in verwezen:
            continue
        verwezen.add(v.voorziening_id)
        out.append(rep.HandoutSuggestie(
            naam=v.naam, aanbieder=v.aanbieder, trede=v.trede, wet=v.wet,
            reden=reden.get(v.voorziening_id, "gekozen door de medewerker (niet voorgesteld)"),
            uitkomst=f"verwezen op {nl.datum(v.datum)}"
                     + (f"; nu: {v.status_label[:1].lower() + v.status_label[1:]}" if v.status != "verwezen" else "")))
    if a is None:
        return out
    for sug in a.suggesties:
        v = sug.voorziening
        if v.id not in verwezen:
            out.append(rep.HandoutSuggestie(naam=v.naam, aanbieder=v.aanbieder, trede=v.trede, wet=v.wet,
                                            reden=sug.reden, uitkomst="voorgesteld, niet verwezen"))
    # locked maatwerk per need, as many as the Suggesties panel shows before "meer tonen"
    for sug in (g for ba in a.behoeften for g in ba.geblokkeerd[:LOCKED_PER_NEED]):
        v = sug.voorziening
        if v.id not in verwezen:
            out.append(rep.HandoutSuggestie(naam=v.naam, aanbieder=v.aanbieder, trede=v.trede, wet=v.wet,
                                            reden=sug.reden, uitkomst="vergrendeld: onderbouwing ontbreekt"))
    return out


def _termijnen(ctx, gesprek_id: int) -> list[rep.HandoutTermijn]:
    # the same computation as the Termijnen panel; a desk promise, the resident's chance and a not-before
    # date say what they are
    return [rep.HandoutTermijn(wet=t.wet, stap=t.stap if t.soort_label == "termijn voor de balie"
                               else f"{t.stap} ({t.soort_label})", uiterlijk=t.uiterlijk, grondslag=t.grondslag,
                               status=t.status_label)
            for t in tsvc.termijnen_voor_gesprek(ctx, gesprek_id)]


_HANDOUT_NAMEN = frozenset(f.name for f in dataclasses.fields(rep.HandoutGesprek))


def _velden_op_papier(d: svc.GesprekDossier) -> dict:
    """From the field table: the dossier's own fields the report has a place for (by name; the exchange
    answers reach it through the Uitvraag), and every other field with a value in ``velden``."""
    named = {v.naam: gv.lees(d, v) or None for v in gv.TABEL.dossier_velden()
             if v.uitvraag is None and v.naam in _HANDOUT_NAMEN}
    rest = [v.key for v in gv.TABEL if not rep.zelf_opgemaakt(v.key)]
    named["velden"] = [rep.HandoutVeld(p.label, p.tekst, p.samenvatting) for p in gv.papier(d, rest)]
    return named


def handout_gegevens(ctx, gesprek_id: int) -> rep.HandoutGesprek:
    user = require(ctx.user, GESPREK_LEZEN)
    d = svc.laad_gesprek(ctx, gesprek_id, audit_view=False)
    u = d.to_uitvraag()
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        ave_hist = [rep.HandoutAveWijziging(datum=w.op, naar=w.naar_fase, van=w.van_fase, soort=w.soort,
                                            reden=w.reden, medewerker=w.medewerker,
                                            voorgestelde_fase=w.voorgestelde_fase, overschreven=bool(w.overschreven))
                    for w in s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == gesprek_id)
                                       .order_by(AveWijziging.op, AveWijziging.id))]
        regisseur = s.get(Gebruiker, g.procesregisseur_id) if g.procesregisseur_id else None
        onderb = [rep.HandoutOnderbouwing(r.leefgebied, r.toelichting, r.vastgelegd_door, r.vastgelegd_op)
                  for r in s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == gesprek_id))]
        plan, evaluatie = g.plan, g.evaluatiedatum
    try:
        p = ave_svc.voorstel(ctx, u)
        voorstel, redenen = p.fase, list(p.redenen)
    except UserError:  # a broken ave.yaml: the file copy is still useful without the proposal
        voorstel, redenen = None, []
    verwijzingen = _verwijzingen_info(ctx, gesprek_id)
    suggesties = _overwogen(ctx, u, d, verwijzingen)
    data = rep.handout_uit_uitvraag(
        u, datum=d.aanmelding_datum,
        inwoner_naam=d.inwoner.naam, gesprek_id=gesprek_id, medewerker=d.medewerker or user.naam,
        synthetisch=d.synthetisch, bsn=d.inwoner.bsn, **_velden_op_papier(d),
        verwijzingen=_verwijzingen(verwijzingen),
        termijnen=_termijnen(ctx, gesprek_id), suggesties=suggesties, onderbouwing_maatwerk=onderb,
        ave=rep.HandoutAve(fase=d.ave_fase, voorgestelde_fase=voorstel, redenen=redenen, historie=ave_hist,
                           procesregisseur=regisseur.naam if regisseur else None),
        plan=plan, evaluatiedatum=evaluatie,
        balie=rep.balie_voor(d.inwoner.gemeente, ctx.config.get("balie_contact")),
    )
    for k, dim in d.dimensies.items():  # notes belong in the file copy
        if k in data.dimensies:
            data.dimensies[k].notitie = dim.notitie or None
        elif dim.notitie:
            data.dimensies[k] = rep.HandoutDimensie(score=None, bespreken=False, notitie=dim.notitie)
    return data


def maak_pdf(ctx, gesprek_id: int, path: Path, dossier: bool = False) -> Path:
    """Write the resident's summary (or with ``dossier`` the file copy) of a stored conversation."""
    user = require(ctx.user, GESPREK_LEZEN)
    data = handout_gegevens(ctx, gesprek_id)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = rep.maak_dossier(data, path) if dossier else rep.maak_handout(data, path)
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "gesprek", gesprek_id,
                     toelichting="dossierkopie" if dossier else "samenvatting voor de inwoner")
    return out
