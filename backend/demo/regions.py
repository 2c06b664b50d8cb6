"""Demo region data with official Kemendagri region codes (kode wilayah).

The codes follow the Kemendagri scheme (Permendagri No. 72 Tahun 2019, as
updated by Kepmendagri No. 100.1.1-6117 Tahun 2022 and later decrees):
provinsi ``PP``, kabupaten/kota ``PP.KK``, kecamatan ``PP.KK.CC`` and
desa/kelurahan ``PP.KK.CC.XXXX`` (desa ``2xxx``, kelurahan ``1xxx``).
These are NOT the BPS statistical codes (e.g. ``3207090xxx``).

Every code below was checked against two independent public dumps:

* ``cahyadsn/wilayah`` on GitHub, file ``db/wilayah.sql`` (current edition,
  dotted Kemendagri codes);
* ``kodewilayah/explorer`` on GitHub, files ``public/data/dagri2019/32.tsv``
  and ``public/data/dagri2019/33.tsv`` (Permendagri 72/2019 edition).

Both sources agree on every entry. Register abbreviations are
project-specific (not official): three uppercase letters taken from the
consonants of the name, unique within each kecamatan.
"""

# (code, name, level, register_abbreviation or "") in parent→child order;
# parent is implied by the code prefix.
DEMO_REGIONS: list[tuple[str, str, str, str]] = [
    # Jawa Barat → Kabupaten Ciamis → Kecamatan Panawangan
    ("32", "Jawa Barat", "provinsi", ""),
    ("32.07", "Ciamis", "kabupaten", ""),
    ("32.07.10", "Panawangan", "kecamatan", ""),
    ("32.07.10.2010", "Jagabaya", "desa", "JGB"),
    ("32.07.10.2001", "Panawangan", "desa", "PNW"),
    ("32.07.10.2004", "Nagarajati", "desa", "NGR"),
    ("32.07.10.2006", "Kertayasa", "desa", "KRT"),
    ("32.07.10.2011", "Gardujaya", "desa", "GRD"),
    ("32.07.10.2013", "Bangunjaya", "desa", "BNG"),
    # Jawa Tengah → Kabupaten Semarang → Kecamatan Tengaran
    ("33", "Jawa Tengah", "provinsi", ""),
    ("33.22", "Semarang", "kabupaten", ""),
    ("33.22.02", "Tengaran", "kecamatan", ""),
    ("33.22.02.2006", "Klero", "desa", "KLR"),
    ("33.22.02.2003", "Sruwen", "desa", "SRW"),
    ("33.22.02.2005", "Tengaran", "desa", "TNG"),
    ("33.22.02.2007", "Regunung", "desa", "RGN"),
    ("33.22.02.2012", "Bener", "desa", "BNR"),
]

# How residents reach the demo desa's office (the landing page shows it). Made up, like the
# demo people: a real office's WhatsApp must not receive test messages. The channels and
# hours follow what Desa Jagabaya and Desa Klero publish (WhatsApp, telephone, e-mail,
# walk-in on working hours).
DEMO_CONTACTS: dict[str, dict[str, str]] = {
    "32.07.10.2010": {
        "whatsapp": "0812-0000-0010",
        "phone": "(0265) 700 0010",
        "email": "pengaduan@jagabaya.example",
        "office_address": "Kantor Desa Jagabaya, Jl. Raya Panawangan, Kec. Panawangan, "
        "Kab. Ciamis 46255",
        "office_hours": "Senin–Kamis 08.00–15.00 WIB, Jumat 08.00–11.00 WIB",
        # Made up too: the id `make run`'s webhook example (docs/channels.md) names.
        "whatsapp_phone_number_id": "100000000000001",
    },
    "33.22.02.2006": {
        "whatsapp": "0812-0000-0020",
        "phone": "(0298) 700 0020",
        "email": "pengaduan@klero.example",
        "office_address": "Kantor Desa Klero, Jl. Raya Solo–Semarang, Kec. Tengaran, "
        "Kab. Semarang 50775",
        "office_hours": "Senin–Jumat 08.00–14.00 WIB",
    },
}


def demo_emblem_png() -> bytes:
    """A made-up emblem for the demo desa, drawn here so that no image from outside ships
    with the repository: a green shield with a gold star, rice and a river."""
    import io

    from PIL import Image, ImageDraw

    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(56, 40), (456, 40), (456, 260), (256, 480), (56, 260)]
    draw.polygon(shield, fill=(21, 101, 52), outline=(234, 179, 8), width=14)
    star = [(256, 86), (280, 156), (354, 156), (294, 200), (316, 270), (256, 228), (196, 270),
            (218, 200), (158, 156), (232, 156)]  # fmt: skip
    draw.polygon(star, fill=(234, 179, 8))
    for x in range(146, 356, 30):  # grains of rice under the star
        draw.ellipse((x, 296, x + 20, 334), fill=(250, 204, 21))
    for left in (170, 256):  # the river (Citanduy) below
        draw.arc((left, 350, left + 86, 390), 200, 340, fill=(147, 197, 253), width=10)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
