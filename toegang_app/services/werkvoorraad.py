"""Werkvoorraad: what a worker of a desk must do now. Follow-ups due today or overdue, referrals without
news (``zonder_nieuws`` in resources/intervallen.yaml), and open terms of the desk that are close
(``bijna_verlopen``) or overdue: legal deadlines of the desk and the desk's own promises, not the
resident's chances nor not-before dates.

A term's date and state come from the same computation as the Termijnen panel: the end in force of the
stored step (after a verdaging or opschorting), else the end computed again from its start on the desk's
one calendar (services.termijnen.kalender), and ``domain.termijnen.stand`` with the same interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, bindparam, case, func, or_, select, text

from toegang_app.domain import termijnen as dom
from toegang_app.domain.verwijzing import OPEN, STATUSSEN
from toegang_app.services import audit
from toegang_app.services import termijnen as tsvc
from toegang_app.errors import UserError
from toegang_app.services.auth import GESPREK_LEZEN, require
from toegang_app.storage.models import Gebruiker, Gesprek, Inwoner, Termijn, TermijnWijziging, Verwijzing

SOORTEN = {"opvolging": "Opvolgen", "zonder_nieuws": "Geen nieuws", "termijn": "Wettelijke termijn",
           "belofte": "Afspraak van de balie", "meldcode": "Meldcode", "regie": "Procesregie"}
# the owner filter: my own conversations and cases, the whole desk, or those without an (active) owner
EIGENAAR_FILTERS = {"team": "Team", "mijn": "Mijn", "zonder": "Zonder eigenaar"}
ZONDER_EIGENAAR = "zonder eigenaar"
# the screen lists this many of the most urgent items (more is not a list a person works through; the
# count says how many there are, the filters narrow it); only these residents were shown, so only they get
# a 'getoond' audit row. Filling the table takes the GUI thread about 0.1 s per 500 rows (docs/performance.md).
MAX_GETOOND = 500


@dataclass(slots=True)
class WerkItem:
    soort: str            # opvolging | zonder_nieuws | termijn | belofte
    datum: date           # due date (follow-up, last news + interval, or deadline)
    gesprek_id: int
    inwoner: str | None   # the resident's name; read last, for the items shown (never None in a result)
    wat: str
    toelichting: str
    te_laat: bool
    verwijzing_id: int | None = None
    termijn_code: str | None = None   # a term step the worker can close from the werkvoorraad
    startdatum: date | None = None
    eigenaar: str = ZONDER_EIGENAAR   # owner of the conversation (procesregisseur for a regie item)
    eigenaar_id: int | None = None    # None when nobody (active) owns it
    inwoner_id: int | None = None     # for the 'getoond' audit row (else found from the conversation)

    @property
    def soort_label(self) -> str:
        return SOORTEN[self.soort]


@dataclass
class Werkvoorraad:
    """What the screen shows: the most urgent items (at most the limit asked for) and how many there are."""
    items: list[WerkItem]
    totaal: int
    te_laat: int


def werkvoorraad(ctx, peildatum: date | None = None, soorten: set[str] | None = None,
                 alleen_te_laat: bool = False, eigenaar: str = "team") -> list[WerkItem]:
    """Every item, most urgent first (``overzicht`` without a limit)."""
    return overzicht(ctx, peildatum, soorten, alleen_te_laat, eigenaar).items


def overzicht(ctx, peildatum: date | None = None, soorten: set[str] | None = None,
              alleen_te_laat: bool = False, eigenaar: str = "team", limiet: int | None = None) -> Werkvoorraad:
    """The werkvoorraad, most urgent first (te laat, then by date, then by resident), with at most
    ``limiet`` items and the counts of all of them.

    ``eigenaar``: 'team' (everything of the desk), 'mijn' (conversations I own and cases I am
    procesregisseur of) or 'zonder' (no active owner: never assigned, or the owner was deactivated).

    A busy desk has tens of thousands of open referrals: those two kinds are counted by the database and
    only their most urgent ``limiet`` rows (plus the rows tied with the last one) are read, from partial
    indexes of the open referrals in date order (migration 0018). The items of every kind are first made
    without the resident's name, cut to the head by (te laat, date) with every item tied with the last,
    and only then are the names and owners read, for those alone; sorting them by the full order gives
    exactly the head of the full list."""
    user = require(ctx.user, GESPREK_LEZEN)
    if eigenaar not in EIGENAAR_FILTERS:
        raise UserError("Kies mijn, team of zonder eigenaar.")
    if limiet is not None and limiet < 0:
        raise ValueError("limiet must be >= 0")
    today = peildatum or date.today()
    team = None if user.team is None or user.rol == "systeem" else user.team
    iv = tsvc.intervallen()
    cfg = tsvc.config_voor(ctx)

    def gevraagd(soort: str) -> bool:
        return not soorten or soort in soorten

    items: list[WerkItem] = []
    totaal = te_laat = 0
    with ctx.sessions() as sessie:
        # only columns are read: the Core connection, without the ORM's processing of every row
        s = sessie.connection()
        _zonder_parallelle_workers(s)
        voorwaarden = _verwijzingen(team, eigenaar, user.id)
        if gevraagd("opvolging"):
            rijen, n, n_laat = _opvolgingen(s, voorwaarden, today, alleen_te_laat, limiet)
            items += rijen
            totaal += n
            te_laat += n_laat
        if gevraagd("zonder_nieuws"):   # always te laat
            rijen, n = _zonder_nieuws(s, voorwaarden, today, iv.zonder_nieuws, cfg.atw, limiet)
            items += rijen
            totaal += n
            te_laat += n
        extra = _termijn_items(s, cfg, iv, today, team) if gevraagd("termijn") or gevraagd("belofte") else []
        if gevraagd("meldcode"):
            meldcodes = _meldcode_items(ctx, team)
            _namen(s, meldcodes)   # their owners, for the owner filter
            extra += meldcodes
        if gevraagd("regie"):
            extra += _regie_items(ctx, s, today, team)
        if eigenaar == "mijn":
            extra = [i for i in extra if i.eigenaar_id is not None and i.eigenaar_id == user.id]
        elif eigenaar == "zonder":
            extra = [i for i in extra if i.eigenaar_id is None]
        extra = [i for i in extra if gevraagd(i.soort) and (i.te_laat or not alleen_te_laat)]
        totaal += len(extra)
        te_laat += sum(i.te_laat for i in extra)
        items += extra
        items = _kop_van_de_lijst(items, limiet)
        _namen(s, [i for i in items if i.inwoner is None])
    items.sort(key=_urgentie)
    if limiet is not None:
        del items[limiet:]
    # issue 19, item 12: the residents the screen shows (its MAX_GETOOND most urgent rows)
    getoond = items[:MAX_GETOOND]
    audit.record_shown(ctx, user, "werkvoorraad", inwoner_ids=[i.inwoner_id for i in getoond if i.inwoner_id],
                       gesprek_ids=[i.gesprek_id for i in getoond if not i.inwoner_id])
    return Werkvoorraad(items, totaal, te_laat)


def _zonder_parallelle_workers(s) -> None:
    """On PostgreSQL, this transaction's queries run without parallel workers: each of them reads a few
    thousand rows from an index, where starting a worker costs more than it saves (the terms' query 11 ms
    alone, 20-25 ms with one worker, at full size), and on a server that many workstations share those
    workers take the CPU the other workstations wait for."""
    if s.dialect.name == "postgresql":
        s.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _urgentie(i: WerkItem):
    """Te laat first, then the oldest date, then the resident; the rest only makes the order total."""
    return (not i.te_laat, i.datum, i.inwoner, i.gesprek_id, i.soort, i.verwijzing_id or 0, i.termijn_code or "")


def _kop_van_de_lijst(items: list[WerkItem], limiet: int | None) -> list[WerkItem]:
    """The first ``limiet`` items by (te laat, date), with every item tied with the last on both: the
    resident's name, which orders the ties, is not read yet. Sorting what is returned by ``_urgentie``
    gives exactly the first ``limiet`` items of the whole list."""
    if limiet is None or len(items) <= limiet:
        return items
    if limiet == 0:
        return []
    items.sort(key=lambda i: (not i.te_laat, i.datum))
    grens = (not items[limiet - 1].te_laat, items[limiet - 1].datum)
    k = limiet
    while k < len(items) and (not items[k].te_laat, items[k].datum) == grens:
        k += 1
    return items[:k]


def _open_verwijzing():
    """The open statuses, written into the SQL (not as parameters): the condition of the partial indexes
    (models.OPEN_VERWIJZING), which SQLite uses only when the query repeats it literally."""
    return Verwijzing.status.in_(bindparam("open_statussen", list(OPEN), expanding=True, literal_execute=True))


def _anonieme_inwoners():
    """The anonymised residents (few; ix_inwoners_geanonimiseerd), left out of the list with NOT IN: both
    engines build that set once, instead of a lookup per row."""
    return select(Inwoner.id).where(Inwoner.geanonimiseerd.is_(True))


def _anonieme_gesprekken():
    """The conversations of anonymised residents, for the referrals (which hold no resident id)."""
    return (select(Gesprek.id).join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
            .where(Inwoner.geanonimiseerd.is_(True)))


def _verwijzingen(team: str | None, eigenaar: str, user_id: int | None) -> list:
    """The conditions for open referrals of the desk whose resident is not anonymised, with the owner
    filter, on the referrals table alone: a busy desk has tens of thousands, so the database counts and
    orders them from a partial index of the open ones (ix_verwijzingen_open_opvolging,
    ix_verwijzingen_open_sinds: every column asked is in the index) and the rows, names and owners are
    read only for those shown. The owner filter is an EXISTS on the conversation."""
    V = Verwijzing
    out = [_open_verwijzing(), V.gesprek_id.not_in(_anonieme_gesprekken())]
    if team:
        out.append(V.team == team)
    if eigenaar in ("mijn", "zonder"):
        actief = (select(Gesprek.id).join(Gebruiker, Gebruiker.id == Gesprek.medewerker_id)
                  .where(Gesprek.id == V.gesprek_id, Gebruiker.actief.is_(True)))
        out.append(actief.where(Gebruiker.id == user_id).exists() if eigenaar == "mijn" else ~actief.exists())
    return out


_KOLOMMEN = (Verwijzing.id, Verwijzing.gesprek_id, Verwijzing.voorziening_naam, Verwijzing.status,
             Verwijzing.status_sinds, Verwijzing.opvolgdatum, Verwijzing.gemeente)


def _kop(s, takken: list[list], kolom, limiet: int | None, grens_van_laatste) -> list:
    """The first ``limiet`` referrals by ``kolom`` (a date) of each ``tak`` (a list of conditions; the
    branches do not overlap), plus every one tied with the last for the list's order
    (``grens_van_laatste(value)``: the last value of ``kolom`` that sorts equal to it), so that the cut in
    ``_kop_van_de_lijst`` gives exactly the head of the full list. Rows: ``_KOLOMMEN``."""
    V = Verwijzing
    out: list = []
    for w in takken:
        if limiet is None:
            out += s.execute(select(*_KOLOMMEN).where(*w)).all()
            continue
        if limiet == 0:
            continue
        kop = s.execute(select(*_KOLOMMEN).where(*w).order_by(kolom, V.id).limit(limiet)).all()
        out += kop
        if len(kop) == limiet:
            laatste = getattr(kop[-1], kolom.key)
            na_de_laatste = or_(kolom > laatste, and_(kolom == laatste, V.id > kop[-1].id))
            out += s.execute(select(*_KOLOMMEN).where(*w, kolom <= grens_van_laatste(laatste), na_de_laatste)).all()
    return out


def _opvolgingen(s, voorwaarden: list, today: date, alleen_te_laat: bool, limiet: int | None):
    """Follow-ups due today or overdue (ix_verwijzingen_open_opvolging): the most urgent rows and the
    counts. Items without the resident's name (``_namen``)."""
    V = Verwijzing
    w = [*voorwaarden, V.opvolgdatum.is_not(None), V.opvolgdatum < today if alleen_te_laat else V.opvolgdatum <= today]
    n = n_laat = None
    if limiet is not None:
        n, n_laat = s.execute(select(func.count(), func.coalesce(func.sum(case((V.opvolgdatum < today, 1), else_=0)), 0))
                              .where(*w)).one()
    out = []
    for vid, gid, vnaam, status, sinds, opvolg, _gem in _kop(s, [w], V.opvolgdatum, limiet if n != 0 else 0,
                                                            lambda d: d):
        out.append(WerkItem("opvolging", opvolg, gid, None, vnaam,
                            f"{STATUSSEN[status]} sinds {sinds:%d-%m-%Y}; opvolgen "
                            f"{'vandaag' if opvolg == today else 'was ' + opvolg.strftime('%d-%m-%Y')}",
                            opvolg < today, vid))
    if n is None:
        n, n_laat = len(out), sum(i.te_laat for i in out)
    return out, n, n_laat


def _zonder_nieuws(s, voorwaarden: list, today: date, zn: dom.Interval, kal, limiet: int | None):
    """Open referrals without news for the ``zonder_nieuws`` interval, that are not already a follow-up
    due: in two branches, no follow-up date and a follow-up date still to come, each a range of
    ix_verwijzingen_open_opvolging (or of ix_verwijzingen_open_sinds by their date, as the planner finds
    cheaper). With werkdagen, a gemeente with its own closing days counts on its own calendar, so those
    gemeenten are asked one by one. Items without the resident's name (``_namen``)."""
    V = Verwijzing
    eigen = sorted({d.gemeente for d in kal.sluitingsdagen if d.gemeente}) if zn.eenheid == "werkdagen" else []
    groepen = [(g, [*voorwaarden, V.gemeente == g]) for g in eigen]
    groepen.append((None, [*voorwaarden, or_(V.gemeente.is_(None), V.gemeente.not_in(eigen))] if eigen
                    else voorwaarden))
    out, totaal = [], 0
    for gemeente, gw in groepen:
        gw = [*gw, V.status_sinds <= zn.laatste_start(kal, today, gemeente=gemeente)]
        takken = [[*gw, V.opvolgdatum.is_(None)], [*gw, V.opvolgdatum > today]]
        if limiet is not None:
            aantallen = [s.scalar(select(func.count()).where(*w)) for w in takken]
            totaal += sum(aantallen)
            takken = [w for w, n in zip(takken, aantallen) if n]

        def tot_dezelfde_dag(sinds, gemeente=gemeente):  # the last start that runs out on the same day
            return zn.laatste_start(kal, zn.na(sinds, kal, gemeente=gemeente), gemeente=gemeente)

        for vid, gid, vnaam, status, sinds, _opvolg, gem in _kop(s, takken, V.status_sinds, limiet, tot_dezelfde_dag):
            due = zn.na(sinds, kal, gemeente=gem)
            out.append(WerkItem("zonder_nieuws", due, gid, None, vnaam,
                                f"{STATUSSEN[status]}, al {(today - sinds).days} dagen geen nieuws", True, vid))
    if limiet is None:
        totaal = len(out)
    return out, totaal


def _namen(s, items: list[WerkItem]) -> None:
    """The resident's name and id and the owner of the conversation (of a procesregie item: its
    procesregisseur, known already), for the items that will be shown (the rest of the list never reads
    them)."""
    ids = sorted({i.gesprek_id for i in items})
    per_gesprek: dict[int, tuple] = {}
    for k in range(0, len(ids), 900):
        q = (select(Gesprek.id, Inwoner.naam, Gesprek.inwoner_id, Gebruiker.id, Gebruiker.naam, Gebruiker.actief)
             .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
             .outerjoin(Gebruiker, Gebruiker.id == Gesprek.medewerker_id)
             # the ids (integers read from the database) written into the SQL: half the time of 500 parameters
             .where(Gesprek.id.in_(bindparam("gesprekken", ids[k:k + 900], expanding=True, literal_execute=True))))
        for gid, naam, iid, uid, unaam, actief in s.execute(q):
            per_gesprek[gid] = (naam, iid, _eigenaar(uid, unaam, actief))
    for i in items:
        naam, iid, eig = per_gesprek[i.gesprek_id]
        i.inwoner, i.inwoner_id = naam, iid
        if i.soort != "regie":   # a procesregie item's owner is its procesregisseur, already known
            i.eigenaar, i.eigenaar_id = eig["eigenaar"], eig["eigenaar_id"]


def _eigenaar(uid: int | None, naam: str | None, actief: bool | None) -> dict:
    """The owner of an item's conversation; a deactivated owner counts as none."""
    if uid is not None and actief:
        return {"eigenaar_id": uid, "eigenaar": naam}
    return {"eigenaar_id": None, "eigenaar": ZONDER_EIGENAAR}


def _termijn_items(s, cfg: dom.TermijnConfig, iv: dom.Intervallen, today: date, team: str | None) -> list[WerkItem]:
    """Open steps of the desk's legal terms and promises that are close or overdue (ix_termijnen_open).
    Items without the resident's name (``_namen``); the owner is known, for the owner filter."""
    kal = cfg.atw
    # the stored end is at most a few days off the end on today's calendar (a closing day added or
    # removed since): a window of the 'close' interval plus a margin, then the exact computation per row
    b = iv.bijna_verlopen
    venster = today + timedelta(days=b.aantal * (7 if b.eenheid == "weken" else 1) + 14)
    T = Termijn
    verdaagd = select(TermijnWijziging.termijn_id).where(TermijnWijziging.termijn_id == T.id).exists()
    tq = (select(T.code, T.wet, T.stap, T.uiterlijk, T.grondslag, T.startdatum, T.soort, verdaagd, Gesprek.id,
                 Gesprek.gemeente, Gesprek.inwoner_id, Gebruiker.id, Gebruiker.actief)
          .join(Gesprek, Gesprek.id == T.gesprek_id)
          .outerjoin(Gebruiker, Gebruiker.id == Gesprek.medewerker_id)
          .where(T.afgerond_op.is_(None), T.niet_van_toepassing.is_(None), T.soort.in_(("balie", "belofte")),
                 Gesprek.status == "open", Gesprek.inwoner_id.not_in(_anonieme_inwoners()), T.uiterlijk <= venster))
    if team:
        tq = tq.where(Gesprek.team == team)
    out: list[WerkItem] = []
    # many steps share a rule, a start, a gemeente and so a date, a state and a text: computed once each
    berekend: dict[tuple, tuple | None] = {}
    for (code, wet, stap, uiterlijk, grondslag, startdatum, soort, is_verdaagd, gid, gemeente, iid,
         uid, actief) in s.execute(tq):
        sleutel = (code, startdatum, gemeente, uiterlijk, is_verdaagd, soort, wet, stap, grondslag)
        hit = berekend.get(sleutel, False)
        if hit is False:
            regel = cfg.regel(code)
            if regel is not None and not is_verdaagd:
                uiterlijk = dom.einddatum(regel, startdatum, cfg, gemeente)
            st = dom.stand(uiterlijk, today, kalender=kal, bijna=iv.bijna_verlopen, gemeente=gemeente)
            if st not in (dom.VERLOPEN, dom.BIJNA_VERLOPEN):
                hit = None
            else:
                belofte = soort == "belofte"
                bron = grondslag if not belofte else f"{grondslag}; geen wet"
                extra = "; verdaagd of opgeschort" if is_verdaagd else ""
                hit = ("belofte" if belofte else "termijn", uiterlijk, f"{wet}: {stap}",
                       f"{st}, uiterlijk {uiterlijk:%d-%m-%Y} ({bron}{extra})", st == dom.VERLOPEN)
            berekend[sleutel] = hit
        if hit is None:
            continue
        soort_item, datum, wat, toelichting, laat = hit
        out.append(WerkItem(soort_item, datum, gid, None, wat, toelichting, laat, termijn_code=code,
                            startdatum=startdatum, eigenaar_id=uid if uid is not None and actief else None,
                            inwoner_id=iid))
    return out


def _regie_items(ctx, s, today: date, team: str | None) -> list[WerkItem]:
    """Cases in procesregie whose time is not watched: past the evaluation date, or too long without one
    (resources/ave.yaml ``evaluatie_uiterlijk_na_dagen``), and cases still waiting in the intake queue."""
    from sqlalchemy import func

    from toegang_app.domain import regie as rdom
    from toegang_app.storage.models import PlanOverleg, RegiePlan

    cfg = getattr(ctx.resources, "ave", None) if ctx.resources is not None else None
    if cfg is None:
        return []
    R = Gebruiker
    laatste = (select(func.max(PlanOverleg.datum)).join(RegiePlan, RegiePlan.id == PlanOverleg.plan_id)
               .where(RegiePlan.gesprek_id == Gesprek.id, PlanOverleg.soort == "evaluatie").scalar_subquery())
    q = (select(Gesprek.id, Gesprek.gemeente, Gesprek.ave_fase, Gesprek.ave_fase_sinds, Gesprek.evaluatiedatum,
                R.id, R.naam, R.actief, laatste, Gesprek.inwoner_id)
         .outerjoin(R, R.id == Gesprek.procesregisseur_id)
         .where(Gesprek.status == "open", Gesprek.ave_fase >= cfg.procesregie_vanaf, Gesprek.inwoner_id.not_in(_anonieme_inwoners())))
    if team:
        q = q.where(Gesprek.team == team)
    out: list[WerkItem] = []
    for gid, gem, fase, sinds, evaluatie, rid, rnaam, ractief, laatst, iid in s.execute(q):
        fase_naam = cfg.fasen_voor(gem)[fase].naam
        heeft = rid is not None and ractief
        signalen = rdom.bewaking(fase=fase, fase_naam=fase_naam, sinds=sinds, evaluatiedatum=evaluatie,
                                 laatste_evaluatie=laatst, vandaag=today, vanaf=cfg.procesregie_vanaf,
                                 na_dagen=cfg.evaluatie_uiterlijk_na_dagen)
        if not heeft:
            signalen = [f"In de wachtrij: nog geen procesregisseur"] + [x for x in signalen if "Nog geen" not in x]
        else:
            signalen = [x for x in signalen if x != "Nog geen evaluatiedatum"]
        if not signalen:
            continue
        datum = evaluatie if evaluatie is not None and evaluatie < today else (laatst or sinds or today)
        out.append(WerkItem("regie", datum, gid, None, f"{fase_naam}: procesregie", "; ".join(signalen), True,
                            eigenaar=rnaam if heeft else ZONDER_EIGENAAR, eigenaar_id=rid if heeft else None,
                            inwoner_id=iid))
    return out


def _meldcode_items(ctx, team: str | None) -> list[WerkItem]:
    """Open Meldcodes (started, no decision yet): the step reached and the next one. The Meldcode sets no
    deadline of its own, so an item is never 'te laat'; its date is the last step recorded."""
    from toegang_app.errors import UserError
    from toegang_app.services import veiligheid as vsvc

    try:
        rijen = vsvc.open_meldcodes(ctx, team)
    except UserError:   # veiligheid.yaml not loaded: the rest of the werkvoorraad still works
        return []
    return [WerkItem("meldcode", r.laatste, r.gesprek_id, r.inwoner, r.stand, r.volgende, False) for r in rijen]
