"""The resident's rights and the people around them: the Wmo verslag and the hand-over of an aanvraag,
household members, representatives and who consents to a referral, and the summary's language.

Every write is audited in the same transaction, without free text (the audit says *that* a verslag,
response or representative was recorded, never what it says). Roles are those of the conversation:
reading needs ``gesprek_lezen``, writing ``gesprek_schrijven``, a hand-over ``verwijzen``; everything is
limited to the worker's own desk.

The aanvraag of a hand-over is written into the conversation's ``aanvragen`` (field table). The summary
language and the household members keep their own tables: a language chosen in the print dialog must not
bump the conversation's version, and members are rows with links of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from toegang_app.domain import rechten as rules
from toegang_app.domain import verslag as vdom
from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, VERWIJZEN, require, require_team
from toegang_app.storage.models import (
    AanvraagOverdracht,
    Gesprek,
    GesprekBetrokkene,
    GesprekTaal,
    Inwoner,
    InwonerTaal,
    OnderbouwingMaatwerk,
    Toestemming,
    Verwijzing,
    Vertegenwoordiger,
    WmoVerslag,
)


def _gesprek(s, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def _inwoner(s, user, inwoner_id: int) -> Inwoner:
    i = s.get(Inwoner, inwoner_id)
    if i is None or i.geanonimiseerd:
        raise UserError("Deze inwoner bestaat niet (meer).")
    require_team(user, i.gemeente)
    return i


# -- the summary's language ------------------------------------------------------------------------

def talen(ctx):
    """The validated translation files (``Resources.talen``); ConfigError when they are broken."""
    res = getattr(ctx, "resources", None)
    if res is not None and getattr(res, "talen", None) is not None:
        return res.talen
    if res is not None and "talen" in getattr(res, "problemen", {}):
        raise res.problemen["talen"]
    from toegang_app.domain.handout_talen import MAP, load_talen
    from toegang_app.paths import resources_dir

    return load_talen(resources_dir() / MAP)


def taal_van_gesprek(ctx, gesprek_id: int) -> str:
    """The summary language of this conversation; else the one remembered for the resident; else Dutch."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        g = _gesprek(s, user, gesprek_id)
        row = s.get(GesprekTaal, gesprek_id)
        if row is not None:
            return row.taal
        onthouden = s.get(InwonerTaal, g.inwoner_id)
        return onthouden.taal if onthouden is not None else "nl"


def kies_taal(ctx, gesprek_id: int, taal: str) -> None:
    """Choose the summary language of a conversation and remember it for the resident."""
    user = require(ctx.user, GESPREK_LEZEN)
    if taal not in talen(ctx):
        raise InvalidInput("taal", f"Onbekende taal '{taal}'. Kies uit: {', '.join(talen(ctx).codes)}.")
    now = datetime.now()
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        vorige = s.get(GesprekTaal, g.id)
        changed = vorige is None or vorige.taal != taal
        for model, key in ((GesprekTaal, g.id), (InwonerTaal, g.inwoner_id)):
            row = s.get(model, key)
            if row is None:
                row = model(**{model.__mapper__.primary_key[0].name: key})
                s.add(row)
            row.taal, row.gekozen_op = taal, now
        if changed:
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="taal samenvatting", nieuw=taal)


# -- the Wmo verslag -------------------------------------------------------------------------------

@dataclass
class VerslagInfo:
    id: int
    gesprek_id: int
    volgnummer: int
    datum: date
    punten: dict[str, vdom.Punt]
    onderbouwingen: list[tuple[str, str]]
    uitkomst: str
    vervolg: str
    opgesteld_door: str | None
    reactie: str | None
    reactie_soort: str | None
    reactie_datum: date | None
    aanvraag: "OverdrachtInfo | None" = None

    @property
    def vervolg_label(self) -> str:
        return vdom.VERVOLGEN.get(self.vervolg, self.vervolg)


@dataclass
class OverdrachtInfo:
    id: int
    wet: str
    aanvraag_datum: date
    naar: str
    onderwerp: str | None
    door: str | None

    @property
    def naar_label(self) -> str:
        return vdom.NAAR.get(self.naar, self.naar)


def verslag_bron(s, g: Gesprek) -> vdom.VerslagBron:
    from toegang_app.domain.verwijzing import STATUSSEN
    from toegang_app.services.gesprekken import _dossier

    d = _dossier(s, g)
    bron = vdom.VerslagBron(
        vraag=d.vraag, wat_belangrijk=d.wat_belangrijk, wat_veranderen=d.wat_veranderen, wie_helpen=d.wie_helpen,
        eigen_kracht=d.eigen_kracht, huishouden=vocab.HUISHOUDENS.get(d.huishouden) if d.huishouden else None,
        mantelzorger=d.mantelzorger, mantelzorger_overbelast=d.mantelzorger_overbelast, steun_van=list(d.steun_van),
        signalen=[(vocab.LEEFGEBIEDEN.get(x.leefgebied, x.leefgebied), x.ernst, x.toelichting) for x in d.signalen],
        bespreken=[vocab.DIMENSIES[k] for k, dim in d.dimensies.items() if dim.bespreken],
    )
    for b in s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == g.id)):
        bron.betrokkenen.append((rules.ROLLEN.get(b.rol, b.rol), b.eigen_gesprek_id is not None))
    for v in s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == g.id).order_by(Verwijzing.id)):
        bron.verwijzingen.append((v.voorziening_naam, v.trede, v.wet, STATUSSEN.get(v.status, v.status)))
    for o in s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == g.id)
                       .order_by(OnderbouwingMaatwerk.id)):
        bron.onderbouwingen.append((vocab.LEEFGEBIEDEN.get(o.leefgebied, o.leefgebied), o.toelichting))
    return bron


def verslag_voorstel(ctx, gesprek_id: int) -> dict[str, vdom.Punt]:
    """The points a-g proposed from the conversation (nothing stored)."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        return vdom.voorstel(verslag_bron(s, _gesprek(s, user, gesprek_id)))


def maak_verslag(ctx, gesprek_id: int, punten: dict[str, str], uitkomst: str, vervolg: str,
                 datum: date | None = None) -> int:
    """Date and store the verslag (with the onderbouwing per levensgebied as it stands); returns its id.
    Raises InvalidInput for the first problem; nothing is stored then."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    invoer = vdom.VerslagInvoer({k: (v or "").strip() for k, v in punten.items()}, (uitkomst or "").strip(), vervolg)
    problems = vdom.valideer(invoer)
    if problems:
        raise problems[0]
    dag = datum or date.today()
    if dag > date.today():
        raise InvalidInput("datum", "De datum van het verslag kan niet in de toekomst liggen.")
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if dag < g.aanmelding_datum:
            raise InvalidInput("datum", "Het verslag kan niet eerder zijn dan de melding.")
        bron = verslag_bron(s, g)
        voorstel = vdom.voorstel(bron)
        n = (s.scalar(select(func.max(WmoVerslag.volgnummer)).where(WmoVerslag.gesprek_id == g.id)) or 0) + 1
        inhoud = {
            "punten": {k: {"titel": vdom.PUNTEN[k], "tekst": invoer.punten[k], "bron": voorstel[k].bron}
                       for k in vdom.PUNTEN},
            "onderbouwing": [{"leefgebied": lg, "toelichting": t} for lg, t in bron.onderbouwingen],
        }
        r = WmoVerslag(gesprek_id=g.id, volgnummer=n, datum=dag, inhoud=inhoud, uitkomst=invoer.uitkomst,
                       vervolg=vervolg, opgesteld_door=user.gebruikersnaam, opgesteld_op=datetime.now())
        s.add(r)
        s.flush()
        audit.record(s, user, "aangemaakt", "wmo_verslag", r.id, toelichting=f"gesprek {g.id}, verslag {n}, "
                     f"vervolg {vervolg}")
        return r.id


def leg_reactie_vast(ctx, verslag_id: int, soort: str, tekst: str = "", datum: date | None = None) -> None:
    """The resident's response to the verslag (eens, oneens, aanvulling, geen reactie), dated."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    if soort not in vdom.REACTIES:
        raise InvalidInput("reactie_soort", "Kies wat de inwoner van het verslag vindt.")
    tekst = (tekst or "").strip()
    if soort in ("oneens", "aanvulling") and not tekst:
        raise InvalidInput("reactie", "Schrijf de reactie van de inwoner op (in de eigen woorden van de inwoner).")
    if len(tekst) > vdom.MAX_TEKST:
        raise InvalidInput("reactie", f"De reactie is te lang (meer dan {vdom.MAX_TEKST} tekens).")
    dag = datum or date.today()
    if dag > date.today():
        raise InvalidInput("reactie_datum", "De datum van de reactie kan niet in de toekomst liggen.")
    with ctx.sessions.begin() as s:
        r = s.get(WmoVerslag, verslag_id)
        if r is None:
            raise UserError(f"Verslag {verslag_id} bestaat niet (meer).")
        _gesprek(s, user, r.gesprek_id)
        if dag < r.datum:
            raise InvalidInput("reactie_datum", "De reactie kan niet eerder zijn dan het verslag.")
        r.reactie, r.reactie_soort, r.reactie_datum, r.reactie_door = tekst or None, soort, dag, user.gebruikersnaam
        audit.record(s, user, "gewijzigd", "wmo_verslag", r.id, veld="reactie inwoner", nieuw=soort,
                     toelichting="reactie vastgelegd")


def _verslag_info(r: WmoVerslag, overdracht: AanvraagOverdracht | None) -> VerslagInfo:
    punten = {k: vdom.Punt(k, p.get("titel", vdom.PUNTEN.get(k, k)), p.get("tekst", ""), p.get("bron", ""))
              for k, p in (r.inhoud or {}).get("punten", {}).items()}
    onderb = [(o.get("leefgebied", ""), o.get("toelichting", "")) for o in (r.inhoud or {}).get("onderbouwing", [])]
    return VerslagInfo(r.id, r.gesprek_id, r.volgnummer, r.datum, punten, onderb, r.uitkomst, r.vervolg,
                       r.opgesteld_door, r.reactie, r.reactie_soort, r.reactie_datum,
                       _overdracht_info(overdracht) if overdracht else None)


def _overdracht_info(o: AanvraagOverdracht) -> OverdrachtInfo:
    return OverdrachtInfo(o.id, o.wet, o.aanvraag_datum, o.naar, o.onderwerp, o.door)


def verslagen_van(ctx, gesprek_id: int) -> list[VerslagInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        _gesprek(s, user, gesprek_id)
        over = {o.verslag_id: o for o in s.scalars(select(AanvraagOverdracht).where(
            AanvraagOverdracht.gesprek_id == gesprek_id).order_by(AanvraagOverdracht.id)) if o.verslag_id}
        return [_verslag_info(r, over.get(r.id)) for r in s.scalars(
            select(WmoVerslag).where(WmoVerslag.gesprek_id == gesprek_id).order_by(WmoVerslag.volgnummer))]


def verslag(ctx, verslag_id: int) -> VerslagInfo:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        r = s.get(WmoVerslag, verslag_id)
        if r is None:
            raise UserError(f"Verslag {verslag_id} bestaat niet (meer).")
        _gesprek(s, user, r.gesprek_id)
        o = s.scalars(select(AanvraagOverdracht).where(AanvraagOverdracht.verslag_id == r.id)).first()
        return _verslag_info(r, o)


def draag_aanvraag_over(ctx, gesprek_id: int, naar: str, aanvraag_datum: date, *, verslag_id: int | None = None,
                        wet: str = "wmo", onderwerp: str | None = None) -> int:
    """Hand the aanvraag to the Wmo consulent or backoffice. The aanvraag is added to the conversation's
    ``aanvragen`` (field table) with this date: the legal clock runs from it (Wmo art. 2.3.5 lid 2:
    beschikking within 2 weeks), the terms are recomputed and the exchange export carries it."""
    user = require(ctx.user, VERWIJZEN)
    if naar not in vdom.NAAR:
        raise InvalidInput("naar", "Kies aan wie de aanvraag gaat: de Wmo-consulent of de backoffice.")
    if wet not in vocab.MELDING_WETTEN:
        raise InvalidInput("wet", "Onbekende wet voor de aanvraag.")
    if aanvraag_datum is None or aanvraag_datum > date.today():
        raise InvalidInput("aanvraag_datum", "De datum van de aanvraag kan niet in de toekomst liggen.")
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if aanvraag_datum < g.aanmelding_datum:
            raise InvalidInput("aanvraag_datum", "De aanvraag kan niet eerder zijn dan de melding.")
        if verslag_id is not None:
            r = s.get(WmoVerslag, verslag_id)
            if r is None or r.gesprek_id != g.id:
                raise UserError("Dit verslag hoort niet bij dit gesprek.")
            if s.scalars(select(AanvraagOverdracht).where(AanvraagOverdracht.verslag_id == verslag_id)).first():
                raise InvalidInput("verslag", "De aanvraag van dit verslag is al overgedragen.")
        o = AanvraagOverdracht(gesprek_id=g.id, verslag_id=verslag_id, wet=wet, aanvraag_datum=aanvraag_datum,
                               naar=naar, onderwerp=(onderwerp or "").strip()[:200] or None,
                               door=user.gebruikersnaam, op=datetime.now())
        s.add(o)
        # the aanvraag is a field of the conversation (field table: aanvragen): the exchange format carries
        # it and the legal clock runs from its date
        entry = {"wet": wet, "datum": aanvraag_datum.isoformat(),
                 "onderwerp": o.onderwerp or f"overgedragen aan {vdom.NAAR[naar].lower()}"}
        g.aanvragen = [*(g.aanvragen or []), entry]
        g.gewijzigd_op = datetime.now()
        s.flush()
        audit.record(s, user, "aangemaakt", "aanvraag", o.id,
                     toelichting=f"gesprek {g.id}, {wet}, aanvraag {aanvraag_datum.isoformat()}, naar {naar}")
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="aanvragen", toelichting="aanvraag overgedragen")
        from toegang_app.services.gesprekken import werk_afgeleide_gegevens_bij

        werk_afgeleide_gegevens_bij(s, g, ctx=ctx)
        return o.id


def overdrachten_van(ctx, gesprek_id: int) -> list[OverdrachtInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        _gesprek(s, user, gesprek_id)
        return [_overdracht_info(o) for o in s.scalars(select(AanvraagOverdracht).where(
            AanvraagOverdracht.gesprek_id == gesprek_id).order_by(AanvraagOverdracht.aanvraag_datum))]


def _naam_van(s, gebruikersnaam: str | None) -> str | None:
    """The worker's name for the resident's paper (the account name when the account is gone)."""
    from toegang_app.storage.models import Gebruiker

    if not gebruikersnaam:
        return None
    g = s.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first()
    return g.naam if g is not None else gebruikersnaam


def maak_verslag_pdf(ctx, verslag_id: int, path) -> object:
    """The verslag as PDF for the resident (B1), with the response when recorded; audited."""
    from pathlib import Path

    from toegang_app.reports import verslag as rep
    from toegang_app.reports.handout import balie_voor
    from toegang_app.services.handout import balies_van

    user = require(ctx.user, GESPREK_LEZEN)
    info = verslag(ctx, verslag_id)
    with ctx.sessions() as s:
        g = s.get(Gesprek, info.gesprek_id)
        i = g.inwoner
        data = rep.VerslagData(
            inwoner_naam=i.naam, gesprek_id=g.id, melddatum=g.aanmelding_datum, datum=info.datum,
            volgnummer=info.volgnummer, medewerker=_naam_van(s, info.opgesteld_door),
            vraag=g.vraag, punten=[(p.letter, p.titel, p.tekst, p.grondslag) for p in info.punten.values()],
            onderbouwingen=info.onderbouwingen, uitkomst=info.uitkomst, vervolg=info.vervolg_label,
            aanvraag=(f"Uw aanvraag is op {info.aanvraag.aanvraag_datum:%d-%m-%Y} doorgegeven aan de "
                      f"{info.aanvraag.naar_label.lower() if info.aanvraag.naar == 'backoffice' else info.aanvraag.naar_label}."
                      if info.aanvraag else None),
            aanvraag_datum=info.aanvraag.aanvraag_datum if info.aanvraag else None,
            reactie=info.reactie, reactie_soort=vdom.REACTIES.get(info.reactie_soort) if info.reactie_soort else None,
            reactie_datum=info.reactie_datum, balie=balie_voor(g.gemeente, ctx.config.get("balie_contact"), balies_van(ctx)),
            synthetisch=bool(g.synthetisch))
    out = rep.maak_verslag(data, Path(path))
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "wmo_verslag", verslag_id, toelichting=f"gesprek {info.gesprek_id}")
    return out


# -- household -------------------------------------------------------------------------------------

@dataclass
class BetrokkeneInfo:
    id: int
    gesprek_id: int
    rol: str
    inwoner_id: int | None
    naam: str | None              # the linked resident's name (same desk), or the description
    geboortejaar: int | None
    eigen_gesprek_id: int | None

    @property
    def rol_label(self) -> str:
        return rules.ROLLEN.get(self.rol, self.rol)


def voeg_betrokkene_toe(ctx, gesprek_id: int, rol: str, *, omschrijving: str | None = None,
                        geboortejaar: int | None = None, inwoner_id: int | None = None) -> int:
    """Add a household member with a role: a linked resident (``inwoner_id``, same desk) or a short
    description and birth year only."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    if rol not in rules.ROLLEN:
        raise InvalidInput("rol", "Kies de rol van deze persoon in het huishouden.")
    omschrijving = (omschrijving or "").strip() or None
    if inwoner_id is None and not omschrijving:
        raise InvalidInput("omschrijving", "Kies een bestaande inwoner of schrijf een korte omschrijving "
                                           "(bijvoorbeeld: dochter, 14 jaar).")
    if omschrijving and len(omschrijving) > 120:
        raise InvalidInput("omschrijving", "De omschrijving is te lang (meer dan 120 tekens).")
    if geboortejaar is not None and not 1900 <= geboortejaar <= date.today().year:
        raise InvalidInput("geboortejaar", f"Een geboortejaar ligt tussen 1900 en {date.today().year}.")
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if inwoner_id is not None:
            i = _inwoner(s, user, inwoner_id)
            if i.id == g.inwoner_id:
                raise InvalidInput("inwoner", "Dit is de inwoner van het gesprek zelf.")
            if s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == g.id,
                                                         GesprekBetrokkene.inwoner_id == i.id)).first():
                raise InvalidInput("inwoner", "Deze inwoner staat al bij dit gesprek.")
        b = GesprekBetrokkene(gesprek_id=g.id, rol=rol, inwoner_id=inwoner_id, omschrijving=omschrijving,
                              geboortejaar=geboortejaar, aangemaakt_door=user.gebruikersnaam,
                              aangemaakt_op=datetime.now())
        s.add(b)
        s.flush()
        audit.record(s, user, "aangemaakt", "betrokkene", b.id, toelichting=f"gesprek {g.id}, rol {rol}"
                     + (f", inwoner {inwoner_id}" if inwoner_id else ""))
        return b.id


def verwijder_betrokkene(ctx, betrokkene_id: int) -> None:
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        b = s.get(GesprekBetrokkene, betrokkene_id)
        if b is None:
            return
        _gesprek(s, user, b.gesprek_id)
        s.delete(b)
        audit.record(s, user, "verwijderd", "betrokkene", betrokkene_id, toelichting=f"gesprek {b.gesprek_id}")


def betrokkenen_van(ctx, gesprek_id: int) -> list[BetrokkeneInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        _gesprek(s, user, gesprek_id)
        out = []
        for b in s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == gesprek_id)
                           .order_by(GesprekBetrokkene.id)):
            naam = b.omschrijving
            if b.inwoner_id is not None:
                i = s.get(Inwoner, b.inwoner_id)
                naam = i.naam if i is not None and user.sees_team(i.gemeente) and not i.geanonimiseerd else naam
            out.append(BetrokkeneInfo(b.id, b.gesprek_id, b.rol, b.inwoner_id, naam, b.geboortejaar,
                                      b.eigen_gesprek_id))
        return out


def start_eigen_melding(ctx, betrokkene_id: int, naam: str, geboortedatum: date | None = None,
                        vraag: str = "") -> int:
    """The household member needs help themselves: a resident record of their own (or the linked one) and
    a new conversation (their own melding, with its own terms). Returns the new conversation's id."""
    from toegang_app.services import gesprekken as gsvc

    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions() as s:
        b = s.get(GesprekBetrokkene, betrokkene_id)
        if b is None:
            raise UserError("Deze persoon staat niet (meer) bij het gesprek.")
        g = _gesprek(s, user, b.gesprek_id)
        if b.eigen_gesprek_id is not None:
            raise InvalidInput("eigen_melding", "Deze persoon heeft al een eigen melding.")
        linked, gemeente, kern, synth = b.inwoner_id, g.gemeente, g.kern, bool(g.synthetisch)
    d = gsvc.nieuw_dossier(ctx, linked)
    if linked is None:
        d.inwoner = gsvc.InwonerGegevens(naam=naam, geboortedatum=geboortedatum, gemeente=gemeente, kern=kern,
                                         geboortejaar=geboortedatum.year if geboortedatum else None)
    d.synthetisch = synth
    d.vraag = vraag or ""
    stored = gsvc.bewaar_gesprek(ctx, d)
    with ctx.sessions.begin() as s:
        b = s.get(GesprekBetrokkene, betrokkene_id)
        b.inwoner_id, b.eigen_gesprek_id = stored.inwoner_id, stored.gesprek_id
        audit.record(s, user, "gewijzigd", "betrokkene", b.id, veld="eigen melding", nieuw=stored.gesprek_id)
    return stored.gesprek_id


@dataclass
class PersoonBehoeften:
    """One person's own needs in the suggestions: the resident, or a member with their own melding."""

    rol: str
    gesprek_id: int
    suggesties: list[tuple[str, str]] = field(default_factory=list)   # (voorziening, reden)


def behoeften_per_persoon(ctx, gesprek_id: int, per_persoon: int = 4) -> list[PersoonBehoeften]:
    """The suggestions of the resident's conversation and of each member's own melding, kept apart: the
    mantelzorger's own support is not the cared-for person's maatwerk."""
    from toegang_app.services import gesprekken as gsvc
    from toegang_app.services import suggesties as ssvc

    leden = [(rules.INWONER_ROL, gesprek_id)] + [(b.rol_label, b.eigen_gesprek_id)
                                                 for b in betrokkenen_van(ctx, gesprek_id) if b.eigen_gesprek_id]
    out = []
    for rol, gid in leden:
        try:
            d = gsvc.laad_gesprek(ctx, gid, audit_view=False)
            a = ssvc.advies(ctx, d.to_uitvraag(), geboortedatum=d.inwoner.geboortedatum)
        except UserError:
            out.append(PersoonBehoeften(rol, gid))
            continue
        out.append(PersoonBehoeften(rol, gid, [(sg.voorziening.naam, sg.reden) for sg in a.suggesties[:per_persoon]]))
    return out


# -- representatives and consent -------------------------------------------------------------------

@dataclass
class VertegenwoordigerInfo:
    id: int
    inwoner_id: int
    soort: str
    naam: str
    telefoon: str | None
    grondslag: str
    reikwijdte: tuple[str, ...]
    bewijs: str | None
    geldig_tot: date | None
    beeindigd_op: date | None

    @property
    def soort_label(self) -> str:
        return rules.SOORTEN[self.soort].label if self.soort in rules.SOORTEN else self.soort

    @property
    def reikwijdte_label(self) -> str:
        return ", ".join(rules.REIKWIJDTEN.get(r, r).lower() for r in self.reikwijdte)

    def actief(self, op: date) -> bool:
        return self.beeindigd_op is None and (self.geldig_tot is None or self.geldig_tot >= op)


def _leeftijd(i: Inwoner, op: date | None = None) -> int | None:
    return rules.leeftijd_op(i.geboortedatum, i.geboortejaar, op or date.today())


def voeg_vertegenwoordiger_toe(ctx, inwoner_id: int, v: rules.VertegenwoordigerInvoer) -> int:
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        i = _inwoner(s, user, inwoner_id)
        problems = rules.check_vertegenwoordiger(v, _leeftijd(i))
        if problems:
            raise problems[0]
        soort = rules.SOORTEN[v.soort]
        r = Vertegenwoordiger(inwoner_id=i.id, soort=v.soort, naam=v.naam.strip(),
                              telefoon=(v.telefoon or "").strip() or None,
                              grondslag=(v.grondslag or "").strip() or soort.grondslag,
                              reikwijdte=list(v.reikwijdte or soort.reikwijdte),
                              bewijs=(v.bewijs or "").strip()[:200] or None, geldig_tot=v.geldig_tot,
                              aangemaakt_door=user.gebruikersnaam, aangemaakt_op=datetime.now())
        s.add(r)
        s.flush()
        audit.record(s, user, "aangemaakt", "vertegenwoordiger", r.id,
                     toelichting=f"inwoner {i.id}, {v.soort}, reikwijdte {', '.join(r.reikwijdte)}")
        return r.id


def beeindig_vertegenwoordiger(ctx, vertegenwoordiger_id: int, op: date | None = None) -> None:
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        r = s.get(Vertegenwoordiger, vertegenwoordiger_id)
        if r is None:
            raise UserError("Deze vertegenwoordiger bestaat niet (meer).")
        _inwoner(s, user, r.inwoner_id)
        r.beeindigd_op = op or date.today()
        audit.record(s, user, "gewijzigd", "vertegenwoordiger", r.id, veld="beeindigd_op", nieuw=r.beeindigd_op)


def _vinfo(r: Vertegenwoordiger) -> VertegenwoordigerInfo:
    return VertegenwoordigerInfo(r.id, r.inwoner_id, r.soort, r.naam, r.telefoon, r.grondslag, tuple(r.reikwijdte or ()),
                                 r.bewijs, r.geldig_tot, r.beeindigd_op)


def vertegenwoordigers_van(ctx, inwoner_id: int, alleen_actief: bool = False) -> list[VertegenwoordigerInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        _inwoner(s, user, inwoner_id)
        rows = [_vinfo(r) for r in s.scalars(select(Vertegenwoordiger).where(Vertegenwoordiger.inwoner_id == inwoner_id)
                                              .order_by(Vertegenwoordiger.id))]
    return [r for r in rows if r.actief(date.today())] if alleen_actief else rows


def toestemming_voor(ctx, gesprek_id: int, voorziening_id: str | None = None, *, wet: str | None = None,
                     leefgebieden: tuple[str, ...] = ()) -> rules.ToestemmingsVraag:
    """Who the referral dialog must ask for consent, for this resident and this voorziening."""
    user = require(ctx.user, GESPREK_LEZEN)
    if voorziening_id is not None:
        from toegang_app.services.verwijzingen import _kaart

        v = _kaart(ctx).get(voorziening_id)
        if v is not None:
            wet = v.wet
            leefgebieden = tuple(getattr(v, "leefgebieden", ()) or ())
    with ctx.sessions() as s:
        g = _gesprek(s, user, gesprek_id)
        i = g.inwoner
        naam, leeftijd = i.naam, _leeftijd(i)
    reps = [rules.Vertegenwoordiging(r.id, r.soort, r.naam, r.reikwijdte, r.grondslag)
            for r in vertegenwoordigers_van(ctx, i.id, alleen_actief=True)]
    return rules.wie_geeft_toestemming(naam, leeftijd, reps, rules.onderwerp_van(wet, leefgebieden))


def leg_toestemmer_vast(s, user, verwijzing_id: int, t: rules.Toestemmer) -> None:
    """Record who consented (in the referral's transaction)."""
    s.add(Toestemming(verwijzing_id=verwijzing_id, door=t.door, vertegenwoordiger_id=t.vertegenwoordiger_id,
                      naam=t.naam if t.door == "vertegenwoordiger" else None, soort=t.soort, grondslag=t.grondslag))
    audit.record(s, user, "aangemaakt", "toestemming", verwijzing_id,
                 toelichting=f"toestemming door {t.door}" + (f" ({t.soort}, {t.vertegenwoordiger_id})"
                                                             if t.door == "vertegenwoordiger" else ""))


def toestemmer_van(ctx, verwijzing_id: int) -> str | None:
    """'De inwoner zelf' or 'J. Jansen (ouder met gezag, BW 1:245)' for a referral with consent."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        v = s.get(Verwijzing, verwijzing_id)
        if v is None:
            return None
        require_team(user, v.team)
        t = s.get(Toestemming, verwijzing_id)
        if t is None:
            return None
        if t.door == "inwoner":
            return "de inwoner zelf"
        label = rules.SOORTEN[t.soort].label.lower() if t.soort in rules.SOORTEN else t.soort
        return f"{t.naam} ({label}, {t.grondslag})"


# -- retention (called by services.bewaren) ----------------------------------------------------------

def wis_bij_anonimiseren(s, gesprek_id: int) -> None:
    """Anonymising a conversation (bewaartermijn): every free text and name of this module goes, the
    figures stay (the verslag's outcome kind and dates, the roles, that consent was given)."""
    from toegang_app.services.bewaren import GEANONIMISEERD

    for r in s.scalars(select(WmoVerslag).where(WmoVerslag.gesprek_id == gesprek_id)):
        r.inhoud = {"punten": {}, "onderbouwing": []}
        r.uitkomst, r.reactie, r.opgesteld_door, r.reactie_door = GEANONIMISEERD, None, None, None
    for o in s.scalars(select(AanvraagOverdracht).where(AanvraagOverdracht.gesprek_id == gesprek_id)):
        o.onderwerp, o.door = None, None
    for b in s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == gesprek_id)):
        b.omschrijving, b.geboortejaar, b.inwoner_id, b.aangemaakt_door = None, None, None, None
    verw = list(s.scalars(select(Verwijzing.id).where(Verwijzing.gesprek_id == gesprek_id)))
    if verw:
        for t in s.scalars(select(Toestemming).where(Toestemming.verwijzing_id.in_(verw))):
            t.naam, t.vertegenwoordiger_id = None, None


def wis_inwoner_gegevens(s, inwoner_id: int) -> None:
    """Anonymising a resident: their representatives and remembered language go; AVG requests keep their
    dates (the answer term) without the link."""
    from toegang_app.storage.models import AvgCorrectie, AvgVerzoek

    for model in (Vertegenwoordiger, AvgCorrectie):
        for r in s.scalars(select(model).where(model.inwoner_id == inwoner_id)):
            s.delete(r)
    t = s.get(InwonerTaal, inwoner_id)
    if t is not None:
        s.delete(t)
    for v in s.scalars(select(AvgVerzoek).where(AvgVerzoek.inwoner_id == inwoner_id)):
        v.inwoner_id = None
