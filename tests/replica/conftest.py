"""A `replica` alias for the routing tests: a second connection to the test database.

It stands in for a streaming replica the way `TEST: {"MIRROR": "default"}` does (the same
rows, through a connection of its own), so that each test can see which connection a query
went through. The tests using it commit their data (`transaction=True`): a second
connection does not see the test's open transaction. `cluster.py` builds a real primary and
standby for the end-to-end test.
"""

import copy

import pytest
from django.db import connections

from common.dbrouting import REPLICA


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """For a whole module (before each test's database set-up sees the aliases): its
    tests must name both databases, `django_db(transaction=True, databases=BOTH)`."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": "default"}
    connections.settings[REPLICA] = settings_dict
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


BOTH = ["default", REPLICA]
