"""The main screens, in navigation order. Each entry: key, Dutch title, module, class name."""

SCREENS: list[tuple[str, str, str, str]] = [
    ("gesprekken", "Gesprekken", "toegang_app.ui.screens.placeholder", "GesprekkenPlaceholder"),
    ("werkvoorraad", "Werkvoorraad", "toegang_app.ui.screens.placeholder", "WerkvoorraadPlaceholder"),
    ("kaart", "Sociale kaart", "toegang_app.ui.screens.kaart", "KaartScherm"),
    ("statistiek", "Statistiek", "toegang_app.ui.screens.statistiek", "StatistiekScherm"),
    ("beheer", "Beheer", "toegang_app.ui.screens.placeholder", "BeheerPlaceholder"),
]
