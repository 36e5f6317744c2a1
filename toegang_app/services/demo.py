"""Synthetic demo data: clearly-marked invented residents, conversations and referrals.

Everything written here has ``synthetisch = True`` (residents, conversations, referrals); names are
"Demo-<first name> <last name>", BSNs are valid under the elfproef but come from the 99xxxxxxx test
range. Data spreads over 2022-2026 and both gemeenten with their kernen, with a realistic mix: most
referrals voorliggend (rung 2-3), maatwerk about 22 %, rung 5 rare, and the share voorliggend growing
slowly over the years (the policy aim). Referrals point at real voorziening ids of the sociale kaart.

Fast enough for 100 000 residents and 1 000 000 referrals: SQLAlchemy Core ``executemany`` in chunks
of 10 000 rows, one transaction per chunk, explicit ids (no RETURNING), on SQLite
``PRAGMA synchronous=OFF`` during the load. Deterministic for a given ``seed`` (and kaart).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, insert, select, text

from toegang_app.domain import nl
from toegang_app.domain.vocab import DIMENSIES, GEMEENTEN, KANALEN, KERNEN, LEEFGEBIEDEN, MELDERS
from toegang_app.errors import ConfigError, UserError
from toegang_app.paths import resources_dir
from toegang_app.services.auth import GESPREK_SCHRIJVEN, require
from toegang_app.storage.engine import reset_sequences
from toegang_app.storage.models import (
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    Signaal,
    Termijn,
    Verwijzing,
    VerwijzingStatus,
)

log = logging.getLogger(__name__)

CHUNK = 10_000
BEGIN = date(2022, 1, 1)
EIND = date(2026, 6, 30)  # fixed, so a seed always gives the same data
DEMO_GEBRUIKER = "demo"

VOORNAMEN = ("Anna", "Bram", "Daan", "Emma", "Fenna", "Gerrit", "Hanna", "Henk", "Ilse", "Jan", "Joke", "Karin",
             "Lars", "Lotte", "Maria", "Mark", "Noor", "Olga", "Piet", "Roos", "Sanne", "Sem", "Tessa", "Thijs",
             "Truus", "Wim", "Yara", "Zeynep", "Ahmed", "Fatima", "Gerda", "Hendrik", "Jeroen", "Mila", "Ruud", "Lieke")
ACHTERNAMEN = ("Veldkamp", "Brinkman", "Oude Egbrink", "Ter Horst", "Nijhuis", "Scholten", "Wolters", "Kamphuis",
               "Lammerink", "Haverkate", "Ten Dam", "Bosch", "Meulenbelt", "Rouwhorst", "Pot", "Smit", "Hulsbos",
               "Velthuis", "Kuipers", "Jansen", "De Vries", "Bakker", "Eshuis", "Slot", "Wevers", "Beld")

# share of referrals per rung (before the drift towards voorliggend)
TREDE_MIX = {0: 0.02, 1: 0.05, 2: 0.44, 3: 0.22, 4: 0.235, 5: 0.035}
REDEN_MIX = {"wachtlijst": 0.33, "niet_passend": 0.15, "inwoner_ziet_af": 0.24, "niet_bereikbaar": 0.17,
             "elders": 0.11}
OVERDRACHT_MIX = {"warme_overdracht": 0.4, "aanmelding_toegang": 0.25, "zelf_melden": 0.25, "folder": 0.1}
KANAAL_MIX = {"balie": 0.35, "telefoon": 0.4, "mail": 0.15, "huisbezoek": 0.1}
MELDER_MIX = {"inwoner": 0.45, "netwerk": 0.15, "huisarts_poh": 0.15, "school": 0.08, "wijkverpleging": 0.07,
              "veilig_thuis": 0.03, "andere_professional": 0.07}
# mean score per dimension (0-10)
DIM_GEMIDDELD = {"lichaamsfuncties": 6.0, "mentaal_welbevinden": 5.0, "zingeving": 6.3, "kwaliteit_van_leven": 5.6,
                 "meedoen": 5.3, "dagelijks_functioneren": 6.4}
# the question a synthetic resident comes with, after the dimension they score lowest on (and, with a
# signal, the life area it names); chosen without the random generator, so a seed keeps its data
DEMO_VRAAG = {
    "lichaamsfuncties": "Door mijn rug lukt lopen en boodschappen doen bijna niet meer. Wat kan ik regelen?",
    "mentaal_welbevinden": "Ik slaap slecht en pieker veel. Ik wil graag met iemand praten.",
    "zingeving": "Sinds ik met pensioen ben, weet ik niet goed wat ik met mijn dagen moet doen.",
    "kwaliteit_van_leven": "Het gaat thuis niet goed en ik weet niet waar ik moet beginnen.",
    "meedoen": "Ik kom weinig buiten en zie bijna niemand. Ik zou graag meer mensen ontmoeten.",
    "dagelijks_functioneren": "Het huishouden en de post worden me te veel. Kan iemand helpen?",
}
DEMO_VRAAG_SIGNAAL = {
    "financien": "Ik kom niet rond en de rekeningen stapelen zich op.",
    "schulden": "Ik heb schulden en krijg brieven van een deurwaarder.",
    "wonen": "Mijn huurbaas zegt de huur op en ik weet niet waar ik heen moet.",
    "eenzaamheid": "Ik voel me vaak alleen sinds mijn partner is overleden.",
    "mantelzorg": "Ik zorg voor mijn moeder en het wordt me te zwaar.",
    "opvoeden_opgroeien": "Thuis is veel ruzie met onze zoon. Wij willen hulp bij de opvoeding.",
}
GEMEENTE_MIX = {"haaksbergen": 0.45, "twenterand": 0.55}
HOOFDKERN = {"haaksbergen": "Haaksbergen", "twenterand": "Vriezenveen"}
POSTCODE = {"haaksbergen": ("7481", "7482", "7483"), "twenterand": ("7671", "7672", "7681", "7683", "7685")}


@dataclass(frozen=True)
class DemoVoorziening:
    id: str
    naam: str
    aanbieder: str | None
    trede: int
    wet: str | None
    gemeenten: tuple[str, ...]
    kernen: tuple[str, ...] = ()


@dataclass
class DemoResultaat:
    inwoners: int = 0
    gesprekken: int = 0
    verwijzingen: int = 0
    rijen: int = 0
    seconden: float = 0.0
    overgeslagen: bool = False


# -- the sociale kaart ---------------------------------------------------------------------------------

def _van_object(v: Any) -> DemoVoorziening | None:
    def get(k, d=None):
        return getattr(v, k, d)

    vid, trede = get("id"), get("trede")
    if not vid or trede is None or get("actief", True) is False:
        return None
    gem = get("gemeenten") or ()
    if isinstance(gem, str):
        gem = (gem,)
    return DemoVoorziening(id=str(vid), naam=str(get("naam") or vid), aanbieder=get("aanbieder"), trede=int(trede),
                           wet=get("wet"), gemeenten=tuple(g for g in gem if g in GEMEENTEN) or tuple(GEMEENTEN),
                           kernen=tuple(get("kernen") or ()))


def laad_voorzieningen(kaart_dir: Path | None = None) -> list[DemoVoorziening]:
    """Active voorzieningen of the shipped kaart (validated by domain.kaart_io)."""
    from toegang_app.domain.kaart_io import load_kaart_dir

    folder = kaart_dir or (resources_dir() / "kaart")
    items = load_kaart_dir(folder)
    out = [v for v in (_van_object(x) for x in items) if v is not None]
    out.sort(key=lambda v: v.id)
    if not out:
        raise ConfigError(f"De sociale kaart in {folder} is leeg: zonder voorzieningen kan Toegang geen "
                          "demoverwijzingen maken.")
    return out


# -- helpers ---------------------------------------------------------------------------------------------

def demo_bsns(start: int, n: int) -> list[str]:
    """``n`` valid (elfproef) test BSNs from the 99xxxxxxx range, the ``start``-th onwards (deterministic)."""
    out: list[str] = []
    i = start
    while len(out) < n:
        prefix = f"99{i:06d}"
        i += 1
        if i > 999_999:
            i = 0
        s = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1)))
        check = s % 11
        if check == 10:
            continue
        out.append(prefix + str(check))
    return out


class _Picker:
    """Fast weighted choice with a fixed table (rng.choices with cum_weights)."""

    def __init__(self, mix: dict):
        self.keys = list(mix)
        cum, t = [], 0.0
        for w in mix.values():
            t += w
            cum.append(t)
        self.cum = cum

    def __call__(self, rng: random.Random):
        return rng.choices(self.keys, cum_weights=self.cum)[0]


def _kern_mix(gemeente: str) -> dict[str, float]:
    kernen = KERNEN[gemeente]
    return {k: (6.0 if k == HOOFDKERN[gemeente] else (2.0 if i < 4 else 0.5)) for i, k in enumerate(kernen)}


def _datum_gewogen(rng: random.Random, dagen: int, begin: date = BEGIN) -> date:
    """A date in [begin, begin + dagen], later dates a bit more likely (the desk grows)."""
    x = rng.random() ** 0.8
    return begin + timedelta(days=min(dagen, int(x * (dagen + 1))))


def _max_id(conn, model) -> int:
    return conn.execute(select(func.coalesce(func.max(model.id), 0))).scalar_one()


# -- the generator ---------------------------------------------------------------------------------------

def vul_demo(ctx, inwoners: int, verwijzingen: int, seed: int = 1, *, als_leeg: bool = False,
             voorzieningen: list[DemoVoorziening] | None = None,
             progress: Callable[[str], None] | None = None, begin: date = BEGIN, eind: date = EIND,
             gemeente_mix: dict[str, float] | None = None, gesprekken: int | None = None) -> DemoResultaat:
    """Add ``inwoners`` synthetic residents and ``verwijzingen`` referrals (with conversations, scores,
    signals, AVE histories, legal terms and status histories). With ``als_leeg`` nothing happens when
    the database already has residents."""
    require(ctx.user, GESPREK_SCHRIJVEN)
    if inwoners < 1 or verwijzingen < 0:
        raise UserError("Geef minstens 1 inwoner en 0 of meer verwijzingen op.")
    t0 = time.perf_counter()
    res = DemoResultaat()
    say = progress or (lambda _m: None)
    engine = ctx.engine
    with engine.connect() as conn:
        if als_leeg and conn.execute(select(Inwoner.id).limit(1)).first() is not None:
            res.overgeslagen = True
            return res
    vz = voorzieningen if voorzieningen is not None else laad_voorzieningen()
    rng = random.Random(seed)
    sqlite = engine.dialect.name == "sqlite"

    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA synchronous=OFF")  # outside a transaction (the engine emits BEGIN itself)
        try:
            _genereer(conn, rng, vz, inwoners, verwijzingen, res, say, begin, eind, gemeente_mix or GEMEENTE_MIX,
                      gesprekken)
        finally:
            if raw is not None:
                if conn.in_transaction():
                    conn.rollback()
                raw.execute("PRAGMA synchronous=NORMAL")
    reset_sequences(engine)  # the demo rows carry explicit ids: move PostgreSQL's sequences past them
    from toegang_app.storage.statistiek_tabellen import herbouw

    say("Maandtabellen van de statistiek bijwerken")
    with engine.begin() as conn:  # the chunks paused the triggers: one rebuild is much faster
        herbouw(conn)
    res.seconden = time.perf_counter() - t0
    return res


# -- a desk's real scale ----------------------------------------------------------------------------------

# The seeds' own indicator figures: residents with a running maatwerk indication in one year.
BALIE_CIJFERS: dict[str, tuple[int, str]] = {
    "haaksbergen": (1188 + 553, "seeds/003:802 (1.188 inwoners met een Wmo-voorziening in 2024) en seeds/003:816 "
                                "(553 inwoners met een voorziening uit de Jeugdwet in 2024)"),
    "twenterand": (3151, "seeds/000:300 en 000:308 (3.151 unieke BSN's met een lopende indicatie in 2024)"),
}
# Assumptions of this demo (not facts): how the yearly flow through the desk follows from that stock.
INDICATIE_JAREN = 3          # a maatwerk indication runs about three years: a third of the stock is new each year
MAATWERK_AANDEEL = 0.235     # share of referrals that is maatwerk (TREDE_MIX above)
VERWIJZINGEN_PER_GESPREK = 1.6
GESPREKKEN_PER_INWONER = 1.3


@dataclass(frozen=True)
class BalieSchaal:
    jaren: int
    begin: date
    eind: date
    verwijzingen_per_jaar: dict[str, int]
    gesprekken_per_jaar: dict[str, int]
    inwoners: int
    verwijzingen: int

    def uitleg(self) -> str:
        regels = [f"Demogegevens op de schaal van een echte balie, {self.jaren} jaar "
                  f"({self.begin:%d-%m-%Y} tot en met {self.eind:%d-%m-%Y}), synthetisch:"]
        for g, (n, bron) in BALIE_CIJFERS.items():
            regels.append(f"- {GEMEENTEN[g]}: {n:,} inwoners met lopend maatwerk ({bron}); aangenomen dat een indicatie "
                          f"{INDICATIE_JAREN} jaar loopt en {nl.procent(MAATWERK_AANDEEL * 100)} van de verwijzingen maatwerk is: "
                          f"{self.verwijzingen_per_jaar[g]:,} verwijzingen en {self.gesprekken_per_jaar[g]:,} gesprekken "
                          "per jaar.".replace(",", "."))
        return "\n".join(regels)


def balie_schaal(jaren: int = 4, eind: date | None = None) -> BalieSchaal:
    """The volumes of ``jaren`` years up to ``eind`` (default: the end of last month), derived from the
    seeds' indicator figures with the assumptions above."""
    if jaren < 1:
        raise UserError("Geef minstens 1 jaar op.")
    if eind is None:
        eerste = date.today().replace(day=1)
        eind = eerste - timedelta(days=1)
    begin = date(eind.year - jaren, eind.month, 1) + timedelta(days=32)
    begin = begin.replace(day=1)
    vpj = {g: round(n / INDICATIE_JAREN / MAATWERK_AANDEEL) for g, (n, _b) in BALIE_CIJFERS.items()}
    gpj = {g: round(v / VERWIJZINGEN_PER_GESPREK) for g, v in vpj.items()}
    verw = sum(vpj.values()) * jaren
    inw = round(sum(gpj.values()) * jaren / GESPREKKEN_PER_INWONER)
    return BalieSchaal(jaren, begin, eind, vpj, gpj, inw, verw)


def vul_demo_balie(ctx, jaren: int = 4, seed: int = 1, *, eind: date | None = None, als_leeg: bool = False,
                   voorzieningen: list[DemoVoorziening] | None = None,
                   progress: Callable[[str], None] | None = None) -> DemoResultaat:
    """``demo-data`` without sizes: several years at the scale of the two desks (see :func:`balie_schaal`)."""
    schaal = balie_schaal(jaren, eind)
    if progress:
        progress(schaal.uitleg())
    totaal = sum(schaal.verwijzingen_per_jaar.values())
    mix = {g: v / totaal for g, v in schaal.verwijzingen_per_jaar.items()}
    return vul_demo(ctx, schaal.inwoners, schaal.verwijzingen, seed, als_leeg=als_leeg, voorzieningen=voorzieningen,
                    progress=progress, begin=schaal.begin, eind=schaal.eind, gemeente_mix=mix,
                    gesprekken=sum(schaal.gesprekken_per_jaar.values()) * schaal.jaren)


class _Schrijver:
    """Buffers rows per table and writes them in chunks, one transaction per chunk."""

    def __init__(self, conn, res: DemoResultaat, say):
        self.conn, self.res, self.say = conn, res, say
        self.buf: dict[Any, list[dict]] = {}
        self.order = [Inwoner, Gesprek, GesprekDimensie, Signaal, AveWijziging, Termijn, Verwijzing, VerwijzingStatus]

    def add(self, model, row: dict) -> None:
        rows = self.buf.setdefault(model, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        # parents before children, so foreign keys hold inside every transaction
        from toegang_app.storage.statistiek_tabellen import hervat, pauzeer

        with self.conn.begin():
            pauzeer(self.conn)  # the statistics' monthly tables are rebuilt once at the end
            for model in self.order:
                rows = self.buf.get(model)
                if rows:
                    self.conn.execute(insert(model.__table__), rows)
                    self.res.rijen += len(rows)
                    self.buf[model] = []
            hervat(self.conn)


def _genereer(conn, rng, vz, n_inw, n_verw, res: DemoResultaat, say, begin: date, eind: date,
              gemeente_mix: dict[str, float], n_ges_wens: int | None = None) -> None:
    w = _Schrijver(conn, res, say)
    dagen = (eind - begin).days
    now = datetime.combine(eind + timedelta(days=1), datetime.min.time()) + timedelta(hours=8)
    id_inw = _max_id(conn, Inwoner)
    id_ges = _max_id(conn, Gesprek)
    id_sig = _max_id(conn, Signaal)
    id_ave = _max_id(conn, AveWijziging)
    id_ter = _max_id(conn, Termijn)
    id_ver = _max_id(conn, Verwijzing)
    id_vst = _max_id(conn, VerwijzingStatus)
    conn.commit()  # end the reading transaction; every chunk gets its own
    bsns = demo_bsns(id_inw, n_inw)

    kies_gem = _Picker(gemeente_mix)
    kies_kern = {g: _Picker(_kern_mix(g)) for g in GEMEENTEN}
    kies_kanaal, kies_melder = _Picker(KANAAL_MIX), _Picker(MELDER_MIX)
    kies_reden, kies_overdracht = _Picker(REDEN_MIX), _Picker(OVERDRACHT_MIX)
    leefgebieden = list(LEEFGEBIEDEN)
    huishoudens = ("alleenstaand", "samenwonend", "gezin_met_kinderen", "eenoudergezin", "anders")

    # voorzieningen per (gemeente, trede); fall back to the nearest rung that exists
    per: dict[tuple[str, int], list[DemoVoorziening]] = {}
    for g in GEMEENTEN:
        for t in range(6):
            cands = [v for v in vz if g in v.gemeenten and v.trede == t]
            if not cands:
                for d in (1, -1, 2, -2, 3, -3, 4, -4, 5, -5):
                    cands = [v for v in vz if g in v.gemeenten and v.trede == t + d]
                    if cands:
                        break
            per[(g, t)] = cands or list(vz)

    # residents
    say(f"Inwoners maken: {n_inw:,}".replace(",", "."))
    inw: list[tuple[int, str, str]] = []  # id, gemeente, kern
    for i in range(n_inw):
        id_inw += 1
        gem = kies_gem(rng)
        kern = kies_kern[gem](rng)
        voor, achter = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
        naam = f"Demo-{voor} {achter}"
        geb = date(1938, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
        w.add(Inwoner, {
            "id": id_inw, "naam": naam, "zoeknaam": naam.lower(), "geboortedatum": geb, "geboortejaar": geb.year,
            "gemeente": gem, "kern": kern, "postcode": f"{rng.choice(POSTCODE[gem])} {rng.choice('ABCDEGHJKL')}"
            f"{rng.choice('ABCDEGHJKL')}", "telefoon": None, "email": None, "bsn": bsns[i] if rng.random() < 0.7 else None,
            "synthetisch": True, "geanonimiseerd": False, "aangemaakt_op": now, "gewijzigd_op": now, "versie": 1})
        inw.append((id_inw, gem, kern))
    res.inwoners = n_inw

    # conversations: every resident at least one; in total about one per three referrals
    n_ges = max(n_inw, n_ges_wens if n_ges_wens is not None else n_verw // 3)
    say(f"Gesprekken maken: {n_ges:,}".replace(",", "."))
    ges: list[tuple[int, date, str, str, int]] = []  # id, datum, gemeente, kern, trede-bias
    dims = list(DIMENSIES)
    eerder: dict[int, tuple[date, dict[str, int]]] = {}  # resident -> (date, scores) of the last conversation
    for k in range(n_ges):
        id_ges += 1
        iid, gem, kern = inw[k] if k < n_inw else inw[rng.randrange(n_inw)]
        vorige = eerder.get(iid)
        na = rng.randint(60, 240)
        if vorige is not None and vorige[0] + timedelta(days=na) <= eind:
            # a follow-up conversation: some months later, scores a little better on average
            d = vorige[0] + timedelta(days=na)
            scores = {dim: max(0, min(10, round(vorige[1][dim] + rng.gauss(0.5, 1.4)))) for dim in dims}
        else:
            d = _datum_gewogen(rng, dagen, begin)
            scores = {dim: max(0, min(10, round(rng.gauss(DIM_GEMIDDELD[dim], 2.0)))) for dim in dims}
        eerder[iid] = (d, scores)
        laag = sorted(dims, key=lambda x: (scores[x], rng.random()))[: rng.choice((1, 1, 2, 2, 3))]
        n_sig = rng.choice((0, 1, 1, 2, 2, 3))
        sigs = rng.sample(leefgebieden, n_sig)
        ernst = [rng.choice((1, 1, 2, 2, 3)) for _ in sigs]
        fase = 1 + (sum(e >= 2 for e in ernst) >= 1) + (sum(e >= 2 for e in ernst) >= 2 and rng.random() < 0.5) \
            + (3 in ernst and rng.random() < 0.15)
        fase = min(4, fase)
        open_ = (eind - d).days < 60 and rng.random() < 0.6
        vraag = next((DEMO_VRAAG_SIGNAAL[lg] for lg in sigs if lg in DEMO_VRAAG_SIGNAAL), DEMO_VRAAG[laag[0]])
        # the last contact: the day of the conversation, or a follow-up some days later for an open one
        dag = min(d + timedelta(days=(id_ges % 15) if open_ else 0), eind)
        contact = datetime.combine(dag, datetime.min.time()) + timedelta(hours=9 + id_ges % 7, minutes=(id_ges * 13) % 60)
        w.add(Gesprek, {
            "id": id_ges, "inwoner_id": iid, "medewerker_id": None, "team": gem,
            "status": "open" if open_ else "afgerond", "synthetisch": True, "aangemaakt_op": now,
            "gewijzigd_op": min(contact, now),
            "versie": 1, "aanmelding_datum": d, "kanaal": kies_kanaal(rng), "melder": kies_melder(rng),
            "vraag": vraag, "gemeente": gem, "kern": kern, "huishouden": rng.choice(huishoudens),
            "inkomen_pct": rng.choice((None, 100, 110, 120, 130, 150)), "ave_fase": fase, "ave_fase_sinds": d,
            "steun_van": None})
        for n, dim in enumerate(dims):
            w.add(GesprekDimensie, {"gesprek_id": id_ges, "dimensie": dim, "volgorde": n, "score": scores[dim],
                                    "bespreken": dim in laag, "notitie": None})
        for lg, e in zip(sigs, ernst):
            id_sig += 1
            w.add(Signaal, {"id": id_sig, "gesprek_id": id_ges, "leefgebied": lg, "ernst": e, "toelichting": None})
        # AVE history: confirmed at the start; some scale up later, a few back down
        op = datetime.combine(d, datetime.min.time()) + timedelta(hours=10)
        start = max(1, fase - 1) if fase >= 3 and rng.random() < 0.5 else fase
        id_ave += 1
        w.add(AveWijziging, {"id": id_ave, "gesprek_id": id_ges, "van_fase": None, "naar_fase": start,
                             "voorgestelde_fase": start, "soort": "bevestigd", "overschreven": rng.random() < 0.08,
                             "reden": None, "medewerker": DEMO_GEBRUIKER, "op": op})
        if start < fase:
            id_ave += 1
            w.add(AveWijziging, {"id": id_ave, "gesprek_id": id_ges, "van_fase": start, "naar_fase": fase,
                                 "voorgestelde_fase": fase, "soort": "opschalen", "overschreven": False, "reden": None,
                                 "medewerker": DEMO_GEBRUIKER, "op": op + timedelta(days=rng.randint(3, 40))})
        if fase >= 2 and rng.random() < 0.12:
            id_ave += 1
            w.add(AveWijziging, {"id": id_ave, "gesprek_id": id_ges, "van_fase": fase, "naar_fase": fase - 1,
                                 "voorgestelde_fase": fase - 1, "soort": "afschalen", "overschreven": False,
                                 "reden": None, "medewerker": DEMO_GEBRUIKER,
                                 "op": op + timedelta(days=rng.randint(41, 120))})
        # legal terms: Wmo onderzoek 6 weeks for half; Wgs first conversation 4 weeks with money signals
        terms = []
        # (code, wet, stap, grondslag, days, start offset) as in resources/termijnen.yaml
        if rng.random() < 0.5:
            terms.append(("wmo_onderzoek", "Wmo", "onderzoek afgerond", "Wmo 2015 art. 2.3.2 lid 1", 42, 0))
            if fase >= 2 and rng.random() < 0.4:
                terms.append(("wmo_beschikking", "Wmo", "beschikking", "Wmo 2015 art. 2.3.5 lid 2", 14,
                              rng.randint(20, 42)))
        if "financien" in sigs or "schulden" in sigs:
            terms.append(("wgs_eerste_gesprek", "Wgs", "eerste gesprek", "Wgs art. 4 lid 1", 28, 0))
        for code, wet, stap, grond, days, na in terms:
            id_ter += 1
            start_t = d + timedelta(days=na)
            uiterlijk = start_t + timedelta(days=days)
            r = rng.random()
            if r < 0.78:
                af = start_t + timedelta(days=rng.randint(min(3, days), days))
            elif r < 0.9:
                af = uiterlijk + timedelta(days=rng.randint(1, 30))
            else:
                af = None
            if af is not None and af > eind:
                af = None
            w.add(Termijn, {"id": id_ter, "gesprek_id": id_ges, "code": code, "wet": wet, "stap": stap,
                            "grondslag": grond, "startdatum": start_t, "uiterlijk": uiterlijk, "berekend": uiterlijk,
                            "afgerond_op": af, "soort": "balie"})
        ges.append((id_ges, d, gem, kern, fase))
        if k and k % 100_000 == 0:
            say(f"  {k:,} gesprekken".replace(",", "."))
    res.gesprekken = n_ges

    # referrals
    say(f"Verwijzingen maken: {n_verw:,}".replace(",", "."))
    for k in range(n_verw):
        id_ver += 1
        gid, gd, gem, kern, fase = ges[k] if k < n_ges and k < n_verw // 3 + 1 else ges[rng.randrange(n_ges)]
        datum = min(eind, gd + timedelta(days=rng.choice((0, 0, 0, 1, 2, 7, 14, 30))))
        # drift: 2022 a bit more maatwerk, 2026 a bit more voorliggend; higher AVE phase -> heavier
        jaar = (datum - begin).days / max(1, dagen)
        r = rng.random()
        bias = 0.06 * (0.5 - jaar) + 0.05 * (fase - 2)
        if r < 0.035 + 0.02 * max(0, fase - 2):
            trede = 5
        elif r < 0.035 + TREDE_MIX[4] + bias:
            trede = 4
        else:
            u = rng.random()
            trede = 2 if u < 0.60 else (3 if u < 0.90 else (1 if u < 0.97 else 0))
        v = rng.choice(per[(gem, trede)])
        status, reden, hist = _uitkomst(rng, datum, v.trede, kies_reden, eind)
        w.add(Verwijzing, {
            "id": id_ver, "gesprek_id": gid, "voorziening_id": v.id, "voorziening_naam": v.naam,
            "aanbieder": v.aanbieder, "trede": v.trede, "wet": v.wet, "gemeente": gem, "kern": kern, "team": gem,
            "datum": datum, "aangemaakt_door": DEMO_GEBRUIKER, "aangemaakt_op": datetime.combine(datum, datetime.min.time()),
            "overdracht": kies_overdracht(rng), "toestemming": True, "toestemming_datum": datum,
            "toestemming_delen": None, "notitie": None,
            "opvolgdatum": datum + timedelta(days=14) if status in ("voorgesteld", "verwezen", "aangemeld") else None,
            "status": status, "status_reden": reden, "status_sinds": hist[-1][2].date(), "synthetisch": True,
            "versie": 1})
        for st, rd, op in hist:
            id_vst += 1
            w.add(VerwijzingStatus, {"id": id_vst, "verwijzing_id": id_ver, "status": st, "reden": rd,
                                     "notitie": None, "medewerker": DEMO_GEBRUIKER, "op": op})
        if k and k % 100_000 == 0:
            say(f"  {k:,} verwijzingen".replace(",", "."))
    res.verwijzingen = n_verw
    w.flush()


def _uitkomst(rng, datum: date, trede: int, kies_reden, eind: date = EIND):
    """Final status, reason and the status history [(status, reason, when)]."""
    op = datetime.combine(datum, datetime.min.time()) + timedelta(hours=11)
    leeftijd = (eind - datum).days
    hist = [("voorgesteld", None, op)]
    r = rng.random()
    if leeftijd < 21:
        einde = "voorgesteld" if r < 0.25 else ("verwezen" if r < 0.7 else ("aangemeld" if r < 0.85 else "gestart"))
    else:
        ng = 0.14 + (0.1 if trede >= 4 else 0.0)
        if r < 0.03:
            einde = "voorgesteld"
        elif r < 0.08:
            einde = "verwezen"
        elif r < 0.11:
            einde = "aangemeld"
        elif r < 0.11 + ng:
            einde = "niet_gestart"
        elif r < 0.33 + ng or leeftijd < 120:
            einde = "gestart"
        else:
            einde = "afgerond"
    pad = {"voorgesteld": [], "verwezen": ["verwezen"], "aangemeld": ["verwezen", "aangemeld"],
           "gestart": ["verwezen", "gestart"], "afgerond": ["verwezen", "gestart", "afgerond"],
           "niet_gestart": ["verwezen", "niet_gestart"]}[einde]
    reden = None
    for st in pad:
        op = op + timedelta(days=rng.randint(1, 20 if st != "afgerond" else 90))
        if st == "niet_gestart":
            reden = kies_reden(rng)
            if trede >= 4 and rng.random() < 0.25:
                reden = "wachtlijst"
        hist.append((st, reden if st == "niet_gestart" else None, op))
    return einde, reden, hist
