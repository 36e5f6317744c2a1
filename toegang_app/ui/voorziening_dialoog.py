"""Edit or add one voorziening of the sociale kaart. Validation errors stay in the dialog, input is kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.kaart import OPEN_PUNTEN
from toegang_app.domain.vocab import (
    CRISIS,
    DIMENSIES,
    DOELGROEPEN,
    GEMEENTEN,
    LEEFGEBIEDEN,
    LEEFTIJD_GELDT_VOOR,
    SITUATIES,
    TE_VERIFIEREN,
    TOEGANG,
    TREDEN,
    VERBLIJFSSTATUS,
    WETTEN,
)

# The criteria whose sources the dialog edits, with the label a beheerder reads.
BRON_VELDEN = (
    ("doelgroepen", "Bron doelgroep"),
    ("leeftijd", "Bron leeftijdsgrens"),
    ("inkomen", "Bron inkomensgrens"),
    ("verblijfsstatus", "Bron verblijfsstatus"),
    ("kinderen_thuis", "Bron 'kinderen thuis'"),
    ("beeindigd", "Bron einddatum"),
)
SITUATIE_KEUZE = ((None, "—"), ("contra", "niet bij"), ("alleen", "alleen bij"))


def _bronnen(text: str) -> list[str]:
    return [b.strip() for b in text.split(";") if b.strip()]
from toegang_app.errors import UserError
from toegang_app.services import kaart as kaart_service
from toegang_app.services.bronnen import bronnen_tekst


def _int_or_text(text: str):
    t = text.strip()
    if not t:
        return None
    try:
        return int(t)
    except ValueError:
        return t  # validation names the field


def _date_or_text(text: str):
    t = text.strip()
    if not t:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            from datetime import datetime

            return datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    return t


class VoorzieningDialoog(QDialog):
    def __init__(self, ctx, voorziening=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.original = voorziening
        self.saved = None
        self.setWindowTitle("Voorziening bewerken" if voorziening else "Nieuwe voorziening")
        self.resize(860, 760)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        self.scroll = scroll
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        def line(label, value="", hint=""):
            w = QLineEdit(value or "")
            w.setAccessibleName(label)
            if hint:
                w.setPlaceholderText(hint)
            form.addRow(label, w)
            return w

        def combo(label, items, current):
            c = QComboBox()
            c.setAccessibleName(label)
            for key, text in items:
                c.addItem(text, key)
            idx = c.findData(current)
            c.setCurrentIndex(max(idx, 0))
            form.addRow(label, c)
            return c

        def checklist(label, items, checked, height=120):
            lw = QListWidget()
            lw.setAccessibleName(label)
            lw.setMaximumHeight(height)
            for key, text in items:
                it = QListWidgetItem(text)
                it.setData(Qt.ItemDataRole.UserRole, key)
                it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                it.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
                lw.addItem(it)
            form.addRow(label, lw)
            return lw

        v = voorziening
        c = v.contact if v else None
        self.f_id = line("Code (id)", v.id if v else "", "bijvoorbeeld hb-naam-van-de-voorziening")
        self.f_id.setReadOnly(v is not None)
        self.f_naam = line("Naam", v.naam if v else "")
        self.f_aanbieder = line("Aanbieder", v.aanbieder if v else "")
        self.f_omschrijving = QPlainTextEdit(v.omschrijving if v else "")
        self.f_omschrijving.setAccessibleName("Omschrijving")
        self.f_omschrijving.setMaximumHeight(80)
        self.f_omschrijving.setTabChangesFocus(True)
        form.addRow("Omschrijving", self.f_omschrijving)
        self.f_gemeenten = checklist("Gemeenten", list(GEMEENTEN.items()), set(v.gemeenten) if v else set())
        self.f_regionaal = QCheckBox("Regionale voorziening (voor beide gemeenten)")
        self.f_regionaal.setChecked(bool(v and v.regionaal))
        form.addRow("", self.f_regionaal)
        self.f_kernen = line("Kernen", ", ".join(v.kernen) if v else "", "leeg = alle kernen; anders met komma's")
        self.f_trede = combo("Trede", [(k, f"{k} {t}") for k, t in TREDEN.items()], v.trede if v else 2)
        self.f_wet = combo("Wet", [(None, "geen")] + list(WETTEN.items()), v.wet if v else None)
        self.f_leefgebieden = checklist("Leefgebieden", list(LEEFGEBIEDEN.items()), set(v.leefgebieden) if v else set())
        self.f_dimensies = checklist("Dimensies", list(DIMENSIES.items()), set(v.dimensies) if v else set())
        kop = QLabel("<b>Voor wie</b> — elke grens noemt haar bron (bronregel, wetsartikel of regeling); "
                     "wat niemand weet, blijft leeg en staat bij 'Nog te verifiëren'.")
        kop.setWordWrap(True)
        form.addRow(kop)
        self.f_doelgroepen = checklist("Doelgroepen", list(DOELGROEPEN.items()), set(v.doelgroepen) if v else set(), 170)
        self.f_doelgroep = line("Doelgroep in woorden", (v.doelgroep if v else "") or "")
        self.f_lmin = line("Leeftijd vanaf", "" if not v or v.leeftijd_min is None else str(v.leeftijd_min), "leeg = geen grens")
        self.f_lmax = line("Leeftijd tot en met", "" if not v or v.leeftijd_max is None else str(v.leeftijd_max), "leeg = geen grens")
        self.f_geldt = combo("Leeftijd geldt voor", list(LEEFTIJD_GELDT_VOOR.items()), v.leeftijd_geldt_voor if v else "inwoner")
        self.f_kinderen = combo("Kinderen thuis", [(None, "geen eis"), (True, "alleen met kinderen thuis"),
                                                   (False, "alleen zonder kinderen thuis")],
                                v.kinderen_thuis if v else None)
        self.f_verblijf = checklist("Verblijfsstatus (leeg = elke)", list(VERBLIJFSSTATUS.items()),
                                    set(v.verblijfsstatus) if v else set(), 90)
        self.f_inkomen = line("Inkomensgrens (% bijstandsnorm)",
                              "" if not v or v.inkomen_max_pct is None else str(v.inkomen_max_pct), "leeg = geen grens")
        self.f_crisis = checklist("Route bij crisis", list(CRISIS.items()), set(v.crisis) if v else set(), 75)
        # situations: per situation "not when" or "only when", with the reason and its source
        sit = QWidget()
        grid = QGridLayout(sit)
        grid.setContentsMargins(0, 0, 0, 0)
        for col, text in enumerate(("Situatie", "Regel", "Reden", "Bron")):
            grid.addWidget(QLabel(f"<i>{text}</i>"), 0, col)
        regels = {}
        if v:
            regels.update({r.situatie: ("contra", r) for r in v.contra_indicaties})
            regels.update({r.situatie: ("alleen", r) for r in v.alleen_bij})
        self.f_situaties: dict[str, tuple[QComboBox, QLineEdit, QLineEdit]] = {}
        for row, (key, label) in enumerate(SITUATIES.items(), start=1):
            soort, regel = regels.get(key, (None, None))
            keuze = QComboBox()
            keuze.setAccessibleName(f"Regel bij {label}")
            for k, t in SITUATIE_KEUZE:
                keuze.addItem(t, k)
            keuze.setCurrentIndex(max(keuze.findData(soort), 0))
            reden = QLineEdit(regel.reden if regel else "")
            reden.setAccessibleName(f"Reden bij {label}")
            bron = QLineEdit("; ".join(regel.bron) if regel else "")
            bron.setAccessibleName(f"Bron bij {label}")
            for w in (reden, bron):
                w.setCursorPosition(0)
                w.setToolTip(w.text())
            name = QLabel(label)
            name.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(keuze, row, 1)
            grid.addWidget(reden, row, 2)
            grid.addWidget(bron, row, 3)
            self.f_situaties[key] = (keuze, reden, bron)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 3)
        grid.setColumnStretch(3, 2)
        form.addRow("Niet bij / alleen bij", sit)
        crit = v.criteria_bron if v else {}
        self.f_criteria: dict[str, QLineEdit] = {}
        for key, label in BRON_VELDEN:
            self.f_criteria[key] = line(label, "; ".join(crit.get(key, ())),
                                        "bijvoorbeeld seeds/001:514 of Participatiewet art. 36; meerdere met ;")
        self.f_open = checklist("Nog te verifiëren", list(OPEN_PUNTEN.items()), set(v.te_verifieren) if v else set(), 110)
        self.f_voorwaarden = line("Andere voorwaarden", (v.voorwaarden if v else "") or "")
        self.f_toegang = combo("Hoe te bereiken", [(None, TE_VERIFIEREN)] + list(TOEGANG.items()), v.toegang if v else None)
        self.f_tel = line("Telefoon", (c.telefoon if c else "") or "", "alleen uit een bron; anders leeg")
        self.f_mail = line("E-mail", (c.email if c else "") or "")
        self.f_web = line("Website", (c.website if c else "") or "")
        self.f_adres = line("Adres", (c.adres if c else "") or "")
        self.f_bron = line("Bron", "; ".join(v.bron) if v else "", "bijvoorbeeld seeds/003:210 of een document en datum")
        # what the desk sees of a reference: the document's title and line (resources/bronnen.yaml)
        self.bron_leesbaar = QLabel()
        self.bron_leesbaar.setWordWrap(True)
        self.bron_leesbaar.setProperty("rol", "uitleg")
        self.bron_leesbaar.setAccessibleName("Bron zoals de balie hem ziet")
        form.addRow("", self.bron_leesbaar)
        for w in (self.f_bron, *self.f_criteria.values()):
            w.textChanged.connect(lambda _t, w=w: self._toon_bron(w))
            self._toon_bron(w)
        self.f_geverifieerd = line(
            "Laatst geverifieerd",
            v.laatst_geverifieerd.strftime("%d-%m-%Y") if v and v.laatst_geverifieerd else date.today().strftime("%d-%m-%Y"),
            "dd-mm-jjjj")
        self.f_actief = QCheckBox("Actief (wordt voorgesteld)")
        self.f_actief.setChecked(v.actief if v else True)
        form.addRow("", self.f_actief)
        self.f_gepland = QCheckBox("Gepland: aangekondigd, nog niet beschikbaar (wordt niet voorgesteld)")
        self.f_gepland.setChecked(bool(v and v.gepland))
        form.addRow("", self.f_gepland)
        self.f_beeindigd = line("Beëindigd op", v.beeindigd_op.strftime("%d-%m-%Y") if v and v.beeindigd_op else "",
                                "dd-mm-jjjj; alleen bij een beëindigde regeling (dan niet actief)")

        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setProperty("rol", "waarschuwing")
        self.errors.setAccessibleName("Foutmeldingen")
        self.errors.hide()
        outer.addWidget(self.errors)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(box)
        outer.addLayout(row)

    @staticmethod
    def _checked(lw: QListWidget) -> list[str]:
        return [lw.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lw.count())
                if lw.item(i).checkState() == Qt.CheckState.Checked]

    def gegevens(self) -> dict:
        def opt(w):
            return w.text().strip() or None

        return {
            "id": self.f_id.text().strip(),
            "naam": self.f_naam.text().strip(),
            "aanbieder": self.f_aanbieder.text().strip(),
            "gemeenten": self._checked(self.f_gemeenten),
            "kernen": [k.strip() for k in self.f_kernen.text().split(",") if k.strip()],
            "regionaal": self.f_regionaal.isChecked(),
            "trede": self.f_trede.currentData(),
            "wet": self.f_wet.currentData(),
            "leefgebieden": self._checked(self.f_leefgebieden),
            "dimensies": self._checked(self.f_dimensies),
            "omschrijving": self.f_omschrijving.toPlainText().strip(),
            "doelgroep": opt(self.f_doelgroep),
            "leeftijd_min": _int_or_text(self.f_lmin.text()),
            "leeftijd_max": _int_or_text(self.f_lmax.text()),
            "inkomen_max_pct": _int_or_text(self.f_inkomen.text()),
            "voorwaarden": opt(self.f_voorwaarden),
            "toegang": self.f_toegang.currentData(),
            "contact": {"telefoon": opt(self.f_tel), "email": opt(self.f_mail), "website": opt(self.f_web),
                        "adres": opt(self.f_adres)},
            "bron": [b.strip() for b in self.f_bron.text().split(";") if b.strip()],
            "laatst_geverifieerd": _date_or_text(self.f_geverifieerd.text()),
            "actief": self.f_actief.isChecked(),
            "doelgroepen": self._checked(self.f_doelgroepen),
            "leeftijd_geldt_voor": self.f_geldt.currentData(),
            "kinderen_thuis": self.f_kinderen.currentData(),
            "verblijfsstatus": self._checked(self.f_verblijf),
            "crisis": self._checked(self.f_crisis),
            "contra_indicaties": self._regels("contra"),
            "alleen_bij": self._regels("alleen"),
            "criteria_bron": {k: _bronnen(w.text()) for k, w in self.f_criteria.items() if _bronnen(w.text())},
            "beeindigd_op": _date_or_text(self.f_beeindigd.text()),
            "gepland": self.f_gepland.isChecked(),
            "te_verifieren": self._checked(self.f_open),
        }

    def _regels(self, soort: str) -> list[dict]:
        out = []
        for key, (keuze, reden, bron) in self.f_situaties.items():
            if keuze.currentData() == soort:
                out.append({"situatie": key, "reden": reden.text().strip(), "bron": _bronnen(bron.text())})
        return out

    def _toon_bron(self, w: QLineEdit) -> None:
        leesbaar = bronnen_tekst(_bronnen(w.text()))
        w.setToolTip(leesbaar)
        if w is self.f_bron:
            self.bron_leesbaar.setText(f"Zo ziet de balie het: {leesbaar}" if leesbaar else "")

    def save(self) -> None:
        data = self.gegevens()
        if self.original is not None and getattr(self.original, "zoekterm", None):
            data["zoekterm"] = self.original.zoekterm
        try:
            self.saved = kaart_service.bewaar(self.ctx, data, nieuw=self.original is None)
        except kaart_service.KaartInvoerFout as exc:
            self.errors.setText("Niet opgeslagen. Verbeter:\n• " + "\n• ".join(exc.messages))
            self.errors.show()
            return
        except UserError as exc:
            self.errors.setText(exc.message)
            self.errors.show()
            return
        self.accept()
