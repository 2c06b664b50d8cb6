"""Concurrent receives on real PostgreSQL: numbers stay 1..n per desa-year, whatever fails.

Threads each hold their own database connection (Django's connections are per thread).
Some receives roll back on purpose, and one receiver's connection is killed with
pg_terminate_backend while it holds the busy desa's counter lock.
"""

import queue
import random
import threading
import time
from collections import Counter

import pytest
from django.db import Error, connection, connections, transaction

from accounts.models import Role
from complaints.models import Complaint
from complaints.services import complaint_transition
from complaints.state import Action, Status
from register.models import RegisterEntry
from register.selectors import register_chain_verify
from tests.accounts.factories import user_with
from tests.complaints.factories import submit
from tests.regions.factories import desa

WORKERS = 16
PER_DESA = 20  # x 10 desa = 200
BUSY = 50  # on one more desa


class Rollback(Exception):
    """Raised inside a receive to make its transaction roll back."""


def receive(complaint, officer, roll_back: bool) -> str:
    try:
        with transaction.atomic():
            complaint_transition(complaint=complaint, action=Action.RECEIVE, actor=officer)
            if roll_back:
                raise Rollback
    except Rollback:
        return "rolled back"
    return "received"


@pytest.mark.django_db(transaction=True)
def test_parallel_receives_number_each_desa_year_one_to_n_without_gaps_or_duplicates():
    # given: ten quiet desa and one busy one, an intake officer each, complaints waiting
    quiet = [desa(f"32.07.10.30{i:02d}", f"Desa {i}", f"D{i:02d}") for i in range(10)]
    busy = desa("32.07.10.2010", "Jagabaya", "JGB")
    officers = {
        d.pk: user_with(Role.INTAKE_OFFICER, d, username=f"petugas.{d.code}")
        for d in [*quiet, busy]
    }
    jobs = [(submit(d).complaint, d) for d in quiet for _ in range(PER_DESA)]
    jobs += [(submit(busy).complaint, busy) for _ in range(BUSY)]
    victim = submit(busy).complaint
    random.Random(7).shuffle(jobs)
    roll_back = {complaint.pk for index, (complaint, _d) in enumerate(jobs) if index % 9 == 4}

    # when: the victim takes the busy desa's counter lock and holds it...
    victim_pid: queue.Queue = queue.Queue()
    release = threading.Event()
    outcomes: Counter = Counter()
    errors: list[BaseException] = []

    def victim_receives():
        try:
            with transaction.atomic():
                complaint_transition(
                    complaint=victim, action=Action.RECEIVE, actor=officers[busy.pk]
                )
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    victim_pid.put(cursor.fetchone()[0])
                release.wait(30)
            outcomes["victim committed"] += 1
        except Error:
            outcomes["killed"] += 1
        finally:
            connection.close()

    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)

    def worker():
        try:
            while True:
                try:
                    complaint, d = work.get_nowait()
                except queue.Empty:
                    return
                outcomes[receive(complaint, officers[d.pk], complaint.pk in roll_back)] += 1
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=victim_receives)
    holder.start()
    pid = victim_pid.get(timeout=30)
    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    # ...while 250 other receives run, the busy desa's ones queueing behind it; then its
    # connection is killed mid-transaction.
    time.sleep(0.5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    release.set()
    holder.join(60)
    for thread in threads:
        thread.join(120)

    # then
    assert errors == []
    assert outcomes["killed"] == 1
    assert outcomes["rolled back"] == len(roll_back)
    assert outcomes["received"] == len(jobs) - len(roll_back)
    for d in [*quiet, busy]:
        got = list(
            RegisterEntry.objects.filter(desa=d).order_by("number").values_list("number", flat=True)
        )
        received = Complaint.objects.filter(desa=d, status=Status.RECEIVED).count()
        assert got == list(range(1, received + 1)), d.code
        assert all(report.ok for report in register_chain_verify(desa=d)), d.code
    assert Complaint.objects.get(pk=victim.pk).status == Status.SUBMITTED
    assert not RegisterEntry.objects.filter(complaint=victim).exists()
    assert RegisterEntry.objects.count() == len(jobs) - len(roll_back)
