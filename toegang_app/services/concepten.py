"""Drafts: the conversation being typed, saved to the user's data folder within a second of every change.

A draft survives a crash or a killed process: the next start offers it back exactly as it was. Each
file is written to a temporary name and renamed over the old one, so a crash mid-write never leaves a
half file. A draft belongs to the database it was typed against and to the signed-in worker.
Drafts hold personal data: they live only in the user's own data folder and are removed as soon as
the conversation is stored or discarded.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from toegang_app.errors import UserError
from toegang_app.services.gesprekken import GesprekDossier

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


def bewaar_concept(ctx, sleutel: str, dossier: GesprekDossier, basis: GesprekDossier | None = None) -> Path:
    """Write the draft atomically. Raises UserError (Dutch) when the disk is full or not writable;
    the caller keeps the input on screen and tries again on the next change."""
    folder = _map(ctx)
    path = folder / f"{sleutel}.json"
    tmp = folder / f".{sleutel}.{os.getpid()}.tmp"
    data = {
        "versie": VERSIE,
        "database": _database(ctx),
        "gebruiker": ctx.user.gebruikersnaam if ctx.user else None,
        "bewaard_op": datetime.now().isoformat(timespec="seconds"),
        "dossier": dossier.to_json(),
        "basis": basis.to_json() if basis is not None else None,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Draft %s not written: %s", path, exc)
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise UserError("Het concept kon niet worden bewaard (is de schijf vol?). Uw invoer staat nog op het "
                        "scherm; sla het gesprek op zodra het kan.", detail=str(exc)) from exc
    return path


def verwijder_concept(ctx, sleutel: str) -> None:
    try:
        (_map(ctx) / f"{sleutel}.json").unlink(missing_ok=True)
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
    for path in folder.glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("database") != _database(ctx) or data.get("gebruiker") != me:
                continue
            dossier = GesprekDossier.from_json(data["dossier"])
            basis = GesprekDossier.from_json(data["basis"]) if data.get("basis") else None
            out.append(Concept(path.stem, dossier, basis, datetime.fromisoformat(data["bewaard_op"]),
                               data.get("gebruiker"), path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("Unreadable draft %s: %s", path, exc)
            try:
                path.rename(path.with_suffix(".onleesbaar"))
            except OSError:
                pass
    out.sort(key=lambda c: c.bewaard_op, reverse=True)
    return out
