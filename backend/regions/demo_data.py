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
