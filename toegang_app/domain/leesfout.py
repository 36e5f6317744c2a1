"""Why a file could not be read, in Dutch with line and column: never the parser's English text
(json.JSONDecodeError, PyYAML's MarkedYAMLError, OSError). Used wherever a JSON or YAML file is read
(exchange import, kaart and HSDS import, settings, resources, the command line)."""

from __future__ import annotations

import errno
import json

# json.JSONDecodeError.msg (CPython's json module) -> Dutch
_JSON = (
    ("Expecting property name enclosed in double quotes",
     "hier verwacht Toegang een veldnaam tussen dubbele aanhalingstekens (staat er een komma te veel?)"),
    ("Expecting ',' delimiter", "hier ontbreekt een komma tussen twee onderdelen"),
    ("Expecting ':' delimiter", "hier ontbreekt een dubbele punt tussen veldnaam en waarde"),
    ("Expecting value", "hier verwacht Toegang een waarde (tekst tussen dubbele aanhalingstekens, een getal, "
                        "true, false, null, een lijst [..] of een object {..})"),
    ("Unterminated string", "een tekst tussen aanhalingstekens is niet afgesloten"),
    ("Invalid control character", "een tekst bevat een teken dat daar niet mag (zoals een tab of regeleinde "
                                  "tussen aanhalingstekens)"),
    ("Invalid \\uXXXX escape", "een \\u-code in een tekst is niet compleet"),
    ("Invalid \\escape", "een backslash in een tekst wordt niet gevolgd door een geldige code (schrijf \\\\)"),
    ("Extra data", "na het einde van de JSON staat nog meer tekst"),
)

# PyYAML's problem texts -> Dutch
_YAML = (
    ("cannot start any token", "hier staat een teken waarmee geen waarde kan beginnen (bijvoorbeeld een tab: "
                               "spring in met spaties)"),
    ("mapping values are not allowed here", "hier staat een dubbele punt die daar niet mag (zet de tekst tussen "
                                            "aanhalingstekens)"),
    ("could not find expected ':'", "hier ontbreekt een dubbele punt na een veldnaam"),
    ("found unexpected end of stream", "het bestand houdt op midden in een tekst (een aanhalingsteken niet "
                                       "afgesloten?)"),
    ("found duplicate anchor", "een anker (&naam) staat er twee keer in"),
    ("found undefined alias", "een verwijzing (*naam) naar een anker dat niet bestaat"),
    ("expected <block end>", "de inspringing klopt hier niet"),
    ("did not find expected key", "de inspringing klopt hier niet (of er ontbreekt een '-' of veldnaam)"),
    ("did not find expected '-' indicator", "de inspringing van een lijst klopt hier niet"),
    ("found unknown escape character", "een backslash in een tekst tussen dubbele aanhalingstekens wordt niet "
                                       "gevolgd door een geldige code"),
    ("found a tab character", "hier staat een tab: spring in met spaties"),
)

_OS = {
    errno.ENOENT: "het bestand bestaat niet",
    errno.EACCES: "u hebt geen toegang tot het bestand",
    errno.EPERM: "u hebt geen toegang tot het bestand",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOSPC: "de schijf is vol",
}

# the same for any file operation (creating, writing, copying): what went wrong, in Dutch
_OS_REDEN = {
    errno.ENOENT: "de map of het bestand bestaat niet",
    errno.EACCES: "geen toegang (rechten)",
    errno.EPERM: "geen toegang (rechten)",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EEXIST: "er bestaat al een bestand met die naam",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EBUSY: "het bestand is in gebruik",
    errno.EIO: "lees- of schrijffout van de schijf",
}


def json_fout(exc: json.JSONDecodeError) -> str:
    """'regel 3, kolom 7: hier ontbreekt een komma tussen twee onderdelen'."""
    uitleg = next((nl for en, nl in _JSON if exc.msg.startswith(en)), "de opbouw van de JSON klopt hier niet")
    return f"regel {exc.lineno}, kolom {exc.colno}: {uitleg}"


def yaml_fout(exc) -> str:
    """The same for a PyYAML error (with its problem_mark, 0-based)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    probleem = str(getattr(exc, "problem", None) or "")
    uitleg = next((nl for en, nl in _YAML if en in probleem),
                  "de opbouw van de YAML klopt hier niet (inspringing, dubbele punt of aanhalingstekens)")
    if mark is None:
        return uitleg
    return f"regel {mark.line + 1}, kolom {mark.column + 1}: {uitleg}"


def os_fout(exc: OSError) -> str:
    return _OS.get(exc.errno, "het bestand is niet te lezen")


def os_reden(exc: OSError) -> str:
    """Why a file operation failed, in Dutch (never the system's English strerror)."""
    return _OS_REDEN.get(exc.errno, f"systeemfout {exc.errno}" if exc.errno else "onbekende systeemfout")


def leesfout(exc: BaseException) -> str:
    """Any error of reading and parsing a text file, in Dutch."""
    if isinstance(exc, json.JSONDecodeError):
        return "geen geldige JSON, " + json_fout(exc)
    if type(exc).__module__.startswith("yaml"):
        return "geen geldige YAML, " + yaml_fout(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "het bestand is geen tekst in UTF-8; sla het op als UTF-8"
    if isinstance(exc, RecursionError):
        return "het bestand is te diep genest"
    if isinstance(exc, OSError):
        return os_fout(exc)
    return "het bestand is niet te lezen"
