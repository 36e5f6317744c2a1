"""The domain core is pure Python: no Qt, no SQLAlchemy (docs: architecture)."""

import ast
from pathlib import Path

import toegang_app.domain

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "sqlalchemy", "alembic")
DOMAIN = Path(toegang_app.domain.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_domain_modules_exist():
    assert len(list(DOMAIN.rglob("*.py"))) >= 5


def test_no_qt_or_sqlalchemy_in_domain():
    offenders = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(DOMAIN.parent)} imports {name}")
    assert offenders == []
