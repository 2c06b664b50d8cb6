"""A poll killed for real half-way (SIGKILL, no `finally`, no rollback of what was
committed) and run again leaves exactly one message per mail: nothing lost, nothing twice."""

import os
import signal
import subprocess

import pytest
from django.conf import settings as django_settings

from intake.mail import TAKEN_KEYWORD, mailbox_poll
from intake.models import Draft, Message
from intake.services import inbound_process_pending
from tests.intake.imap_server import imap_server  # noqa: F401  (the session fixture)
from tests.intake.test_mail import _media_root, _quiet_smtp_stand_in, mail, mailbox  # noqa: F401
from tests.notifications.processes import wait_for
from tests.process import BACKEND, VENV_BIN, database_url_for_subprocess, environment

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MAILS = 120
LOCK_SECONDS = 15

POLL = """
import django, sys
django.setup()
from intake.mail import mailbox_poll
mailbox_poll(mailbox_id=int(sys.argv[1]))
"""


def test_a_poll_killed_half_way_and_run_again_takes_each_mail_once(imap_server, mailbox):  # noqa: F811
    for n in range(MAILS):
        imap_server.append(
            mailbox.username, mail(subject=f"Aduan {n}", sender=f"warga{n}@example.id")
        )
    poller = subprocess.Popen(
        [str(VENV_BIN / "python"), "-c", POLL, str(mailbox.pk)],
        cwd=BACKEND,
        env=environment(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url_for_subprocess(),
            CACHE_KEY_PREFIX=django_settings.CACHES["default"]["KEY_PREFIX"],
            IMAP_LOCK_SECONDS=str(LOCK_SECONDS),
            LOG_LEVEL="WARNING",
        ),
    )
    try:
        wait_for(
            lambda: Message.objects.filter(channel="email").count() >= 10,
            timeout=120,
            what="the poller to store its first mails",
        )
    finally:
        os.kill(poller.pid, signal.SIGKILL)
        poller.wait()
    taken_before = Message.objects.filter(channel="email").count()
    assert 10 <= taken_before < MAILS, "the kill must land half-way"
    polls = []

    def runs() -> bool:
        polls.append(mailbox_poll(mailbox_id=mailbox.pk))
        return polls[-1].error != "locked"

    # The killed poller's lock outlives it until it expires: no second poll meanwhile.
    wait_for(runs, timeout=LOCK_SECONDS * 4, what="the killed poller's lock to expire")
    again = polls[-1]

    assert polls[0].error == "locked"
    assert again.error == ""
    assert again.stored == MAILS - taken_before
    assert Message.objects.filter(channel="email").count() == MAILS
    assert len(imap_server.search(mailbox.username, "KEYWORD", TAKEN_KEYWORD)) == MAILS
    assert mailbox_poll(mailbox_id=mailbox.pk).stored == 0
    inbound_process_pending()
    subjects = sorted(Draft.objects.values_list("subject", flat=True))
    assert subjects == sorted(f"Aduan {n}" for n in range(MAILS))
