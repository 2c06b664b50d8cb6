"""The desa's A4 poster: its channels, free of charge, identity confidential, and a QR code
that leads to the desa's page in the app."""

import pytest
import segno

from accounts.models import Role
from regions.services import desa_contact_set
from tests.accounts.factories import user_with
from tests.printables.pdfs import filled_rectangles, keep, pdf_pages, pdf_text, qr_matrix_of

MM = 72 / 25.4


def poster(client, desa):
    return client.get(f"/api/v1/desa/{desa.code}/poster/")


def test_the_poster_names_the_desa_its_channels_and_the_promises(
    api, desa_a, operator_desa_a, settings
):
    settings.PUBLIC_BASE_URL = "https://pengaduan.jagabaya.desa.id/"
    desa_contact_set(
        desa=desa_a,
        whatsapp="0812-9999-0001",
        email="pengaduan@jagabaya.desa.id",
        office_address="Jl. Raya Jagabaya No. 1",
        office_hours="Senin–Jumat 08.00–15.00 WIB",
    )
    user_with(Role.BOX_TEAM, desa_a, username="kotak.a")

    r = poster(api(operator_desa_a), desa_a)

    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    keep("poster-a4.pdf", r.content)
    text = pdf_text(r.content)
    assert "Desa Jagabaya" in text and "GRATIS" in text
    assert "Identitas pelapor dirahasiakan" in text
    assert "0812-9999-0001" in text and "pengaduan@jagabaya.desa.id" in text
    assert "Jl. Raya Jagabaya No. 1" in text and "Senin–Jumat 08.00–15.00 WIB" in text
    assert "Kotak saran" in text
    url = "https://pengaduan.jagabaya.desa.id/d/32.07.10.2010"
    assert url in text
    [page] = pdf_pages(r.content).pages
    assert round(float(page.mediabox.width) / MM) == 210


def test_the_qr_code_is_the_desa_page_s_address(api, desa_a, operator_desa_a):
    r = poster(api(operator_desa_a), desa_a)

    # No PUBLIC_BASE_URL: the address the request came to, as the SPA is served from it.
    url = "http://testserver/d/32.07.10.2010"
    expected = segno.make(url, error="m", micro=False)
    drawn = qr_matrix_of(filled_rectangles(r.content), len(expected.matrix))
    assert drawn == [list(row) for row in expected.matrix]
    assert segno.make("http://testserver/d/33.22.02.2006", error="m").matrix != expected.matrix


def test_without_contact_details_the_poster_still_leads_to_the_app(api, desa_a, kades_desa_a):
    r = poster(api(kades_desa_a), desa_a)

    assert r.status_code == 200
    text = pdf_text(r.content)
    assert "http://testserver/d/32.07.10.2010" in text and "Kotak saran" not in text


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("operator_desa_a", 200),
        ("kades_desa_a", 200),
        ("pejabat_desa_a", 404),
        ("operator_desa_b", 404),
        ("camat_x", 404),
        ("warga", 404),
        (None, 401),
    ],
)
def test_who_may_print_the_poster(request, api, desa_a, who, expected):
    user = request.getfixturevalue(who) if who else None

    assert poster(api(user), desa_a).status_code == expected
