"""The layers contract (`.importlinter`, run by `make lint`) checks only the apps it names:
a new app must be named there too, or its imports go unchecked."""

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
