"""Record one step of the Meldcode huiselijk geweld en kindermishandeling: date, worker and a short note;
for step 2 whether advice was asked at Veilig Thuis (anonymously or not), for step 3 whether the
conversation was skipped for safety, for step 4 the five afwegingen in order (the outcome shows as they
are answered), for step 5 the decision. The service validates everything before it writes; a refusal is
shown in Dutch next to the field and nothing is lost."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import veiligheid as dom
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import veiligheid as vsvc
from toegang_app.ui.panels.ave import DatumVeld

JA_NEE = [("nog niet beantwoord", None), ("ja", True), ("nee", False)]


class MeldcodeDialoog(QDialog):
    """``toestand``: the VeiligheidToestand the worker sees; ``stap``: the step to open with."""

    def __init__(self, ctx, gesprek_id: int, toestand: vsvc.VeiligheidToestand, stap: int | None = None,
                 parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek_id = gesprek_id
        self.toestand = toestand
        self.cfg = vsvc.config(ctx)
        self.resultaat: vsvc.VeiligheidToestand | None = None
        self.setWindowTitle("Meldcode: stap vastleggen")
        self.resize(660, 720)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.stap = QComboBox()
        self.stap.setAccessibleName("Stap van de Meldcode")
        for n, s in sorted(self.cfg.stappen.items()):
            gezet = toestand.stappen[n - 1].datum if len(toestand.stappen) >= n else None
            self.stap.addItem(f"{n}. {s.naam}" + (f" (gezet op {gezet:%d-%m-%Y})" if gezet else ""), n)
        lab = QLabel("&Stap")
        lab.setBuddy(self.stap)
        form.addRow(lab, self.stap)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        self.uitleg.setAccessibleName("Uitleg bij deze stap")
        form.addRow(self.uitleg)
        self.datum = DatumVeld()
        self.datum.setAccessibleName("Datum waarop de stap is gezet (dag-maand-jaar)")
        lab = QLabel("&Datum")
        lab.setBuddy(self.datum)
        form.addRow(lab, self.datum)
        self.medewerker = QLineEdit()
        self.medewerker.setAccessibleName("Medewerker die de stap zette")
        user = getattr(ctx, "user", None)
        self.medewerker.setPlaceholderText(getattr(user, "naam", "") or "")
        lab = QLabel("&Medewerker")
        lab.setBuddy(self.medewerker)
        form.addRow(lab, self.medewerker)
        self.notitie = QPlainTextEdit()
        self.notitie.setAccessibleName(f"Korte notitie (hoogstens {dom.NOTITIE_MAX} tekens)")
        self.notitie.setTabChangesFocus(True)
        self.notitie.setFixedHeight(80)
        self.notitie.setPlaceholderText("kort: wat, wie, wanneer (alleen in het dossier)")
        lab = QLabel("&Notitie")
        lab.setBuddy(self.notitie)
        form.addRow(lab, self.notitie)
        self.teller = QLabel()
        self.teller.setProperty("rol", "uitleg")
        form.addRow("", self.teller)
        lay.addLayout(form)

        # step 2
        self.groep2 = QGroupBox("Advies bij Veilig Thuis")
        g2 = QVBoxLayout(self.groep2)
        vt = self.cfg.veilig_thuis
        self.advies = QCheckBox(f"Advies ge&vraagd bij Veilig Thuis ({vt.telefoon})")
        self.advies.setAccessibleName("Advies gevraagd bij Veilig Thuis")
        self.anoniem = QCheckBox("Zonder de naam van de inwoner (&anoniem)")
        self.anoniem.setAccessibleName("Advies zonder de naam van de inwoner")
        g2.addWidget(self.advies)
        g2.addWidget(self.anoniem)
        lay.addWidget(self.groep2)
        # step 3
        self.groep3 = QGroupBox("Gesprek met de betrokkene")
        g3 = QVBoxLayout(self.groep3)
        self.overgeslagen = QCheckBox("Gesprek niet &gevoerd: het zou de veiligheid in gevaar brengen "
                                      "(schrijf waarom in de notitie)")
        self.overgeslagen.setAccessibleName("Gesprek niet gevoerd omdat het de veiligheid in gevaar brengt")
        g3.addWidget(self.overgeslagen)
        lay.addWidget(self.groep3)
        # step 4
        self.groep4 = QGroupBox("Afwegingskader")
        g4 = QVBoxLayout(self.groep4)   # each question over the full width, its answer below it
        self.afwegingen: dict[str, QComboBox] = {}
        for a in self.cfg.afwegingen:
            c = QComboBox()
            c.setAccessibleName(f"Afweging {a.nummer}: {a.vraag}")
            for label, value in JA_NEE:
                c.addItem(label, value)
            c.currentIndexChanged.connect(self._update)
            q = QLabel(f"{a.nummer}. {a.vraag}")
            q.setWordWrap(True)
            q.setBuddy(c)
            g4.addWidget(q)
            g4.addWidget(c)
            self.afwegingen[a.id] = c
        self.uitkomst = QLabel()
        self.uitkomst.setWordWrap(True)
        self.uitkomst.setTextFormat(Qt.TextFormat.RichText)
        self.uitkomst.setAccessibleName("Uitkomst van het afwegingskader")
        g4.addWidget(self.uitkomst)
        lay.addWidget(self.groep4)
        # step 5
        self.groep5 = QGroupBox("Besluit")
        g5 = QFormLayout(self.groep5)
        self.besluit = QComboBox()
        self.besluit.setAccessibleName("Besluit")
        self.besluit.addItem("kies een besluit", None)
        for k, label in self.cfg.besluiten.items():
            self.besluit.addItem(label, k)
        lab = QLabel("&Besluit")
        lab.setBuddy(self.besluit)
        g5.addRow(lab, self.besluit)
        self.besluit_uitleg = QLabel()
        self.besluit_uitleg.setWordWrap(True)
        g5.addRow(self.besluit_uitleg)
        lay.addWidget(self.groep5)

        lay.addStretch(1)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setStyleSheet("color:#a11; font-weight:600;")
        self.fout.setAccessibleName("Fout")
        lay.addWidget(self.fout)
        knoppen = QDialogButtonBox()
        self.btn_opslaan = knoppen.addButton("Stap &opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)

        self.stap.currentIndexChanged.connect(self._stap_gekozen)
        self.notitie.textChanged.connect(self._tel)
        self.advies.toggled.connect(self._update)
        kies = stap or min(toestand.bereikte_stap + 1, 5)
        self.stap.setCurrentIndex(max(self.stap.findData(kies), 0))
        self._stap_gekozen()

    # -- view ------------------------------------------------------------------------------------
    def gekozen_stap(self) -> int:
        return int(self.stap.currentData())

    def _stap_gekozen(self, *_args) -> None:
        n = self.gekozen_stap()
        self.uitleg.setText(self.cfg.stappen[n].uitleg)
        regel = self.toestand.stappen[n - 1] if len(self.toestand.stappen) >= n else None
        m = self.toestand.meldcode
        # a step not yet recorded is usually set today; the worker changes the day with the arrow keys
        self.datum.set_value(regel.datum if regel and regel.datum else date.today())
        self.medewerker.setText(regel.medewerker if regel and regel.medewerker else "")
        self.notitie.setPlainText(regel.notitie or "" if regel else "")
        self.advies.setChecked(bool(m.advies_veilig_thuis))
        self.anoniem.setChecked(bool(m.advies_anoniem))
        self.overgeslagen.setChecked(bool(m.gesprek_overgeslagen))
        for aid, c in self.afwegingen.items():
            c.setCurrentIndex(max(c.findData(m.afwegingen.get(aid)), 0) if m.afwegingen.get(aid) is not None else 0)
        self.besluit.setCurrentIndex(max(self.besluit.findData(m.besluit), 0) if m.besluit else 0)
        for groep, stap in ((self.groep2, 2), (self.groep3, 3), (self.groep4, 4), (self.groep5, 5)):
            groep.setVisible(n == stap)
        self.fout.clear()
        self._update()
        self._tel()

    def _tel(self) -> None:
        n = len(self.notitie.toPlainText().strip())
        self.teller.setText(f"{n} van {dom.NOTITIE_MAX} tekens")
        self.teller.setStyleSheet("color:#a11;" if n > dom.NOTITIE_MAX else "")

    def antwoorden(self) -> dict[str, bool | None]:
        return {aid: c.currentData() for aid, c in self.afwegingen.items()}

    def _update(self, *_args) -> None:
        self.anoniem.setEnabled(self.advies.isChecked())
        w = dom.weeg(self.antwoorden(), self.cfg)
        # questions after the deciding one are not needed: greyed out
        nodig = set(w.beantwoord) | ({w.volgende} if w.volgende else set())
        for aid, c in self.afwegingen.items():
            c.setEnabled(aid in nodig or c.currentData() is not None)
        kleur = "#8a1c1c" if w.melden_verplicht else "#1b5e20"
        self.uitkomst.setText(f"<span style='color:{kleur}; font-weight:600'>{html.escape(w.uitleg)}</span>")
        m = self.toestand.meldcode
        besluit_w = dom.weeg(m.afwegingen, self.cfg)
        if self.gekozen_stap() == 5:
            self.besluit_uitleg.setText(besluit_w.uitleg if besluit_w.volgende is None else
                                        "Beantwoord eerst de afwegingen van stap 4.")

    # -- action ----------------------------------------------------------------------------------
    def opslaan(self) -> None:
        n = self.gekozen_stap()
        kw = {}
        if n == 2:
            kw.update(advies_veilig_thuis=self.advies.isChecked(),
                      advies_anoniem=self.anoniem.isChecked() if self.advies.isChecked() else None)
        elif n == 3:
            kw["gesprek_overgeslagen"] = self.overgeslagen.isChecked()
        elif n == 4:
            kw["afwegingen"] = self.antwoorden()
        elif n == 5:
            kw["besluit"] = self.besluit.currentData()
        try:
            self.resultaat = vsvc.leg_stap_vast(
                self.ctx, self.gesprek_id, n, self.datum.value(), self.notitie.toPlainText(),
                medewerker=self.medewerker.text(), verwachte_versie=self.toestand.versie, **kw)
        except vsvc.VeiligheidInvoerFout as exc:
            self.fout.setText(exc.message)
            target: QWidget | None = {"datum": self.datum, "notitie": self.notitie, "besluit": self.besluit,
                                      "advies_anoniem": self.anoniem, "stap": self.stap}.get(exc.veld or "")
            if exc.veld == "afwegingen":
                target = next(iter(self.afwegingen.values()))
            if target is not None:
                target.setFocus()
            return
        except ConcurrentEdit as exc:
            self.fout.setText(exc.message)
            try:
                self.toestand = vsvc.toestand(self.ctx, self.gesprek_id)
            except UserError:
                pass
            return
        except UserError as exc:
            self.fout.setText(exc.message)
            return
        self.accept()

