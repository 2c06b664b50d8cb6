"""The layers contract (`.importlinter`, run by `make lint`) checks only the apps it names:
a new app must be named there too, or its imports go unchecked."""

import ast
import configparser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"


def test_every_backend_app_is_named_in_the_layers_contract():
    contract = configparser.ConfigParser()
    contract.read(REPO / ".importlinter")
    named = set(contract["importlinter"]["root_packages"].split())
    layers = contract["importlinter:contract:layers"]["layers"]
    in_layers = set(layers.replace("|", " ").replace(":", " ").split())
    apps = {
        path.parent.name
        for path in BACKEND.glob("*/__init__.py")
        if path.parent.name != "config"  # the composition root stands outside the layers
    }

    assert apps - named == set()
    assert apps - in_layers == set()


def test_no_product_module_imports_unittest_mock():
    """Product code takes no test machinery into a server; the demo travels in time with
    `demo/clock.py` instead."""
    importers = []
    for path in BACKEND.rglob("*.py"):
        source = path.read_text()
        if "mock" not in source:  # no import of it without the word; parsing all is slow
            continue
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            if any(name == "mock" or name.startswith("unittest.mock") for name in names):
                importers.append(path.relative_to(BACKEND).as_posix())

    assert importers == []
