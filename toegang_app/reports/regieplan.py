"""The household plan on paper: a B1 summary for the household ("Ons plan") and a copy for one party
that holds only what the household consented to share. Plain domain objects in (domain.regie.PlanAfdruk,
already reduced to the safe or partner version by the service), a PDF out."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Paragraph, Spacer

from toegang_app.domain import nl
from toegang_app.domain.regie import DELEN, OVERLEG_SOORTEN, PlanAfdruk, b1_afspraak
from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.reports.handout import _body_width, _bullets, _build, _grid_table, _kv_table, _para, _styles, _t

BASE = 12.0  # B1 summary: large, calm type


def _kop(p: PlanAfdruk, st, titel: str) -> list:
    story = [Paragraph(_t(titel), st["title"])]
    if p.synthetisch:
        story.append(Paragraph("Demogegevens: deze persoon is verzonnen (synthetisch).", st["warn"]))
    return story


def _contact(p: PlanAfdruk, st) -> list:
    balie = p.balie or f"Balie van {p.gemeente}"
    contact = p.balie_contact or f"contactgegevens {TE_VERIFIEREN}"
    return [Paragraph("Vragen?", st["h1"]),
            Paragraph(_t(f"Bel of mail {balie}: {contact}."
                         + (f" Uw regisseur is {p.regisseur}." if p.regisseur else "")), st["body"])]


def _samenvatting_story(p: PlanAfdruk) -> list:
    st = _styles(BASE)
    w = _body_width()
    story = _kop(p, st, "Ons plan")
    story.append(Paragraph(_t(f"Voor {p.inwoner_naam}. Gemaakt op {nl.datum_lang(p.datum)}."), st["body"]))
    story.append(Paragraph(_t("Eén gezin, één plan. Hierin staat wat u wilt bereiken, wie u daarbij helpt en wat "
                              "we hebben afgesproken."), st["body"]))
    if p.regisseur:
        story.append(Paragraph(_t(f"Uw regisseur: {p.regisseur}. Die houdt het overzicht en is uw vaste "
                                  "aanspreekpunt."), st["body"]))
    story.append(Paragraph("Wat u wilt bereiken", st["h1"]))
    if p.doelen:
        story.append(_bullets([f"{d.label}: {d.doel.rstrip('.')}." + (" Gelukt!" if d.bereikt_op else "")
                               for d in p.doelen], st))
    else:
        story.append(Paragraph("Dit schrijven we samen op bij het volgende gesprek.", st["body"]))
    story.append(Paragraph("Wat we afspreken", st["h1"]))
    if p.afspraken:
        story.append(_bullets([b1_afspraak(a) for a in p.afspraken], st))
    else:
        story.append(Paragraph("Nog geen afspraken.", st["body"]))
    if p.partijen:
        story.append(Paragraph("Wie helpt er mee", st["h1"]))
        story.append(_bullets([x.organisatie + (f", contactpersoon {x.contactpersoon}" if x.contactpersoon else "")
                               + (f": {x.rol}" if x.rol else "") for x in p.partijen], st))
    if p.evaluatiedatum:
        story.append(Paragraph("Wanneer kijken we samen terug", st["h1"]))
        story.append(Paragraph(_t(f"Op {nl.datum_lang(p.evaluatiedatum)} kijken we samen of het plan werkt."),
                               st["body"]))
    story += _contact(p, st)
    return story


def maak_plan_samenvatting(p: PlanAfdruk, path: Path | str) -> Path:
    return _build(path, _samenvatting_story(p), "Ons plan", None, f"Ons plan · {p.gemeente}", BASE)


def _partner_story(p: PlanAfdruk) -> list:
    st = _styles(10.5)
    w = _body_width()
    partij = p.partijen[0]
    story = _kop(p, st, f"Plan {p.model_naam}: kopie voor {partij.organisatie}")
    delen = [DELEN[d] for d in partij.delen]
    story.append(Paragraph(_t(f"Met toestemming van het gezin (vastgelegd op {nl.datum(partij.toestemming_op)}) "
                              f"gedeeld: {', '.join(delen)}. Andere onderdelen van het plan staan hier bewust niet "
                              "in."), st["small"]))
    story.append(Spacer(1, 6))
    story.append(_kv_table([("Inwoner", p.inwoner_naam), ("Gemeente", p.gemeente),
                            ("Regisseur", p.regisseur or TE_VERIFIEREN),
                            ("Uw rol", partij.rol or "niet vastgelegd"),
                            ("Volgende evaluatie", nl.datum(p.evaluatiedatum) or "nog niet gepland")], st, w, 4.2 * 28.35))
    if "doelen" in partij.delen:
        story.append(Paragraph("Doelen", st["h1"]))
        story.append(_grid_table(["Leefgebied", "Doel"], [[d.label, d.doel] for d in p.doelen], st, [4.5 * 28.35, w - 4.5 * 28.35])
                     if p.doelen else _para(None, st["body"], "geen doelen vastgelegd", st["missing"]))
    if "afspraken" in partij.delen:
        story.append(Paragraph("Afspraken", st["h1"]))
        story.append(_grid_table(["Wie", "Wat", "Uiterlijk", "Status"],
                                 [[a.wie, a.wat, nl.datum(a.uiterlijk) or "", a.status_label
                                   + (f": {a.status_reden}" if a.status_reden else "")] for a in p.afspraken],
                                 st, [3.6 * 28.35, w - 10.4 * 28.35, 2.6 * 28.35, 4.2 * 28.35])
                     if p.afspraken else _para(None, st["body"], "geen afspraken vastgelegd", st["missing"]))
    if "overleggen" in partij.delen:
        story.append(Paragraph("Besluiten van MDO en evaluaties", st["h1"]))
        story.append(_grid_table(["Datum", "Overleg", "Besluiten"],
                                 [[nl.datum(o.datum), OVERLEG_SOORTEN.get(o.soort, o.soort).split(" (")[0],
                                   o.besluiten or "gepland"]
                                  for o in p.overleggen], st, [2.6 * 28.35, 2.8 * 28.35, w - 5.4 * 28.35])
                     if p.overleggen else _para(None, st["body"], "nog geen overleg vastgelegd", st["missing"]))
    return story


def maak_partnerkopie(p: PlanAfdruk, path: Path | str) -> Path:
    partij = p.partijen[0]
    return _build(path, _partner_story(p), f"Plan: kopie voor {partij.organisatie}", "Vertrouwelijk",
                  f"Kopie voor {partij.organisatie} · {p.gemeente}", 10.5)
