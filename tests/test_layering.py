"""The layers stay apart: core and the Store protocol load without the UI or the database
library, only the TinyDB store imports tinydb, and the UI reaches neither tinydb nor httpx."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsdesk"
CORE_MODULES = [
    "newsdesk.core.models",
    "newsdesk.core.parse",
    "newsdesk.core.refresh",
    "newsdesk.core.sanitize",
    "newsdesk.core.sample",
    "newsdesk.core.ports",
]
TINYDB_ALLOWED = {
    "newsdesk/store/annotations.py",
    "newsdesk/store/engine.py",
    "newsdesk/store/fulltext.py",
    "newsdesk/store/memory.py",
    "newsdesk/store/shards.py",
    "newsdesk/store/tinydb_store.py",
}


def test_core_imports_without_textual_or_tinydb() -> None:
    code = (
        f"import {', '.join(CORE_MODULES)}, json, sys; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('textual', 'tinydb', 'rich'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("textual", "tinydb")], loaded


def test_open_store_import_does_not_load_tinydb() -> None:
    """`newsdesk.store` imports tinydb lazily, inside open_store."""
    code = (
        "import newsdesk.store, sys; print(any(m.split('.')[0] == 'tinydb' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def imported_roots(path: Path) -> set[str]:
    """Top-level names of every module `path` imports, anywhere in the file (also lazily)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                getattr(node.func, "attr", None) == "import_module"
                or getattr(node.func, "id", None) in ("__import__", "import_module")
            )
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10, f"expected the newsdesk sources under {PACKAGE}"
    return files


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def test_only_the_tinydb_store_imports_tinydb() -> None:
    offenders = [
        _rel(p)
        for p in _sources()
        if "tinydb" in imported_roots(p) and _rel(p) not in TINYDB_ALLOWED
    ]
    assert offenders == []
    assert all("tinydb" in imported_roots(PACKAGE.parent / p) for p in TINYDB_ALLOWED)


def test_ui_imports_neither_tinydb_nor_httpx() -> None:
    ui = [p for p in _sources() if _rel(p).startswith("newsdesk/ui/")]
    if not ui:
        pytest.skip("no UI modules yet")
    offenders = {_rel(p): sorted(imported_roots(p) & {"tinydb", "httpx"}) for p in ui}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_import_scanner_sees_lazy_and_dynamic_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def f():\n"
        "    import tinydb.table\n"
        "    from httpx import Client\n"
        "    from . import sibling\n"
        "    importlib.import_module('textual.app')\n"
        "    __import__('lxml')\n"
    )
    assert imported_roots(sample) == {"os", "tinydb", "httpx", "textual", "lxml"}
