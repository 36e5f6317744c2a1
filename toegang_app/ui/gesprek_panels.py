"""Side panels of the conversation editor (Gesprekken screen), in tab order.

Each entry: key, Dutch tab title, module, class name. A panel is a QWidget built as
``Panel(ctx, editor)`` and implements:

- ``set_dossier(dossier)``: a conversation was opened or a new one started. ``dossier`` is a
  ``services.gesprekken.GesprekDossier`` (``dossier.gesprek_id`` is None until first saved) or None
  when the editor is empty.
- ``uitvraag_changed(uitvraag)``: the form changed (debounced, at most ~every 150 ms); ``uitvraag`` is
  the current ``domain.uitvraag.Uitvraag``. Panels recompute cheaply here (suggestions, AVE proposal,
  legal terms); they must not write to the database from this call.

The editor offers panels:

- ``editor.gesprek_id`` (int | None), ``editor.current_uitvraag()``;
- ``editor.ensure_saved() -> int | None``: stores the conversation (validating it) and returns its id,
  or None after showing the worker a Dutch message (e.g. missing name);
- ``editor.verwijzingen_gewijzigd()``: call after adding or changing referrals so other panels refresh;
- ``editor.ave_gewijzigd()``: call after the confirmed AVE phase changed.

A panel module that is missing is skipped (logged), so one broken panel never blocks a conversation.
"""

from __future__ import annotations

PANELS: list[tuple[str, str, str, str]] = [
    ("suggesties", "Suggesties", "toegang_app.ui.panels.suggesties", "SuggestiesPanel"),
    ("ave", "AVE-fase", "toegang_app.ui.panels.ave", "AvePanel"),
    ("veiligheid", "Veiligheid", "toegang_app.ui.panels.veiligheid", "VeiligheidPanel"),
    ("verwijzingen", "Verwijzingen", "toegang_app.ui.panels.verwijzingen", "VerwijzingenPanel"),
    ("termijnen", "Termijnen", "toegang_app.ui.panels.termijnen", "TermijnenPanel"),
]
