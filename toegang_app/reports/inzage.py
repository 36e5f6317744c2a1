"""The answer to an inzage request (AVG art. 15) as a readable PDF in plain Dutch (B1).

Plain data in: the dictionary of ``services.inzage.inzage_gegevens`` (the same content as the JSON
file), a PDF out. Every section says in a sentence what it is; derived data carries its source.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer

from toegang_app.domain import nl, vocab
from toegang_app.domain.rechten import REIKWIJDTEN
from toegang_app.reports.handout import _body_width, _build, _grid_table, _kv_table, _para, _styles, _t

TITEL = "Wat Toegang over u heeft vastgelegd"
BASE = 10.0
LEEG = "niet vastgelegd"


def _d(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return nl.datum_tijd(value) if isinstance(value, datetime) else nl.datum(value)


def _v(value) -> str:
    if value is None or value == "" or value == []:
        return LEEG
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    return str(value)


def _story(data: dict[str, Any]) -> list:
    st = _styles(BASE)
    width = _body_width()
    lw = 4.8 * cm
    i = data["inwoner"]
    story: list = [Paragraph(TITEL, st["title"]),
                   Paragraph("Antwoord op uw verzoek om inzage (AVG artikel 15)", st["label"]), Spacer(1, 6),
                   Paragraph("U vroeg welke gegevens wij over u hebben. Hieronder staat alles wat in Toegang over u "
                             "is vastgelegd: uw gegevens, uw gesprekken, verwijzingen, termijnen en wie uw dossier "
                             "heeft bekeken of gewijzigd. Over andere mensen staat hier niets: van huisgenoten staat "
                             "alleen hun rol. Klopt er iets niet? Dan mag u vragen het te verbeteren (AVG artikel "
                             "16).", st["body"])]
    if i.get("synthetisch"):
        story.append(Paragraph("Let op: dit zijn verzonnen testgegevens (synthetisch).", st["warn"]))
    story.append(Paragraph("Uw gegevens", st["h1"]))
    story.append(_kv_table([
        ("Naam", _v(i.get("naam"))), ("Geboortedatum", _d(i.get("geboortedatum")) or _v(i.get("geboortejaar"))),
        ("Gemeente", vocab.GEMEENTEN.get(i.get("gemeente"), _v(i.get("gemeente")))), ("Kern", _v(i.get("kern"))),
        ("Postcode", _v(i.get("postcode"))), ("Telefoon", _v(i.get("telefoon"))), ("E-mail", _v(i.get("email"))),
        ("BSN", _v(i.get("bsn"))), ("Taal van uw samenvatting", _v(i.get("taal_samenvatting"))),
        ("Vastgelegd op", _d(i.get("aangemaakt_op"))), ("Laatst gewijzigd", _d(i.get("gewijzigd_op"))),
    ], st, width, lw))

    story.append(Paragraph("Wie u vertegenwoordigt", st["h1"]))
    if data["vertegenwoordigers"]:
        for r in data["vertegenwoordigers"]:
            story.append(_kv_table([
                (r["soort_label"], r["naam"]), ("Grondslag", r["grondslag"]),
                ("Waarvoor", _v([REIKWIJDTEN.get(x, x).lower() for x in r["reikwijdte"]])),
                ("Tot", _d(r["geldig_tot"]) or "geen einddatum"), ("Beëindigd", _d(r["beeindigd_op"]) or "nee"),
            ], st, width, lw))
    else:
        story.append(Paragraph("Niemand vastgelegd.", st["missing"]))

    for g in data["gesprekken"]:
        story.append(Paragraph(f"Gesprek {g['id']} van {_d(g['aanmelding_datum'])}", st["h1"]))
        rows = [("Status", _v(g["status"])), ("Kanaal", vocab.KANALEN.get(g["kanaal"], _v(g["kanaal"]))),
                ("Wie meldde", vocab.MELDERS.get(g["melder"], _v(g["melder"]))), ("Uw vraag", _v(g["vraag"])),
                ("Huishouden", vocab.HUISHOUDENS.get(g["huishouden"], _v(g["huishouden"]))),
                ("Inkomen (% bijstandsnorm)", _v(g["inkomen_pct"]))]
        rows += [(label, _v(g.get(k))) for k, label in {**vocab.CRISIS, **vocab.VEILIGHEID}.items()]
        rows += [("Wat is belangrijk", _v(g["wat_belangrijk"])), ("Wat wilt u veranderen", _v(g["wat_veranderen"])),
                 ("Wie of wat kan helpen", _v(g["wie_helpen"])), ("Eigen kracht", _v(g["eigen_kracht"])),
                 ("Mantelzorger", _v(g["mantelzorger"])), ("Mantelzorger zwaar belast", _v(g["mantelzorger_overbelast"])),
                 ("Steun van", _v(g["steun_van"])), ("Afspraken", _v(g["afspraken"])), ("Plan", _v(g["plan"])),
                 ("AVE-fase", _v(g["ave_fase"])), ("Bewaard onder", _v(g["bewaarwet"])),
                 ("Afgesloten op", _d(g["afgesloten_op"]) or "nog open"),
                 ("Taal van de samenvatting", _v(g["taal_samenvatting"]))]
        story.append(_kv_table([(a, _para(b, st["cell"])) for a, b in rows], st, width, lw))
        if g["dimensies"]:
            story.append(Paragraph("Positieve Gezondheid", st["h2"]))
            story.append(_grid_table(["Onderdeel", "Cijfer", "Over praten", "Notitie"], [
                [vocab.DIMENSIES.get(k, k), _v(v["score"]), _v(v["bespreken"]), _para(v["notitie"] or "", st["cell"])]
                for k, v in g["dimensies"].items()], st, [width * 0.28, width * 0.12, width * 0.15, width * 0.45]))
        if g["signalen"]:
            story.append(Paragraph("Leefgebieden", st["h2"]))
            story.append(_grid_table(["Leefgebied", "Ernst", "Toelichting"], [
                [vocab.LEEFGEBIEDEN.get(x["leefgebied"], x["leefgebied"]), _v(x["ernst"]),
                 _para(x["toelichting"] or "", st["cell"])] for x in g["signalen"]], st,
                [width * 0.3, width * 0.12, width * 0.58]))
        if g["betrokkenen"]:
            story.append(Paragraph("Huisgenoten (alleen hun rol)", st["h2"]))
            story.append(Paragraph(_t("; ".join(b["rol_label"] for b in g["betrokkenen"])), st["body"]))
        for o in g["onderbouwingen"]:
            story.append(Paragraph(f"Onderbouwing {_t(vocab.LEEFGEBIEDEN.get(o['leefgebied'], o['leefgebied']))}",
                                   st["h2"]))
            story.append(_para(o["toelichting"], st["body"]))
        if g["ave_historie"]:
            story.append(Paragraph("AVE-fase: hoe die veranderde", st["h2"]))
            story.append(_grid_table(["Datum", "Van", "Naar", "Voorstel Toegang", "Reden", "Door"], [
                [_d(w["op"]), _v(w["van"]), _v(w["naar"]), _v(w["voorstel_toegang"]), _para(w["reden"] or "", st["cell"]),
                 _v(w["medewerker"])] for w in g["ave_historie"]], st,
                [width * 0.18, width * 0.08, width * 0.08, width * 0.16, width * 0.32, width * 0.18]))
        if g["termijnen"]:
            story.append(Paragraph("Termijnen (met de wet waar ze uit volgen)", st["h2"]))
            story.append(_grid_table(["Wet", "Stap", "Uiterlijk", "Bron", "Klaar"], [
                [t["wet"], _para(t["stap"], st["cell"]), _d(t["uiterlijk"]), _para(t["bron"], st["cell"]),
                 _d(t["afgerond_op"]) or (t["niet_van_toepassing"] and "niet van toepassing") or "open"]
                for t in g["termijnen"]], st, [width * 0.14, width * 0.3, width * 0.16, width * 0.24, width * 0.16]))
        for v in g["verwijzingen"]:
            story.append(Paragraph(f"Verwijzing: {_t(v['voorziening'])}", st["h2"]))
            story.append(_kv_table([
                ("Aanbieder", _v(v["aanbieder"])), ("Datum", _d(v["datum"])), ("Hoe", _v(v["overdracht"])),
                ("Toestemming", _v(v["toestemming"]) + (f", door {v['toestemming_door']}" if v["toestemming_door"] else "")),
                ("Mag gedeeld worden", _para(v["mag_gedeeld"] or LEEG, st["cell"])), ("Stand", _v(v["status"])),
                ("Notitie", _para(v["notitie"] or LEEG, st["cell"])),
                ("Geschiedenis", _para("; ".join(f"{_d(h['op'])} {h['status']}" for h in v["historie"]), st["cell"])),
            ], st, width, lw))
        for r in g["verslagen"]:
            story.append(Paragraph(f"Verslag van het onderzoek {r['volgnummer']} ({_d(r['datum'])})", st["h2"]))
            story.append(_kv_table([(f"Punt {k}", _para(t, st["cell"])) for k, t in r["punten"].items()]
                                   + [("Uitkomst", _para(r["uitkomst"], st["cell"])), ("Volgende stap", r["vervolg"]),
                                      ("Uw reactie", _v(r["reactie_soort"]) + (f": {r['reactie']}" if r["reactie"] else ""))],
                                   st, width, lw))
        for a in g["aanvragen"]:
            story.append(Paragraph(f"Aanvraag ({_t(a['wet'])}) van {_d(a['aanvraag_datum'])}, doorgegeven aan "
                                   f"{_t(a['naar'])}", st["body"]))

    if data["genoemd_bij_anderen"]:
        story.append(Paragraph("U wordt genoemd in het gesprek van iemand anders", st["h1"]))
        story.append(Paragraph("Alleen uw rol staat daar; de gegevens van die ander staan niet in dit overzicht.",
                               st["small"]))
        story.append(_grid_table(["Rol", "Sinds"], [[b["rol_label"], _d(b["sinds"])] for b in data["genoemd_bij_anderen"]],
                                 st, [width * 0.6, width * 0.4]))

    story.append(Paragraph("Uw verzoeken en verbeteringen", st["h1"]))
    if data["avg_verzoeken"]:
        story.append(_grid_table(["Verzoek", "Ontvangen", "Uiterlijk antwoord", "Beantwoord"], [
            [r["soort"], _d(r["ontvangen_op"]), _d(r["uiterlijk"]), _d(r["beantwoord_op"]) or "nog niet"]
            for r in data["avg_verzoeken"]], st, [width * 0.25] * 4))
    for c in data["correcties"]:
        story.append(Paragraph(f"Verbeterd: {_t(c['veld'])} ({_t(c['object'])}) op {_d(c['op'])}. Reden: "
                               f"{_t(c['reden'])}", st["body"]))

    story.append(Paragraph("Wie uw gegevens bekeek of wijzigde", st["h1"]))
    story.append(Paragraph("Elke keer dat een medewerker uw dossier opende, wijzigde of afdrukte.", st["small"]))
    if data["audit"]:
        story.append(_grid_table(["Wanneer", "Wie", "Wat", "Welk gegeven"], [
            [_d(a["op"]), _v(a["gebruiker"]), f"{a['actie']} ({a['object']} {a['object_id'] or ''})".strip(),
             _para(" ".join(x for x in (a["veld"] or "", a["toelichting"] or "") if x), st["cell"])]
            for a in data["audit"]], st, [width * 0.2, width * 0.18, width * 0.27, width * 0.35]))
    story.append(Paragraph("Waar afgeleide gegevens vandaan komen", st["h1"]))
    story.append(_kv_table([(k, _para(v, st["cell"])) for k, v in data["bronnen"].items()], st, width, lw))
    return story


def maak_inzage(data: dict[str, Any], path: Path | str) -> Path:
    footer = f"inzage inwoner {data['inwoner']['id']} \u00b7 gemaakt {_d(data['gemaakt_op'])}"
    return _build(path, _story(data), TITEL, "Vertrouwelijk: persoonsgegevens", footer, BASE)
