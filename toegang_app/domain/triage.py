"""Triage: the one place that turns a conversation into the documented triage answer
(``shared/docs/uitvraag-format.md``): AVE proposal, ladder suggestions, locked maatwerk and legal
terms. The command line (``toegang-admin triage``) and the window (via services) both call
``triage``; ``triage_result`` gives the same as objects for the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from toegang_app.domain.ave import AveConfig, AveVoorstel, propose_phase
from toegang_app.domain.kaart import Voorziening
from toegang_app.domain.ladder import Advies, MatchingRules, suggest
from toegang_app.domain.termijnen import Termijn, TermijnConfig, bereken_termijnen, melding_wetten
from toegang_app.domain.uitvraag import Uitvraag


@dataclass
class TriageResult:
    ave: AveVoorstel
    advies: Advies
    termijnen: list[Termijn]
    wetten: tuple[str, ...] = ()       # the melding's laws (keys of vocab.MELDING_WETTEN)
    wetten_afgeleid: bool = False      # derived from the needs, not confirmed at the aanmelding


def triage_result(u: Uitvraag, voorzieningen: Iterable[Voorziening], ave_cfg: AveConfig,
                  rules: MatchingRules, termijn_cfg: TermijnConfig, peildatum: date | None = None, *,
                  starts: dict[str, date] | None = None, geboortedatum: date | None = None) -> TriageResult:
    if peildatum is None:
        peildatum = u.aanmelding.datum if u.aanmelding and u.aanmelding.datum else date.today()
    voorstel = propose_phase(u, ave_cfg)
    advies = suggest(u, voorzieningen, rules, peildatum, geboortedatum)
    wetten, afgeleid = melding_wetten(u, termijn_cfg, peildatum=peildatum, geboortedatum=geboortedatum)
    termijnen = bereken_termijnen(u, termijn_cfg, starts=starts, wetten=wetten,
                                  peildatum=peildatum, geboortedatum=geboortedatum)
    return TriageResult(voorstel, advies, termijnen, wetten, afgeleid)


def _suggestie_dict(s) -> dict:
    v = s.voorziening
    return {"id": v.id, "naam": v.naam, "aanbieder": v.aanbieder, "trede": v.trede, "wet": v.wet,
            "behoefte": s.behoefte, "reden": s.reden, "bron": "; ".join(v.bron)}


def result_to_dict(r: TriageResult, uitleg: bool = False) -> dict:
    """The documented triage answer (version 2) for a result; ``uitleg`` adds ``uitgesloten``."""
    a = r.advies
    out = {
        "ave": {"fase": r.ave.fase, "redenen": list(r.ave.redenen)},
        "behoeften": [
            {"sleutel": ba.behoefte.sleutel, "soort": ba.behoefte.soort, "ernst": ba.behoefte.ernst,
             "uitleg": ba.behoefte.uitleg, "suggesties": [s.voorziening.id for s in ba.suggesties]}
            for ba in a.behoeften
        ],
        "suggesties": [_suggestie_dict(s) for s in a.suggesties],
        "meer": [_suggestie_dict(s) for s in a.meer],
        "geblokkeerd": [
            {"id": s.voorziening.id, "naam": s.voorziening.naam, "trede": s.voorziening.trede,
             "wet": s.voorziening.wet, "behoefte": s.behoefte, "reden": s.reden}
            for s in a.geblokkeerd
        ],
        "termijnen": [
            {"wet": t.wet, "stap": t.stap, "uiterlijk": t.uiterlijk.isoformat(), "grondslag": t.grondslag}
            for t in r.termijnen
        ],
        "wetten": list(r.wetten),
        "wetten_afgeleid": r.wetten_afgeleid,
    }
    if uitleg:
        out["uitgesloten"] = [{"id": v.id, "naam": v.naam, "reden": reden} for v, reden in a.uitgesloten]
    return out


def triage(u: Uitvraag, voorzieningen: Iterable[Voorziening], ave_cfg: AveConfig, rules: MatchingRules,
           termijn_cfg: TermijnConfig, peildatum: date | None = None, *,
           starts: dict[str, date] | None = None, geboortedatum: date | None = None,
           uitleg: bool = False) -> dict:
    """The triage answer exactly as documented (version 2): ave, behoeften, suggesties (at most 12),
    meer, geblokkeerd, termijnen, wetten; with ``uitleg`` also uitgesloten. ``peildatum`` (for age)
    defaults to the aanmelding date, else today."""
    return result_to_dict(triage_result(u, voorzieningen, ave_cfg, rules, termijn_cfg, peildatum,
                                        starts=starts, geboortedatum=geboortedatum), uitleg=uitleg)
