"""The main screens, in navigation order.

Each entry: key, Dutch title, module, class name, and the permissions of which the signed-in user needs
at least one to see the screen (services enforce the same permissions again; hiding is a courtesy).
"""

from toegang_app.services.auth import (
    AUDIT_LEZEN,
    AVE_REGIE,
    BEWAREN_BEHEER,
    GEBRUIKERS_BEHEER,
    GESPREK_LEZEN,
    KAART_LEZEN,
    REGIE_TOEWIJZEN,
    STATISTIEK,
)

SCREENS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("gesprekken", "Gesprekken", "toegang_app.ui.screens.gesprekken", "GesprekkenScherm", (GESPREK_LEZEN,)),
    ("werkvoorraad", "Werkvoorraad", "toegang_app.ui.screens.werkvoorraad", "WerkvoorraadScherm", (GESPREK_LEZEN,)),
    ("casussen", "AVE-casussen", "toegang_app.ui.screens.casussen", "CasussenScherm", (AVE_REGIE,)),
    ("regie", "Procesregie", "toegang_app.ui.screens.regie", "RegieScherm", (AVE_REGIE, REGIE_TOEWIJZEN)),
    ("kaart", "Sociale kaart", "toegang_app.ui.screens.kaart", "KaartScherm", (KAART_LEZEN,)),
    ("statistiek", "Statistiek", "toegang_app.ui.screens.statistiek", "StatistiekScherm", (STATISTIEK,)),
    ("beheer", "Beheer", "toegang_app.ui.screens.beheer", "BeheerScherm",
     (GEBRUIKERS_BEHEER, AUDIT_LEZEN, BEWAREN_BEHEER)),
]


def screens_for(user) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """The screens ``user`` may see; all of them when nobody is signed in (self-test, screenshots)."""
    if user is None:
        return list(SCREENS)
    return [s for s in SCREENS if any(user.may(p) for p in s[4])]
