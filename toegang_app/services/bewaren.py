"""Retention: how long a conversation is kept (per law, ``resources/bewaartermijnen.yaml``), the list of
what is due, destroying or anonymising it, and residents' written requests for destruction.

Each destruction or anonymisation leaves exactly one audit row that says *that* it happened and how
many records it concerned, never a name or another personal detail. Only a functioneel beheerder
(``BEWAREN_BEHEER``) may see the due list and act on it.

For the conversation service: call :func:`werk_bewaargegevens_bij` (session, gesprek, ctx=ctx) after
every save and after adding a referral; it keeps ``Gesprek.bewaarwet`` and ``Gesprek.afgesloten_op`` up
to date.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

import yaml
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import nl
from toegang_app.domain.validation import InvalidInput
from toegang_app.domain.vocab import GEMEENTEN, WETTEN
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError, UserError
from toegang_app.paths import resources_dir
from toegang_app.services import audit
from toegang_app.services.auth import BEWAREN_BEHEER, require
from toegang_app.storage.models import (
    AuditOpschoning,
    AuditRegel,
    AuditVerlopen,
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    OnderbouwingMaatwerk,
    RegiePlan,
    Signaal,
    Vernietigingsverzoek,
    Verwijzing,
    VerwijzingStatus,
)

log = logging.getLogger(__name__)

BESTAND = "bewaartermijnen.yaml"
GEANONIMISEERD = "Geanonimiseerd"


# -- configuration ---------------------------------------------------------------------------------

GEEN_VOORZIENING = "geen"   # the term of a conversation that led to no provision with a term of its own
SELECTIELIJST = "Selectielijst gemeentelijke en intergemeentelijke organen 2020"


@dataclass(frozen=True)
class Bewaartermijn:
    wet: str
    jaren: int
    grondslag: str
    uitleg: str
    selectielijst: str = ""   # result number in the Selectielijst 2020, e.g. "8.3.1"

    @property
    def wet_naam(self) -> str:
        return "geen voorziening" if self.wet == GEEN_VOORZIENING else WETTEN.get(self.wet, self.wet)

    @property
    def bron(self) -> str:
        """Law article and Selectielijst result, as the beheerder sees the source."""
        if self.selectielijst and "Selectielijst" not in self.grondslag:
            return f"{self.grondslag}; {SELECTIELIJST}, resultaat {self.selectielijst}"
        return self.grondslag


@dataclass(frozen=True)
class BewaarConfig:
    termijnen: dict[str, Bewaartermijn]
    standaard_wet: str
    verzoek_maanden: int
    verzoek_grondslag: str
    bron: str
    voorziening_vanaf_trede: int = 4

    @property
    def kortste_jaren(self) -> int:
        return min(t.jaren for t in self.termijnen.values())


_RESULTAAT = re.compile(r"^\d{1,2}(\.\d{1,2}){1,2}$")


def _termijn(entry: Any, where: str, errors: list[str], wet: str) -> Bewaartermijn | None:
    jaren = entry.get("jaren")
    if isinstance(jaren, bool) or not isinstance(jaren, int) or not 1 <= jaren <= 100:
        errors.append(f"{where}, veld 'jaren': moet een heel getal van 1 tot en met 100 zijn (nu {jaren!r})")
        return None
    grondslag = entry.get("grondslag")
    if not isinstance(grondslag, str) or not grondslag.strip():
        errors.append(f"{where}, veld 'grondslag': ontbreekt (noem het wetsartikel, of 'te verifiëren')")
        return None
    uitleg = entry.get("uitleg", "")
    if not isinstance(uitleg, str):
        errors.append(f"{where}, veld 'uitleg': moet tekst zijn")
        uitleg = ""
    resultaat = entry.get("selectielijst", "")
    if not isinstance(resultaat, str) or (resultaat and not _RESULTAAT.match(resultaat)):
        errors.append(f"{where}, veld 'selectielijst': het nummer van het resultaat in de {SELECTIELIJST}, "
                      f"bijvoorbeeld '8.3.1' (nu {resultaat!r})")
        resultaat = ""
    return Bewaartermijn(wet, jaren, grondslag.strip(), uitleg.strip(), resultaat)


def parse_bewaarconfig(data: Any, name: str = BESTAND) -> BewaarConfig:
    """Validate the parsed YAML; all problems at once in a ConfigError naming file, entry and field."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: moet een YAML-mapping zijn met 'termijnen', 'zonder_voorziening' en 'verzoek'.")
    for key in data:
        if key not in ("bron", "zonder_voorziening", "voorziening_vanaf_trede", "termijnen", "verzoek"):
            errors.append(f"{name}: onbekend veld '{key}'"
                          + (" (vervangen door 'zonder_voorziening')" if key == "standaard_wet" else ""))
    termijnen: dict[str, Bewaartermijn] = {}
    raw = data.get("termijnen")
    if not isinstance(raw, list) or not raw:
        errors.append(f"{name}, veld 'termijnen': ontbreekt of is leeg (een lijst met wet, jaren en grondslag)")
        raw = []
    for n, entry in enumerate(raw, start=1):
        where = f"{name}, termijn {n}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: moet een mapping zijn met wet, jaren en grondslag")
            continue
        wet = entry.get("wet")
        if isinstance(wet, str):
            where = f"{name}, termijn {n} ({wet})"
        for key in entry:
            if key not in ("wet", "jaren", "grondslag", "uitleg", "selectielijst"):
                errors.append(f"{where}: onbekend veld '{key}'")
        if wet not in WETTEN:
            errors.append(f"{where}, veld 'wet': '{wet}' is geen bekende wet; kies uit: {', '.join(WETTEN)}")
            continue
        if wet in termijnen:
            errors.append(f"{where}, veld 'wet': {wet} staat er twee keer in")
        t = _termijn(entry, where, errors, wet)
        if t is not None:
            termijnen[wet] = t
    zonder = data.get("zonder_voorziening")
    where = f"{name}, zonder_voorziening"
    if not isinstance(zonder, dict):
        errors.append(f"{where}: ontbreekt (jaren, grondslag en selectielijst voor een gesprek zonder voorziening "
                      "met een eigen termijn)")
    else:
        for key in zonder:
            if key not in ("jaren", "grondslag", "uitleg", "selectielijst"):
                errors.append(f"{where}: onbekend veld '{key}'")
        t = _termijn(zonder, where, errors, GEEN_VOORZIENING)
        if t is not None:
            termijnen[GEEN_VOORZIENING] = t
    trede = data.get("voorziening_vanaf_trede", 4)
    if isinstance(trede, bool) or not isinstance(trede, int) or not 0 <= trede <= 5:
        errors.append(f"{name}, veld 'voorziening_vanaf_trede': moet een trede van 0 tot en met 5 zijn (nu {trede!r})")
        trede = 4
    verzoek = data.get("verzoek")
    maanden, v_grondslag = 3, ""
    if not isinstance(verzoek, dict):
        errors.append(f"{name}, veld 'verzoek': ontbreekt (maanden en grondslag)")
    else:
        maanden = verzoek.get("maanden")
        if isinstance(maanden, bool) or not isinstance(maanden, int) or not 1 <= maanden <= 12:
            errors.append(f"{name}, verzoek, veld 'maanden': moet een heel getal van 1 tot en met 12 zijn "
                          f"(nu {maanden!r})")
        v_grondslag = verzoek.get("grondslag")
        if not isinstance(v_grondslag, str) or not v_grondslag.strip():
            errors.append(f"{name}, verzoek, veld 'grondslag': ontbreekt")
    bron = data.get("bron", "")
    if not isinstance(bron, str):
        errors.append(f"{name}, veld 'bron': moet tekst zijn")
    if errors:
        raise ConfigError(errors)
    return BewaarConfig(termijnen=termijnen, standaard_wet=GEEN_VOORZIENING, verzoek_maanden=maanden,
                        verzoek_grondslag=v_grondslag.strip(), bron=bron, voorziening_vanaf_trede=trede)


def load_bewaarconfig(path: Path) -> BewaarConfig:
    """Read and validate the retention terms (``Resources`` does, at start and on reload).
    ConfigError, naming file, entry and field, when the file cannot be used."""
    p = Path(path)
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{p.name}: {leesfout(exc)}. De bewaartermijnen kunnen niet worden "
                          "berekend tot de beheerder het bestand herstelt.") from exc
    return parse_bewaarconfig(data, p.name)


def bewaarconfig(ctx) -> BewaarConfig:
    """The retention terms loaded with the resources; ConfigError when ``bewaartermijnen.yaml`` is broken.
    A context opened without resources (command line, background jobs) loads just this part."""
    if ctx.resources is None:
        from toegang_app.services.resources import load_resources

        ctx.resources = load_resources(ctx.config, onderdelen=("bewaren",))
    return ctx.resources.required("bewaren")


# -- computation (pure) ----------------------------------------------------------------------------

def plus_jaren(d: date, jaren: int) -> date:
    """The same calendar date ``jaren`` later; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:
        return d.replace(year=d.year + jaren, day=28)


def plus_maanden(d: date, maanden: int) -> date:
    """The same day ``maanden`` later, or the last day of that month (30 November + 3 = 28/29 February)."""
    m = d.month - 1 + maanden
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def bewaarwet_voor(cfg: BewaarConfig, wetten: Iterable[str | None]) -> str:
    """The law with the longest term among ``wetten``; 'no provision' (Selectielijst 8.2) when none of them
    has a term."""
    met_termijn = [w for w in wetten if w in cfg.termijnen and w != GEEN_VOORZIENING]
    if not met_termijn:
        return cfg.standaard_wet
    return max(met_termijn, key=lambda w: (cfg.termijnen[w].jaren, w))


@dataclass(frozen=True)
class BewaarItem:
    gesprek_id: int
    inwoner_id: int
    team: str
    wet: str
    grondslag: str
    jaren: int
    einddatum: date
    einde_bron: str          # "afgesloten" | "laatste activiteit"
    vervaldatum: date
    verwijzingen: int
    selectielijst: str = ""
    bron: str = ""

    @property
    def wet_naam(self) -> str:
        return "geen voorziening" if self.wet == GEEN_VOORZIENING else WETTEN.get(self.wet, self.wet)

    @property
    def team_naam(self) -> str:
        return GEMEENTEN.get(self.team, self.team)


def _as_date(v) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def bereken_item(cfg: BewaarConfig, *, gesprek_id: int, inwoner_id: int, team: str, bewaarwet: str | None,
                 afgesloten_op: date | None, activiteit: Iterable[date | datetime | None],
                 verwijzing_wetten: Iterable[str | None] = (), verwijzingen: int = 0) -> BewaarItem:
    """Retention of one conversation: the longest term among its own law and the laws of its referrals that
    are a provision (trede ``voorziening_vanaf_trede`` and up; the caller passes only those), counted from
    the day it was closed, or else from its last activity. Without any: 'no provision' (Selectielijst 8.2)."""
    wet = bewaarwet_voor(cfg, [bewaarwet, *verwijzing_wetten])
    t = cfg.termijnen[wet]
    if afgesloten_op is not None:
        einde, bron = _as_date(afgesloten_op), "afgesloten"
    else:
        dates = [x for x in (_as_date(a) for a in activiteit) if x is not None]
        if not dates:
            raise ValueError(f"gesprek {gesprek_id} has no date at all")
        einde, bron = max(dates), "laatste activiteit"
    return BewaarItem(gesprek_id=gesprek_id, inwoner_id=inwoner_id, team=team, wet=wet, grondslag=t.grondslag,
                      jaren=t.jaren, einddatum=einde, einde_bron=bron, vervaldatum=plus_jaren(einde, t.jaren),
                      verwijzingen=verwijzingen, selectielijst=t.selectielijst, bron=t.bron)


# -- hook for the conversation service ------------------------------------------------------------

def werk_bewaargegevens_bij(session: Session, g: Gesprek, *, ctx=None, vandaag: date | None = None) -> None:
    """Keep a conversation's retention fields current; call after saving it or adding a referral.

    ``bewaarwet`` becomes the law with the longest term among its current value and its referrals (it is
    never shortened); ``afgesloten_op`` is set on the day the conversation becomes ``afgerond`` and
    cleared when it is reopened. A broken bewaartermijnen.yaml never blocks saving a conversation: the
    law is then left as it was (the due list shows the file's problem to the beheerder).

    The terms come from ``ctx.resources``. Transitional: without ``ctx`` (services.gesprekken does not
    pass it yet) the shipped file is read and validated here."""
    if g.status == "afgerond":
        if g.afgesloten_op is None:
            g.afgesloten_op = vandaag or date.today()
    elif g.afgesloten_op is not None:
        g.afgesloten_op = None
    try:
        cfg = bewaarconfig(ctx) if ctx is not None else load_bewaarconfig(resources_dir() / BESTAND)
    except ConfigError as exc:
        log.warning("Retention law not updated for gesprek %s: %s", g.id, exc.message)
        return
    wetten = [g.bewaarwet]
    if g.id is not None:
        wetten += list(session.scalars(select(Verwijzing.wet).where(
            Verwijzing.gesprek_id == g.id, Verwijzing.trede >= cfg.voorziening_vanaf_trede).distinct()))
    if any(w in cfg.termijnen for w in wetten):
        nieuw = bewaarwet_voor(cfg, wetten)
        if nieuw != g.bewaarwet:
            g.bewaarwet = nieuw


# -- the due list ----------------------------------------------------------------------------------

def _items(s: Session, cfg: BewaarConfig, gesprek_ids: Iterable[int] | None = None,
           peildatum: date | None = None) -> list[BewaarItem]:
    q = (select(Gesprek.id, Gesprek.inwoner_id, Gesprek.team, Gesprek.bewaarwet, Gesprek.afgesloten_op,
                Gesprek.gewijzigd_op, Gesprek.aanmelding_datum)
         .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .where(Inwoner.geanonimiseerd.is_(False)))
    if gesprek_ids is not None:
        ids = sorted(set(gesprek_ids))
        q = q.where(Gesprek.id.in_(ids))
    elif peildatum is not None:
        # nothing can be due whose end lies after peildatum minus the shortest term: skip it in SQL
        grens = plus_jaren(peildatum, -cfg.kortste_jaren)
        grens_dt = datetime.combine(grens, datetime.min.time()).replace(hour=23, minute=59, second=59,
                                                                       microsecond=999999)
        q = q.where(or_(and_(Gesprek.afgesloten_op.is_not(None), Gesprek.afgesloten_op <= grens),
                        and_(Gesprek.afgesloten_op.is_(None), Gesprek.gewijzigd_op <= grens_dt)))
    rows = s.execute(q).all()
    if not rows:
        return []
    wetten: dict[int, set] = {}
    act: dict[int, list] = {}
    aantal: Counter = Counter()
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 900):  # stay under SQLite's parameter limit
        chunk = ids[start:start + 900]
        for gid, wet, trede, n, d1, d2, d3 in s.execute(
                select(Verwijzing.gesprek_id, Verwijzing.wet, func.max(Verwijzing.trede), func.count(),
                       func.max(Verwijzing.datum), func.max(Verwijzing.status_sinds), func.max(Verwijzing.aangemaakt_op))
                .where(Verwijzing.gesprek_id.in_(chunk)).group_by(Verwijzing.gesprek_id, Verwijzing.wet)):
            if trede is not None and trede >= cfg.voorziening_vanaf_trede:
                wetten.setdefault(gid, set()).add(wet)
            act.setdefault(gid, []).extend((d1, d2, d3))
            aantal[gid] += n
    out = []
    for r in rows:
        out.append(bereken_item(cfg, gesprek_id=r.id, inwoner_id=r.inwoner_id, team=r.team, bewaarwet=r.bewaarwet,
                                afgesloten_op=r.afgesloten_op,
                                activiteit=[r.gewijzigd_op, r.aanmelding_datum, *act.get(r.id, [])],
                                verwijzing_wetten=wetten.get(r.id, ()), verwijzingen=aantal[r.id]))
    return out


def te_vernietigen(ctx, peildatum: date | None = None) -> list[BewaarItem]:
    """Conversations whose retention term has ended on or before ``peildatum`` (today by default), oldest
    first. Residents already anonymised are not listed again. No names: the beheerder decides on numbers,
    law and dates."""
    require(ctx.user, BEWAREN_BEHEER)
    peil = peildatum or date.today()
    cfg = bewaarconfig(ctx)
    with ctx.sessions() as s:
        items = [i for i in _items(s, cfg, peildatum=peil) if i.vervaldatum <= peil]
    items.sort(key=lambda i: (i.vervaldatum, i.gesprek_id))
    return items


@dataclass(frozen=True)
class Resultaat:
    gesprekken: int
    verwijzingen: int
    inwoners: int

    def tekst(self, werkwoord: str) -> str:
        def n(k: int, een: str, meer: str) -> str:
            return f"{k} {een if k == 1 else meer}"
        return (f"{n(self.gesprekken, 'gesprek', 'gesprekken')}, {n(self.verwijzingen, 'verwijzing', 'verwijzingen')}"
                f" en {n(self.inwoners, 'inwoner', 'inwoners')} {werkwoord}")


def _due_or_refuse(s: Session, cfg: BewaarConfig, gesprek_ids: list[int], peil: date) -> list[BewaarItem]:
    if not gesprek_ids:
        raise UserError("Kies eerst één of meer gesprekken.")
    items = {i.gesprek_id: i for i in _items(s, cfg, gesprek_ids)}
    missing = [g for g in gesprek_ids if g not in items]
    if missing:
        raise UserError(f"Gesprek {missing[0]} bestaat niet meer of is al geanonimiseerd. Vernieuw de lijst.")
    for gid in gesprek_ids:
        if items[gid].vervaldatum > peil:
            raise UserError(f"Gesprek {gid} mag nog niet weg: de bewaartermijn ({items[gid].wet_naam}, "
                            f"{items[gid].jaren} jaar) loopt tot {nl.datum_lang(items[gid].vervaldatum)}.")
    return [items[g] for g in gesprek_ids]


def _verwijder(s: Session, gesprek_ids: list[int]) -> Resultaat:
    """Delete the conversations with everything hanging from them, and every resident left without a
    conversation. Returns the counts."""
    n_verw = s.scalar(select(func.count()).select_from(Verwijzing).where(Verwijzing.gesprek_id.in_(gesprek_ids))) or 0
    inwoner_ids = set(s.scalars(select(Gesprek.inwoner_id).where(Gesprek.id.in_(gesprek_ids))))
    n_g = 0
    for g in s.scalars(select(Gesprek).where(Gesprek.id.in_(gesprek_ids))).all():
        s.delete(g)
        n_g += 1
    s.flush()
    n_i = 0
    for iid in sorted(inwoner_ids):
        left = s.scalar(select(func.count()).select_from(Gesprek).where(Gesprek.inwoner_id == iid))
        if not left:
            inw = s.get(Inwoner, iid)
            if inw is not None:
                s.delete(inw)
                n_i += 1
    s.flush()
    return Resultaat(n_g, n_verw, n_i)


def _wet_telling(items: list[BewaarItem]) -> str:
    c = Counter(i.wet_naam for i in items)
    return ", ".join(f"{w}: {n}" for w, n in sorted(c.items()))


def _concepten_weg(ctx, gesprek_ids: Iterable[int]) -> None:
    """Drafts of destroyed conversations on this workstation go too (best effort; drafts are local files)."""
    from toegang_app.services import concepten

    for gid in gesprek_ids:
        concepten.verwijder_concept(ctx, f"gesprek-{gid}")


def _gelijktijdig() -> UserError:
    return UserError("Een collega heeft een van deze gesprekken net gewijzigd. Er is niets verwijderd; "
                     "vernieuw de lijst en probeer het opnieuw.")


def vernietig(ctx, gesprek_ids: Iterable[int], *, peildatum: date | None = None) -> Resultaat:
    """Destroy conversations whose term has ended: the conversations, their referrals and everything
    else recorded with them, and the resident when no conversation of theirs is left. One audit row."""
    user = require(ctx.user, BEWAREN_BEHEER)
    ids = sorted(set(gesprek_ids))
    peil = peildatum or date.today()
    if peil > date.today():
        raise InvalidInput("peildatum", "Vernietigen kan alleen voor termijnen die vandaag of eerder zijn verlopen.")
    cfg = bewaarconfig(ctx)
    try:
        with ctx.sessions.begin() as s:
            items = _due_or_refuse(s, cfg, ids, peil)
            verlopen = _objecten_van(s, ids, inwoners=True)
            res = _verwijder(s, ids)
            _markeer_verlopen(s, verlopen)
            audit.record(s, user, "vernietigd", "bewaartermijn", None,
                         toelichting=f"Bewaartermijn verstreken ({_wet_telling(items)}): {res.tekst('vernietigd')}.")
    except StaleDataError:
        raise _gelijktijdig() from None
    _concepten_weg(ctx, ids)
    return res


_VRIJE_TEKST_GESPREK = ("vraag", "wat_belangrijk", "wat_veranderen", "wie_helpen", "eigen_kracht", "afspraken",
                        "plan", "steun_van")


def anonimiseer(ctx, gesprek_ids: Iterable[int], *, peildatum: date | None = None) -> Resultaat:
    """Anonymise conversations whose term has ended instead of destroying them: the figures (scores,
    steps, referrals, outcomes) stay for the statistics; every free text and every personal detail goes.
    A resident whose conversations are all anonymised is anonymised in place; otherwise the anonymised
    conversations move to a new anonymous resident record. One audit row."""
    user = require(ctx.user, BEWAREN_BEHEER)
    ids = sorted(set(gesprek_ids))
    peil = peildatum or date.today()
    if peil > date.today():
        raise InvalidInput("peildatum", "Anonimiseren kan alleen voor termijnen die vandaag of eerder zijn verlopen.")
    cfg = bewaarconfig(ctx)
    now = datetime.now()
    try:
        with ctx.sessions.begin() as s:
            items = _due_or_refuse(s, cfg, ids, peil)
            gesprekken = s.scalars(select(Gesprek).where(Gesprek.id.in_(ids))).all()
            for g in gesprekken:
                _wis_gesprek(s, g)
            per_inwoner: dict[int, list[Gesprek]] = {}
            for g in gesprekken:
                per_inwoner.setdefault(g.inwoner_id, []).append(g)
            n_verw = s.scalar(select(func.count()).select_from(Verwijzing).where(Verwijzing.gesprek_id.in_(ids))) or 0
            n_inw = 0
            verlopen = _objecten_van(s, ids, inwoners=False)
            for iid, gs in per_inwoner.items():
                inw = s.get(Inwoner, iid)
                alle = s.scalar(select(func.count()).select_from(Gesprek).where(Gesprek.inwoner_id == iid))
                if alle == len(gs):
                    _wis_inwoner(inw, now)
                    verlopen.append(("inwoner", str(iid)))
                    from toegang_app.services.rechten import wis_inwoner_gegevens  # representatives

                    wis_inwoner_gegevens(s, iid)
                    n_inw += 1
                else:
                    anon = Inwoner(naam=GEANONIMISEERD, zoeknaam="", gemeente=inw.gemeente, kern=inw.kern,
                                   synthetisch=inw.synthetisch, geanonimiseerd=True, aangemaakt_op=now,
                                   gewijzigd_op=now)
                    s.add(anon)
                    s.flush()
                    for g in gs:
                        g.inwoner_id = anon.id
                    # a procesregie plan those conversations brought in goes with them
                    for plan in s.scalars(select(RegiePlan).where(RegiePlan.gesprek_id.in_([g.id for g in gs]))):
                        plan.inwoner_id = anon.id
            s.flush()
            _markeer_verlopen(s, verlopen)
            res = Resultaat(len(gesprekken), n_verw, n_inw)
            audit.record(s, user, "geanonimiseerd", "bewaartermijn", None,
                         toelichting=f"Bewaartermijn verstreken ({_wet_telling(items)}): "
                         f"{res.tekst('geanonimiseerd')}.")
    except StaleDataError:
        raise _gelijktijdig() from None
    _concepten_weg(ctx, ids)
    return res


def _wis_gesprek(s: Session, g: Gesprek) -> None:
    for veld in _VRIJE_TEKST_GESPREK:
        setattr(g, veld, None)
    for d in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id)):
        d.notitie = None
    for sig in s.scalars(select(Signaal).where(Signaal.gesprek_id == g.id)):
        sig.toelichting = None
    for o in s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == g.id)):
        o.toelichting = GEANONIMISEERD
        o.vastgelegd_door = None
    for a in s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == g.id)):
        a.reden, a.medewerker = None, None
    from toegang_app.services import regie   # the plan and afspraken of procesregie and follow-ups

    regie.wis_vrije_tekst(s, g, GEANONIMISEERD)
    verw_ids = list(s.scalars(select(Verwijzing.id).where(Verwijzing.gesprek_id == g.id)))
    for v in s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == g.id)):
        v.notitie, v.toestemming_delen, v.aangemaakt_door = None, None, None
    if verw_ids:
        for st in s.scalars(select(VerwijzingStatus).where(VerwijzingStatus.verwijzing_id.in_(verw_ids))):
            st.notitie, st.medewerker = None, None
    from toegang_app.services.veiligheid import wis_notities

    wis_notities(s, g.id)   # the Meldcode's notes and names, the reason a resident was not told (issue 21)
    g.medewerker_id = None
    g.procesregisseur_id = None
    from toegang_app.services.rechten import wis_bij_anonimiseren  # verslag, household, consent

    wis_bij_anonimiseren(s, g.id)


def _wis_inwoner(inw: Inwoner, now: datetime) -> None:
    inw.naam, inw.zoeknaam = GEANONIMISEERD, ""
    inw.geboortedatum = inw.geboortejaar = None
    inw.postcode = inw.telefoon = inw.email = inw.bsn = None
    inw.geanonimiseerd = True
    inw.gewijzigd_op = now


# -- residents' requests for destruction -----------------------------------------------------------

@dataclass(frozen=True)
class VerzoekRij:
    id: int
    kenmerk: str
    inwoner_id: int | None
    ontvangen_op: date
    uiterlijk: date
    geregistreerd_door: str | None
    uitgevoerd_op: datetime | None
    uitgevoerd_door: str | None

    def status(self, vandaag: date | None = None) -> str:
        if self.uitgevoerd_op is not None:
            return f"uitgevoerd op {nl.datum(self.uitgevoerd_op)}"
        if (vandaag or date.today()) > self.uiterlijk:
            return "te laat: termijn verstreken"
        return "open"

    @property
    def open(self) -> bool:
        return self.uitgevoerd_op is None


@dataclass(frozen=True)
class InwonerKeuze:
    """A resident as the beheerder sees them when registering a request: enough to pick the right one."""
    id: int
    naam: str
    geboortedatum: date | None
    geboortejaar: int | None
    gemeente: str
    gesprekken: int

    def tekst(self) -> str:
        geb = (nl.datum(self.geboortedatum) if self.geboortedatum
               else str(self.geboortejaar) if self.geboortejaar else "geboortedatum onbekend")
        n = f"{self.gesprekken} gesprek{'ken' if self.gesprekken != 1 else ''}"
        return f"{self.naam} · {geb} · {GEMEENTEN.get(self.gemeente, self.gemeente)} · {n} · nummer {self.id}"


def zoek_inwoners(ctx, tekst: str, limit: int = 20) -> list[InwonerKeuze]:
    """Find the resident a written request is about, by name, BSN or resident number. Each resident
    shown counts as a view of their record (audited)."""
    user = require(ctx.user, BEWAREN_BEHEER)
    t = (tekst or "").strip()
    if len(t) < 2:
        raise InvalidInput("zoeken", "Typ minstens twee tekens van de naam, of het BSN of inwonernummer.")
    q = select(Inwoner).where(Inwoner.geanonimiseerd.is_(False))
    if t.isdigit():
        q = q.where(or_(Inwoner.bsn == t, Inwoner.id == int(t)))
    else:
        from toegang_app.services.gesprekken import normaliseer_naam

        q = q.where(Inwoner.zoeknaam.contains(normaliseer_naam(t), autoescape=True))
    with ctx.sessions.begin() as s:
        found = s.scalars(q.order_by(Inwoner.zoeknaam, Inwoner.id).limit(limit)).all()
        out = []
        for i in found:
            n = s.scalar(select(func.count()).select_from(Gesprek).where(Gesprek.inwoner_id == i.id)) or 0
            audit.record(s, user, "bekeken", "inwoner", i.id, toelichting="gezocht voor vernietigingsverzoek")
            out.append(InwonerKeuze(i.id, i.naam, i.geboortedatum, i.geboortejaar, i.gemeente, n))
        return out


def _verzoek_rij(v: Vernietigingsverzoek) -> VerzoekRij:
    return VerzoekRij(id=v.id, kenmerk=v.kenmerk, inwoner_id=v.inwoner_id, ontvangen_op=v.ontvangen_op,
                      uiterlijk=v.uiterlijk, geregistreerd_door=v.geregistreerd_door, uitgevoerd_op=v.uitgevoerd_op,
                      uitgevoerd_door=v.uitgevoerd_door)


def registreer_verzoek(ctx, inwoner_id: int, kenmerk: str, ontvangen_op: date) -> VerzoekRij:
    """Record a resident's written request for destruction. It is due within the term of
    ``verzoek.maanden`` (3 months, Wmo 2015 art. 5.3.5) after the day it was received."""
    user = require(ctx.user, BEWAREN_BEHEER)
    k = (kenmerk or "").strip()
    if not k:
        raise InvalidInput("kenmerk", "Vul het kenmerk van de brief in (bijvoorbeeld het zaaknummer), zonder "
                           "naam of andere persoonsgegevens.")
    if len(k) > 64:
        raise InvalidInput("kenmerk", "Het kenmerk is te lang: hooguit 64 tekens.")
    if ontvangen_op is None:
        raise InvalidInput("ontvangen_op", "Vul de datum in waarop de brief is ontvangen.")
    if ontvangen_op > date.today():
        raise InvalidInput("ontvangen_op", "De ontvangstdatum ligt in de toekomst.")
    cfg = bewaarconfig(ctx)
    with ctx.sessions.begin() as s:
        inw = s.get(Inwoner, inwoner_id)
        if inw is None or inw.geanonimiseerd:
            raise UserError(f"Inwoner {inwoner_id} bestaat niet (meer); er is niets te vernietigen.")
        open_al = s.scalar(select(Vernietigingsverzoek.kenmerk).where(
            Vernietigingsverzoek.inwoner_id == inwoner_id, Vernietigingsverzoek.uitgevoerd_op.is_(None)))
        if open_al is not None:
            raise UserError(f"Voor deze inwoner staat al een verzoek open (kenmerk {open_al}).")
        v = Vernietigingsverzoek(inwoner_id=inwoner_id, kenmerk=k, ontvangen_op=ontvangen_op,
                                 uiterlijk=plus_maanden(ontvangen_op, cfg.verzoek_maanden),
                                 geregistreerd_door=user.gebruikersnaam)
        s.add(v)
        s.flush()
        audit.record(s, user, "aangemaakt", "vernietigingsverzoek", v.id,
                     toelichting=f"kenmerk {k}, inwoner {inwoner_id}, ontvangen {nl.datum(ontvangen_op)}, "
                     f"uitvoeren uiterlijk {nl.datum(v.uiterlijk)} ({cfg.verzoek_grondslag})")
        return _verzoek_rij(v)


def lijst_verzoeken(ctx, *, ook_uitgevoerd: bool = True) -> list[VerzoekRij]:
    require(ctx.user, BEWAREN_BEHEER)
    with ctx.sessions() as s:
        q = select(Vernietigingsverzoek)
        if not ook_uitgevoerd:
            q = q.where(Vernietigingsverzoek.uitgevoerd_op.is_(None))
        rows = [_verzoek_rij(v) for v in s.scalars(q)]
    rows.sort(key=lambda v: (not v.open, v.uiterlijk if v.open else date.min, v.id))
    return rows


def voer_verzoek_uit(ctx, verzoek_id: int) -> Resultaat:
    """Carry out a request: destroy all conversations of the resident and the resident. The audit row
    names the request (kenmerk) and the counts, never what was removed."""
    user = require(ctx.user, BEWAREN_BEHEER)
    try:
        with ctx.sessions.begin() as s:
            v = s.get(Vernietigingsverzoek, verzoek_id)
            if v is None:
                raise UserError(f"Verzoek {verzoek_id} bestaat niet.")
            if v.uitgevoerd_op is not None:
                raise UserError(f"Verzoek {v.kenmerk} is al uitgevoerd op {nl.datum(v.uitgevoerd_op)}.")
            ids: list[int] = []
            if v.inwoner_id is not None:
                ids = list(s.scalars(select(Gesprek.id).where(Gesprek.inwoner_id == v.inwoner_id)))
                verlopen = _objecten_van(s, ids, inwoners=True) + [("inwoner", str(v.inwoner_id))]
                res = _verwijder(s, ids)
                _markeer_verlopen(s, verlopen)
                inw = s.get(Inwoner, v.inwoner_id)
                if inw is not None:  # a resident without conversations
                    s.delete(inw)
                    s.flush()
                    res = Resultaat(res.gesprekken, res.verwijzingen, res.inwoners + 1)
            else:
                res = Resultaat(0, 0, 0)
            v = s.get(Vernietigingsverzoek, verzoek_id)
            v.uitgevoerd_op = datetime.now()
            v.uitgevoerd_door = user.gebruikersnaam
            v.inwoner_id = None
            op_tijd = v.uitgevoerd_op.date() <= v.uiterlijk
            audit.record(s, user, "vernietigd", "vernietigingsverzoek", v.id,
                         toelichting=f"Verzoek {v.kenmerk} uitgevoerd: {res.tekst('vernietigd')}"
                         + ("." if op_tijd else f"; na de termijn (uiterlijk {nl.datum(v.uiterlijk)})."))
    except StaleDataError:
        raise _gelijktijdig() from None
    _concepten_weg(ctx, ids)
    return res


# -- the audit trail under the same retention (issue 19, item 8) -----------------------------------

def _objecten_van(s: Session, gesprek_ids: list[int], *, inwoners: bool) -> list[tuple[str, str]]:
    """The audit objects that go with these conversations: the conversations (also as 'verwijzingen',
    the referral list viewed), their referrals and, with ``inwoners``, their residents."""
    out: list[tuple[str, str]] = []
    for gid in gesprek_ids:
        out += [("gesprek", str(gid)), ("verwijzingen", str(gid))]
    if gesprek_ids:
        out += [("verwijzing", str(v)) for v in s.scalars(select(Verwijzing.id).where(
            Verwijzing.gesprek_id.in_(gesprek_ids)))]
        if inwoners:
            out += [("inwoner", str(i)) for i in set(s.scalars(select(Gesprek.inwoner_id).where(
                Gesprek.id.in_(gesprek_ids))))]
    return out


def _markeer_verlopen(s: Session, objecten: list[tuple[str, str]]) -> None:
    """The audit rows about these objects written so far have expired with them."""
    tot = s.scalar(select(func.max(AuditRegel.id))) or 0
    now = datetime.now()
    for object_type, object_id in dict.fromkeys(objecten):
        s.add(AuditVerlopen(object_type=object_type, object_id=object_id, tot_id=tot, sinds=now))
    s.flush()


def _verlopen_filter():
    return select(AuditVerlopen.id).where(AuditVerlopen.object_type == AuditRegel.object_type,
                                          AuditVerlopen.object_id == AuditRegel.object_id,
                                          AuditRegel.id <= AuditVerlopen.tot_id).exists()


def verlopen_auditregels(ctx) -> int:
    """How many audit rows are about conversations, residents and referrals that the retention job has
    destroyed or anonymised: rows :func:`audit_opschonen` will remove."""
    require(ctx.user, BEWAREN_BEHEER)
    with ctx.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditRegel).where(_verlopen_filter())) or 0


@dataclass(frozen=True)
class Opschoning:
    regels: int


EIGENAARSROL = ("Het opschonen van de audit trail mag alleen de eigenaarsrol van de database (in de README: "
                "toegang_eigenaar), niet de rol waarmee de werkplekken werken. Start de opdracht met "
                "TOEGANG_DATABASE_URL van de eigenaarsrol: toegang-admin bewaren audit-opschonen.")


def audit_opschonen(ctx) -> Opschoning:
    """Remove the expired audit rows (see :func:`verlopen_auditregels`), in one transaction marked as the
    retention job's: on SQLite a row in ``audit_opschoning`` for the length of the transaction (the DELETE
    trigger of ``audit_log`` admits nothing else), on PostgreSQL ``SET LOCAL toegang.audit_opschonen``
    with the owner role's DELETE privilege (the application role has none). One audit row says how many."""
    from sqlalchemy import delete, text
    from sqlalchemy.exc import DBAPIError

    user = require(ctx.user, BEWAREN_BEHEER)
    try:
        with ctx.sessions.begin() as s:
            sqlite = s.get_bind().dialect.name == "sqlite"
            if sqlite:
                s.add(AuditOpschoning(op=datetime.now(), door=user.gebruikersnaam))
                s.flush()
            else:
                s.execute(text("SET LOCAL toegang.audit_opschonen = 'ja'"))
            n = s.execute(delete(AuditRegel).where(_verlopen_filter())
                          .execution_options(synchronize_session=False)).rowcount or 0
            if sqlite:
                s.execute(delete(AuditOpschoning))
            audit.record(s, user, "opgeschoond", "audit_log", None,
                         toelichting=f"{n} auditregels verwijderd over gesprekken, inwoners en verwijzingen "
                         "waarvan de bewaartermijn is verstreken (vernietigd of geanonimiseerd).")
    except DBAPIError as exc:
        if "permission denied" in str(getattr(exc, "orig", exc)).lower():
            raise UserError(EIGENAARSROL) from None
        raise
    return Opschoning(n)
