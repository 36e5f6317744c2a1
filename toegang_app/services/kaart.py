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
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from toegang_app.domain.kaart import KaartError, Voorziening
from toegang_app.errors import ConfigError, UserError
from toegang_app.services import audit
from toegang_app.services.auth import KAART_BEHEER, KAART_LEZEN, require
from toegang_app.storage.models import KaartWijziging

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


def _from_db(row: KaartWijziging) -> Voorziening:
    return _io().voorziening_from_dict(dict(row.gegevens), f"database, voorziening '{row.voorziening_id}'")


def effectieve_kaart(ctx, *, met_ingetrokken: bool = True) -> list[Voorziening]:
    """Every voorziening the desk knows, shipped entries overlaid with the desk's own."""
    require(ctx.user, KAART_LEZEN)
    with ctx.sessions() as s:
        lokaal = _lokaal(s)
    result: dict[str, Voorziening] = {v.id: v for v in shipped(ctx)}
    for vid, row in lokaal.items():
        result[vid] = _from_db(row)
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
    t = tekst.strip().lower()
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
        if t and t not in f"{v.naam} {v.aanbieder} {v.omschrijving} {v.doelgroep or ''}".lower():
            continue
        out.append(v)
    return out


def niet_geverifieerd(voorzieningen: list[Voorziening], peildatum: date | None = None) -> list[Voorziening]:
    """Active entries not verified for more than a year (or never), oldest first."""
    today = peildatum or date.today()
    due = [v for v in voorzieningen if v.actief and
           (v.laatst_geverifieerd is None or today - v.laatst_geverifieerd > NIET_GEVERIFIEERD_NA)]
    return sorted(due, key=lambda v: v.laatst_geverifieerd or date.min)


def _check(gegevens: dict) -> Voorziening:
    io = _io()
    try:
        return io.voorziening_from_dict(gegevens, f"voorziening '{gegevens.get('id') or '(nieuw)'}'")
    except io.KaartError as exc:
        raise KaartInvoerFout(list(exc.messages)) from exc


def bewaar(ctx, gegevens: dict, *, nieuw: bool = False) -> Voorziening:
    """Store an edited or new entry as the desk's own (validated; audited field by field)."""
    user = require(ctx.user, KAART_BEHEER)
    v = _check(gegevens)
    bekend = {x.id: x for x in effectieve_kaart(ctx)}
    if nieuw and v.id in bekend:
        raise KaartInvoerFout([f"voorziening '{v.id}', veld 'id': deze code bestaat al; kies een andere"])
    if not nieuw and v.id not in bekend:
        raise KaartInvoerFout([f"voorziening '{v.id}': bestaat niet (meer)"])
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


def _wijzig(ctx, voorziening_id: str, **changes) -> Voorziening:
    bekend = {x.id: x for x in effectieve_kaart(ctx)}
    if voorziening_id not in bekend:
        raise KaartInvoerFout([f"voorziening '{voorziening_id}': bestaat niet"])
    v = dataclasses.replace(bekend[voorziening_id], **changes)
    return bewaar(ctx, _io().voorziening_to_dict(v))


def markeer_geverifieerd(ctx, voorziening_id: str, datum: date | None = None) -> Voorziening:
    return _wijzig(ctx, voorziening_id, laatst_geverifieerd=datum or date.today())


def trek_in(ctx, voorziening_id: str) -> Voorziening:
    """Retire: no longer suggested, still readable in old referrals (they keep a snapshot)."""
    return _wijzig(ctx, voorziening_id, actief=False)


def herstel(ctx, voorziening_id: str) -> Voorziening:
    return _wijzig(ctx, voorziening_id, actief=True)


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
                    result[row[0]] = _io().voorziening_from_dict(dict(row[1]), f"database, voorziening '{row[0]}'")
        finally:
            engine.dispose()
    except KaartError:  # a broken entry in the desk's own kaart is the kaart's error, not "no database"
        raise
    except UserError as exc:  # no database to read: the shipped kaart alone answers
        logging.getLogger(__name__).warning("triage without the desk's own kaart: %s", exc.message)
    return list(result.values())
