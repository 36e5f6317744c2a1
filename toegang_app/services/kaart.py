"""The desk's sociale kaart: the shipped kaart (resources/kaart) with the desk's own changes from the
database laid over it, entry by entry.

An entry the beheerder edited, added or retired lives in ``kaart_lokaal`` under its id and wins over
the shipped entry with that id; everything else comes from the shipped files, so a newer shipped kaart
updates the entries the desk never touched and leaves the desk's own changes alone.

This module owns the cache of the active kaart (what the ladder suggests from, ``ctx.kaart_cache``).
It is rebuilt after this workstation's own edits, after ``Resources.reload()``, and when
:func:`reload_if_changed` sees that another workstation changed ``kaart_lokaal``: the window calls it on
focus and every half minute (``ui.kaart_volger``). The change marker is one cheap aggregate (number of
rows and the latest ``gewijzigd_op``); every write moves ``gewijzigd_op`` past the latest one, so an edit
is seen even when the workstations' clocks differ.
"""

from __future__ import annotations

import dataclasses
import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import func, select

from toegang_app.domain.kaart import NIEUWE_VELDEN, OPEN_PUNTEN, KaartError, Voorziening, dubbele_namen
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import ConfigError, UserError
from toegang_app.services import audit
from toegang_app.services.auth import KAART_BEHEER, KAART_LEZEN, require
from toegang_app.storage.models import KaartWijziging

log = logging.getLogger(__name__)

NIET_GEVERIFIEERD_NA = timedelta(days=365)


class KaartInvoerFout(ConfigError):
    """An edited entry does not pass validation; ``messages`` lists every problem in Dutch."""


def _io():
    from toegang_app.domain import kaart_io

    return kaart_io


def shipped(ctx) -> list[Voorziening]:
    kaart = ctx.resources.kaart if ctx.resources is not None else None
    return list(kaart) if kaart is not None else []


def _lokaal(session) -> dict[str, KaartWijziging]:
    return {r.voorziening_id: r for r in session.scalars(select(KaartWijziging))}


def met_nieuwe_velden(gegevens: dict, meegeleverd: Voorziening | None) -> dict:
    """The desk's own version of an entry, stored before the kaart knew who an entry is for (issue 17),
    has none of those fields: it takes them from the shipped entry with the same id, so an upgrade keeps
    both the desk's edits and the reviewed target groups, limits and their sources. A field the desk's
    version does have (even empty) is the desk's own and stays."""
    if meegeleverd is None or all(k in gegevens for k in NIEUWE_VELDEN):
        return gegevens
    uit_kaart = _io().voorziening_to_dict(meegeleverd)
    merged = dict(gegevens)
    for key in NIEUWE_VELDEN:
        if key not in merged:
            merged[key] = uit_kaart[key]
    return merged


def _from_db(row: KaartWijziging, meegeleverd: Voorziening | None = None) -> Voorziening:
    return _io().voorziening_from_dict(met_nieuwe_velden(dict(row.gegevens), meegeleverd),
                                       f"database, voorziening '{row.voorziening_id}'")


def effectieve_kaart(ctx, *, met_ingetrokken: bool = True) -> list[Voorziening]:
    """Every voorziening the desk knows, shipped entries overlaid with the desk's own."""
    require(ctx.user, KAART_LEZEN)
    with ctx.sessions() as s:
        lokaal = _lokaal(s)
    result: dict[str, Voorziening] = {v.id: v for v in shipped(ctx)}
    for vid, row in lokaal.items():
        result[vid] = _from_db(row, result.get(vid))
    out = list(result.values())
    if not met_ingetrokken:
        out = [v for v in out if v.actief]
    return sorted(out, key=lambda v: (v.trede, v.naam.lower()))


def actieve_kaart(ctx) -> tuple[Voorziening, ...]:
    """What the ladder may suggest: the effective kaart without retired entries (cached, see above)."""
    require(ctx.user, KAART_LEZEN)
    cache = _cache(ctx)
    if cache.actief is None:
        marker = change_marker(ctx)  # before the rows: an edit in between is seen by the next check
        cache.actief = tuple(effectieve_kaart(ctx, met_ingetrokken=False))
        cache.marker = marker
    return cache.actief


# -- the cache and the change marker ----------------------------------------------------------------

@dataclass
class KaartCache:
    resources_versie: int
    marker: tuple | None = None                   # change_marker() the cached kaart was built at
    actief: tuple[Voorziening, ...] | None = None


def _cache(ctx) -> KaartCache:
    versie = getattr(ctx.resources, "versie", 0)
    cache = ctx.kaart_cache
    if cache is None or cache.resources_versie != versie:  # a new or reloaded shipped kaart
        cache = ctx.kaart_cache = KaartCache(resources_versie=versie)
    return cache


def change_marker(ctx) -> tuple:
    """A cheap fingerprint of the desk's own kaart (safe from any thread: its own session)."""
    with ctx.sessions() as s:
        n, laatst = s.execute(select(func.count(), func.max(KaartWijziging.gewijzigd_op))).one()
    return (n, laatst)


def reload_if_changed(ctx, marker: tuple | None = None) -> bool:
    """True (and the cache dropped) when the desk's kaart changed since it was last seen here, e.g.
    on another workstation. ``marker``: a change_marker() read elsewhere (off the GUI thread)."""
    marker = change_marker(ctx) if marker is None else marker
    cache = _cache(ctx)
    if cache.marker is None:
        cache.marker = marker
        return False
    if marker == cache.marker:
        return False
    cache.marker, cache.actief = marker, None
    return True


def _vergeet(ctx) -> None:
    """After this workstation's own write: rebuild on next use (the marker stays, so the next check
    reports the change too and an open kaart screen shows it)."""
    _cache(ctx).actief = None


def _tijdstempel(s) -> datetime:
    """Now, but later than every stored change (the change marker must move even if clocks differ)."""
    now = datetime.now()
    laatst = s.scalar(select(func.max(KaartWijziging.gewijzigd_op)))
    return max(now, laatst + timedelta(microseconds=1)) if laatst is not None else now


def herkomst(ctx) -> dict[str, str]:
    """Per id: 'meegeleverd', 'aangepast' (desk changed a shipped entry) or 'eigen' (desk added)."""
    shipped_ids = {v.id for v in shipped(ctx)}
    with ctx.sessions() as s:
        lokaal_ids = set(_lokaal(s))
    out = {vid: "meegeleverd" for vid in shipped_ids}
    for vid in lokaal_ids:
        out[vid] = "aangepast" if vid in shipped_ids else "eigen"
    return out


def zoek(voorzieningen: list[Voorziening], *, tekst: str = "", trede: int | None = None,
         gemeente: str | None = None, kern: str | None = None, leefgebied: str | None = None,
         alleen_actief: bool = False) -> list[Voorziening]:
    woorden = zoektermen(tekst) if tekst.strip() else []
    out = []
    for v in voorzieningen:
        if alleen_actief and not v.actief:
            continue
        if trede is not None and v.trede != trede:
            continue
        if gemeente and gemeente not in v.gemeenten:
            continue
        if kern and v.kernen and kern not in v.kernen:
            continue
        if leefgebied and leefgebied not in v.leefgebieden:
            continue
        if woorden:
            hooiberg = _zoektekst(v)
            if not all(any(term in hooiberg for term in termen) for termen in woorden):
                continue
        out.append(v)
    return out


def _zoektekst(v: Voorziening) -> str:
    """What the kaart search looks in: the entry's words and the Dutch names of its life areas,
    dimensions and target groups (so "eenzaam" finds every entry tagged Eenzaamheid)."""
    from toegang_app.domain.vocab import DIMENSIES, DOELGROEPEN, LEEFGEBIEDEN

    delen = [v.naam, v.aanbieder, v.omschrijving, v.doelgroep or "", getattr(v, "zoekterm", None) or ""]
    delen += [LEEFGEBIEDEN.get(k, k) for k in v.leefgebieden]
    delen += [DIMENSIES.get(k, k) for k in v.dimensies]
    delen += [DOELGROEPEN.get(k, k) for k in v.doelgroepen]
    return _normaal(" ".join(delen))


def _normaal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


def zoekwoorden() -> tuple[tuple[str, ...], ...]:
    """The synonym groups of resources/zoekwoorden.yaml (checked: a list of lists of words)."""
    global _ZOEKWOORDEN
    if _ZOEKWOORDEN is None:
        import yaml

        from toegang_app.paths import resources_dir

        path = resources_dir() / "zoekwoorden.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            from toegang_app.domain.leesfout import leesfout

            raise ConfigError(f"{path.name}: {leesfout(exc)}") from exc
        groepen = data.get("groepen") if isinstance(data, dict) else None
        if not isinstance(groepen, list) or not all(
                isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g) for g in groepen):
            raise ConfigError(f"{path.name}: 'groepen' moet een lijst van lijsten met woorden zijn.")
        _ZOEKWOORDEN = tuple(tuple(_normaal(w.strip()) for w in g) for g in groepen)
    return _ZOEKWOORDEN


_ZOEKWOORDEN: tuple[tuple[str, ...], ...] | None = None


def zoektermen(tekst: str) -> list[set[str]]:
    """Per typed word the terms that match it: the word itself and, when it starts a word of a synonym
    group ("eenzaam" starts "eenzaamheid"), every word of that group. All typed words must match."""
    try:
        groepen = zoekwoorden()
    except ConfigError:
        log.exception("zoekwoorden.yaml refused; searching without synonyms")
        groepen = ()
    woorden = _normaal(tekst).split()
    out = []
    for w in woorden:
        termen = {w}
        for g in groepen:
            if any(s.startswith(w) for s in g):
                termen.update(g)
        out.append(termen)
    return out


def niet_geverifieerd(voorzieningen: list[Voorziening], peildatum: date | None = None) -> list[Voorziening]:
    """Active entries not verified for more than a year (or never), oldest first."""
    today = peildatum or date.today()
    due = [v for v in voorzieningen if v.actief and
           (v.laatst_geverifieerd is None or today - v.laatst_geverifieerd > NIET_GEVERIFIEERD_NA)]
    return sorted(due, key=lambda v: v.laatst_geverifieerd or date.min)


# -- the beheerder's work list "kaart compleet maken" -----------------------------------------------

@dataclass(frozen=True)
class OpenPunt:
    """One entry of the work list and what it lacks, in words a beheerder reads."""
    voorziening: Voorziening
    redenen: tuple[str, ...]

    @property
    def tekst(self) -> str:
        return "; ".join(self.redenen)


def _heeft_contact(v: Voorziening) -> bool:
    c = v.contact
    return any((c.telefoon, c.email, c.website, c.adres))


def kaart_compleet_maken(voorzieningen: list[Voorziening], peildatum: date | None = None) -> list[OpenPunt]:
    """Active (and planned) entries that lack contact data or a target group, or were not verified for more
    than 12 months; most gaps first, then the longest unverified. Rungs 0 and 1 (eigen kracht, netwerk) have
    no contact by nature. The gemeente's general number on an entry counts as no contact of its own."""
    today = peildatum or date.today()
    algemeen = algemene_nummers()
    out: list[OpenPunt] = []
    for v in voorzieningen:
        if not v.actief:
            continue
        redenen: list[str] = []
        if not v.doelgroepen:
            redenen.append("geen doelgroep")
        if v.trede >= 2 and not _heeft_contact(v):
            redenen.append("geen contactgegevens")
        if v.contact.telefoon and v.contact.telefoon in algemeen:
            redenen.append("telefoon is het algemene nummer van de gemeente, geen eigen nummer")
        if v.laatst_geverifieerd is None:
            redenen.append("nooit geverifieerd")
        elif today - v.laatst_geverifieerd > NIET_GEVERIFIEERD_NA:
            redenen.append(f"niet geverifieerd sinds {v.laatst_geverifieerd.strftime('%d-%m-%Y')}")
        if redenen:
            out.append(OpenPunt(v, tuple(redenen)))
    return sorted(out, key=lambda p: (-len(p.redenen), p.voorziening.laatst_geverifieerd or date.min,
                                      p.voorziening.naam.lower()))


def open_punten_tekst(v: Voorziening) -> str:
    """The points no source established yet (te_verifieren), in words."""
    return ", ".join(OPEN_PUNTEN.get(k, k) for k in v.te_verifieren)


# -- the gemeente's general number (resources/balies.yaml, gemeente_algemeen) --------------------------

@dataclass(frozen=True)
class AlgemeenNummer:
    gemeente: str
    telefoon: str
    bron: str | None

    @property
    def label(self) -> str:
        return f"algemeen nummer gemeente {GEMEENTEN.get(self.gemeente, self.gemeente)}"


@lru_cache(maxsize=1)
def _balies_gemeente_algemeen() -> dict[str, AlgemeenNummer]:
    """From the validated resources/balies.yaml (domain.balie); a broken file is reported at start by
    the resources loader, and here gives no general numbers."""
    from toegang_app.domain.balie import BESTAND, load_balies
    from toegang_app.paths import resources_dir

    try:
        balies = load_balies(resources_dir() / BESTAND)
    except ConfigError:
        return {}
    return {g: AlgemeenNummer(g, b.gemeente_algemeen.telefoon, b.gemeente_algemeen.bron)
            for g, b in balies.items() if b.gemeente_algemeen is not None}


def gemeente_algemeen(gemeente: str) -> AlgemeenNummer | None:
    """The general number of a gemeente: shown on the gemeente, never as a voorziening's own line."""
    return _balies_gemeente_algemeen().get(gemeente)


def algemene_nummers() -> set[str]:
    return {a.telefoon for a in _balies_gemeente_algemeen().values()}


def _check(gegevens: dict, bronnen_verplicht: bool = True) -> Voorziening:
    io = _io()
    try:
        return io.voorziening_from_dict(gegevens, f"voorziening '{gegevens.get('id') or '(nieuw)'}'",
                                        bronnen_verplicht=bronnen_verplicht)
    except io.KaartError as exc:
        raise KaartInvoerFout(list(exc.messages)) from exc


def bewaar(ctx, gegevens: dict, *, nieuw: bool = False, bronnen_verplicht: bool = True) -> Voorziening:
    """Store an edited or new entry as the desk's own (validated; audited field by field).

    Every age limit, income limit, residence status, children-at-home requirement and end date must name
    its source (``bronnen_verplicht``); only retiring or restoring an entry stored before that rule skips it."""
    user = require(ctx.user, KAART_BEHEER)
    v = _check(gegevens, bronnen_verplicht)
    bekend = {x.id: x for x in effectieve_kaart(ctx)}
    if nieuw and v.id in bekend:
        raise KaartInvoerFout([f"voorziening '{v.id}', veld 'id': deze code bestaat al; kies een andere"])
    if not nieuw and v.id not in bekend:
        raise KaartInvoerFout([f"voorziening '{v.id}': bestaat niet (meer)"])
    andere = [x for x in bekend.values() if x.id != v.id]
    dubbel = [m for m in dubbele_namen(andere + [v]) if m.startswith(f"voorziening '{v.id}'")]
    if dubbel:
        raise KaartInvoerFout(dubbel)
    io = _io()
    nieuwe_dict = io.voorziening_to_dict(v)
    oude_dict = io.voorziening_to_dict(bekend[v.id]) if v.id in bekend else {}
    with ctx.sessions.begin() as s:
        row = s.get(KaartWijziging, v.id)
        if row is None:
            row = KaartWijziging(voorziening_id=v.id, gegevens=nieuwe_dict, gewijzigd_door=user.gebruikersnaam,
                                 gewijzigd_op=_tijdstempel(s))
            s.add(row)
        else:
            row.gegevens = nieuwe_dict
            row.gewijzigd_door = user.gebruikersnaam
            row.gewijzigd_op = _tijdstempel(s)
        if nieuw:
            audit.record(s, user, "aangemaakt", "voorziening", v.id, nieuw=v.naam)
        else:
            audit.record_changes(s, user, "voorziening", v.id,
                                 {k: _plain(x) for k, x in oude_dict.items()},
                                 {k: _plain(x) for k, x in nieuwe_dict.items()})
    _vergeet(ctx)  # suggestions must see the change
    return v


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _wijzig(ctx, voorziening_id: str, *, bronnen_verplicht: bool = True, **changes) -> Voorziening:
    bekend = {x.id: x for x in effectieve_kaart(ctx)}
    if voorziening_id not in bekend:
        raise KaartInvoerFout([f"voorziening '{voorziening_id}': bestaat niet"])
    v = dataclasses.replace(bekend[voorziening_id], **changes)
    return bewaar(ctx, _io().voorziening_to_dict(v), bronnen_verplicht=bronnen_verplicht)


def markeer_geverifieerd(ctx, voorziening_id: str, datum: date | None = None) -> Voorziening:
    return _wijzig(ctx, voorziening_id, laatst_geverifieerd=datum or date.today())


def trek_in(ctx, voorziening_id: str) -> Voorziening:
    """Retire: no longer suggested, still readable in old referrals (they keep a snapshot)."""
    return _wijzig(ctx, voorziening_id, actief=False, bronnen_verplicht=False)


def herstel(ctx, voorziening_id: str) -> Voorziening:
    v = {x.id: x for x in effectieve_kaart(ctx)}.get(voorziening_id)
    if v is not None and v.beeindigd_op is not None:
        raise KaartInvoerFout([f"voorziening '{voorziening_id}': deze regeling is beëindigd op "
                               f"{v.beeindigd_op.strftime('%d-%m-%Y')}; haal eerst de einddatum weg (Bewerken)"])
    return _wijzig(ctx, voorziening_id, actief=True, bronnen_verplicht=False)


def kaart_voor_opdrachtregel(config) -> list[Voorziening]:
    """The effective kaart for command-line use (``toegang-admin triage``): the shipped kaart with the
    desk's own changes when the configured database exists and is current. Never creates or migrates a
    database: a triage is a read-only question."""
    import logging

    from toegang_app.domain.kaart_io import kaart_resources_dir, load_kaart_dir
    from toegang_app.storage.engine import engine_for_config, sqlite_path
    from toegang_app.storage.migrate import schema_state

    result = {v.id: v for v in load_kaart_dir(kaart_resources_dir())}
    url = config.database_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return list(result.values())
    try:
        engine = engine_for_config(config)  # also a SQLCipher-encrypted file
        try:
            if not schema_state(engine).up_to_date:
                return list(result.values())
            with engine.connect() as conn:
                for row in conn.execute(select(KaartWijziging.voorziening_id, KaartWijziging.gegevens)):
                    result[row[0]] = _io().voorziening_from_dict(met_nieuwe_velden(dict(row[1]), result.get(row[0])),
                                                                 f"database, voorziening '{row[0]}'")
        finally:
            engine.dispose()
    except KaartError:  # a broken entry in the desk's own kaart is the kaart's error, not "no database"
        raise
    except UserError as exc:  # no database to read: the shipped kaart alone answers
        logging.getLogger(__name__).warning("triage without the desk's own kaart: %s", exc.message)
    return list(result.values())
