"""The layout of indexer/extract: its modules import each other in one direction only, and
only the names each module makes public."""

from __future__ import annotations

import ast
from pathlib import Path

import indexer.extract

PACKAGE = Path(indexer.extract.__file__).parent
PREFIX = "indexer.extract"


def _imports() -> dict[str, list[tuple[str, str]]]:
    """module -> (module it imports from, name), for every import of the package's own modules."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        pairs = found.setdefault(path.stem, [])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
                target = node.module[len(PREFIX) + 1 :] or "__init__"
                for alias in node.names:
                    if target == "__init__" and (PACKAGE / f"{alias.name}.py").exists():
                        pairs.append((alias.name, ""))  # from indexer.extract import dom
                    else:
                        pairs.append((target, alias.name))
    return found


def test_no_module_imports_a_private_name_of_another():
    private = [
        f"{module} imports {target}.{name}"
        for module, pairs in _imports().items()
        for target, name in pairs
        if name.startswith("_") and target != module
    ]
    assert private == []


def test_the_modules_import_each_other_without_a_cycle():
    graph = {module: {target for target, _ in pairs if target != module} for module, pairs in _imports().items()}
    assert graph["__init__"] and graph["generic"]  # the walk sees the package's imports
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, "import cycle: " + " -> ".join([*path, module])
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_every_module_says_what_it_is_for():
    missing = [
        path.name
        for path in sorted(PACKAGE.glob("*.py"))
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert missing == []
