"""Configuration: where data lives and which database to use.

Precedence for the database: ``TOEGANG_DATABASE_URL`` > ``database_url`` in the settings file >
a SQLite file in the data folder. ``TOEGANG_DATA_DIR`` moves the whole data folder (settings,
drafts, logs, backups, default database). Every option is declared once in ``OPTIONS``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from toegang_app.domain.leesfout import os_reden
from toegang_app.errors import ConfigError

APP_NAME = "Toegang"
SETTINGS_FILE = "instellingen.json"
ENV_DATA_DIR = "TOEGANG_DATA_DIR"
ENV_DATABASE_URL = "TOEGANG_DATABASE_URL"
ENV_VERGRENDEL_MINUTEN = "TOEGANG_VERGRENDEL_MINUTEN"
VERGRENDEL_STANDAARD = 10  # minutes without input before the window locks


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    title: str  # Dutch, shown in `toegang-admin config`


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option("database_url", str, None, "Database (SQLAlchemy-URL); leeg = SQLite in de datamap"),
        Option("aanmelden", str, "wachtwoord", "Aanmelden: 'wachtwoord' of 'os' (Windows-gebruikersnaam)"),
        Option("team", str, None, "Standaardteam van deze werkplek (haaksbergen of twenterand)"),
        Option("balie_contact", str, None, "Contactgegevens van de balie op de samenvatting voor de inwoner"),
        Option("demo", bool, False, "Synthetische demogegevens laden bij een lege database"),
        Option("database_versleutelen", bool, False,
               "SQLite-bestand versleutelen met SQLCipher (sleutel in de sleutelbos van het systeem)"),
        Option("vergrendel_minuten", int, VERGRENDEL_STANDAARD,
               "Minuten zonder toetsenbord of muis waarna het venster vergrendelt (0 = nooit; "
               f"{ENV_VERGRENDEL_MINUTEN} gaat voor)"),
    )
}


@dataclass
class Config:
    data_dir: Path
    values: dict[str, Any] = field(default_factory=dict)
    database_url_from_env: str | None = None

    # -- locations -------------------------------------------------------------------------------
    @property
    def settings_path(self) -> Path:
        return self.data_dir / SETTINGS_FILE

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "concepten"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def default_database_path(self) -> Path:
        return self.data_dir / "toegang.sqlite"

    # -- values ----------------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        opt = OPTIONS[key]
        return self.values.get(key, opt.default)

    @property
    def database_url(self) -> str:
        if self.database_url_from_env:
            return self.database_url_from_env
        url = self.get("database_url")
        if url:
            return url
        return f"sqlite:///{self.default_database_path.as_posix()}"

    @property
    def database_source(self) -> str:
        if self.database_url_from_env:
            return f"omgevingsvariabele {ENV_DATABASE_URL}"
        if self.get("database_url"):
            return f"instellingenbestand {self.settings_path}"
        return "standaard (SQLite in de datamap)"

    @property
    def vergrendel_minuten(self) -> float:
        """Idle minutes before the window locks: ``TOEGANG_VERGRENDEL_MINUTEN`` (a number, decimals allowed,
        e.g. 0.5) > ``vergrendel_minuten`` in the settings file > 10. 0 means never."""
        env = os.environ.get(ENV_VERGRENDEL_MINUTEN)
        if env is not None and env.strip():
            try:
                value = float(env.strip().replace(",", "."))
            except ValueError:
                value = -1.0
            if not value >= 0 or value > 24 * 60:
                raise ConfigError(f"{ENV_VERGRENDEL_MINUTEN}={env!r} is geen geldig aantal minuten. Gebruik een getal "
                                  "van 0 (nooit vergrendelen) tot 1440, bijvoorbeeld 10.")
            return value
        value = self.get("vergrendel_minuten")
        if value is None:
            return float(VERGRENDEL_STANDAARD)
        if isinstance(value, bool) or value < 0 or value > 24 * 60:
            raise ConfigError(f"Instelling 'vergrendel_minuten' in {self.settings_path} moet een getal van 0 tot "
                              "1440 zijn (0 = nooit vergrendelen).")
        return float(value)

    @property
    def draft_key_file(self) -> Path:
        """Fallback for the drafts' key when the system has no credential store (see keystore)."""
        return self.data_dir / "concepten-sleutel.key"

    def ensure_dirs(self) -> None:
        """Create the data folder and its sub-folders for the user only (0700), and tighten files an
        older version left readable for others (0600)."""
        from toegang_app.private_files import secure_dir, secure_tree

        fresh = not self.data_dir.exists()
        for d in (self.data_dir, self.log_dir, self.drafts_dir, self.backup_dir):
            try:
                secure_dir(d)
            except OSError as exc:
                raise ConfigError(
                    f"De datamap {d} kan niet worden gemaakt ({os_reden(exc)}). "
                    f"Kies een andere map met {ENV_DATA_DIR} of vraag de beheerder."
                ) from exc
        if not fresh and not getattr(self, "_tree_secured", False):
            try:
                secure_tree(self.data_dir)
            except OSError:
                pass  # best effort; a file we cannot change is reported by the operation that needs it
            self._tree_secured = True

    def save(self) -> None:
        from toegang_app.private_files import write_private_text

        self.ensure_dirs()
        write_private_text(self.settings_path, json.dumps(self.values, indent=2, ensure_ascii=False))


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME, roaming=False))


def _read_settings(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        from toegang_app.domain.leesfout import leesfout

        raise ConfigError(f"Het instellingenbestand {path} is niet leesbaar: {leesfout(exc)}.") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"Het instellingenbestand {path} moet een JSON-object zijn.")
    values: dict[str, Any] = {}
    for key, value in data.items():
        opt = OPTIONS.get(key)
        if opt is None:
            raise ConfigError(f"Onbekende instelling '{key}' in {path}. Bekend zijn: {', '.join(OPTIONS)}.")
        if value is not None and not isinstance(value, opt.type):
            raise ConfigError(f"Instelling '{key}' in {path} heeft een verkeerd type (verwacht {opt.type.__name__}).")
        values[key] = value
    return values


def load_config(data_dir: Path | None = None) -> Config:
    d = data_dir or default_data_dir()
    return Config(
        data_dir=d,
        values=_read_settings(d / SETTINGS_FILE),
        database_url_from_env=os.environ.get(ENV_DATABASE_URL) or None,
    )
