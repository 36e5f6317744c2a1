"""Open Referral HSDS 3.0: export the sociale kaart and import service directories.

Export writes ``services.json`` (array of HSDS services, each with its organization, phones, service
areas and attributes), ``organizations.json`` and the tabular form ``csv/`` with ``datapackage.json``.
Toegang's own fields travel as HSDS attributes in one taxonomy ("toegang-sociale-kaart"): one taxonomy
term per field (term code = field name, e.g. "trede"), the field's value in the attribute's ``value``;
list fields give one attribute per item (contra-indications, "alleen bij" and the per-criterion sources as
small JSON objects). Who a service is for (eligibility): ``minimum_age`` / ``maximum_age`` when the age limit
is the resident's own (a limit on the age of a child at home travels only as attributes, with
``leeftijd_geldt_voor``), ``eligibility_description`` for the doelgroep in words, and the target groups as
attributes with ``link_type`` "eligibility" in a second taxonomy ("toegang-doelgroepen", one term per group
of the fixed list). Export followed by import gives back the same voorzieningen.

Import accepts the JSON form (a folder with services.json/organizations.json, a single file with one
service or organization, a list, or a paged ``{"contents": [...]}``) and the CSV datapackage (a folder with
datapackage.json or a csv/ subfolder). Services without Toegang's attributes (someone else's directory,
the specification's examples) come in as inactive entries marked for review.

Pure functions: no Qt, no database.
"""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.kaart import (
    CONTACT_VELDEN,
    KaartError,
    Voorziening,
    voorziening_from_dict,
)
from toegang_app.domain.vocab import DOELGROEPEN, GEMEENTEN

NAMESPACE = uuid.UUID("0b7c5d0e-4f1e-5a57-9a51-70656761616e")  # fixed: ids stay stable between exports
TAXONOMIE = "toegang-sociale-kaart"
TAXONOMIE_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:" + TAXONOMIE))
IMPORT_OPMERKING = ("Geïmporteerd uit HSDS, controleren: vul trede, leefgebieden, toegang en bron aan en "
                    "activeer de voorziening pas daarna.")

# field -> (Dutch label, is a list)
ATTRIBUTEN: dict[str, tuple[str, bool]] = {
    "toegang_id": ("Code in Toegang", False),
    "gemeente": ("Gemeente", True),
    "kern": ("Kern", True),
    "regionaal": ("Regionaal", False),
    "trede": ("Trede op de ladder (0-5)", False),
    "wet": ("Wet", False),
    "leefgebied": ("Leefgebied", True),
    "dimensie": ("Dimensie Positieve Gezondheid", True),
    "leeftijd_min": ("Minimumleeftijd", False),
    "leeftijd_max": ("Maximumleeftijd", False),
    "inkomen_max_pct": ("Inkomensgrens (% bijstandsnorm)", False),
    "voorwaarden": ("Voorwaarden", False),
    "toegang": ("Toegang", False),
    "website": ("Website", False),
    "adres": ("Adres", False),
    "bron": ("Bron", True),
    "laatst_geverifieerd": ("Laatst geverifieerd", False),
    "actief": ("Actief", False),
    "zoekterm": ("Zoekterm", False),
    "leeftijd_geldt_voor": ("Leeftijd geldt voor (inwoner of kind)", False),
    "kinderen_thuis": ("Alleen met kinderen thuis", False),
    "verblijfsstatus": ("Verblijfsstatus", True),
    "crisis": ("Crisissituatie waarop de voorziening antwoordt", True),
    "contra_indicatie": ("Niet bij (situatie, reden, bron; JSON)", True),
    "alleen_bij": ("Alleen bij (situatie, reden, bron; JSON)", True),
    "criteria_bron": ("Bron van een criterium (criterium, bron; JSON)", True),
    "beeindigd_op": ("Beëindigd op", False),
    "gepland": ("Gepland, nog niet beschikbaar", False),
    "te_verifieren": ("Nog te verifiëren", True),
}

# The target groups (vocab.DOELGROEPEN) as an HSDS taxonomy of their own: eligibility attributes.
DOELGROEP_TAXONOMIE = "toegang-doelgroepen"
DOELGROEP_TAXONOMIE_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:" + DOELGROEP_TAXONOMIE))

SCHEMA_DIR_NAME = "hsds"

CSV_KOLOMMEN: dict[str, list[str]] = {
    "organizations": ["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
                      "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"],
    "services": ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
                 "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees",
                 "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                 "assurer_email", "licenses", "alert", "last_modified"],
    "phones": ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number",
               "extension", "type", "description"],
    "service_areas": ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomy_terms": ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
                       "term_uri"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
}


class HsdsError(KaartError):
    """Import or export failed; ``messages`` in Dutch."""


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def service_uuid(v: Voorziening) -> str:
    return _uid("service", v.id)


def organization_uuid(naam: str) -> str:
    return _uid("organization", naam.strip().lower())


def term_uuid(code: str) -> str:
    return _uid("taxonomy_term", TAXONOMIE, code)


def _term(code: str) -> dict[str, Any]:
    return {"id": term_uuid(code), "code": code, "name": ATTRIBUTEN[code][0],
            "description": f"Toegang, veld '{code}'", "taxonomy": TAXONOMIE, "taxonomy_id": TAXONOMIE_ID,
            "language": "nld"}


def doelgroep_term_uuid(key: str) -> str:
    return _uid("taxonomy_term", DOELGROEP_TAXONOMIE, key)


def _doelgroep_term(key: str) -> dict[str, Any]:
    return {"id": doelgroep_term_uuid(key), "code": key, "name": DOELGROEPEN.get(key, key),
            "description": "Doelgroep in de sociale kaart van Toegang", "taxonomy": DOELGROEP_TAXONOMIE,
            "taxonomy_id": DOELGROEP_TAXONOMIE_ID, "language": "nld"}


def schema_dir() -> Path:
    from toegang_app.paths import resources_dir

    return resources_dir() / SCHEMA_DIR_NAME


# -- export ---------------------------------------------------------------------------------------------

def _is_url(text: str | None) -> bool:
    return bool(text) and str(text).startswith(("http://", "https://"))


def _attribute_pairs(v: Voorziening) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = [("toegang_id", v.id)]
    pairs += [("gemeente", g) for g in v.gemeenten]
    pairs += [("kern", k) for k in v.kernen]
    pairs.append(("regionaal", "true" if v.regionaal else "false"))
    pairs.append(("trede", str(v.trede)))
    for code, value in (("wet", v.wet), ("leeftijd_min", v.leeftijd_min), ("leeftijd_max", v.leeftijd_max),
                        ("inkomen_max_pct", v.inkomen_max_pct), ("voorwaarden", v.voorwaarden),
                        ("toegang", v.toegang), ("adres", v.contact.adres), ("zoekterm", v.zoekterm),
                        ("laatst_geverifieerd", v.laatst_geverifieerd.isoformat() if v.laatst_geverifieerd else None)):
        if value is not None:
            pairs.append((code, str(value)))
    if v.contact.website and not _is_url(v.contact.website):
        pairs.append(("website", v.contact.website))
    pairs += [("leefgebied", x) for x in v.leefgebieden]
    pairs += [("dimensie", x) for x in v.dimensies]
    pairs += [("bron", b) for b in v.bron]
    pairs.append(("actief", "true" if v.actief else "false"))
    if v.leeftijd_geldt_voor != "inwoner":
        pairs.append(("leeftijd_geldt_voor", v.leeftijd_geldt_voor))
    if v.kinderen_thuis is not None:
        pairs.append(("kinderen_thuis", "true" if v.kinderen_thuis else "false"))
    pairs += [("verblijfsstatus", x) for x in v.verblijfsstatus]
    pairs += [("crisis", x) for x in v.crisis]
    for code, regels in (("contra_indicatie", v.contra_indicaties), ("alleen_bij", v.alleen_bij)):
        pairs += [(code, json.dumps({"situatie": r.situatie, "reden": r.reden, "bron": list(r.bron)},
                                    ensure_ascii=False)) for r in regels]
    for criterium, bronnen in v.criteria_bron.items():
        pairs += [("criteria_bron", json.dumps({"criterium": criterium, "bron": b}, ensure_ascii=False)) for b in bronnen]
    if v.beeindigd_op:
        pairs.append(("beeindigd_op", v.beeindigd_op.isoformat()))
    if v.gepland:
        pairs.append(("gepland", "true"))
    pairs += [("te_verifieren", x) for x in v.te_verifieren]
    return pairs


def organization_object(naam: str) -> dict[str, Any]:
    return {"id": organization_uuid(naam), "name": naam,
            "description": f"Aanbieder in de sociale kaart van Toegang: {naam}"}


def service_object(v: Voorziening, exported_at: datetime | None = None) -> dict[str, Any]:
    """One voorziening as an HSDS 3.0 service (valid against compiled/service.json)."""
    sid = service_uuid(v)
    s: dict[str, Any] = {
        "id": sid,
        "organization_id": organization_uuid(v.aanbieder),
        "name": v.naam,
        "description": v.omschrijving,
        "status": "active" if v.actief else "inactive",
        "organization": organization_object(v.aanbieder),
    }
    if v.zoekterm:
        s["alternate_name"] = v.zoekterm
    if _is_url(v.contact.website):
        s["url"] = v.contact.website
    if v.contact.email:
        s["email"] = v.contact.email
    if v.doelgroep:
        s["eligibility_description"] = v.doelgroep
    if v.voorwaarden:
        s["application_process"] = v.voorwaarden
    if v.leeftijd_geldt_voor == "inwoner":  # HSDS ages are the person's own; a child's age stays an attribute
        if v.leeftijd_min is not None:
            s["minimum_age"] = v.leeftijd_min
        if v.leeftijd_max is not None:
            s["maximum_age"] = v.leeftijd_max
    if v.laatst_geverifieerd:
        s["assured_date"] = v.laatst_geverifieerd.isoformat()
    if exported_at is not None:
        s["last_modified"] = exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if v.contact.telefoon:
        s["phones"] = [{"id": _uid("phone", v.id), "service_id": sid, "number": v.contact.telefoon}]
    s["service_areas"] = [{"id": _uid("service_area", v.id, g), "service_id": sid, "name": GEMEENTEN[g],
                           "description": "gemeente" + (f", kernen: {', '.join(v.kernen)}" if v.kernen else ""),
                           "extent_type": "geojson"} for g in v.gemeenten]
    for a in s["service_areas"]:
        a.pop("extent_type")
    s["attributes"] = [
        {"id": _uid("attribute", v.id, code, str(i), value), "link_id": sid, "link_type": "service",
         "link_entity": "service", "taxonomy_term_id": term_uuid(code), "value": value, "taxonomy_term": _term(code)}
        for i, (code, value) in enumerate(_attribute_pairs(v))
    ] + [
        {"id": _uid("attribute", v.id, "doelgroep", key), "link_id": sid, "link_type": "eligibility",
         "link_entity": "service", "taxonomy_term_id": doelgroep_term_uuid(key), "value": key,
         "taxonomy_term": _doelgroep_term(key)}
        for key in v.doelgroepen
    ]
    return s


def organizations(voorzieningen: Iterable[Voorziening]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for v in voorzieningen:
        org = organization_object(v.aanbieder)
        seen.setdefault(org["id"], org)
    return sorted(seen.values(), key=lambda o: o["name"].lower())


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})


def export_hsds(voorzieningen: Iterable[Voorziening], directory: Path | str, *,
                exported_at: datetime | None = None, validate: bool = True) -> dict[str, int]:
    """Write services.json, organizations.json and csv/ (+ datapackage.json). Returns counts."""
    items = list(voorzieningen)
    out = Path(directory)
    (out / "csv").mkdir(parents=True, exist_ok=True)
    stamp = exported_at or datetime.now(timezone.utc).replace(microsecond=0)
    services = [service_object(v, stamp) for v in items]
    orgs = organizations(items)
    if validate:
        problems = validate_hsds(services, orgs)
        if problems:
            raise HsdsError(problems)
    (out / "services.json").write_text(json.dumps(services, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "organizations.json").write_text(json.dumps(orgs, ensure_ascii=False, indent=2), encoding="utf-8")

    tables: dict[str, list[dict[str, Any]]] = {k: [] for k in CSV_KOLOMMEN}
    tables["organizations"] = orgs
    terms: dict[str, dict[str, Any]] = {}
    for s in services:
        tables["services"].append(s)
        tables["phones"].extend(s.get("phones", []))
        tables["service_areas"].extend(s.get("service_areas", []))
        for a in s["attributes"]:
            tables["attributes"].append(a)
            terms.setdefault(a["taxonomy_term_id"], a["taxonomy_term"])
    tables["taxonomy_terms"] = list(terms.values())
    tables["taxonomies"] = [{"id": TAXONOMIE_ID, "name": TAXONOMIE, "version": "2",
                             "description": "Velden van de sociale kaart van Toegang (trede, wet, leefgebieden, ...)"},
                            {"id": DOELGROEP_TAXONOMIE_ID, "name": DOELGROEP_TAXONOMIE, "version": "1",
                             "description": "Doelgroepen van de sociale kaart van Toegang (voor wie een voorziening is)"}]
    resources = []
    for name, columns in CSV_KOLOMMEN.items():
        _write_csv(out / "csv" / f"{name}.csv", columns, tables[name])
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": [{"name": c, "type": _csv_type(c)} for c in columns],
                                     "primaryKey": "id"}})
    package = {"name": "toegang-sociale-kaart", "title": "Sociale kaart (Toegang), Open Referral HSDS 3.0",
               "profile": "tabular-data-package", "version": stamp.date().isoformat(),
               "licenses": [{"name": "CC-BY-SA-4.0", "path": "https://creativecommons.org/licenses/by-sa/4.0/",
                             "title": "HSDS: Creative Commons Attribution-ShareAlike 4.0 (Open Referral)"}],
               "resources": resources}
    (out / "csv" / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2),
                                                  encoding="utf-8")
    return {"services": len(services), "organizations": len(orgs), "attributes": len(tables["attributes"])}


def _csv_type(column: str) -> str:
    if column in ("minimum_age", "maximum_age"):
        return "number"
    if column in ("assured_date",):
        return "date"
    if column == "last_modified":
        return "datetime"
    return "string"


def validate_hsds(services: list[dict], orgs: list[dict], schemas: Path | None = None) -> list[str]:
    """Problems (Dutch) against the compiled HSDS schemas in resources/hsds."""
    import jsonschema

    base = schemas or schema_dir()
    out: list[str] = []
    for name, objects in (("service", services), ("organization", orgs)):
        schema = json.loads((base / f"{name}.json").read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        validator = cls(schema)
        for obj in objects:
            for err in validator.iter_errors(obj):
                where = "/".join(str(p) for p in err.absolute_path) or "(hele object)"
                out.append(f"HSDS {name} '{obj.get('name', obj.get('id'))}', veld '{where}': {err.message}")
    return out


# -- import ---------------------------------------------------------------------------------------------
#
# Everything is checked before anything is returned: a file that is not HSDS, a service with a field of
# the wrong kind, a CSV package without services.csv or without its columns all come back as Dutch
# messages naming the file, the service and the field (HsdsError), never as a traceback; a package that
# holds no services at all is refused too, so "0 voorzieningen gelezen" never looks like success.

SERVICE_LIJSTEN = ("phones", "service_areas", "attributes")
SERVICE_TEKSTEN = ("name", "description", "url", "email", "status", "eligibility_description",
                   "application_process", "alternate_name", "id", "organization_id")
CSV_VERPLICHT = ("id", "name")


class _Fouten:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, text: str) -> None:
        self.messages.append(text)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise HsdsError([f"{path.name}: geen tekst in UTF-8; een HSDS-bestand is JSON in UTF-8"]) from None
    except OSError as exc:
        raise HsdsError([f"{path.name}: {leesfout(exc)}"]) from None
    except ValueError as exc:
        raise HsdsError([f"{path.name}: {leesfout(exc)}"]) from None
    except RecursionError:
        raise HsdsError([f"{path.name}: de JSON is te diep genest"]) from None


def _as_list(data: Any, bestand: str, fouten: _Fouten) -> list[dict]:
    if isinstance(data, dict) and "contents" in data:
        data = data["contents"]
        if not isinstance(data, list):
            fouten.add(f"{bestand}, veld 'contents': moet een lijst zijn")
            return []
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        out = []
        for pos, x in enumerate(data, start=1):
            if isinstance(x, dict):
                out.append(x)
            else:
                fouten.add(f"{bestand}, element {pos}: moet een object zijn (een HSDS-service of -organisatie)")
        return out
    fouten.add(f"{bestand}: moet een HSDS-object of een lijst met objecten zijn")
    return []


def _is_service(obj: dict) -> bool:
    return "status" in obj or "organization_id" in obj or "service_areas" in obj or "eligibility_description" in obj


def _services_from_json(objects: list[dict], bestand: str, fouten: _Fouten) -> list[dict]:
    """Services as found: top-level services, and services nested in organizations."""
    out: list[dict] = []
    for pos, obj in enumerate(objects, start=1):
        if _is_service(obj):
            out.append(obj)
        elif "service" in obj:  # a service_at_location
            if isinstance(obj["service"], dict):
                out.append(obj["service"])
            else:
                fouten.add(f"{bestand}, element {pos}, veld 'service': moet een object zijn")
        elif "services" in obj:  # an organization with its services
            services = obj.get("services")
            if not isinstance(services, list):
                fouten.add(f"{bestand}, element {pos}, veld 'services': moet een lijst met services zijn")
                continue
            for spos, sv in enumerate(services, start=1):
                if not isinstance(sv, dict):
                    fouten.add(f"{bestand}, element {pos}, services[{spos}]: moet een object zijn")
                    continue
                sv = dict(sv)
                sv.setdefault("organization", {k: obj.get(k) for k in ("id", "name", "description")})
                out.append(sv)
    return out


def _read_csv(path: Path, fouten: _Fouten, *, verplicht: tuple[str, ...] = ()) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames
            rows = [dict(r) for r in reader]
    except UnicodeDecodeError:
        fouten.add(f"{path.name}: geen tekst in UTF-8; sla het bestand op als CSV in UTF-8")
        return []
    except (OSError, csv.Error) as exc:
        fouten.add(f"{path.name}: geen leesbaar CSV-bestand ({exc})")
        return []
    if header is None:
        fouten.add(f"{path.name}: het bestand is leeg; de eerste regel moet de kolomnamen geven")
        return []
    missing = [c for c in verplicht if c not in header]
    if missing:
        wat = (f"kolom '{missing[0]}' ontbreekt" if len(missing) == 1 else
               "kolommen " + " en ".join(f"'{c}'" for c in missing) + " ontbreken")
        fouten.add(f"{path.name}: {wat} (gevonden: {', '.join(h for h in header if h) or 'geen'}); "
                   "HSDS-CSV gebruikt komma's als scheidingsteken")
        return []
    out = []
    for pos, r in enumerate(rows, start=2):
        if None in r:  # more values than columns
            fouten.add(f"{path.name}, regel {pos}: meer waarden dan kolommen")
            continue
        if "id" in verplicht and not (r.get("id") or "").strip():
            fouten.add(f"{path.name}, regel {pos}: kolom 'id' is leeg")
            continue
        out.append({k: (v or "") for k, v in r.items() if k is not None})
    return out


def _services_from_csv(folder: Path, fouten: _Fouten) -> list[dict]:
    if not (folder / "services.csv").is_file():
        fouten.add(f"{folder.name}: services.csv ontbreekt; een HSDS-datapakket heeft services.csv naast datapackage.json")
        return []
    services_rows = _read_csv(folder / "services.csv", fouten, verplicht=CSV_VERPLICHT)
    orgs = {r["id"]: r for r in _read_csv(folder / "organizations.csv", fouten) if r.get("id")}
    terms = {r["id"]: r for r in _read_csv(folder / "taxonomy_terms.csv", fouten) if r.get("id")}
    phones: dict[str, list[dict]] = {}
    for r in _read_csv(folder / "phones.csv", fouten):
        if r.get("service_id"):
            phones.setdefault(r["service_id"], []).append(r)
    areas: dict[str, list[dict]] = {}
    for r in _read_csv(folder / "service_areas.csv", fouten):
        if r.get("service_id"):
            areas.setdefault(r["service_id"], []).append(r)
    attrs: dict[str, list[dict]] = {}
    for r in _read_csv(folder / "attributes.csv", fouten):
        if r.get("link_id"):
            r = dict(r)
            term = terms.get(r.get("taxonomy_term_id") or "")
            if term:
                r["taxonomy_term"] = term
            attrs.setdefault(r["link_id"], []).append(r)
    out = []
    for pos, r in enumerate(services_rows, start=2):
        s: dict[str, Any] = {k: (v if v != "" else None) for k, v in r.items()}
        for key in ("minimum_age", "maximum_age"):
            if s.get(key) is not None:
                try:
                    s[key] = float(s[key])
                except ValueError:
                    fouten.add(f"services.csv, regel {pos}, kolom '{key}': '{s[key]}' is geen getal")
                    s[key] = None
        org = orgs.get(r.get("organization_id") or "")
        if org:
            s["organization"] = org
        s["phones"] = phones.get(r["id"], [])
        s["service_areas"] = areas.get(r["id"], [])
        s["attributes"] = attrs.get(r["id"], [])
        out.append(s)
    return out


def _collect(path: Path, fouten: _Fouten) -> list[dict]:
    if path.is_file():
        if path.suffix.lower() == ".csv" or path.name == "datapackage.json":
            return _services_from_csv(path.parent, fouten)
        return _services_from_json(_as_list(_read_json(path), path.name, fouten), path.name, fouten)
    if not path.is_dir():
        raise HsdsError([f"{path}: bestand of map bestaat niet"])
    if (path / "services.json").is_file():
        services = _services_from_json(_as_list(_read_json(path / "services.json"), "services.json", fouten),
                                       "services.json", fouten)
        orgs: dict[Any, dict] = {}
        if (path / "organizations.json").is_file():
            for o in _as_list(_read_json(path / "organizations.json"), "organizations.json", fouten):
                if isinstance(o.get("id"), (str, int)):
                    orgs[o["id"]] = o
        for s in services:
            oid = s.get("organization_id")
            if "organization" not in s and isinstance(oid, (str, int)) and oid in orgs:
                s["organization"] = orgs[oid]
        return services
    for folder in (path, path / "csv"):
        if (folder / "datapackage.json").is_file() or (folder / "services.csv").is_file():
            return _services_from_csv(folder, fouten)
    raise HsdsError([f"{path}: geen services.json, datapackage.json of csv-map gevonden"])


def _check_service(service: dict, where: str, fouten: _Fouten) -> bool:
    """The fields the import reads have the kind HSDS gives them; every problem is named."""
    ok = True
    name = service.get("name")
    if not isinstance(name, str) or not name.strip():
        fouten.add(f"{where}, veld 'name': {'ontbreekt' if name is None else 'moet tekst zijn'}; een service heeft een naam")
        ok = False
    for key in SERVICE_TEKSTEN:
        value = service.get(key)
        if key == "name" or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            fouten.add(f"{where}, veld '{key}': moet tekst zijn")
            ok = False
    for key in ("minimum_age", "maximum_age"):
        value = service.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            fouten.add(f"{where}, veld '{key}': moet een getal zijn")
            ok = False
    org = service.get("organization")
    if org is not None and not isinstance(org, dict):
        fouten.add(f"{where}, veld 'organization': moet een object zijn")
        ok = False
    elif isinstance(org, dict) and org.get("name") is not None and not isinstance(org.get("name"), str):
        fouten.add(f"{where}, veld 'organization.name': moet tekst zijn")
        ok = False
    for key in SERVICE_LIJSTEN:
        value = service.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            fouten.add(f"{where}, veld '{key}': moet een lijst zijn")
            ok = False
            continue
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                fouten.add(f"{where}, veld '{key}[{i}]': moet een object zijn")
                ok = False
            elif key == "attributes":
                term = item.get("taxonomy_term")
                if term is not None and not isinstance(term, dict):
                    fouten.add(f"{where}, veld 'attributes[{i}].taxonomy_term': moet een object zijn")
                    ok = False
                val = item.get("value")
                if val is not None and not isinstance(val, (str, int, float, bool)):
                    fouten.add(f"{where}, veld 'attributes[{i}].value': moet tekst zijn")
                    ok = False
            elif key == "phones" and item.get("number") is not None and not isinstance(item.get("number"), (str, int)):
                fouten.add(f"{where}, veld 'phones[{i}].number': moet tekst zijn")
                ok = False
            elif key == "service_areas" and item.get("name") is not None and not isinstance(item.get("name"), str):
                fouten.add(f"{where}, veld 'service_areas[{i}].name': moet tekst zijn")
                ok = False
    return ok


def _attr_code(a: dict, taxonomie: str, codes: Iterable[str], term_id) -> str | None:
    term = a.get("taxonomy_term") or {}
    code = term.get("code") if isinstance(term, dict) else None
    if code is None:
        code = next((c for c in codes if term_id(c) == a.get("taxonomy_term_id")), None)
    taxonomy = term.get("taxonomy") if isinstance(term, dict) else None
    if code in codes and (taxonomy in (None, taxonomie) or a.get("taxonomy_term_id") == term_id(code)):
        return code
    return None


def _our_attributes(service: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in service.get("attributes") or []:
        code = _attr_code(a, TAXONOMIE, ATTRIBUTEN, term_uuid)
        if code is not None:
            out.setdefault(code, []).append("" if a.get("value") is None else str(a.get("value")))
    return out


def _our_doelgroepen(service: dict) -> list[str]:
    out: list[str] = []
    for a in service.get("attributes") or []:
        code = _attr_code(a, DOELGROEP_TAXONOMIE, DOELGROEPEN, doelgroep_term_uuid)
        if code is not None and code not in out:
            out.append(code)
    return out


def _int(text: Any) -> int | None:
    if text is None or text == "":
        return None
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    t = str(value).strip()
    return t or None


def _json_items(values: list[str], where: str, code: str, fouten: _Fouten) -> list[dict]:
    out = []
    for value in values:
        try:
            item = json.loads(value)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            fouten.add(f"{where}, attribuut '{code}': '{value}' is geen JSON-object")
            continue
        out.append(item)
    return out


def service_to_dict(service: dict, where: str = "service", fouten: _Fouten | None = None) -> dict[str, Any]:
    """An HSDS service -> the Voorziening dict form (ours restored exactly; others defaulted for review)."""
    fouten = fouten if fouten is not None else _Fouten()
    a = _our_attributes(service)
    one = lambda code: a[code][0] if a.get(code) else None  # noqa: E731
    org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    phones = [p for p in service.get("phones") or [] if isinstance(p, dict) and p.get("number")]
    website = _text(service.get("url")) or one("website")
    ours = "toegang_id" in a
    if ours:
        gemeenten = a.get("gemeente", [])
        d: dict[str, Any] = {
            "id": one("toegang_id"), "gemeenten": gemeenten, "kernen": a.get("kern", []),
            "regionaal": one("regionaal") == "true", "trede": _int(one("trede")), "wet": one("wet"),
            "leefgebieden": a.get("leefgebied", []), "dimensies": a.get("dimensie", []),
            "doelgroep": _text(service.get("eligibility_description")),
            "leeftijd_min": _int(one("leeftijd_min")), "leeftijd_max": _int(one("leeftijd_max")),
            "inkomen_max_pct": _int(one("inkomen_max_pct")), "voorwaarden": one("voorwaarden"),
            "toegang": one("toegang"), "bron": a.get("bron", []),
            "laatst_geverifieerd": one("laatst_geverifieerd"), "actief": one("actief") != "false",
        }
        if one("zoekterm"):
            d["zoekterm"] = one("zoekterm")
        criteria: dict[str, list[str]] = {}
        for item in _json_items(a.get("criteria_bron", []), where, "criteria_bron", fouten):
            criteria.setdefault(str(item.get("criterium")), []).append(item.get("bron"))
        d.update({
            "doelgroepen": _our_doelgroepen(service),
            "leeftijd_geldt_voor": one("leeftijd_geldt_voor") or "inwoner",
            "kinderen_thuis": {"true": True, "false": False}.get(one("kinderen_thuis") or ""),
            "verblijfsstatus": a.get("verblijfsstatus", []), "crisis": a.get("crisis", []),
            "contra_indicaties": _json_items(a.get("contra_indicatie", []), where, "contra_indicatie", fouten),
            "alleen_bij": _json_items(a.get("alleen_bij", []), where, "alleen_bij", fouten),
            "criteria_bron": criteria, "beeindigd_op": one("beeindigd_op"), "gepland": one("gepland") == "true",
            "te_verifieren": a.get("te_verifieren", []),
        })
    else:
        namen = {str(x.get("name") or "").strip().lower() for x in service.get("service_areas") or []
                 if isinstance(x, dict)}
        gemeenten = [g for g, label in GEMEENTEN.items() if label.lower() in namen] or list(GEMEENTEN)
        voorwaarden = " ".join(t for t in (_text(service.get("application_process")), IMPORT_OPMERKING) if t)
        d = {
            "id": "hsds-" + str(service.get("id") or uuid.uuid4()).lower().replace("_", "-"),
            "gemeenten": gemeenten, "kernen": [], "regionaal": len(gemeenten) > 1, "trede": 2, "wet": None,
            "leefgebieden": [], "dimensies": [],
            "doelgroep": _text(service.get("eligibility_description")),
            "leeftijd_min": _int(service.get("minimum_age")), "leeftijd_max": _int(service.get("maximum_age")),
            "inkomen_max_pct": None, "voorwaarden": voorwaarden, "toegang": None,
            "bron": [f"HSDS-import, service {service.get('id')}"], "laatst_geverifieerd": None, "actief": False,
        }
    d["naam"] = _text(service.get("name")) or "(zonder naam)"
    d["aanbieder"] = _text(org.get("name")) or "te verifiëren"
    d["omschrijving"] = _text(service.get("description")) or d["naam"]
    d["contact"] = {"telefoon": _text(phones[0]["number"]) if phones else None, "email": _text(service.get("email")),
                    "website": website, "adres": one("adres")}
    if not ours and d["contact"]["website"] and not _is_url(d["contact"]["website"]):
        d["contact"]["website"] = None
    order = {k: i for i, k in enumerate(("id", "naam", "aanbieder", "gemeenten", "kernen", "regionaal", "trede", "wet",
                                         "leefgebieden", "dimensies", "omschrijving", "doelgroep", "leeftijd_min",
                                         "leeftijd_max", "inkomen_max_pct", "voorwaarden", "toegang", "contact",
                                         "bron", "laatst_geverifieerd", "actief", "zoekterm"))}
    return dict(sorted(d.items(), key=lambda kv: order.get(kv[0], 99)))


def import_hsds(path: Path | str) -> list[Voorziening]:
    """Voorzieningen from HSDS (JSON or CSV datapackage); raises HsdsError listing every problem.

    Nothing is returned unless the whole input reads: a wrong kind of field anywhere, or no services at
    all, refuses the import."""
    path = Path(path)
    fouten = _Fouten()
    services = _collect(path, fouten)
    out: list[Voorziening] = []
    seen: set[str] = set()
    for pos, s in enumerate(services, start=1):
        naam = s.get("name") if isinstance(s.get("name"), str) else None
        where = f"{path.name}, service {pos}" + (f" ('{naam}')" if naam else "")
        if not _check_service(s, where, fouten):
            continue
        d = service_to_dict(s, where, fouten)
        try:
            v = voorziening_from_dict(d, where)
        except KaartError as exc:
            fouten.messages.extend(exc.messages)
            continue
        if v.id in seen:
            continue  # the same service twice (e.g. listed and nested in its organization)
        seen.add(v.id)
        out.append(v)
    if not services and not fouten.messages:
        fouten.add(f"{path.name}: bevat geen voorzieningen (geen HSDS-services gevonden)")
    if fouten.messages:
        raise HsdsError(fouten.messages)
    return out
