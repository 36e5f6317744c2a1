"""Checks that walk the widget tree of a window as it is on screen (offscreen), used by
tests/ui/test_toetsenbord.py for every window and dialog the app can open:

- ``mnemonic_botsingen``: two visible widgets or menu-bar entries of one window with the same &-letter
  (Alt+letter would go to only one of them, or cycle between them);
- ``engelse_teksten``: Qt's English standard texts (Cancel, Save, Look in, ...) on buttons and labels;
- ``zonder_naam``: interactive controls without an accessible name (what a screen reader says: the
  accessible name, the text of a button, or the label whose buddy the control is);
- ``zonder_tabstop``: interactive controls that Tab never reaches;
- ``leesvolgorde``: places where the Tab chain jumps back against the reading order (up within a
  column, or left within a row) inside one form.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INTERACTIEF = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
               QAbstractItemView, QAbstractSlider)

# Qt's English texts that a Dutch user must never see (OK, Help and Reset are Dutch words too).
ENGELS = {"cancel", "save", "save all", "yes", "no", "yes to all", "no to all", "close", "apply", "open",
          "discard", "abort", "retry", "ignore", "restore defaults", "don't save", "look in:", "file name:",
          "files of type:", "back", "next", "finish", "commit", "done", "&ok", "print", "options", "details...",
          "show details...", "hide details...", "select all", "copy", "paste", "undo", "redo", "delete"}

_AMP = re.compile(r"&(?!&)(.)")


def mnemonic(text: str | None) -> str | None:
    """The Alt letter of ``text`` ('&Opslaan' -> 'o'; '&&' is a literal ampersand)."""
    if not text:
        return None
    m = _AMP.search(text.replace("&&", ""))
    return m.group(1).lower() if m and not m.group(1).isspace() else None


def zichtbaar(w: QWidget, window: QWidget) -> bool:
    return w.isVisibleTo(window) and w.isVisible()


def _widgets(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if zichtbaar(w, window) and w.window() is window]


def beschrijf(w) -> str:
    naam = w.objectName() or (w.accessibleName() if isinstance(w, QWidget) else "")
    tekst = w.text() if hasattr(w, "text") and callable(w.text) else ""
    if isinstance(w, QGroupBox):
        tekst = w.title()
    return f"{type(w).__name__}({tekst or naam!r})"


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> the visible things of ``window`` that Alt+letter reaches."""
    uit: dict[str, list[str]] = {}

    def add(letter, wat):
        if letter:
            uit.setdefault(letter, []).append(wat)

    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        for act in window.menuBar().actions():
            if act.isVisible() and act.text():
                add(mnemonic(act.text()), f"menu {act.text()!r}")
    for w in _widgets(window):
        if isinstance(w, QAbstractButton):  # a disabled button is enabled later: its letter counts
            add(mnemonic(w.text()), beschrijf(w))
        elif isinstance(w, QLabel) and w.buddy() is not None and zichtbaar(w.buddy(), window):
            add(mnemonic(w.text()), f"label {w.text()!r} -> {beschrijf(w.buddy())}")
        elif isinstance(w, QGroupBox) and w.isCheckable():
            add(mnemonic(w.title()), beschrijf(w))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabEnabled(i) and w.isTabVisible(i):
                    add(mnemonic(w.tabText(i)), f"tab {w.tabText(i)!r}")
    return uit


def mnemonic_botsingen(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}


def engelse_teksten(window: QWidget) -> list[str]:
    found = []
    for w in _widgets(window):
        teksten = []
        if isinstance(w, (QAbstractButton, QLabel)):
            teksten.append(w.text())
        if isinstance(w, QGroupBox):
            teksten.append(w.title())
        if isinstance(w, QTabBar):
            teksten.extend(w.tabText(i) for i in range(w.count()))
        for t in teksten:
            plain = (t or "").replace("&", "").strip().lower()
            if plain in ENGELS:
                found.append(f"{beschrijf(w)}: {t!r}")
    return found


def _interactief(window: QWidget) -> list[QWidget]:
    out = []
    for w in _widgets(window):
        if not isinstance(w, INTERACTIEF) or not w.isEnabled():
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo box or spin box: the outer control is named
        if isinstance(w.parent(), QTabBar) or type(w).__name__ in ("QToolButton",) and isinstance(
                w.parent(), (QTabBar, QScrollArea, QAbstractItemView)):
            continue  # the scroll arrows of a tab bar, scroll bars' buttons: part of another control
        if type(w).__name__ == "QHeaderView" or isinstance(w.parent(), QAbstractItemView):
            continue  # a list's column headers, a table's corner button: part of the list
            continue  # a list's column headers: part of the list
        if isinstance(w, QAbstractSlider) and type(w).__name__ == "QScrollBar":
            continue  # scroll bars: reached through their area
        out.append(w)
    return out


def toegankelijke_naam(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return (name or w.accessibleName() or "").strip()


def zonder_naam(window: QWidget) -> list[str]:
    return [beschrijf(w) for w in _interactief(window) if not toegankelijke_naam(w)]


def zonder_tabstop(window: QWidget) -> list[str]:
    return [beschrijf(w) for w in _interactief(window)
            if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.focusProxy() is None]


def tab_keten(window: QWidget) -> list[QWidget]:
    """The visible, enabled widgets Tab reaches, in order, starting after ``window`` itself."""
    seen, chain = set(), []
    w = window.nextInFocusChain()
    while w is not None and w is not window and id(w) not in seen:
        seen.add(id(w))
        if (w.window() is window and zichtbaar(w, window) and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None):
            chain.append(w)
        w = w.nextInFocusChain()
    return chain


def _vak(w: QWidget) -> QWidget:
    """The form ``w`` belongs to: its step page, side panel, dialog or splitter pane."""
    p = w.parentWidget()
    while p is not None and not p.isWindow():
        q = p.parentWidget()
        if isinstance(q, (QStackedWidget, QSplitter)) or isinstance(p.parentWidget(), QScrollArea) \
                or (q is not None and isinstance(q.parentWidget(), QScrollArea)):
            return p
        p = q
    return p if p is not None else w.window()


def _rect(w: QWidget) -> QRect:
    top_left = w.mapTo(w.window(), w.rect().topLeft())
    return QRect(top_left, w.size())


def leesvolgorde(window: QWidget) -> list[str]:
    """Tab steps ``a -> b`` inside one form where ``b`` comes before ``a`` when read top-to-bottom,
    left-to-right: ``b`` entirely above ``a`` in the same column or further left, or ``b`` left of ``a``
    on the same row. (A step from a column's bottom to the top of the next column is fine.)"""
    chain = tab_keten(window)
    fouten = []
    for a, b in zip(chain, chain[1:], strict=False):
        if _vak(a) is not _vak(b):
            continue
        ra, rb = _rect(a), _rect(b)
        boven = rb.bottom() < ra.top()
        zelfde_rij = rb.top() < ra.bottom() and ra.top() < rb.bottom()
        links = rb.right() < ra.left()
        overlap_x = rb.left() < ra.right() and ra.left() < rb.right()
        if (boven and (overlap_x or links)) or (zelfde_rij and links and not boven):
            fouten.append(f"{beschrijf(a)} -> {beschrijf(b)}")
    return fouten


def tab_toestanden(window: QWidget):
    """Yield once per combination of the tabs of the visible tab widgets (each in turn, others as
    they are), so widgets on every tab page are seen; restores the tabs afterwards."""
    tabs = [t for t in window.findChildren(QTabWidget) if zichtbaar(t, window)]
    yield "begin"
    for t in tabs:
        if not zichtbaar(t, window):
            continue
        oud = t.currentIndex()
        for i in range(t.count()):
            if t.isTabEnabled(i) and i != oud:
                t.setCurrentIndex(i)
                QApplication.processEvents()
                yield f"{t.accessibleName() or t.objectName()}: {t.tabText(i)}"
        t.setCurrentIndex(oud)


def problemen(window: QWidget, naam: str, *, volgorde: bool = True) -> list[str]:
    """Every problem of ``window`` as it is shown now, each prefixed with ``naam``."""
    out = [f"{naam}: Alt+{k} botst: {v}" for k, v in mnemonic_botsingen(window).items()]
    out += [f"{naam}: Engelse tekst {t}" for t in engelse_teksten(window)]
    out += [f"{naam}: geen toegankelijke naam {t}" for t in zonder_naam(window)]
    out += [f"{naam}: geen tabstop {t}" for t in zonder_tabstop(window)]
    if volgorde:
        out += [f"{naam}: tabvolgorde tegen de leesrichting in {t}" for t in leesvolgorde(window)]
    return out


def is_dialoog(w) -> bool:
    return isinstance(w, QDialog)
