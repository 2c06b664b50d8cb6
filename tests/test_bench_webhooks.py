"""The bench's webhook rows (bench/webhooks.py) must send what Meta sends: bodies the
product's webhook accepts and stores, each a message of its own, spread over the desa asked
for; or `make bench` would time refusals or duplicates instead of messages."""

from bench import webhooks
from intake.models import Message
from regions.services import desa_contact_set

SECRET = "bench-test-app-secret"


def test_the_bench_bodies_are_accepted_and_each_stores_a_message(
    api, settings, tmp_path, desa_a, desa_b
):
    settings.WHATSAPP_APP_SECRET = SECRET
    numbers = [webhooks.phone_number_id(1), webhooks.phone_number_id(2)]
    desa_contact_set(desa=desa_a, whatsapp_phone_number_id=numbers[0])
    desa_contact_set(desa=desa_b, whatsapp_phone_number_id=numbers[1])
    bodies = webhooks.write(
        tmp_path / "bodies", secret=SECRET, number_ids=numbers, count=6, run="t"
    )
    lines = bodies.read_bytes().splitlines()

    client = api()
    for line in lines:
        signature, body = line.split(b"\t")
        r = client.post(
            webhooks.PATH,
            body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=signature.decode(),
        )
        assert r.status_code == 200, r.content

    stored = Message.objects.filter(channel="whatsapp")
    assert stored.values("external_id").distinct().count() == 6
    assert stored.filter(desa=desa_a).count() == 3
    assert stored.filter(desa=desa_b).count() == 3
    # Another run's bodies are new messages too.
    again = webhooks.write(tmp_path / "again", secret=SECRET, number_ids=numbers, count=1, run="u")
    signature, body = again.read_bytes().rstrip(b"\n").split(b"\t")
    client.post(webhooks.PATH, body, content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=signature.decode())  # fmt: skip
    assert stored.count() == 7


def test_each_wrk_thread_reads_its_own_lines_of_the_bodies(tmp_path):
    script = webhooks.lua(bodies=tmp_path / "bodies", thread_count=2)
    assert f"io.lines([==[{tmp_path / 'bodies'}]==])" in script
    assert "line_number % 2 == thread_index" in script
    assert f'wrk.format("POST", [==[{webhooks.PATH}]==]' in script
