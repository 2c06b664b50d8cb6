"""Without DATABASE_REPLICA_URL nothing changes: the designated reads use the primary."""

from common.dbrouting import read_alias, read_from_replica
from regions.models import Region


def test_without_a_replica_the_designated_reads_use_the_primary(desa_a):
    with read_from_replica():
        assert read_alias() == "default"
        assert Region.objects.get(pk=desa_a.pk)._state.db == "default"
