"""The two PDFs of a stored conversation: the resident's summary and the file copy (dossierkopie).

Fills the plain contract of ``reports.handout`` from the database: the conversation, its referrals
(with contact details from the sociale kaart), AVE history, legal terms, suggestions and the
onderbouwing maatwerk. Each PDF made is logged in the audit trail (who printed which record).

The resident's summary is made in the language chosen for the conversation (``services.rechten``:
remembered for the resident, Dutch by default); the file copy is always Dutch and includes the Wmo
verslagen, the household members and the representatives.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain.verwijzing import OVERDRACHTEN, REDENEN_NIET_GESTART, STATUSSEN
from toegang_app.errors import Afgebroken, UserError
from toegang_app.private_files import atomic_target
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
            voorziening_id=v.voorziening_id, anoniem=v.anoniem, inwoner_weet=v.inwoner_weet, waarom_niet=v.waarom_niet,
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


def _rechten_secties(ctx, gesprek_id: int, inwoner_id: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The file copy's sections for the verslag, the household and the representatives."""
    from toegang_app.domain import nl
    from toegang_app.domain.verslag import REACTIES
    from toegang_app.services import rechten

    out: list[tuple[str, list[tuple[str, str]]]] = []
    for v in rechten.verslagen_van(ctx, gesprek_id):
        rows = [("Datum verslag", nl.datum_lang(v.datum)), ("Opgesteld door", v.opgesteld_door or "")]
        rows += [(f"{p.letter}. {p.titel}", p.tekst) for p in v.punten.values()]
        rows += [(f"Onderbouwing {lg}", t) for lg, t in v.onderbouwingen]
        rows += [("Uitkomst", v.uitkomst), ("Volgende stap", v.vervolg_label)]
        if v.aanvraag:
            rows.append(("Aanvraag", f"{nl.datum_lang(v.aanvraag.aanvraag_datum)}, overgedragen aan "
                                     f"{v.aanvraag.naar_label}"))
        rows.append(("Reactie inwoner", (f"{REACTIES.get(v.reactie_soort, v.reactie_soort)} "
                                         f"({nl.datum_lang(v.reactie_datum)})" + (f": {v.reactie}" if v.reactie else ""))
                     if v.reactie_soort else "nog geen reactie vastgelegd"))
        out.append((f"Verslag Wmo-onderzoek {v.volgnummer} (Wmo 2015 art. 2.3.2 lid 8)", rows))
    for o in rechten.overdrachten_van(ctx, gesprek_id):
        if not any(v.aanvraag and v.aanvraag.id == o.id for v in rechten.verslagen_van(ctx, gesprek_id)):
            out.append(("Aanvraag overgedragen", [("Datum aanvraag", nl.datum_lang(o.aanvraag_datum)),
                                                  ("Aan", o.naar_label), ("Wet", o.wet)]))
    leden = [(b.rol_label, ", ".join(x for x in (b.naam or "", str(b.geboortejaar or ""),
                                                 f"eigen melding: gesprek {b.eigen_gesprek_id}"
                                                 if b.eigen_gesprek_id else "") if x))
             for b in rechten.betrokkenen_van(ctx, gesprek_id)]
    if leden:
        out.append(("Huishouden: wie dit gesprek nog meer aangaat", leden))
    reps = [(r.soort_label, f"{r.naam}; {r.grondslag}; voor {r.reikwijdte_label}"
             + (f"; tot {nl.datum_lang(r.geldig_tot)}" if r.geldig_tot else "")
             + (f"; beëindigd {nl.datum_lang(r.beeindigd_op)}" if r.beeindigd_op else ""))
            for r in rechten.vertegenwoordigers_van(ctx, inwoner_id)]
    if reps:
        out.append(("Vertegenwoordiging", reps))
    return out


def balies_van(ctx):
    """The desks' contact data loaded with the resources (a context opened without them loads this part)."""
    if ctx.resources is None:
        from toegang_app.services.resources import load_resources

        ctx.resources = load_resources(ctx.config, onderdelen=("balies",))
    return ctx.resources.balies


_HANDOUT_NAMEN = frozenset(f.name for f in dataclasses.fields(rep.HandoutGesprek))


def _velden_op_papier(d: svc.GesprekDossier) -> dict:
    """From the field table: the dossier's own fields the report has a place for (by name; the exchange
    answers reach it through the Uitvraag), and every other field with a value in ``velden``."""
    named = {v.naam: gv.lees(d, v) or None for v in gv.TABEL.dossier_velden()
             if v.uitvraag is None and v.naam in _HANDOUT_NAMEN}
    rest = [v.key for v in gv.TABEL if not rep.zelf_opgemaakt(v.key)]
    named["velden"] = [rep.HandoutVeld(p.label, p.tekst, p.samenvatting, p.key) for p in gv.papier(d, rest)]
    return named


def handout_gegevens(ctx, gesprek_id: int, taal: str | None = None) -> rep.HandoutGesprek:
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
        balie=rep.balie_voor(d.inwoner.gemeente, ctx.config.get("balie_contact"), balies_van(ctx)),
    )
    data.meldcode = _meldcode(ctx, gesprek_id)
    from toegang_app.services import rechten

    code = taal or rechten.taal_van_gesprek(ctx, gesprek_id)
    try:
        talen = rechten.talen(ctx)
    except UserError as exc:  # broken translation files: asked for a language, say so; else Dutch
        if taal not in (None, "nl"):
            raise
        log.warning("Translation files refused, the summary is Dutch: %s", exc.message)
        talen = None
    data.taal = talen[code] if talen is not None and code in talen else None
    data.extra_secties = _rechten_secties(ctx, gesprek_id, d.inwoner_id)
    from toegang_app.domain import regie as rdom
    from toegang_app.services import vervolg

    # the afspraken of this conversation (who does what by when) join the free-text ones
    eigen = [rdom.b1_afspraak(rdom.AfspraakData(a.wie, a.wat, a.uiterlijk, "open"))
             for a in vervolg.toestand(ctx, gesprek_id).eigen]
    if eigen:
        data.afspraken = rep._afspraken(data.afspraken) + eigen
    tn = vervolg.toen_en_nu(ctx, gesprek_id)
    if tn is not None:
        data.toen_en_nu = rep.HandoutToenEnNu(tn.datum_toen, dict(tn.scores_toen), list(tn.zinnen), list(tn.gelukt))
    for k, dim in d.dimensies.items():  # notes belong in the file copy
        if k in data.dimensies:
            data.dimensies[k].notitie = dim.notitie or None
        elif dim.notitie:
            data.dimensies[k] = rep.HandoutDimensie(score=None, bespreken=False, notitie=dim.notitie)
    return data


def _meldcode(ctx, gesprek_id: int) -> rep.HandoutMeldcode | None:
    """The Meldcode record for the file copy, when one is under way."""
    from toegang_app.services import veiligheid as vsvc

    try:
        cfg = vsvc.config(ctx)
        t = vsvc.toestand(ctx, gesprek_id)
    except UserError:
        return None
    if not t.gestart:
        return None
    m = t.meldcode
    return rep.HandoutMeldcode(
        stand=t.stand,
        stappen=[rep.HandoutMeldcodeStap(s.nummer, s.naam, s.datum, s.medewerker, s.notitie) for s in t.stappen],
        advies_veilig_thuis=m.advies_veilig_thuis, advies_anoniem=m.advies_anoniem,
        gesprek_overgeslagen=m.gesprek_overgeslagen,
        afwegingen=[(a.vraag, m.afwegingen.get(a.id)) for a in cfg.afwegingen],
        uitkomst=t.weging.uitleg if t.weging.volgende is None else None,
        besluit=cfg.besluiten.get(m.besluit) if m.besluit else None)


@dataclass(frozen=True)
class Samenvatting:
    """Which version of the resident's summary prints, and what the safe version leaves out."""

    versie: str                      # veilig | volledig
    standaard: str                   # the default for this conversation
    zorg: bool                       # a safety concern is recorded
    weggelaten: rep.Weggelaten | None = None   # only for the safe version


def samenvatting(ctx, gesprek_id: int, versie: str | None = None, taal: str | None = None,
                 ) -> tuple[rep.HandoutGesprek, Samenvatting]:
    """The data of the resident's summary in the version that prints: ``versie`` when given, else the
    worker's choice, else the default (the safe version when a safety concern is recorded).

    Without the safety rules (a broken ``veiligheid.yaml``) a summary for a conversation with a safety
    signal is refused rather than risk one that endangers the resident."""
    from toegang_app.domain import veiligheid as dom
    from toegang_app.services import veiligheid as vsvc

    data = handout_gegevens(ctx, gesprek_id, taal)
    try:
        cfg = vsvc.config(ctx)
        t = vsvc.toestand(ctx, gesprek_id)
    except UserError as exc:
        u = svc.laad_gesprek(ctx, gesprek_id, audit_view=False).to_uitvraag()
        if dom.signaal(u).zorg:
            raise UserError("In dit gesprek staat een zorg over veiligheid, maar de veiligheidsregels "
                            "(resources/veiligheid.yaml) zijn niet geladen. Daarom maakt Toegang nu geen samenvatting "
                            "voor de inwoner: die kan haar in gevaar brengen. De dossierkopie kan wel. "
                            f"({exc.message})") from None
        return data, Samenvatting(dom.VOLLEDIG, dom.VOLLEDIG, False)
    gekozen = versie or t.samenvatting_versie
    if gekozen not in dom.VERSIES:
        raise UserError("Kies de veilige of de volledige versie van de samenvatting.")
    info = Samenvatting(gekozen, t.samenvatting_standaard, t.zorg)
    if gekozen == dom.VEILIG:
        data, weg = rep.veilige_versie(data, cfg, vsvc.namen_veiligheidsorganisaties(ctx))
        info = Samenvatting(gekozen, t.samenvatting_standaard, t.zorg, weg)
    return data, info


def maak_pdf(ctx, gesprek_id: int, path: Path, dossier: bool = False, versie: str | None = None,
             taal: str | None = None, cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the resident's summary (or with ``dossier`` the file copy, which keeps everything) of a stored
    conversation. ``versie`` (veilig | volledig) overrides the conversation's summary version for this
    print; by default the safe version prints when a safety concern is recorded. ``taal`` (a code of
    resources/handout_talen) is chosen for this conversation and remembered for the resident; None: the
    language chosen before (Dutch when none was). The file copy is always Dutch."""
    user = require(ctx.user, GESPREK_LEZEN)
    if taal is not None and not dossier:
        from toegang_app.services import rechten

        rechten.kies_taal(ctx, gesprek_id, taal)
    path = Path(path)
    if dossier:
        data, toelichting = handout_gegevens(ctx, gesprek_id), "dossierkopie"
        data.taal = None
    else:
        data, info = samenvatting(ctx, gesprek_id, versie, taal)
        code = data.taal.code if data.taal is not None else "nl"
        toelichting = (f"samenvatting voor de inwoner ({'veilige' if info.versie == 'veilig' else 'volledige'} versie"
                       + ("" if code == "nl" else f", {code}") + ")")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_target(path) as tmp:  # a cancelled or failed print leaves no half-written file
        (rep.maak_dossier if dossier else rep.maak_handout)(data, tmp)
        if cancelled is not None and cancelled():
            raise Afgebroken(f"De {'dossierkopie' if dossier else 'samenvatting'} is niet gemaakt (afgebroken).")
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "gesprek", gesprek_id, toelichting=toelichting)
    return path
