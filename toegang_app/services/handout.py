"""The two PDFs of a stored conversation: the resident's summary and the file copy (dossierkopie).

Fills the plain contract of ``reports.handout`` from the database: the conversation, its referrals
(with contact details from the sociale kaart), AVE history, legal terms, suggestions and the
onderbouwing maatwerk. Each PDF made is logged in the audit trail (who printed which record).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from toegang_app.errors import UserError
from toegang_app.reports import handout as rep
from toegang_app.services import audit
from toegang_app.services import gesprekken as svc
from toegang_app.services.auth import GESPREK_LEZEN, require
from toegang_app.storage.models import AveWijziging, Gebruiker, Gesprek, OnderbouwingMaatwerk

log = logging.getLogger(__name__)

STATUS_LABELS = {"voorgesteld": "Voorgesteld", "verwezen": "Verwezen", "aangemeld": "Aangemeld",
                 "gestart": "Gestart", "afgerond": "Afgerond", "niet_gestart": "Niet gestart"}
OVERDRACHT_LABELS = {"warme_overdracht": "Warme overdracht: wij brengen u in contact",
                     "aanmelding_toegang": "Wij melden u aan",
                     "zelf_melden": "U meldt zich zelf",
                     "folder": "Folder meegegeven"}


def _verwijzingen(ctx, gesprek_id: int) -> list[rep.HandoutVerwijzing]:
    try:
        from toegang_app.services import verwijzingen as vsvc
    except ImportError:
        return []
    fn = getattr(vsvc, "verwijzingen_van", None)
    if fn is None:
        return []
    out = []
    for v in fn(ctx, gesprek_id):
        g = getattr
        historie = []
        for h in g(v, "geschiedenis", []) or []:
            status, reden, notitie, medewerker, op = (tuple(h) + (None,) * 5)[:5] if isinstance(h, (tuple, list)) else (
                g(h, "status", None), g(h, "reden", None), g(h, "notitie", None), g(h, "medewerker", None),
                g(h, "op", None))
            historie.append(rep.HandoutStatus(datum=op, status_label=STATUS_LABELS.get(status, status),
                                              reden=reden, medewerker=medewerker, notitie=notitie))
        out.append(rep.HandoutVerwijzing(
            naam=v.naam, aanbieder=g(v, "aanbieder", None), telefoon=g(v, "telefoon", None),
            email=g(v, "email", None), website=g(v, "website", None), adres=g(v, "adres", None),
            overdracht_label=OVERDRACHT_LABELS.get(g(v, "overdracht", None), g(v, "overdracht", None)),
            opvolgdatum=g(v, "opvolgdatum", None), status_label=STATUS_LABELS.get(v.status, v.status),
            trede=g(v, "trede", None), wet=g(v, "wet", None), datum=g(v, "datum", None),
            verwezen_door=g(v, "aangemaakt_door", None), toestemming=g(v, "toestemming", None),
            toestemming_datum=g(v, "toestemming_datum", None), toestemming_delen=g(v, "toestemming_delen", None),
            notitie=g(v, "notitie", None), historie=historie,
        ))
    return out


def _termijnen(ctx, gesprek_id: int) -> list[rep.HandoutTermijn]:
    try:
        from toegang_app.services import termijnen as tsvc
    except ImportError:
        return []
    fn = getattr(tsvc, "termijnen_voor_gesprek", None)
    if fn is None:
        return []
    out = []
    for t in fn(ctx, gesprek_id):
        g = getattr
        out.append(rep.HandoutTermijn(wet=g(t, "wet", ""), stap=g(t, "stap", ""), uiterlijk=g(t, "uiterlijk", None),
                                      grondslag=g(t, "grondslag", None), status=g(t, "status_label", None)
                                      or g(t, "status", None)))
    return out


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
    voorstel, redenen = None, []
    try:
        from toegang_app.domain.ave import propose_phase

        if ctx.resources is not None and ctx.resources.ave is not None:
            p = propose_phase(u, ctx.resources.ave)
            voorstel = getattr(p, "fase", None) or getattr(p, "phase", None)
            redenen = [str(r) for r in (getattr(p, "redenen", None) or getattr(p, "reasons", None) or [])]
    except Exception:  # noqa: BLE001 - the file copy is still useful without the proposal
        log.exception("AVE proposal for the file copy failed")
    suggesties = []
    try:
        from toegang_app.services import suggesties as ssvc

        a = ssvc.advies(ctx, u, geboortedatum=d.inwoner.geboortedatum)
        for sug in a.suggesties:
            v = sug.voorziening
            suggesties.append(rep.HandoutSuggestie(naam=v.naam, aanbieder=v.aanbieder, trede=v.trede, wet=v.wet,
                                                   reden=sug.reden))
        for sug in a.geblokkeerd:
            v = sug.voorziening
            suggesties.append(rep.HandoutSuggestie(naam=v.naam, aanbieder=v.aanbieder, trede=v.trede, wet=v.wet,
                                                   reden=sug.reden, uitkomst="vergrendeld: onderbouwing ontbreekt"))
    except UserError:
        pass
    data = rep.handout_uit_uitvraag(
        u, datum=d.aanmelding_datum,
        inwoner_naam=d.inwoner.naam, gesprek_id=gesprek_id, medewerker=d.medewerker or user.naam,
        wat_belangrijk=d.wat_belangrijk or None, wat_veranderen=d.wat_veranderen or None,
        wie_helpen=d.wie_helpen or None, afspraken=d.afspraken, synthetisch=d.synthetisch, bsn=d.inwoner.bsn,
        eigen_kracht=d.eigen_kracht or None, verwijzingen=_verwijzingen(ctx, gesprek_id),
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
