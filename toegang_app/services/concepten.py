"""Drafts: the conversation being typed, saved to the user's data folder within a second of every change.

A draft survives a crash or a killed process: the next start offers it back exactly as it was. Each
file is written to a temporary name and renamed over the old one, so a crash mid-write never leaves a
half file. A draft belongs to the database it was typed against and to the signed-in worker.
Drafts hold personal data: they live only in the user's own data folder and are removed as soon as
the conversation is stored or discarded.

On disk a draft is ``<sleutel>.concept``: AES-256-GCM encrypted (``storage.encrypted_files``) with a key
kept in the OS credential store (``keystore.draft_key``), ``0600``. A copied draft cannot be read on
another PC or account. A plaintext ``<sleutel>.json`` draft left by an older version is still offered
once, and rewritten encrypted as soon as it has been read.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from toegang_app.errors import UserError

if TYPE_CHECKING:  # read from a draft in open_concepten: the start screen with no drafts imports none of it
    from toegang_app.domain.gesprek import GesprekDossier

log = logging.getLogger(__name__)
VERSIE = 1


@dataclass
class Concept:
    sleutel: str
    dossier: GesprekDossier
    basis: GesprekDossier | None   # the stored version the worker started from (for merging)
    bewaard_op: datetime
    gebruiker: str | None
    pad: Path


def nieuwe_sleutel(dossier: GesprekDossier) -> str:
    return f"gesprek-{dossier.gesprek_id}" if dossier.gesprek_id else f"nieuw-{uuid.uuid4().hex[:12]}"


def _map(ctx) -> Path:
    return ctx.config.drafts_dir


def _database(ctx) -> str:
    return ctx.database_url_display


# -- the file layer: encrypted, private, atomic ------------------------------------------------------
SUFFIX = ".concept"
OUDE_SUFFIX = ".json"  # plaintext drafts of versions before the encryption


def _key(ctx) -> bytes:
    from toegang_app.keystore import draft_key

    return draft_key(ctx.config.data_dir, ctx.config.draft_key_file).material


def _schrijf(ctx, path: Path, data: dict) -> None:
    from toegang_app.private_files import secure_dir
    from toegang_app.storage.encrypted_files import write_encrypted_json

    secure_dir(path.parent)
    write_encrypted_json(path, _key(ctx), data)


def _lees(ctx, path: Path) -> dict:
    """The draft's data; a plaintext draft of an older version is rewritten encrypted right away."""
    from toegang_app.storage.encrypted_files import is_encrypted, read_encrypted_json

    blob = path.read_bytes()
    if path.suffix == OUDE_SUFFIX and not is_encrypted(blob):
        data = json.loads(blob.decode("utf-8"))
        nieuw = path.with_suffix(SUFFIX)
        _schrijf(ctx, nieuw, data)
        path.unlink(missing_ok=True)
        log.info("Plaintext draft %s rewritten encrypted", nieuw.name)
        return data
    return read_encrypted_json(path, _key(ctx))


def bewaar_concept(ctx, sleutel: str, dossier: GesprekDossier, basis: GesprekDossier | None = None) -> Path:
    """Write the draft atomically. Raises UserError (Dutch) when the disk is full or not writable;
    the caller keeps the input on screen and tries again on the next change."""
    folder = _map(ctx)
    path = folder / f"{sleutel}{SUFFIX}"
    data = {
        "versie": VERSIE,
        "database": _database(ctx),
        "gebruiker": ctx.user.gebruikersnaam if ctx.user else None,
        "bewaard_op": datetime.now().isoformat(timespec="seconds"),
        "dossier": dossier.to_json(),
        "basis": basis.to_json() if basis is not None else None,
    }
    try:
        _schrijf(ctx, path, data)
        (folder / f"{sleutel}{OUDE_SUFFIX}").unlink(missing_ok=True)
    except OSError as exc:
        log.warning("Draft %s not written: %s", path, exc)
        raise UserError("Het concept kon niet worden bewaard (is de schijf vol?). Uw invoer staat nog op het "
                        "scherm; sla het gesprek op zodra het kan.", detail=str(exc)) from exc
    return path


def verwijder_concept(ctx, sleutel: str) -> None:
    try:
        for suffix in (SUFFIX, OUDE_SUFFIX):
            (_map(ctx) / f"{sleutel}{suffix}").unlink(missing_ok=True)
    except OSError as exc:
        log.warning("Draft %s not removed: %s", sleutel, exc)


def open_concepten(ctx) -> list[Concept]:
    """Drafts of the signed-in worker on this database, newest first. Unreadable files are skipped
    (and kept for the beheerder, renamed to .onleesbaar)."""
    folder = _map(ctx)
    if not folder.is_dir():
        return []
    me = ctx.user.gebruikersnaam if ctx.user else None
    out: list[Concept] = []
    paden = sorted([*folder.glob(f"*{SUFFIX}"), *folder.glob(f"*{OUDE_SUFFIX}")])
    if not paden:
        return out  # the usual start: no drafts, and no need to import the cryptography (issue 26)
    from toegang_app.domain.gesprek import GesprekDossier
    from toegang_app.storage.encrypted_files import Unreadable

    for path in paden:
        if path.suffix == OUDE_SUFFIX and path.with_suffix(SUFFIX).exists():
            path.unlink(missing_ok=True)  # superseded by the encrypted draft written after it
            continue
        try:
            data = _lees(ctx, path)
            path = path.with_suffix(SUFFIX)
            if data.get("database") != _database(ctx) or data.get("gebruiker") != me:
                continue
            dossier = GesprekDossier.from_json(data["dossier"])
            basis = GesprekDossier.from_json(data["basis"]) if data.get("basis") else None
            out.append(Concept(path.stem, dossier, basis, datetime.fromisoformat(data["bewaard_op"]),
                               data.get("gebruiker"), path))
        except (OSError, ValueError, KeyError, TypeError, Unreadable) as exc:
            log.error("Unreadable draft %s: %s", path, exc)
            try:
                path.rename(path.with_suffix(".onleesbaar"))
            except OSError:
                pass
    out.sort(key=lambda c: c.bewaard_op, reverse=True)
    return out
