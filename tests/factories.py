"""Synthetic test data written straight through the models (no personal data: names are invented)."""

from __future__ import annotations

from datetime import date, datetime

from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import Gesprek, GesprekDimensie, Inwoner, Signaal

MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw-hb", naam="Medewerker Haaksbergen", rol="medewerker",
                         team="haaksbergen")
MEDEWERKER_TW = CurrentUser(id=None, gebruikersnaam="mw-tw", naam="Medewerker Twenterand", rol="medewerker",
                            team="twenterand")
REGISSEUR = CurrentUser(id=None, gebruikersnaam="pr-hb", naam="Procesregisseur Haaksbergen", rol="procesregisseur",
                        team="haaksbergen")
TEAMLEIDER = CurrentUser(id=None, gebruikersnaam="tl-hb", naam="Teamleider Haaksbergen", rol="teamleider",
                         team="haaksbergen")
BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)


def maak_gesprek(ctx, *, naam: str = "Test Inwoner (synthetisch)", gemeente: str = "haaksbergen",
                 kern: str | None = "Haaksbergen", geboortedatum: date | None = date(1980, 5, 17),
                 aanmelding: date | None = None, scores: dict[str, int] | None = None,
                 signalen: list[tuple[str, int]] | None = None, **gesprek_velden) -> int:
    """Insert one synthetic resident with one conversation; returns the gesprek id."""
    now = datetime.now()
    with ctx.sessions.begin() as s:
        inw = Inwoner(naam=naam, zoeknaam=naam.lower(), geboortedatum=geboortedatum,
                      geboortejaar=geboortedatum.year if geboortedatum else None, gemeente=gemeente, kern=kern,
                      synthetisch=True, aangemaakt_op=now, gewijzigd_op=now)
        s.add(inw)
        s.flush()
        g = Gesprek(inwoner_id=inw.id, team=gemeente, gemeente=gemeente, kern=kern, synthetisch=True,
                    aanmelding_datum=aanmelding or date.today(), aangemaakt_op=now, gewijzigd_op=now,
                    **gesprek_velden)
        s.add(g)
        s.flush()
        for i, (dim, score) in enumerate((scores or {}).items()):
            s.add(GesprekDimensie(gesprek_id=g.id, dimensie=dim, volgorde=i, score=score))
        for lg, ernst in signalen or []:
            s.add(Signaal(gesprek_id=g.id, leefgebied=lg, ernst=ernst))
        return g.id


CLI_WACHTWOORD = "lange zin voor de opdrachtregel"


def cli_gebruiker(rol: str = "beheerder", team: str | None = None) -> str:
    """Make toegang-admin sign in as a user of ``rol`` without a prompt: the user ``cli-<rol>`` in the
    configured database (TOEGANG_DATA_DIR / TOEGANG_DATABASE_URL), linked to the OS account that runs the
    tests (the link moves from any earlier cli user). Password CLI_WACHTWOORD. Returns the user name."""
    import getpass

    from toegang_app.config import load_config
    from toegang_app.services import gebruikers as gs
    from toegang_app.services.context import open_context

    if team is None and rol in gs.ROLLEN_MET_TEAM:
        team = "haaksbergen"
    naam = f"cli-{rol}" + (f"-{team}" if team else "")
    ctx = open_context(load_config(), load=False)
    try:
        ctx.user = BEHEERDER
        rijen = {g.gebruikersnaam: g for g in gs.lijst_gebruikers(ctx)}
        account = gs.normaliseer_os_account(getpass.getuser())
        for g in rijen.values():
            if g.os_account == account and g.gebruikersnaam != naam:
                gs.wijzig_gebruiker(ctx, g.id, os_account=None)
        if naam in rijen:
            gs.wijzig_gebruiker(ctx, rijen[naam].id, os_account=account)
        else:
            gs.maak_gebruiker(ctx, naam, f"CLI {rol} (test)", rol, team, wachtwoord=CLI_WACHTWOORD,
                              os_account=account)
    finally:
        ctx.close()
    return naam


def open_nieuw_gesprek(qtbot, ctx):
    """The main window on screen with a new conversation open (Ctrl+N); returns the editor."""
    from PySide6.QtCore import Qt

    from toegang_app.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    s = w.show_screen("gesprekken")
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return s.editor
