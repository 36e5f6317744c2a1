"""Keys for the drafts and the optional SQLCipher database, kept in the operating system's credential
store through ``keyring``: Windows Credential Manager (protected by the user's Windows sign-in),
the Secret Service on Linux (GNOME Keyring, KWallet), the macOS Keychain.

Each key is 32 random bytes (``os.urandom``), stored base64-encoded under the service name
``Toegang`` and an account name that names what it is for and the data folder or database file
("concepten /home/jan/.local/share/Toegang"), so two data folders never share a key.

When the system has no usable credential store (a server without a desktop session, a locked-down
PC), the drafts' key falls back to a key file ``concepten-sleutel.key`` (``0600``) in the data folder;
see the README, "Versleutelde concepten", for what that does and does not protect against. A key
file found later, once a credential store is available, is moved into it. The SQLCipher key has no
fallback: an encrypted database whose key lies beside it would only pretend to be protected.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from toegang_app.errors import ConfigError

log = logging.getLogger(__name__)

SERVICE = "Toegang"
KEY_BYTES = 32

_cache: dict[str, "Key"] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Key:
    material: bytes
    where: str  # "sleutelbos" (credential store) or the path of the key file


class NoCredentialStore(Exception):
    pass


def _backend():
    """The keyring backend, or NoCredentialStore when there is none that works."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except Exception as exc:  # noqa: BLE001 - keyring missing or broken: behave as without a store
        raise NoCredentialStore(str(exc)) from exc
    kr = keyring.get_keyring()
    if isinstance(kr, fail.Keyring) or type(kr).__module__.startswith("keyring.backends.null"):
        raise NoCredentialStore(type(kr).__name__)
    if isinstance(kr, chainer.ChainerBackend) and not kr.backends:
        raise NoCredentialStore("no backends")
    return kr


def credential_store_name() -> str | None:
    """A readable name of the credential store in use, None without one."""
    try:
        kr = _backend()
    except NoCredentialStore:
        return None
    return getattr(kr, "name", type(kr).__name__)


def _store_get(account: str) -> bytes | None:
    kr = _backend()
    try:
        value = kr.get_password(SERVICE, account)
    except Exception as exc:  # noqa: BLE001 - locked or unreachable store (D-Bus, permissions)
        raise NoCredentialStore(type(exc).__name__) from exc
    if value is None:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ConfigError(f"De sleutel '{account}' in de sleutelbos van het systeem is beschadigd.") from exc
    if len(raw) != KEY_BYTES:
        raise ConfigError(f"De sleutel '{account}' in de sleutelbos van het systeem heeft een verkeerde lengte.")
    return raw


def _store_set(account: str, raw: bytes) -> None:
    kr = _backend()
    try:
        kr.set_password(SERVICE, account, base64.b64encode(raw).decode("ascii"))
    except Exception as exc:  # noqa: BLE001
        raise NoCredentialStore(type(exc).__name__) from exc


def _read_key_file(path: Path) -> bytes | None:
    try:
        raw = base64.b64decode(path.read_bytes().strip(), validate=True)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Het sleutelbestand {path} is niet leesbaar of beschadigd. Concepten die ermee zijn "
                          "versleuteld kunnen niet meer worden geopend; verwijder het bestand om een nieuwe "
                          "sleutel te maken.") from exc
    if len(raw) != KEY_BYTES:
        raise ConfigError(f"Het sleutelbestand {path} heeft een verkeerde lengte.")
    return raw


def _create_key_file(path: Path) -> bytes:
    """A new key file, 0600 from its first byte; when another process was first, its key."""
    from toegang_app.private_files import FILE_MODE, secure_dir

    secure_dir(path.parent)
    raw = os.urandom(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(base64.b64encode(raw) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)  # never replaces a key someone else made a moment ago
    except FileExistsError:
        raw = _read_key_file(path) or raw
    except OSError:
        if not path.exists():
            os.replace(tmp, path)
        else:
            raw = _read_key_file(path) or raw
    finally:
        tmp.unlink(missing_ok=True)
    return raw


def draft_key(data_dir: Path, key_file: Path) -> Key:
    """The key for the drafts of this data folder: from the credential store (created there on first
    use), else from ``key_file`` (created 0600 on first use)."""
    account = f"concepten {data_dir.resolve()}"
    with _lock:
        cached = _cache.get(account)
        if cached is not None:
            return cached
        try:
            raw = _store_get(account)
            if raw is None:
                old = _read_key_file(key_file)
                raw = old if old is not None else os.urandom(KEY_BYTES)
                _store_set(account, raw)
                if _store_get(account) != raw:
                    raise NoCredentialStore("key not kept")
                if old is not None:  # moved into the credential store: the file is no longer needed
                    key_file.unlink(missing_ok=True)
                    log.info("Draft key moved from the key file into the credential store")
            key = Key(raw, "sleutelbos")
        except NoCredentialStore as exc:
            log.info("No credential store for the draft key (%s); using the key file in the data folder", exc)
            raw = _read_key_file(key_file) or _create_key_file(key_file)
            key = Key(raw, str(key_file))
        _cache[account] = key
        return key


def database_key(db_path: Path, *, create: bool) -> str:
    """The SQLCipher key (64 hex digits) of the database file ``db_path``, from the credential store.
    With ``create`` a new key is made when there is none. Raises ConfigError (Dutch) without a store."""
    account = f"database {db_path.resolve()}"
    try:
        raw = _store_get(account)
        if raw is None:
            if not create:
                raise ConfigError(
                    f"De sleutel van de versleutelde database {db_path} staat niet in de sleutelbos van dit account. "
                    "Zonder die sleutel kan de database niet worden geopend. Meld u aan met het account waarmee de "
                    "database is versleuteld, of zet een reservekopie terug.")
            raw = os.urandom(KEY_BYTES)
            _store_set(account, raw)
            if _store_get(account) != raw:
                raise NoCredentialStore("key not kept")
    except NoCredentialStore as exc:
        raise ConfigError(
            "Versleuteling van de database staat aan ('database_versleutelen'), maar dit systeem heeft geen "
            "bruikbare sleutelbos (Windows Referentiebeheer of Secret Service). De sleutel naast de database "
            "bewaren zou niets beschermen. Zet de instelling uit, of gebruik Toegang op een systeem met een "
            "sleutelbos.", detail=str(exc)) from exc
    return raw.hex()


def forget_cache() -> None:
    """For tests: read the keys again on next use."""
    with _lock:
        _cache.clear()
