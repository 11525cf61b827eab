"""The package's layers point one way, with no import cycle, and each heavy library is
imported by one module only (read from the source with ``ast``, function-level imports
included: a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cppcc_convert"

# Lowest first. A module may import from its own layer and the layers below it, never above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "model",
        (
            "errors",
            "text",
            "source_lines",
            "spool",
            "nodes",
            "markers",
            "model",
            "model_dict",
            "model_json",
            "walk",
            "anchors",
            "links",
            "locale",
            "options",
            "dates",
            "ziputil",
            "encoding",
            "script",
            "fonts",
            "resources",
            "__init__",
            "__main__",
        ),
    ),
    (
        "read",
        (
            "reader",
            "repair",
            "punctuation",
            "structure",
            "genres",
            "official",
            "official_lint",
            "editions",
            "editions_glossary",
            "editions_quotes",
            "editions_text",
        ),
    ),
    ("write", ("writers",)),
    ("api", ("pipeline", "batch", "execute", "execute_wire", "workers", "outputs", "api")),
    ("cli", ("cli",)),
]
# (library, the only module that may import it)
HEAVY = {
    "docx": "writers.docx",
    "reportlab": "writers.pdf",
    "ebooklib": "writers.epub",
    "opencc": "editions",
}


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for index, (_, names) in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"module {module} is in no layer: add it to LAYERS")


def _imports(module: str, path: Path) -> set[str]:
    """Package modules and third-party top-level names that ``module`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports for the type checker only make no dependency
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                prefix = ".".join(["cppcc_convert", *base])
                target = f"{prefix}.{node.module}" if node.module else prefix
                found.add(target)
                if not node.module:  # from . import x: x may be a module
                    found.update(f"{prefix}.{a.name}" for a in node.names)
            elif node.module:
                found.add(node.module)
    return found


def _package_imports() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(name, path):
            if imported.startswith("cppcc_convert"):
                rel = imported.removeprefix("cppcc_convert").lstrip(".")
                while rel and rel not in modules:
                    rel = rel.rsplit(".", 1)[0] if "." in rel else ""
                if rel and rel != name:
                    targets.add(rel)
        graph[name] = targets
    return graph


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_point_down(module: str) -> None:
    if module in ("", "__main__"):
        return  # the package's lazy facade and `python -m` sit outside the layers
    here = _layer(module)
    for target in _package_imports()[module]:
        if target in ("", "__init__"):
            continue  # __version__
        assert _layer(target) <= here, f"{module} ({LAYERS[here][0]}) imports {target} " + (
            f"({LAYERS[_layer(target)][0]})"
        )


def test_no_import_cycles() -> None:
    graph = _package_imports()
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt in ("", "__init__"):
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [node])


def test_heavy_libraries_are_imported_by_one_module_each() -> None:
    for module, path in _modules().items():
        for imported in _imports(module, path):
            top = imported.split(".")[0]
            owner = HEAVY.get(top)
            if owner is not None:
                assert module == owner or module.startswith(owner + "_"), (module, top)
