"""A real Dovecot IMAP server on loopback, from a throwaway configuration.

Plain IMAP (`ssl = no`) on 127.0.0.1 and a free port, one static password for any user, mail
in maildirs under a temporary folder. Dovecot refuses to deliver as root, so mail belongs to
the `dovecot` user, and every folder on the path must be traversable by it.
"""

import imaplib
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.process import free_port

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "rahasia-imap"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
mail_privileged_group =
default_login_user = dovenull
default_internal_user = dovecot
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/home/%u
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


@dataclass
class ImapServer:
    host: str
    port: int
    password: str
    root: Path
    config: Path

    def connect(self, user: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(user, self.password)
        return client

    def append(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        client = self.connect(user)
        try:
            client.create(folder)  # fails harmlessly when it exists
            client.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        finally:
            client.logout()

    def search(self, user: str, *criteria: str, folder: str = "INBOX") -> list[bytes]:
        client = self.connect(user)
        try:
            client.select(folder)
            _typ, data = client.search(None, *(criteria or ("ALL",)))
            return data[0].split()
        finally:
            client.logout()


@contextmanager
def dovecot():
    root = Path(tempfile.mkdtemp(prefix="pengaduan-dovecot-"))
    for name in ("run", "state", "mail", "home"):
        (root / name).mkdir()
    for path in [root, *root.iterdir()]:
        path.chmod(0o755)
    os.chown(root / "mail", _uid("dovecot"), _gid("dovecot"))
    os.chown(root / "home", _uid("dovecot"), _gid("dovecot"))
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, password=PASSWORD))
    # No pipes: the daemon would keep them open, and run() would wait for it forever.
    subprocess.run(
        [DOVECOT, "-c", str(config)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = ImapServer("127.0.0.1", port, PASSWORD, root, config)
    _wait_until_listening(server)
    try:
        yield server
    finally:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def _gid(name: str) -> int:
    import grp

    return grp.getgrnam(name).gr_gid


def _wait_until_listening(server: ImapServer) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            server.connect("probe").logout()
            return
        except OSError:
            if time.monotonic() > deadline:
                log = (server.root / "dovecot.log").read_text(errors="replace")
                raise RuntimeError(f"dovecot did not start:\n{log}") from None
            time.sleep(0.05)


@pytest.fixture(scope="session")
def imap_server():
    with dovecot() as server:
        yield server
