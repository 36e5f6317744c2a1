"""Side panels of the conversation editor (Gesprekken screen), in tab order.

Each entry: key, Dutch tab title, panel class. A panel is a QWidget built as ``Panel(ctx, gesprek)``,
where ``gesprek`` is the open conversation (``ui.gesprek_model.OpenGesprek``). The panel subscribes to
its signals and never calls the editor:

- ``gesprek.geladen(dossier)``: a conversation was opened or a new one started (``dossier.gesprek_id``
  is None until first saved), or ``None`` when the editor closed;
- ``gesprek.invoer_gewijzigd(uitvraag)``: the form changed (debounced, at most ~every 120 ms); the
  current ``domain.uitvraag.Uitvraag``. Panels recompute cheaply here (suggestions, AVE proposal, legal
  terms); they must not write to the database from this signal;
- ``gesprek.verwijzingen_gewijzigd(info)``: a referral was made (None) or changed (its VerwijzingInfo);
- ``gesprek.opgeslagen(versie)``: the conversation was stored or its version bumped.

What a panel may ask of the open conversation: ``gesprek.gesprek_id``, ``gesprek.versie``,
``gesprek.geboortedatum``, ``gesprek.uitvraag`` (the last announced), ``gesprek.shell``;
``gesprek.zorg_voor_opslag() -> int | None`` stores the conversation (validating it) and returns its
id, or None after the worker was shown a Dutch message; after its own write that bumped the version a
panel calls ``gesprek.nieuwe_versie(versie, ...)``, after a referral change
``gesprek.verwijzing_gewijzigd(info)``.

A panel that fails to build is skipped (logged), so one broken panel never blocks a conversation.
"""

from __future__ import annotations

from toegang_app.ui.panels.ave import AvePanel
from toegang_app.ui.panels.suggesties import SuggestiesPanel
from toegang_app.ui.panels.termijnen import TermijnenPanel
from toegang_app.ui.panels.verwijzingen import VerwijzingenPanel

PANELS: list[tuple[str, str, type]] = [
    ("suggesties", "Suggesties", SuggestiesPanel),
    ("ave", "AVE-fase", AvePanel),
    ("verwijzingen", "Verwijzingen", VerwijzingenPanel),
    ("termijnen", "Termijnen", TermijnenPanel),
]
