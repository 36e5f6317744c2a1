"""Every window and dialog the app can open, built on one rich synthetic conversation (an AVE 3 case
with a safety concern, a referral and legal terms), for the walks in tests/ui/test_toegankelijk.py.

``alle_dialogen(ctx, parent)`` yields (name, dialog) for every dialog class in toegang_app/ui (the
test checks that no dialog class is missing from it); ``rijk_gesprek(ctx)`` stores the conversation.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.factories import BEHEERDER, REGISSEUR
from toegang_app.services import gesprekken as svc

# classes that are not dialogs a user sees on their own
NIET_LOS = {"Dialoog"}  # the frame of the beheer dialogs (screens/beheer/common.py)


def dialoog_klassen() -> dict[str, type]:
    """Every QDialog subclass defined in toegang_app.ui (by class name)."""
    import toegang_app.ui as ui

    out: dict[str, type] = {}
    for mod in pkgutil.walk_packages(ui.__path__, "toegang_app.ui."):
        m = importlib.import_module(mod.name)
        for name, obj in inspect.getmembers(m, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__ == m.__name__ and name not in NIET_LOS:
                out[name] = obj
    return out


def rijk_gesprek(ctx) -> int:
    """An AVE 3 conversation with a suspicion of domestic violence and a referral (as a procesregisseur)."""
    from toegang_app.services import ave
    from toegang_app.services import verwijzingen as vsvc
    from toegang_app.services.demo_gesprek import demo_dossier
    from toegang_app.services.kaart import effectieve_kaart

    ctx.user = REGISSEUR
    d = demo_dossier(ctx)
    d.signalen += [svc.SignaalInvoer("schulden", 3, "achterstand"), svc.SignaalInvoer("wonen", 3, "")]
    d.samenwerking_stagneert, d.betrokken_partijen = True, 4
    d.veiligheid["vermoeden_huiselijk_geweld"] = True
    d.wetten = ["wmo"]
    d.aanvragen = [("wmo", date.today(), "hulp bij het huishouden")]
    stored = svc.bewaar_gesprek(ctx, d, None)
    gid = stored.gesprek_id
    ave.bevestig_fase(ctx, gid, 3, voorgestelde_fase=3)
    vid = next(v.id for v in effectieve_kaart(ctx) if v.actief and v.trede <= 2)
    vsvc.maak_verwijzing(ctx, gid, vid, overdracht="warme_overdracht", toestemming=True,
                         toestemming_delen="naam en telefoon", opvolgdatum=date.today())
    return gid


def alle_dialogen(ctx, gid: int, parent=None):
    """(name, dialog) for every dialog the app opens, built as the app builds them."""
    from toegang_app.services import termijnen as tsvc
    from toegang_app.services import veiligheid as vlsvc
    from toegang_app.services import verwijzingen as vsvc
    from toegang_app.services.gebruikers import lijst_gebruikers
    from toegang_app.services.kaart import effectieve_kaart
    from toegang_app.ui import aanmelden, meldcode_dialoog, overdracht_dialoog, plan_dialoog
    from toegang_app.ui import rechten_dialogen as rd
    from toegang_app.ui import termijn_dialoog as td
    from toegang_app.ui import verwijzing_dialoog, voorziening_dialoog
    from toegang_app.ui.gesprek_editor import DubbeleInwonerDialoog
    from toegang_app.ui.panels.suggesties import OnderbouwingDialoog
    from toegang_app.ui.panels.verwijzingen import StatusDialoog
    from toegang_app.ui.screens.beheer.bewaartermijnen import VerzoekDialoog
    from toegang_app.ui.screens.beheer.gebruikers import GebruikerDialoog, WachtwoordDialoog
    from toegang_app.ui.screens.beheer.kalender import SluitingsdagDialoog

    ctx.user = REGISSEUR
    d = svc.laad_gesprek(ctx, gid, audit_view=False)
    [verwijzing] = vsvc.verwijzingen_van(ctx, gid, audit_view=False)
    termijn = tsvc.termijnen_voor_gesprek(ctx, gid)[0]
    yield "DubbeleInwonerDialoog", DubbeleInwonerDialoog(svc.mogelijke_dubbelen(ctx, d.inwoner), parent)
    yield "OnderbouwingDialoog", OnderbouwingDialoog(["wonen", "schulden"], {}, parent)
    yield "VerwijzingDialoog", verwijzing_dialoog.VerwijzingDialoog(ctx, gid, parent=parent)
    yield "StatusDialoog", StatusDialoog(verwijzing, parent, date.today())
    yield "PlanDialoog", plan_dialoog.PlanDialoog(ctx, gid, parent)
    yield "MeldcodeDialoog", meldcode_dialoog.MeldcodeDialoog(ctx, gid, vlsvc.toestand(ctx, gid), None, parent)
    yield "TaalKeuzeDialoog", rd.TaalKeuzeDialoog(ctx, gid, parent)
    yield "VerslagDialoog", rd.VerslagDialoog(ctx, gid, parent)
    yield "HuishoudenDialoog", rd.HuishoudenDialoog(ctx, gid, d.inwoner_id, parent)
    yield "InzageDialoog", rd.InzageDialoog(ctx, parent)
    yield "AfsluitenDialoog", td.AfsluitenDialoog(ctx, gid, termijn.code, f"{termijn.wet}: {termijn.stap}",
                                                  termijn.startdatum, parent=parent)
    yield "WijzigenDialoog", td.WijzigenDialoog(ctx, gid, termijn, parent)
    yield "KalenderDialoog", td.KalenderDialoog(ctx, date.today().year, parent)
    yield "OverdrachtDialoog", overdracht_dialoog.OverdrachtDialoog(ctx, d.inwoner_id, d.inwoner_versie,
                                                                    d.inwoner.gemeente, 1, None, None, parent)
    yield "AanmeldDialoog", aanmelden.AanmeldDialoog(ctx, parent)
    yield "EersteGebruikWizard", aanmelden.EersteGebruikWizard(ctx, parent)
    ctx.user = BEHEERDER
    v = next(v for v in effectieve_kaart(ctx) if v.actief)
    yield "VoorzieningDialoog", voorziening_dialoog.VoorzieningDialoog(ctx, v, parent=parent)
    yield "VoorzieningDialoog (nieuw)", voorziening_dialoog.VoorzieningDialoog(ctx, None, parent=parent)
    yield "VerzoekDialoog", VerzoekDialoog(ctx, parent)
    yield "GebruikerDialoog", GebruikerDialoog(ctx, None, parent)
    from toegang_app.services import gebruikers as gs

    gs.maak_gebruiker(ctx, "walk-mw", "Medewerker Rondgang", "medewerker", "haaksbergen",
                    wachtwoord="een lang wachtwoord voor de rondgang")
    rijen = lijst_gebruikers(ctx)
    if rijen:
        yield "GebruikerDialoog (wijzigen)", GebruikerDialoog(ctx, rijen[0], parent)
        yield "WachtwoordDialoog", WachtwoordDialoog(ctx, rijen[0], parent)
    yield "SluitingsdagDialoog", SluitingsdagDialoog(ctx, parent)
    from toegang_app.ui.toetsen import SneltoetsenVenster

    yield "SneltoetsenVenster", SneltoetsenVenster(parent)
    from toegang_app.ui.afdrukken import AfdrukKeuze

    yield "AfdrukKeuze", AfdrukKeuze(parent=parent)
    ctx.user = REGISSEUR
    # Qt's own: the file dialog behind Exporteren/Importeren/PDF and a question box with standard buttons
    fd = QFileDialog(parent, "Gesprek exporteren")
    fd.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    yield "QFileDialog (opslaan)", fd
    fo = QFileDialog(parent, "Uitwisselbestand openen")
    fo.setFileMode(QFileDialog.FileMode.ExistingFile)
    yield "QFileDialog (openen)", fo
    S = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?", S.Yes | S.No | S.Cancel | S.Save | S.Close,
                      parent)
    yield "QMessageBox", box
