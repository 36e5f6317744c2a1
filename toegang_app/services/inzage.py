"""AVG requests of a resident: inzage (art. 15) and correction (art. 16), answered within a month
(art. 12 lid 3).

- ``registreer_verzoek``: the request with its date of receipt and the last day to answer.
- ``inzage_gegevens``: everything Toegang holds about one person, gathered from every table that
  refers to them: the resident record, their conversations (all answers, notes, signals, AVE history,
  terms with their legal basis, referrals with history and who consented, verslagen and the hand-over
  of aanvragen, retention), their representatives, the requests and corrections, the conversations of
  others in which they are named (the role only), and the audit rows about any of these. Derived data
  carries its source. Nothing about anyone else: household members appear by role, never with their
  name or data; audit rows about other records are left out.
- ``schrijf_inzage``: that overview as a readable PDF in Dutch (B1) and as a machine-readable JSON file
  (format ``toegang-inzage`` version 1), both for the user only (private files). When made for a
  request, the request is marked answered with that date.
- ``corrigeer``: one field corrected with a reason. The old value is kept nowhere (not in the audit
  trail, not in the correction record); the exchange export reflects the new value at once.

A beheerder or the resident's worker may do this (``avg_verzoeken``), each for their own desk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from toegang_app.domain import nl, vocab
from toegang_app.domain import rechten as rules
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import AVG_VERZOEKEN, require, require_team
from toegang_app.storage.models import (
    AanvraagOverdracht,
    AuditRegel,
    AveWijziging,
    AvgCorrectie,
    AvgVerzoek,
    Gesprek,
    GesprekBetrokkene,
    GesprekDimensie,
    GesprekTaal,
    Inwoner,
    InwonerTaal,
    OnderbouwingMaatwerk,
    Signaal,
    Termijn,
    Toestemming,
    Verwijzing,
    VerwijzingStatus,
    Vertegenwoordiger,
    WmoVerslag,
)

FORMAAT = "toegang-inzage"
VERSIE = 1


def _inwoner(s, user, inwoner_id: int) -> Inwoner:
    i = s.get(Inwoner, inwoner_id)
    if i is None or i.geanonimiseerd:
        raise UserError("Deze inwoner bestaat niet (meer).")
    require_team(user, i.gemeente)
    return i


def _vrije_dag():
    try:
        from toegang_app.domain.kalender import standaard_kalender

        kal = standaard_kalender()
        return lambda d: kal.vrije_dag(d) is not None
    except Exception:  # noqa: BLE001 - a broken calendar file: weekends still count
        return None


# -- requests --------------------------------------------------------------------------------------

@dataclass
class VerzoekInfo:
    id: int
    inwoner_id: int | None
    soort: str
    ontvangen_op: date
    uiterlijk: date
    beantwoord_op: date | None
    geregistreerd_door: str | None
    beantwoord_door: str | None

    @property
    def soort_label(self) -> str:
        return rules.AVG_SOORTEN.get(self.soort, self.soort)

    def stand(self, vandaag: date | None = None) -> str:
        if self.beantwoord_op is not None:
            te_laat = " (te laat)" if self.beantwoord_op > self.uiterlijk else ""
            return f"beantwoord op {nl.datum(self.beantwoord_op)}{te_laat}"
        if (vandaag or date.today()) > self.uiterlijk:
            return f"verlopen sinds {nl.datum(self.uiterlijk)}"
        return f"open, uiterlijk {nl.datum(self.uiterlijk)}"


def _vz(r: AvgVerzoek) -> VerzoekInfo:
    return VerzoekInfo(r.id, r.inwoner_id, r.soort, r.ontvangen_op, r.uiterlijk, r.beantwoord_op,
                       r.geregistreerd_door, r.beantwoord_door)


def registreer_verzoek(ctx, inwoner_id: int, soort: str, ontvangen_op: date | None = None) -> int:
    """Register a request (inzage or correctie) received on ``ontvangen_op``; returns its id."""
    user = require(ctx.user, AVG_VERZOEKEN)
    if soort not in rules.AVG_SOORTEN:
        raise InvalidInput("soort", "Kies het soort verzoek: inzage of correctie.")
    dag = ontvangen_op or date.today()
    if dag > date.today():
        raise InvalidInput("ontvangen_op", "De datum van ontvangst kan niet in de toekomst liggen.")
    with ctx.sessions.begin() as s:
        i = _inwoner(s, user, inwoner_id)
        r = AvgVerzoek(inwoner_id=i.id, soort=soort, ontvangen_op=dag, uiterlijk=rules.avg_uiterlijk(dag, _vrije_dag()),
                       geregistreerd_door=user.gebruikersnaam, geregistreerd_op=datetime.now())
        s.add(r)
        s.flush()
        audit.record(s, user, "aangemaakt", "avg_verzoek", r.id,
                     toelichting=f"inwoner {i.id}, {soort}, ontvangen {dag.isoformat()}")
        return r.id


def verzoeken(ctx, inwoner_id: int | None = None, *, alleen_open: bool = False) -> list[VerzoekInfo]:
    """The requests of one resident, or of every resident of the user's desk."""
    user = require(ctx.user, AVG_VERZOEKEN)
    with ctx.sessions() as s:
        q = select(AvgVerzoek, Inwoner).join(Inwoner, Inwoner.id == AvgVerzoek.inwoner_id)
        if inwoner_id is not None:
            _inwoner(s, user, inwoner_id)
            q = q.where(AvgVerzoek.inwoner_id == inwoner_id)
        if alleen_open:
            q = q.where(AvgVerzoek.beantwoord_op.is_(None))
        rows = [(r, i) for r, i in s.execute(q.order_by(AvgVerzoek.uiterlijk, AvgVerzoek.id))
                if user.sees_team(i.gemeente)]
        return [_vz(r) for r, _ in rows]


def markeer_beantwoord(ctx, verzoek_id: int, op: date | None = None) -> None:
    user = require(ctx.user, AVG_VERZOEKEN)
    dag = op or date.today()
    with ctx.sessions.begin() as s:
        r = s.get(AvgVerzoek, verzoek_id)
        if r is None or r.inwoner_id is None:
            raise UserError(f"Verzoek {verzoek_id} bestaat niet (meer).")
        _inwoner(s, user, r.inwoner_id)
        if dag < r.ontvangen_op:
            raise InvalidInput("beantwoord_op", "Het antwoord kan niet eerder zijn dan het verzoek.")
        r.beantwoord_op, r.beantwoord_door = dag, user.gebruikersnaam
        audit.record(s, user, "gewijzigd", "avg_verzoek", r.id, veld="beantwoord_op", nieuw=dag.isoformat())


# -- gathering -------------------------------------------------------------------------------------

def _iso(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def _rij(obj, velden: tuple[str, ...]) -> dict:
    return {k: _iso(getattr(obj, k)) for k in velden}


_INWONER_VELDEN = ("naam", "geboortedatum", "geboortejaar", "gemeente", "kern", "postcode", "telefoon", "email",
                   "bsn", "synthetisch", "aangemaakt_op", "gewijzigd_op")
_GESPREK_VELDEN = ("aanmelding_datum", "status", "team", "kanaal", "melder", "vraag", "gemeente", "kern", "huishouden",
                   "inkomen_pct", *vocab.CRISIS, *vocab.VEILIGHEID, "betrokken_partijen", "samenwerking_stagneert",
                   "wat_belangrijk", "wat_veranderen", "wie_helpen", "eigen_kracht", "mantelzorger",
                   "mantelzorger_overbelast", "steun_van", "afspraken", "ave_fase", "ave_fase_sinds", "plan",
                   "evaluatiedatum", "bewaarwet", "afgesloten_op", "synthetisch", "aangemaakt_op", "gewijzigd_op")


def inzage_gegevens(ctx, inwoner_id: int) -> dict[str, Any]:
    """Every record about one person (see the module docstring), as plain JSON-ready data."""
    user = require(ctx.user, AVG_VERZOEKEN)
    with ctx.sessions() as s:
        i = _inwoner(s, user, inwoner_id)
        gesprekken = list(s.scalars(select(Gesprek).where(Gesprek.inwoner_id == i.id).order_by(Gesprek.id)))
        gids = [g.id for g in gesprekken]
        out: dict[str, Any] = {
            "formaat": FORMAAT, "versie": VERSIE, "gemaakt_op": datetime.now().isoformat(timespec="seconds"),
            "gemaakt_door": user.gebruikersnaam,
            "inwoner": {"id": i.id, **_rij(i, _INWONER_VELDEN)},
        }
        taal = s.get(InwonerTaal, i.id)
        out["inwoner"]["taal_samenvatting"] = taal.taal if taal else None
        reps = list(s.scalars(select(Vertegenwoordiger).where(Vertegenwoordiger.inwoner_id == i.id)
                              .order_by(Vertegenwoordiger.id)))
        out["vertegenwoordigers"] = [{
            "id": r.id, "soort": r.soort, "soort_label": rules.SOORTEN[r.soort].label if r.soort in rules.SOORTEN
            else r.soort, "naam": r.naam, "grondslag": r.grondslag, "reikwijdte": list(r.reikwijdte or []),
            "bewijs": r.bewijs, "geldig_tot": _iso(r.geldig_tot), "beeindigd_op": _iso(r.beeindigd_op),
            "vastgelegd_op": _iso(r.aangemaakt_op)} for r in reps]
        out["gesprekken"] = [_gesprek(s, g) for g in gesprekken]
        vids = [v["id"] for g in out["gesprekken"] for v in g["verwijzingen"]]
        verslag_ids = [v["id"] for g in out["gesprekken"] for v in g["verslagen"]]
        aanvraag_ids = [a["id"] for g in out["gesprekken"] for a in g["aanvragen"]]
        betrokken_ids = [b["id"] for g in out["gesprekken"] for b in g["betrokkenen"]]
        # named in someone else's conversation: the role and the date only
        genoemd = list(s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.inwoner_id == i.id)))
        out["genoemd_bij_anderen"] = [{"rol": b.rol, "rol_label": rules.ROLLEN.get(b.rol, b.rol),
                                       "sinds": _iso(b.aangemaakt_op.date()),
                                       "eigen_melding": b.eigen_gesprek_id in gids}
                                      for b in genoemd]
        verz = list(s.scalars(select(AvgVerzoek).where(AvgVerzoek.inwoner_id == i.id).order_by(AvgVerzoek.id)))
        out["avg_verzoeken"] = [{"id": r.id, "soort": r.soort, "ontvangen_op": _iso(r.ontvangen_op),
                                 "uiterlijk": _iso(r.uiterlijk), "beantwoord_op": _iso(r.beantwoord_op),
                                 "bron_termijn": "AVG art. 12 lid 3 (binnen een maand)"} for r in verz]
        out["correcties"] = [{"veld": c.veld, "object": f"{c.object_type} {c.object_id}", "reden": c.reden,
                              "op": _iso(c.op), "door": c.door}
                             for c in s.scalars(select(AvgCorrectie).where(AvgCorrectie.inwoner_id == i.id)
                                                .order_by(AvgCorrectie.id))]
        # the audit rows about any of these records
        conds = [(AuditRegel.object_type == "inwoner") & (AuditRegel.object_id == str(i.id))]
        for typ, ids in (("gesprek", gids), ("verwijzingen", gids), ("verwijzing", vids), ("toestemming", vids),
                         ("wmo_verslag", verslag_ids), ("aanvraag", aanvraag_ids), ("betrokkene", betrokken_ids),
                         ("vertegenwoordiger", [r.id for r in reps]), ("avg_verzoek", [r.id for r in verz])):
            if ids:
                conds.append((AuditRegel.object_type == typ) & AuditRegel.object_id.in_([str(x) for x in ids]))
        out["audit"] = [{"op": _iso(a.op), "gebruiker": a.gebruiker, "actie": a.actie, "object": a.object_type,
                         "object_id": a.object_id, "veld": a.veld, "oud": a.oud, "nieuw": a.nieuw,
                         "toelichting": a.toelichting}
                        for a in s.scalars(select(AuditRegel).where(or_(*conds)).order_by(AuditRegel.id))]
        out["bronnen"] = {
            "termijnen": "berekend uit de melding en de aanvragen volgens resources/termijnen.yaml; de grondslag "
                         "staat bij elke termijn",
            "ave_fase": "vastgesteld door een medewerker; het voorstel van Toegang volgt resources/ave.yaml",
            "bewaren": "bewaartermijn volgens resources/bewaartermijnen.yaml (Wmo 2015 art. 5.3.4: 15 jaar; "
                       "Jeugdwet art. 7.3.8: 20 jaar)",
            "avg_termijn": "AVG art. 12 lid 3",
        }
    return out


def _gesprek(s, g: Gesprek) -> dict:
    from toegang_app.domain.verwijzing import OVERDRACHTEN, STATUSSEN

    d: dict[str, Any] = {"id": g.id, **_rij(g, _GESPREK_VELDEN)}
    taal = s.get(GesprekTaal, g.id)
    d["taal_samenvatting"] = taal.taal if taal else None
    d["dimensies"] = {r.dimensie: {"score": r.score, "bespreken": bool(r.bespreken), "notitie": r.notitie}
                      for r in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id)
                                         .order_by(GesprekDimensie.volgorde))}
    d["signalen"] = [{"leefgebied": r.leefgebied, "ernst": r.ernst, "toelichting": r.toelichting}
                     for r in s.scalars(select(Signaal).where(Signaal.gesprek_id == g.id).order_by(Signaal.id))]
    d["onderbouwingen"] = [{"leefgebied": r.leefgebied, "toelichting": r.toelichting, "door": r.vastgelegd_door,
                            "op": _iso(r.vastgelegd_op)}
                           for r in s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == g.id)
                                              .order_by(OnderbouwingMaatwerk.id))]
    d["ave_historie"] = [{"op": _iso(w.op), "van": w.van_fase, "naar": w.naar_fase, "soort": w.soort,
                          "voorstel_toegang": w.voorgestelde_fase, "overschreven": bool(w.overschreven),
                          "reden": w.reden, "medewerker": w.medewerker}
                         for w in s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == g.id)
                                            .order_by(AveWijziging.op, AveWijziging.id))]
    d["termijnen"] = [{"wet": t.wet, "stap": t.stap, "bron": t.grondslag, "start": _iso(t.startdatum),
                       "uiterlijk": _iso(t.uiterlijk), "afgerond_op": _iso(t.afgerond_op),
                       "niet_van_toepassing": t.niet_van_toepassing}
                      for t in s.scalars(select(Termijn).where(Termijn.gesprek_id == g.id).order_by(Termijn.uiterlijk))]
    verw = []
    for v in s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == g.id).order_by(Verwijzing.id)):
        t = s.get(Toestemming, v.id)
        verw.append({
            "id": v.id, "voorziening": v.voorziening_naam, "aanbieder": v.aanbieder, "trede": v.trede, "wet": v.wet,
            "datum": _iso(v.datum), "overdracht": OVERDRACHTEN.get(v.overdracht, v.overdracht),
            "toestemming": bool(v.toestemming), "toestemming_datum": _iso(v.toestemming_datum),
            "toestemming_door": (None if t is None else "de inwoner zelf" if t.door == "inwoner"
                                 else f"{rules.SOORTEN[t.soort].label if t.soort in rules.SOORTEN else t.soort}"),
            "mag_gedeeld": v.toestemming_delen, "notitie": v.notitie, "status": STATUSSEN.get(v.status, v.status),
            "opvolgdatum": _iso(v.opvolgdatum),
            "historie": [{"op": _iso(h.op), "status": STATUSSEN.get(h.status, h.status), "reden": h.reden,
                          "notitie": h.notitie, "medewerker": h.medewerker}
                         for h in s.scalars(select(VerwijzingStatus).where(VerwijzingStatus.verwijzing_id == v.id)
                                            .order_by(VerwijzingStatus.id))]})
    d["verwijzingen"] = verw
    d["verslagen"] = [{"id": r.id, "volgnummer": r.volgnummer, "datum": _iso(r.datum),
                       "punten": {k: p.get("tekst") for k, p in (r.inhoud or {}).get("punten", {}).items()},
                       "uitkomst": r.uitkomst, "vervolg": r.vervolg, "reactie_soort": r.reactie_soort,
                       "reactie": r.reactie, "reactie_datum": _iso(r.reactie_datum),
                       "bron": "Wmo 2015 art. 2.3.2 lid 4 en lid 8"}
                      for r in s.scalars(select(WmoVerslag).where(WmoVerslag.gesprek_id == g.id)
                                         .order_by(WmoVerslag.volgnummer))]
    d["aanvragen"] = [{"id": a.id, "wet": a.wet, "aanvraag_datum": _iso(a.aanvraag_datum), "naar": a.naar}
                      for a in s.scalars(select(AanvraagOverdracht).where(AanvraagOverdracht.gesprek_id == g.id)
                                         .order_by(AanvraagOverdracht.id))]
    # other household members: the role only (their own data is theirs)
    d["betrokkenen"] = [{"id": b.id, "rol": b.rol, "rol_label": rules.ROLLEN.get(b.rol, b.rol),
                         "eigen_dossier": b.inwoner_id is not None}
                        for b in s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == g.id)
                                           .order_by(GesprekBetrokkene.id))]
    return d


def schrijf_inzage(ctx, inwoner_id: int, map_: Path | str, verzoek_id: int | None = None) -> tuple[Path, Path]:
    """Write the overview as PDF and JSON into ``map_`` (private files); returns both paths. With
    ``verzoek_id`` the request is marked answered today."""
    from toegang_app.private_files import secure_file, write_private_text
    from toegang_app.reports.inzage import maak_inzage

    user = require(ctx.user, AVG_VERZOEKEN)
    data = inzage_gegevens(ctx, inwoner_id)
    folder = Path(map_)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"inzage-inwoner-{inwoner_id}-{date.today().isoformat()}"
    json_path = folder / f"{stem}.json"
    write_private_text(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    pdf_path = maak_inzage(data, folder / f"{stem}.pdf")
    secure_file(pdf_path)
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "inwoner", inwoner_id, toelichting="inzage (AVG art. 15): PDF en JSON"
                     + (f", verzoek {verzoek_id}" if verzoek_id else ""))
    if verzoek_id is not None:
        markeer_beantwoord(ctx, verzoek_id)
    return pdf_path, json_path


# -- corrections -----------------------------------------------------------------------------------

CORRIGEERBAAR: dict[str, dict[str, str]] = {
    "inwoner": {"naam": "naam", "geboortedatum": "geboortedatum", "kern": "kern", "postcode": "postcode",
                "telefoon": "telefoon", "email": "e-mail", "bsn": "BSN"},
    "gesprek": {"huishouden": "huishouden", "kanaal": "kanaal", "melder": "melder", "inkomen_pct": "inkomen (% van "
                "de bijstandsnorm)", "vraag": "vraag", "wat_belangrijk": "wat is belangrijk",
                "wat_veranderen": "wat wil de inwoner veranderen", "wie_helpen": "wie of wat kan helpen",
                "eigen_kracht": "eigen kracht", "afspraken": "afspraken"},
}
_KEUZES = {"huishouden": vocab.HUISHOUDENS, "kanaal": vocab.KANALEN, "melder": vocab.MELDERS}


def _nieuwe_waarde(object_type: str, veld: str, tekst: str, i: Inwoner | None):
    from toegang_app.services.gesprekken import InwonerGegevens, parse_geboorte, check_inwoner

    tekst = (tekst or "").strip()
    if object_type == "inwoner":
        g = InwonerGegevens(i.naam, i.geboortedatum, i.geboortejaar, i.gemeente, i.kern, i.postcode, i.telefoon,
                            i.email, i.bsn)
        if veld == "geboortedatum":
            g.geboortedatum, g.geboortejaar = parse_geboorte(tekst)
        else:
            setattr(g, veld, tekst or None)
        problems = [p for p in check_inwoner(g) if p.field in (veld, "geboortedatum")]
        if problems:
            raise problems[0]
        if veld == "geboortedatum":
            return {"geboortedatum": g.geboortedatum,
                    "geboortejaar": g.geboortedatum.year if g.geboortedatum else g.geboortejaar}
        if veld == "naam":
            from toegang_app.services.gesprekken import normaliseer_naam

            return {"naam": g.naam.strip(), "zoeknaam": normaliseer_naam(g.naam)}
        return {veld: getattr(g, veld) or None}
    if veld in _KEUZES:
        keuzes = _KEUZES[veld]
        match = next((k for k, label in keuzes.items() if tekst.lower() in (k, label.lower())), None)
        if match is None:
            raise InvalidInput("waarde", f"Kies een van: {', '.join(keuzes.values())}.")
        return {veld: match}
    if veld == "inkomen_pct":
        if not tekst:
            return {veld: None}
        if not tekst.isdigit() or not 0 <= int(tekst) <= 1000:
            raise InvalidInput("waarde", "Het inkomen is een percentage van de bijstandsnorm (0 tot 1000).")
        return {veld: int(tekst)}
    if len(tekst) > 4000:
        raise InvalidInput("waarde", "De tekst is te lang (meer dan 4000 tekens).")
    return {veld: tekst or None}


def corrigeer(ctx, inwoner_id: int, object_type: str, object_id: int, veld: str, nieuwe_waarde: str, reden: str,
              verzoek_id: int | None = None) -> None:
    """Correct one field of the resident (``object_type`` inwoner) or of one of their conversations
    (``gesprek``), with a reason. The audit row says which field was corrected and why it is logged,
    never the old or the new value; the correction record holds the reason."""
    user = require(ctx.user, AVG_VERZOEKEN)
    if object_type not in CORRIGEERBAAR or veld not in CORRIGEERBAAR[object_type]:
        raise InvalidInput("veld", "Dit gegeven kan hier niet worden gecorrigeerd.")
    reden = (reden or "").strip()
    if not reden:
        raise InvalidInput("reden", "Schrijf op waarom dit gegeven wordt gecorrigeerd.")
    if len(reden) > 1000:
        raise InvalidInput("reden", "De reden is te lang (meer dan 1000 tekens).")
    with ctx.sessions.begin() as s:
        i = _inwoner(s, user, inwoner_id)
        if object_type == "inwoner":
            if object_id != i.id:
                raise UserError("Dit gegeven hoort niet bij deze inwoner.")
            target = i
        else:
            target = s.get(Gesprek, object_id)
            if target is None or target.inwoner_id != i.id:
                raise UserError("Dit gesprek hoort niet bij deze inwoner.")
        if verzoek_id is not None:
            v = s.get(AvgVerzoek, verzoek_id)
            if v is None or v.inwoner_id != i.id:
                raise UserError("Dit verzoek hoort niet bij deze inwoner.")
        values = _nieuwe_waarde(object_type, veld, nieuwe_waarde, i)
        for k, value in values.items():
            setattr(target, k, value)
        target.gewijzigd_op = datetime.now()
        if object_type == "inwoner" and veld == "kern":
            for g in s.scalars(select(Gesprek).where(Gesprek.inwoner_id == i.id)):
                g.kern = values["kern"]
        s.add(AvgCorrectie(verzoek_id=verzoek_id, inwoner_id=i.id, object_type=object_type, object_id=str(object_id),
                           veld=veld, reden=reden, door=user.gebruikersnaam, op=datetime.now()))
        audit.record(s, user, "gecorrigeerd", object_type, object_id, veld=veld,
                     toelichting="correctie op verzoek van de inwoner (AVG art. 16)"
                     + (f", verzoek {verzoek_id}" if verzoek_id else ""))
        s.flush()
        if object_type == "gesprek":
            from toegang_app.services.gesprekken import werk_afgeleide_gegevens_bij

            werk_afgeleide_gegevens_bij(s, target, ctx=ctx)


# -- finding the resident (a beheerder has no conversation rights) -----------------------------------------

@dataclass
class InwonerKeuze:
    id: int
    naam: str
    geboortedatum: date | None
    geboortejaar: int | None


def zoek_inwoners(ctx, tekst: str, limit: int = 20) -> list[InwonerKeuze]:
    """Residents of the user's desk by name (every word), birth date (dd-mm-jjjj), BSN or number."""
    import re

    from toegang_app.domain.validation import parse_datum
    from toegang_app.services.gesprekken import normaliseer_naam

    user = require(ctx.user, AVG_VERZOEKEN)
    words = (tekst or "").split()
    if not words:
        return []
    q = select(Inwoner).where(Inwoner.geanonimiseerd.is_(False))
    if user.team is not None and user.rol != "systeem":
        q = q.where(Inwoner.gemeente == user.team)
    for w in words:
        digits = re.sub(r"[\s.\-]", "", w)
        if re.fullmatch(r"\d{9}", digits):
            q = q.where(Inwoner.bsn == digits)
        elif re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}", w):
            try:
                q = q.where(Inwoner.geboortedatum == parse_datum(w, field=None))
            except InvalidInput:
                return []
        elif w.isdigit():
            q = q.where(Inwoner.id == int(w))
        elif normaliseer_naam(w):
            q = q.where(Inwoner.zoeknaam.contains(normaliseer_naam(w), autoescape=True))
    with ctx.sessions() as s:
        return [InwonerKeuze(i.id, i.naam, i.geboortedatum, i.geboortejaar)
                for i in s.scalars(q.order_by(Inwoner.zoeknaam, Inwoner.id).limit(limit))]


def gesprekken_van(ctx, inwoner_id: int) -> list[tuple[int, date]]:
    """(id, date of the melding) of the resident's conversations, for choosing what to correct."""
    user = require(ctx.user, AVG_VERZOEKEN)
    with ctx.sessions() as s:
        _inwoner(s, user, inwoner_id)
        return [(g.id, g.aanmelding_datum) for g in s.scalars(select(Gesprek).where(Gesprek.inwoner_id == inwoner_id)
                                                             .order_by(Gesprek.id))]
