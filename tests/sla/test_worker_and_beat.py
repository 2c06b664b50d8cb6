"""The timers end to end: a real Celery worker and beat (subprocesses) over Redis, a real
SMTP server on loopback, and the test database.

Time: the worker and beat run on the real clock. Instead of shifting a clock across
processes, the test moves the complaint's own timestamps into the past (the reminder instant,
the deadline, the answer time), exactly as if that much time had passed; the working-day
arithmetic that produces those instants is covered in-process with time-machine
(test_calendar, test_services).
"""

import subprocess
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.services import complaint_transition
from config.celery import app as celery_app
from sla.models import ComplaintSla, Escalation
from tests.complaints.factories import complaint_in
from tests.notifications.servers import smtp_server
from tests.process import (
    BACKEND,
    VENV_BIN,
    Output,
    celery_worker,
    database_url_for_subprocess,
    environment,
)


def wait_for(condition, timeout: float = 60, what: str = "", output=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}\n{output.text if output else ''}")


@pytest.mark.django_db(transaction=True)
def test_reminder_escalation_once_and_auto_close_through_worker_and_beat(
    desa_a, operator_desa_a, pejabat_desa_a, kades_desa_a, tmp_path, settings
):
    queue = f"test-sla-{uuid.uuid4().hex}"  # no other worker, of this run or another, takes it
    celery_app.conf.task_default_queue = queue  # this process's enqueues (on commit) too
    pejabat_desa_a.email = "pejabat@jagabaya.desa.id"
    pejabat_desa_a.save()
    kades_desa_a.email = "kades@jagabaya.desa.id"
    kades_desa_a.save()
    complaint = complaint_in("in_progress", desa_a, officer=operator_desa_a, handler=pejabat_desa_a)
    clock = ComplaintSla.objects.filter(complaint=complaint)
    now = timezone.now()
    # Not due yet: the sweep must leave it alone.
    clock.update(
        remind_2_at=now + timedelta(days=1),
        remind_1_at=now + timedelta(days=2),
        deadline=now + timedelta(days=3),
    )

    with smtp_server() as (mailbox, port):
        env = environment(
            DATABASE_URL=database_url_for_subprocess(),
            CELERY_QUEUE=queue,
            SLA_SWEEP_SECONDS="1",
            NOTIFY_RESEND_SECONDS="1",
            NOTIFY_RETRY_BASE_SECONDS="1",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            EMAIL_USE_TLS="false",
        )
        beat = subprocess.Popen(
            [str(VENV_BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
             "--schedule", str(tmp_path / "beat-schedule")],
            cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        beat_output = Output(beat)
        try:
            with celery_worker(env, queue=queue) as output:
                # received → two working days before the deadline: the handler's reminder.
                time.sleep(2)
                assert [m["Subject"] for m in mailbox.messages if "Pengingat" in m["Subject"]] == []
                clock.update(remind_2_at=timezone.now() - timedelta(seconds=1))
                wait_for(
                    lambda: any("Pengingat" in m["Subject"] for m in mailbox.messages),
                    what="the reminder email",
                    output=output,
                )
                reminder = next(m for m in mailbox.messages if "Pengingat" in m["Subject"])
                assert reminder["To"] == "pejabat@jagabaya.desa.id"
                assert complaint.tracking_code in reminder["Subject"]

                # the deadline passes: one escalation to the village head, not two.
                clock.update(deadline=timezone.now() - timedelta(seconds=1))
                wait_for(
                    lambda: any(m["To"] == "kades@jagabaya.desa.id" for m in mailbox.messages),
                    what="the escalation email",
                    output=output,
                )
                time.sleep(3)  # three more sweeps
                assert Escalation.objects.filter(complaint=complaint).count() == 1
                assert [m["To"] for m in mailbox.messages].count("kades@jagabaya.desa.id") == 1

                # answered, and nobody objects within the window: closed by the system.
                complaint_transition(
                    complaint=complaint, action="answer", actor=pejabat_desa_a, answer="Beres."
                )
                Complaint.objects.filter(pk=complaint.pk).update(
                    answered_at=timezone.now()
                    - timedelta(days=settings.OBJECTION_WINDOW_DAYS, seconds=1)
                )
                wait_for(
                    lambda: Complaint.objects.get(pk=complaint.pk).status == "closed",
                    what="the auto-close",
                    output=output,
                )
        finally:
            beat.terminate()
            beat.wait(timeout=30)
            celery_app.conf.task_default_queue = "celery"

    closing = complaint.transitions.order_by("at").last()
    assert (closing.action, closing.capacity, closing.actor) == ("close", "system", None)
    assert "sla.tasks.sweep" in beat_output.text
