"""The layers stay honest (README, Architecture): a pure domain; services that never touch Qt; a UI that
calls services, never SQL; reports that take plain objects. Walks the syntax tree of every module, so
an import inside a function counts as much as one at the top.

A known violation that another branch is removing is listed in ``ALLOWED`` with who removes it; the
entry must go when the import goes (``test_allowed_violations_still_exist`` says so)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import toegang_app

PACKAGE = Path(toegang_app.__file__).resolve().parent
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
SQL = ("sqlalchemy", "alembic", "psycopg", "sqlite3")

# layer -> (forbidden top-level packages, forbidden toegang_app sub-packages)
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "domain": (QT + SQL, ("services", "storage", "ui", "reports", "commands", "app", "cli", "config")),
    "services": (QT, ("ui", "commands", "app", "cli")),
    "storage": (QT, ("services", "ui", "reports", "commands", "app", "cli")),
    "reports": (QT + SQL, ("services", "storage", "ui", "commands", "app", "cli")),
    "ui": (SQL, ("storage",)),
}

ALLOWED: dict[tuple[str, str], str] = {}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = list(parts[:-1])  # for __init__.py that is the package itself, as Python resolves it
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)  # "from toegang_app import services"
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _violations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for layer, (extern, intern) in RULES.items():
        for path in _modules(layer):
            rel = path.relative_to(PACKAGE).as_posix()
            for name in _imports(path):
                top = name.split(".")[0]
                sub = name.split(".")[1] if top == "toegang_app" and "." in name else None
                if top in extern:
                    found[(rel, name.split(".")[0])] = f"{layer} imports {top}"
                elif sub in intern:
                    module = ".".join(name.split(".")[:3]) if sub not in ("app", "cli", "config") else \
                        f"toegang_app.{sub}"
                    found.setdefault((rel, module), f"{layer} imports toegang_app.{sub}")
    return found


def test_every_layer_has_modules():
    for layer in RULES:
        assert len(_modules(layer)) >= 3, layer


def test_layers_import_only_what_they_may():
    offenders = [f"{rel}: {why} ({name})" for (rel, name), why in sorted(_violations().items())
                 if (rel, name) not in ALLOWED]
    assert offenders == []


def test_allowed_violations_still_exist():
    """An entry in ALLOWED whose import is gone must be removed (the layer is then honest again)."""
    stale = [f"{rel} -> {name}: remove from ALLOWED ({who})" for (rel, name), who in ALLOWED.items()
             if (rel, name) not in _violations()]
    assert stale == []


def test_the_guard_sees_what_it_must_see(tmp_path):
    """The walk catches imports inside functions, relative imports and import_module strings."""
    sample = PACKAGE / "ui" / "_layer_probe.py"
    try:
        sample.write_text("def f():\n    from ..storage import models\n    import sqlalchemy.orm\n"
                          "    import importlib\n    importlib.import_module('toegang_app.storage.engine')\n",
                          encoding="utf-8")
        names = _imports(sample)
        assert "toegang_app.storage" in names and "sqlalchemy.orm" in names
        assert "toegang_app.storage.engine" in names
        got = {k for k in _violations() if k[0] == "ui/_layer_probe.py"}
        assert got == {("ui/_layer_probe.py", "sqlalchemy"), ("ui/_layer_probe.py", "toegang_app.storage"),
                       ("ui/_layer_probe.py", "toegang_app.storage.models"),
                       ("ui/_layer_probe.py", "toegang_app.storage.engine")}
    finally:
        sample.unlink(missing_ok=True)


# -- leftovers that must not come back ----------------------------------------------------------------

def _sources() -> list[tuple[str, str]]:
    return [(p.relative_to(PACKAGE).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))]


def test_one_configuration_error_class():
    """errors.ConfigError carries the messages; the domain's three copies are gone for good."""
    hits = [f"{rel}: {m.group(0)}" for rel, text in _sources()
            for m in re.finditer(r"\b(AveConfigError|MatchingConfigError|TermijnConfigError)\b", text)]
    hits += [f"{rel}: class {m.group(1)}" for rel, text in _sources()
             for m in re.finditer(r"^class (\w*Config\w*Error)\b", text, re.M) if rel != "errors.py"]
    # another class that carries a list of Dutch messages is the same class again: subclass ConfigError
    hits += [f"{rel}: sets self.messages" for rel, text in _sources()
             if rel != "errors.py" and re.search(r"self\.messages\s*=", text)]
    assert hits == []


def test_one_module_for_dutch_dates():
    """``datum_nl`` is defined only where another branch still owns it (see ALLOWED_DATUM_NL)."""
    defined = sorted(rel for rel, text in _sources() if re.search(r"^def datum_nl\(", text, re.M))
    assert set(defined) <= ALLOWED_DATUM_NL, defined


ALLOWED_DATUM_NL: set[str] = set()
