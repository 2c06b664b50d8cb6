import pytest

from intake.services import inbound_process_pending
from regions.services import desa_contact_set
from tests.intake import payloads


@pytest.fixture(autouse=True)
def _whatsapp_settings(settings):
    settings.WHATSAPP_APP_SECRET = payloads.APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = payloads.VERIFY_TOKEN
    settings.WHATSAPP_ACCESS_TOKEN = "graph-test-token"
    settings.WHATSAPP_TEMPLATES = ["pengaduan_tindak_lanjut:id:2"]


@pytest.fixture
def jagabaya_whatsapp(desa_a):
    """Desa A's office number, as its contact settings name it."""
    desa_contact_set(desa=desa_a, whatsapp_phone_number_id=payloads.PHONE_NUMBER_ID)
    return desa_a


@pytest.fixture
def deliver(api):
    """POST one signed notification to the webhook as Meta does; returns the response."""

    def post(payload: dict, *, signature: str | None = None, client=None):
        body, good = payloads.signed(payload)
        headers = {} if signature == "" else {"HTTP_X_HUB_SIGNATURE_256": signature or good}
        return (client or api()).post(
            "/api/v1/channels/whatsapp/webhook/", body, content_type="application/json", **headers
        )

    return post


@pytest.fixture
def process():
    return inbound_process_pending
