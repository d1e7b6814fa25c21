"""The layers of gcm_explore, checked on its source: model → views → io → apps, nothing imported
upward (imports inside functions included), no cycle, no private name used outside its module,
no module or class too large to read at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gcm_explore"
#: What each layer may import from the package, besides itself and the leaves (errors, compat).
ALLOWED = {"model": set(), "views": {"model"}, "io": {"model", "views"}, "apps": {"model", "views", "io"}}
LEAVES = {"errors", "compat"}


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_geo" in path.parts:
            continue
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def imports(name: str, tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(module imported, below gcm_explore; the names taken; line) for every import in ``tree``."""
    package = name.split(".")[:-1] if not name.endswith("__init__") else name.split(".")
    if (PACKAGE / Path(*name.split("."))).is_dir():
        package = name.split(".")
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("gcm_explore"):
                target = node.module.removeprefix("gcm_explore").lstrip(".")
            else:
                continue
            out.append((target, [a.name for a in node.names], node.lineno))
    return out


MODULES = modules()


def layer(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_nothing_is_imported_upward(name):
    here = layer(name)
    if here not in ALLOWED:
        return  # the package's __init__ and cli sit above the layers
    for target, names, line in imports(name, MODULES[name]):
        if target == "" and names == ["__version__"]:
            continue  # the version, from the package's root
        there = layer(target) if target else "the package root"
        assert there in ALLOWED[here] | {here} | LEAVES, f"{name}:{line} imports {target} ({here} may use {ALLOWED[here] or 'no other layer'})"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_crosses_a_module(name):
    for target, names, line in imports(name, MODULES[name]):
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{name}:{line} imports {private} from {target}: make them public where they live"


def test_there_is_no_import_cycle():
    graph = {name: {t for t, _, _ in imports(name, tree) if t in MODULES and t != name} for name, tree in MODULES.items()}
    graph = {n: {t for t in ts if t != ""} for n, ts in graph.items()}  # the package root imports everything
    seen, stack = set(), []

    def visit(n):
        if n in stack:
            raise AssertionError("import cycle: " + " → ".join([*stack[stack.index(n):], n]))
        if n in seen:
            return
        stack.append(n)
        for m in graph.get(n, ()):
            visit(m)
        stack.pop()
        seen.add(n)

    for n in graph:
        if n != "":
            visit(n)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_classes_are_small_enough_to_read(name):
    tree = MODULES[name]
    lines = max((getattr(n, "end_lineno", 0) or 0) for n in ast.walk(tree)) if tree.body else 0
    assert lines <= 400, f"{name} has {lines} lines (at most 400)"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            span = node.end_lineno - node.lineno + 1
            assert span <= 300, f"{name}.{node.name} spans {span} lines (at most 300)"


def test_the_layers_are_there():
    assert {layer(n) for n in MODULES} >= {"model", "views", "io", "apps"}
