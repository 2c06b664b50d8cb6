"""Demo complaints: about thirty per desa, in every state, so a first `make run` looks lived-in.

`complaints_seed_demo` plays a fixed list of stories through the real services
(`complaint_submit`, `complaint_transition`, `note_add`, `identity_grant`), so every history
row, assignment, identity and timestamp is one the product itself would have written. The
stories happen over the past weeks on a story clock (`demo/clock.py`). People, places,
NIKs and phone numbers are made up, drawn from `random.Random(desa code)`: the same desa
gets the same data on every machine; only tracking codes, PINs and the times, which count
back from now, differ.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from common.clock import current_time
from complaints.models import AgencyKind, Channel, Complaint, Conveyed, Kind, Level, Visibility
from complaints.services import (
    ReporterData,
    complaint_record_for_reporter,
    complaint_submit,
    complaint_transition,
    identity_grant,
    note_add,
    public_outcome_set,
)
from complaints.state import Action, Capacity
from demo.clock import StoryClock, story_time
from regions.models import Region


@dataclass(frozen=True)
class DemoStaff:
    """The demo desa's office: who receives, who follows up, who oversees, who opens the box."""

    intake: User
    handler: User
    head: User
    box_team: User


# Who reports a story: the demo resident's own account (web), a named person without an
# account (their identity typed in), or nobody.
ACCOUNT, NAMED, ANONYMOUS = "account", "named", "anonymous"
# Who makes a step, unless the step says otherwise.
INTAKE, HEAD, HANDLER, REPORTER, SYSTEM = "intake", "head", "handler", "reporter", "system"
# The reporter's move, told at the office and recorded for them by the intake officer.
ON_BEHALF = "on_behalf"
# Steps that are not moves of the state machine.
NOTE, GRANT, PUBLISH = "note", "grant", "publish"
DEFAULT_BY = {
    Action.RECEIVE: INTAKE,
    Action.VERIFY: INTAKE,
    Action.REQUEST_INFO: INTAKE,
    Action.REJECT: INTAKE,
    Action.ASSIGN: INTAKE,
    Action.REASSIGN: HEAD,
    Action.START: HANDLER,
    Action.ANSWER: HANDLER,
    Action.SUPPLY_INFO: REPORTER,
    Action.CONFIRM: REPORTER,
    Action.OBJECT: REPORTER,
    Action.CLOSE: SYSTEM,
    Action.MARK_DUPLICATE: INTAKE,
    Action.FORWARD: INTAKE,
    NOTE: HANDLER,
    GRANT: INTAKE,
    PUBLISH: HEAD,
}


@dataclass(frozen=True)
class Step:
    """One thing that happens to a story's complaint after it is submitted.

    `text` is what the action needs: the reason of reject/object, the note of
    request_info/supply_info, the answer, the rating comment, a note's body, a grant's reason,
    or an optional note on any other move.
    """

    action: str
    text: str = ""
    by: str = ""
    rating: int | None = None
    # assign/reassign to the demo official by name. The demo desa has one official (Kasi
    # Pemerintahan); a story that must go past `assigned` goes to him, the others follow the
    # desa's routing (categories whose position nobody holds reach the village head).
    to_handler: bool = False
    visibility: str = Visibility.PUBLIC
    # publish: the title the BPD's report lists (`text` is the one-line outcome).
    title: str = ""


@dataclass(frozen=True)
class Story:
    days_ago: float  # when it was submitted; the steps follow in the time since
    kind: str
    category: str
    channel: str
    reporter: str
    title: str
    description: str
    steps: tuple[Step, ...] = ()
    location: str = ""
    urgency: str = Level.MEDIUM
    impact: str = Level.MEDIUM
    # Which of the flavour's dusun {dusun} is, for stories about the same place; else drawn.
    dusun: int | None = None


RECEIVE, VERIFY, START = Step(Action.RECEIVE), Step(Action.VERIFY), Step(Action.START)
ASSIGN, ASSIGN_HANDLER = Step(Action.ASSIGN), Step(Action.ASSIGN, to_handler=True)
ASSIGN_BY_HEAD = Step(Action.ASSIGN, by=HEAD)
# Verified, assigned and started: assigned by the desa's routing, to the official by name,
# or by the village head.
HANDLED = (VERIFY, ASSIGN, START)
HANDLED_BY_OFFICIAL = (VERIFY, ASSIGN_HANDLER, START)
HANDLED_BY_HEAD = (VERIFY, ASSIGN_BY_HEAD, START)


def note(text: str, *, staff_only: bool = False, by: str = "") -> Step:
    """A progress note: the reporter reads it unless it is `staff_only`."""
    return Step(NOTE, text, by=by, visibility=Visibility.STAFF if staff_only else Visibility.PUBLIC)


def publish(title: str, outcome: str) -> Step:
    """The village head approves what the desa's report lists under "What was done"."""
    return Step(PUBLISH, outcome, title=title)


def answer(text: str) -> Step:
    return Step(Action.ANSWER, text)


def confirm(comment: str, rating: int, *, by: str = "") -> Step:
    return Step(Action.CONFIRM, comment, by=by, rating=rating)


# Texts may use {desa}, {dusun}, {rt} and {rw}, filled per desa and story.
STORIES: list[Story] = [
    # --- submitted: waiting for the office -------------------------------------------------
    Story(
        0.3, Kind.COMPLAINT, "lingkungan", Channel.WEB, ANONYMOUS,
        "Sampah menumpuk di dekat jembatan Dusun {dusun}",
        "Sudah hampir dua minggu warga membuang sampah rumah tangga di pinggir jalan dekat "
        "jembatan. Baunya menyengat, banyak lalat, dan kalau hujan sampahnya terbawa ke "
        "sungai. Mohon disediakan tempat sampah sementara atau jadwal pengangkutan.",
        location="Jembatan Dusun {dusun}", impact=Level.HIGH,
    ),
    Story(
        0.6, Kind.INFORMATION_REQUEST, "administrasi-kependudukan", Channel.WEB, ACCOUNT,
        "Syarat akta kelahiran untuk anak yang lahir di rumah",
        "Anak saya lahir di rumah dibantu bidan desa bulan lalu. Apa saja syarat membuat akta "
        "kelahiran, dan apakah bisa diurus lewat kantor desa atau harus ke Disdukcapil?",
        urgency=Level.LOW, impact=Level.LOW,
    ),
    Story(
        1.2, Kind.SUGGESTION, "pelayanan-aparatur", Channel.SUGGESTION_BOX, ANONYMOUS,
        "Kantor desa sebaiknya tetap melayani saat jam istirahat",
        "Banyak warga yang bekerja di sawah baru sempat ke kantor desa siang hari, tetapi "
        "pelayanan tutup saat jam istirahat. Mohon ada petugas piket supaya pelayanan tetap "
        "berjalan.",
        urgency=Level.LOW,
    ),
    # --- received -----------------------------------------------------------------------------
    Story(
        1.6, Kind.COMPLAINT, "administrasi-kependudukan", Channel.WALK_IN, NAMED,
        "KTP-el rusak, chip tidak terbaca di bank",
        "Pelapor datang ke kantor desa. KTP-el miliknya retak dan chipnya tidak terbaca saat "
        "membuka rekening di bank. Ia menanyakan cara mengganti KTP-el yang rusak.",
        steps=(
            note("Pelapor membawa KK asli dan KTP-el yang rusak. Perlu dibuatkan surat "
                 "pengantar ke Disdukcapil.", by=INTAKE, staff_only=True),
        ),
        urgency=Level.LOW, impact=Level.LOW,
    ),
    Story(
        2.2, Kind.COMPLAINT, "infrastruktur", Channel.WEB, NAMED,
        "Lampu penerangan jalan mati di tikungan Dusun {dusun}",
        "Lampu PJU di tikungan dekat pos ronda RT {rt} sudah mati lima hari. Tikungannya "
        "tajam dan gelap; kemarin malam ada pengendara motor yang hampir jatuh ke parit.",
        steps=(RECEIVE,), location="Tikungan dekat pos ronda RT {rt}/RW {rw}",
        urgency=Level.HIGH,
    ),
    Story(
        3, Kind.ASPIRATION, "lainnya", Channel.SUGGESTION_BOX, NAMED,
        "Usulan lapangan voli untuk karang taruna",
        "Kami pemuda RT {rt}/RW {rw} mengusulkan tanah kas desa di belakang balai dusun "
        "dijadikan lapangan voli. Selama ini pemuda bermain di jalan dan mengganggu pengguna "
        "jalan.",
        steps=(RECEIVE,), urgency=Level.LOW,
    ),
    # --- needs_info ---------------------------------------------------------------------------
    Story(
        4, Kind.COMPLAINT, "bantuan-sosial", Channel.WHATSAPP, NAMED,
        "BLT Dana Desa bulan ini belum diterima",
        "Pesan WhatsApp dari warga: ibunya terdaftar sebagai penerima BLT Dana Desa, tetapi "
        "bantuan bulan ini belum diterima, padahal tetangganya sudah menerima minggu lalu.",
        steps=(
            Step(Action.REQUEST_INFO, "Mohon kirim foto KK dan sebutkan nama penerima yang "
                 "terdaftar serta bulan terakhir BLT diterima, agar bisa kami cocokkan dengan "
                 "daftar penerima."),
        ),
        urgency=Level.HIGH,
    ),
    Story(
        5, Kind.COMPLAINT, "keamanan-ketertiban", Channel.WEB, ANONYMOUS,
        "Balap liar setiap malam Minggu",
        "Hampir setiap malam Minggu ada anak muda balap liar di jalan desa. Suara knalpotnya "
        "bising sampai larut malam dan membahayakan warga yang lewat.",
        steps=(
            RECEIVE,
            Step(Action.REQUEST_INFO, "Di ruas jalan mana tepatnya dan sekitar jam berapa? "
                 "Keterangan ini kami perlukan untuk koordinasi dengan Bhabinkamtibmas."),
        ),
    ),
    # --- verified -----------------------------------------------------------------------------
    Story(
        3.5, Kind.COMPLAINT, "infrastruktur", Channel.PHONE, NAMED,
        "Jembatan bambu ke area sawah mulai lapuk",
        "Pelapor menelepon kantor desa: jembatan bambu yang dipakai petani menuju sawah di "
        "Dusun {dusun} sudah lapuk dan satu tiangnya patah. Petani khawatir saat membawa "
        "hasil panen.",
        steps=(Step(Action.VERIFY, "Kondisi jembatan sudah dicek oleh Kepala Dusun."),),
        location="Jalan sawah Dusun {dusun}", urgency=Level.HIGH,
    ),
    Story(
        6, Kind.ASPIRATION, "lingkungan", Channel.WEB, ACCOUNT,
        "Usulan bank sampah di setiap RW",
        "Saya mengusulkan dibentuk bank sampah di setiap RW. Ibu-ibu PKK siap mengelola; "
        "sampah plastik bisa ditabung dan hasilnya untuk kas RW. Mohon dukungan tempat dan "
        "timbangan dari desa.",
        steps=(RECEIVE, VERIFY), urgency=Level.LOW,
    ),
    Story(
        2.8, Kind.INFORMATION_REQUEST, "lainnya", Channel.EMAIL, NAMED,
        "Permohonan salinan APBDes tahun ini",
        "Dengan hormat, saya mohon salinan Peraturan Desa tentang APBDes tahun berjalan "
        "beserta rincian kegiatan pembangunannya, untuk bahan diskusi kelompok tani. "
        "Terima kasih.",
        steps=(VERIFY,), urgency=Level.LOW,
    ),
    # --- duplicate: joined to the bridge report above ---------------------------------------
    Story(
        1.4, Kind.COMPLAINT, "infrastruktur", Channel.WEB, ANONYMOUS,
        "Jembatan bambu menuju sawah hampir roboh",
        "Saya juga mengalami: jembatan bambu ke sawah di Dusun {dusun} sudah goyang dan satu "
        "tiangnya patah. Mohon segera diperbaiki sebelum panen.",
        steps=(Step(Action.MARK_DUPLICATE, "Jembatan bambu ke area sawah mulai lapuk"),),
        urgency=Level.HIGH,
    ),
    # --- forwarded: not the desa's authority --------------------------------------------------
    Story(
        9, Kind.COMPLAINT, "infrastruktur", Channel.WALK_IN, NAMED,
        "Jalan kabupaten di perbatasan desa rusak berat",
        "Pelapor datang ke kantor desa: ruas jalan kabupaten di perbatasan Dusun {dusun} "
        "berlubang dalam dan sudah dua kali membuat pengendara motor jatuh.",
        steps=(
            VERIFY,
            Step(Action.FORWARD, "Ruas ini jalan kabupaten: pemeliharaannya wewenang Dinas "
                 "Pekerjaan Umum dan Penataan Ruang kabupaten, bukan desa. Laporan sudah "
                 "diteruskan dengan surat pengantar desa."),
        ),
        location="Perbatasan Dusun {dusun}", urgency=Level.HIGH, impact=Level.HIGH,
    ),
    # --- rejected -----------------------------------------------------------------------------
    Story(
        2.5, Kind.COMPLAINT, "infrastruktur", Channel.WEB, ANONYMOUS,
        "Jalan berlubang di Dusun {dusun}",
        "Jalan utama di Dusun {dusun} banyak lubang, tolong segera diperbaiki.",
        steps=(
            Step(Action.REJECT, "Laporan ganda: kerusakan jalan yang sama sudah tercatat dan "
                 "sedang ditindaklanjuti. Perkembangannya dapat diikuti pada laporan "
                 "sebelumnya."),
        ),
        dusun=0,  # the same road as the social-media report below
    ),
    Story(
        15, Kind.COMPLAINT, "lainnya", Channel.WALK_IN, NAMED,
        "Sengketa batas tanah warisan dengan saudara",
        "Pelapor datang ke kantor desa mengadukan saudaranya yang memindahkan patok batas "
        "tanah warisan orang tua mereka.",
        steps=(
            Step(Action.REJECT, "Sengketa waris antarkeluarga tidak dapat ditindaklanjuti "
                 "lewat layanan pengaduan. Kepala Dusun siap memfasilitasi musyawarah "
                 "keluarga; bila tidak selesai, dapat diajukan ke pengadilan."),
        ),
        urgency=Level.LOW, impact=Level.LOW,
    ),
    # --- assigned -----------------------------------------------------------------------------
    Story(
        7, Kind.COMPLAINT, "bantuan-sosial", Channel.WALK_IN, NAMED,
        "Keluarga kami tidak lagi menerima PKH",
        "Pelapor datang bersama suaminya. Sudah tiga bulan bantuan PKH tidak masuk ke "
        "rekening, padahal kondisi ekonomi keluarga tidak berubah. Pelapor membawa kartu KKS "
        "dan buku tabungan.",
        steps=(VERIFY, ASSIGN),
        urgency=Level.HIGH,
    ),
    Story(
        5, Kind.COMPLAINT, "pelayanan-aparatur", Channel.WEB, ACCOUNT,
        "Surat pengantar SKCK tidak selesai dalam tiga hari",
        "Saya mengajukan surat pengantar SKCK untuk melamar kerja hari Senin, sampai Kamis "
        "belum selesai dengan alasan Pak Sekdes sedang dinas luar. Mohon ada petugas "
        "pengganti agar surat tidak tertahan.",
        steps=(RECEIVE, VERIFY, ASSIGN_BY_HEAD),
    ),
    Story(
        4, Kind.COMPLAINT, "infrastruktur", Channel.SOCIAL_MEDIA, ANONYMOUS,
        "Jalan desa berlubang parah di Dusun {dusun}",
        "Dari komentar di Instagram desa: jalan utama Dusun {dusun} berlubang besar sepanjang "
        "kira-kira 200 meter. Kalau hujan tergenang dan anak sekolah sering jatuh dari motor.",
        steps=(VERIFY, ASSIGN_BY_HEAD),
        location="Jalan utama Dusun {dusun}", urgency=Level.HIGH, impact=Level.HIGH, dusun=0,
    ),
    Story(
        6, Kind.COMPLAINT, "administrasi-kependudukan", Channel.WHATSAPP, NAMED,
        "Tanggal lahir anak di KK salah tulis",
        "Pesan WhatsApp: tanggal lahir anak kedua di Kartu Keluarga tertulis 1 Juli, "
        "seharusnya 17 Juli sesuai akta kelahiran. Data ini dibutuhkan untuk pendaftaran "
        "sekolah.",
        steps=(
            VERIFY,
            ASSIGN,
            note("Pelapor akan mengirim foto akta kelahiran lewat WhatsApp.", by=INTAKE,
                 staff_only=True),
        ),
    ),
    # --- in_progress --------------------------------------------------------------------------
    Story(
        10, Kind.COMPLAINT, "infrastruktur", Channel.WEB, NAMED,
        "Gorong-gorong tersumbat, air meluap ke jalan",
        "Gorong-gorong di depan SD di Dusun {dusun} tersumbat lumpur dan sampah. Setiap hujan "
        "deras air meluap ke jalan dan masuk ke halaman rumah warga RT {rt}.",
        steps=(
            RECEIVE, *HANDLED,
            note("Sudah disurvei bersama Kepala Dusun. Pembersihan gorong-gorong "
                 "dijadwalkan lewat kerja bakti hari Minggu."),
            note("Bila pipa lama retak perlu dua buis beton 60 cm; cek sisa anggaran "
                 "pemeliharaan.", staff_only=True),
        ),
        location="Depan SD, Dusun {dusun}", urgency=Level.HIGH, impact=Level.HIGH,
    ),
    Story(
        8, Kind.COMPLAINT, "keamanan-ketertiban", Channel.PHONE, ANONYMOUS,
        "Pos ronda Dusun {dusun} kosong, kambing warga hilang",
        "Penelepon tidak mau disebut namanya: dalam sebulan terakhir tiga kambing warga "
        "hilang. Pos ronda Dusun {dusun} kosong karena jadwal ronda tidak berjalan.",
        steps=(
            *HANDLED_BY_HEAD,
            note("Sudah berkoordinasi dengan Babinsa dan Bhabinkamtibmas; patroli malam "
                 "ditambah mulai pekan ini.", staff_only=True),
            note("Jadwal ronda baru sedang disusun bersama para ketua RT."),
        ),
        impact=Level.HIGH,
    ),
    Story(
        12, Kind.COMPLAINT, "lingkungan", Channel.WALK_IN, NAMED,
        "Saluran irigasi tercemar limbah pabrik tahu",
        "Pelapor, seorang petani, datang ke kantor desa. Limbah pabrik tahu rumahan dibuang "
        "langsung ke saluran irigasi sehingga air berbau dan berbusa, dan padi di petaknya "
        "menguning.",
        steps=(
            VERIFY, ASSIGN,
            Step(Action.REASSIGN, "Dialihkan ke Kasi Pemerintahan karena menyangkut "
                 "penertiban usaha.", to_handler=True),
            START,
            Step(GRANT, "Pejabat perlu menghubungi pelapor untuk menunjukkan titik pembuangan "
                 "limbah."),
            note("Pemilik pabrik tahu sudah dipanggil ke kantor desa dan diminta membuat "
                 "bak penampungan limbah."),
        ),
        location="Saluran irigasi Dusun {dusun}", impact=Level.HIGH,
    ),
    Story(
        16, Kind.ASPIRATION, "infrastruktur", Channel.WHATSAPP, NAMED,
        "Usulan pengerasan jalan usaha tani ke blok sawah",
        "Pesan WhatsApp dari ketua kelompok tani: jalan tanah menuju blok sawah di Dusun "
        "{dusun} licin dan tidak bisa dilewati motor saat musim hujan. Kelompok tani "
        "mengusulkan pengerasan dan siap bergotong royong.",
        steps=(
            *HANDLED,
            note("Usulan sudah dicatat untuk dibahas di Musyawarah Perencanaan "
                 "Pembangunan Desa (Musrenbangdes)."),
        ),
        urgency=Level.LOW,
    ),
    # --- answered: waiting for the reporter to confirm or object --------------------------
    Story(
        6, Kind.COMPLAINT, "infrastruktur", Channel.WEB, ACCOUNT,
        "Lampu jalan depan masjid mati sejak sebulan",
        "Lampu jalan di depan masjid RT {rt} sudah mati sekitar sebulan. Jamaah subuh dan "
        "isya harus membawa senter.",
        steps=(
            RECEIVE, *HANDLED,
            note("Lampu sudah dicek; perlu penggantian bola lampu dan sensor cahaya."),
            answer("Lampu jalan di depan masjid sudah diganti dengan lampu LED "
                   "baru dan sudah menyala kembali. Terima kasih atas laporannya."),
        ),
        location="Depan masjid RT {rt}/RW {rw}",
    ),
    Story(
        5, Kind.INFORMATION_REQUEST, "bantuan-sosial", Channel.EMAIL, NAMED,
        "Jadwal dan daftar penerima BLT Dana Desa",
        "Mohon informasi kapan jadwal penyaluran BLT Dana Desa triwulan ini dan di mana "
        "daftar penerimanya dapat dilihat warga.",
        steps=(
            *HANDLED_BY_OFFICIAL,
            answer("Penyaluran BLT Dana Desa triwulan ini dilaksanakan di balai "
                   "desa pada minggu ketiga bulan ini. Daftar penerima ditempel di papan "
                   "pengumuman kantor desa dan di setiap balai dusun."),
        ),
        urgency=Level.LOW,
    ),
    Story(
        9, Kind.SUGGESTION, "lainnya", Channel.SUGGESTION_BOX, ANONYMOUS,
        "Saran: posyandu juga mengadakan senam lansia",
        "Posyandu di Dusun {dusun} sebaiknya juga mengadakan senam lansia dan cek tensi "
        "gratis setiap bulan, karena banyak lansia yang jarang ke puskesmas.",
        steps=(
            RECEIVE, *HANDLED_BY_OFFICIAL,
            answer("Terima kasih atas sarannya. Mulai bulan depan posyandu lansia "
                   "di Dusun {dusun} mengadakan senam bersama dan cek tekanan darah oleh bidan "
                   "desa setiap Jumat pertama."),
        ),
        urgency=Level.LOW,
    ),
    # --- closed -------------------------------------------------------------------------------
    Story(
        45, Kind.COMPLAINT, "infrastruktur", Channel.WALK_IN, NAMED,
        "Jalan rusak dan berdebu karena truk pasir",
        "Perwakilan warga RT {rt}/RW {rw} datang ke kantor desa. Sejak truk pasir lewat setiap "
        "hari, jalan desa di Dusun {dusun} rusak dan berdebu. Warga meminta jalan diperbaiki "
        "dan tonase truk dibatasi.",
        steps=(
            *HANDLED_BY_HEAD,
            note("Sudah dibicarakan dengan pemilik usaha galian pasir; mereka bersedia "
                 "ikut membiayai perbaikan."),
            answer("Jalan sepanjang 300 meter sudah diurug sirtu dan dipadatkan. "
                   "Truk pasir kini hanya boleh lewat pukul 08.00–16.00 dan wajib ditutup "
                   "terpal."),
            # The residents' representative came back to the office to say so.
            confirm("Terima kasih, jalan sudah jauh lebih baik dan tidak berdebu "
                    "lagi.", 5, by=ON_BEHALF),
            publish("Jalan desa Dusun {dusun} rusak dan berdebu",
                    "Diurug sirtu 300 m; truk pasir dibatasi jam lewatnya dan wajib "
                    "bertutup terpal."),
        ),
        location="Jalan desa Dusun {dusun}", urgency=Level.HIGH, impact=Level.HIGH,
    ),
    Story(
        30, Kind.COMPLAINT, "keamanan-ketertiban", Channel.WEB, ACCOUNT,
        "Jadwal ronda malam tidak berjalan",
        "Di RT {rt} jadwal ronda malam sudah dua bulan tidak berjalan. Beberapa rumah pernah "
        "kehilangan sandal dan tabung gas. Mohon desa mengingatkan para ketua RT.",
        steps=(
            RECEIVE, *HANDLED,
            answer("Kepala Dusun sudah mengumpulkan para ketua RT dan jadwal ronda "
                   "baru sudah dibagikan. Pos ronda juga diberi lampu dan kentongan baru."),
            confirm("Ronda sudah jalan lagi, semoga konsisten.", 4),
            publish("Ronda malam di RT {rt} tidak berjalan",
                    "Jadwal ronda baru dibagikan; pos ronda diberi lampu dan kentongan."),
        ),
    ),
    Story(
        40, Kind.COMPLAINT, "bantuan-sosial", Channel.PHONE, NAMED,
        "Bantuan beras belum diterima",
        "Pelapor menelepon: keluarganya tercatat penerima bantuan pangan beras, tetapi pada "
        "penyaluran bulan lalu namanya tidak dipanggil.",
        steps=(
            Step(Action.REQUEST_INFO, "Mohon datang ke kantor desa membawa KK dan KTP untuk "
                 "dicocokkan dengan daftar penerima."),
            Step(Action.SUPPLY_INFO, "Pelapor datang membawa KK dan KTP; namanya ada di daftar "
                 "penerima tetapi tertukar dengan warga lain yang namanya sama.", by=INTAKE),
            *HANDLED_BY_OFFICIAL,
            answer("Nama pelapor sudah dibetulkan dalam daftar dan jatah beras "
                   "bulan lalu sudah diserahkan di kantor desa."),
            confirm("Sudah diterima, tetapi prosesnya cukup lama.", 3),
        ),
        urgency=Level.HIGH,
    ),
    Story(
        25, Kind.COMPLAINT, "lingkungan", Channel.SOCIAL_MEDIA, NAMED,
        "Pohon tumbang menutup jalan",
        "Pesan lewat Facebook desa: pohon mahoni besar tumbang setelah angin kencang dan "
        "menutup jalan di Dusun {dusun}. Kabel listrik ikut tertimpa.",
        steps=(
            *HANDLED_BY_OFFICIAL,
            note("Sudah dilaporkan ke PLN untuk kabel yang tertimpa.", staff_only=True),
            answer("Pohon sudah dipotong dan disingkirkan lewat kerja bakti "
                   "bersama warga, dan PLN sudah memperbaiki kabel listrik. Jalan kembali bisa "
                   "dilewati."),
            Step(Action.CLOSE),
            publish("Pohon tumbang menutup jalan Dusun {dusun}",
                    "Pohon dipotong lewat kerja bakti; PLN memperbaiki kabel listrik."),
        ),
        location="Jalan Dusun {dusun}", urgency=Level.HIGH, impact=Level.HIGH,
    ),
    Story(
        35, Kind.SUGGESTION, "pelayanan-aparatur", Channel.WHATSAPP, ANONYMOUS,
        "Saran: pengumuman layanan desa lewat grup WhatsApp RT",
        "Pengirim minta namanya tidak dicantumkan. Ia menyarankan jadwal layanan, pengumuman "
        "bantuan, dan syarat surat-menyurat dibagikan lewat grup WhatsApp RT supaya warga "
        "tidak bolak-balik ke kantor desa.",
        steps=(
            *HANDLED_BY_OFFICIAL,
            answer("Terima kasih. Kantor desa kini membagikan pengumuman layanan "
                   "setiap Senin ke grup WhatsApp para ketua RT untuk diteruskan ke warga."),
            confirm("Sangat membantu.", 5),
        ),
        urgency=Level.LOW,
    ),
    # --- reopened -----------------------------------------------------------------------------
    Story(
        12, Kind.COMPLAINT, "administrasi-kependudukan", Channel.WEB, NAMED,
        "KK baru setelah menikah belum selesai",
        "Saya mengajukan pembuatan KK baru setelah menikah tiga minggu lalu melalui desa, "
        "tetapi sampai sekarang belum ada kabar.",
        steps=(
            RECEIVE, *HANDLED_BY_OFFICIAL,
            answer("KK baru sudah dicetak Disdukcapil dan dapat diambil di kantor "
                   "desa pada jam layanan."),
            Step(Action.OBJECT, "Nama istri saya di KK yang baru salah ketik satu huruf dan "
                 "tanggal lahirnya keliru. Mohon dibetulkan sebelum dipakai mengurus BPJS."),
        ),
    ),
]  # fmt: skip


@dataclass(frozen=True)
class Flavour:
    """Made-up people and hamlets that sound like the region: (name, is a woman), dusun."""

    people: tuple[tuple[str, bool], ...]
    dusun: tuple[str, ...]


SUNDA = Flavour(
    people=(
        ("Euis Komariah", True), ("Yayat Supriatna", False), ("Entin Kartini", True),
        ("Dadang Sudrajat", False), ("Iis Nurhayati", True), ("Ujang Rohman", False),
        ("Nining Suryani", True), ("Tatang Sumarna", False), ("Cucu Sumiati", True),
        ("Wawan Hermawan", False), ("Imas Masitoh", True), ("Ade Sutisna", False),
        ("Enok Rukmini", True), ("Jajang Nurjaman", False), ("Yeni Rahmawati", True),
        ("Oman Abdurahman", False), ("Lilis Suryati", True), ("Engkos Kosasih", False),
        ("Tuti Alawiyah", True), ("Maman Suherman", False),
    ),
    dusun=("Cikupa", "Babakan", "Sukamaju", "Sindangsari", "Pasirwaru"),
)  # fmt: skip
JAWA = Flavour(
    people=(
        ("Suparmi", True), ("Slamet Riyadi", False), ("Tri Wahyuningsih", True),
        ("Mulyono", False), ("Endah Puspitasari", True), ("Wagiman", False),
        ("Sumarni", True), ("Dwi Haryanto", False), ("Puji Lestari", True),
        ("Sugeng Widodo", False), ("Tukiyem", True), ("Parjo", False),
        ("Sri Rejeki", True), ("Bambang Sutrisno", False), ("Rini Astuti", True),
        ("Heru Prasetyo", False), ("Wartini", True), ("Sukardi", False),
        ("Yuni Kurniasih", True), ("Agus Santoso", False),
    ),
    dusun=("Krajan", "Sidomulyo", "Ngablak", "Banaran", "Gedangan"),
)  # fmt: skip
# By province code: Jawa Barat speaks Sundanese; the rest of the demo is in Central Java.
FLAVOURS = {"32": SUNDA}

# Mobile prefixes of the big operators. The middle block "0000" follows the demo logins'
# numbers (seed_demo) and marks the numbers as made up.
MOBILE_PREFIXES = ("0812", "0813", "0821", "0852", "0857", "0878", "0819", "0896")


def _nik(rng: random.Random, desa: Region, *, woman: bool) -> str:
    """A plausible NIK of someone registered in the desa's kecamatan: PPKKCC DDMMYY SSSS,
    the birth day of women +40."""
    born = date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
    day = born.day + 40 if woman else born.day
    area = desa.code[:8].replace(".", "")
    return f"{area}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 2999):04d}"


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}-0000-{rng.randint(1000, 9999)}"


def _places(rng: random.Random, desa: Region, flavour: Flavour, dusun: int | None) -> dict:
    """Where a story happens: the values of its texts' {desa}, {dusun}, {rt} and {rw}."""
    return {
        "desa": desa.name,
        "dusun": flavour.dusun[dusun] if dusun is not None else rng.choice(flavour.dusun),
        "rt": f"{rng.randint(1, 6):02d}",
        "rw": f"{rng.randint(1, 4):02d}",
    }


def _address(*, desa: str, dusun: str, rt: str, rw: str) -> str:
    return f"Dusun {dusun} RT {rt}/RW {rw}, Desa {desa}"


def _email(name: str) -> str:
    return ".".join(name.lower().split()[:2]) + "@example.com"  # a reserved domain


@transaction.atomic
def complaints_seed_demo(*, desa: Region, staff: DemoStaff, resident: User) -> int:
    """Play the demo stories in `desa`; return how many complaints were added.

    A desa that already has any complaint is left alone and 0 is returned: either the
    demo complaints are there already (seed_demo runs at every `make run`), or someone uses
    the desa for real, where made-up complaints would not belong. No marker in the data is
    needed for that, and the check cannot be fooled by edits to the demo rows.

    `staff` must hold the roles their fields name in `desa`, and `resident` be a resident
    of it; the demo residents are women, so their NIK carries the +40 birth day.
    """
    if Complaint.objects.filter(desa=desa).exists():
        return 0
    rng = random.Random(desa.code)  # noqa: S311 - made-up demo data, nothing secret
    flavour = FLAVOURS.get(desa.code[:2], JAWA)
    people = iter(rng.sample(flavour.people, k=len(flavour.people)))
    resident_identity = ReporterData(
        name=resident.full_name,
        nik=_nik(rng, desa, woman=True),
        phone=resident.phone or _phone(rng),
        address=_address(**_places(rng, desa, flavour, None)),
    )
    now = current_time()
    with story_time(now) as clock:
        for story in STORIES:
            places = _places(rng, desa, flavour, story.dusun)
            identity = None
            if story.reporter == ACCOUNT:
                identity = resident_identity
            elif story.reporter == NAMED:
                # Fewer named stories than people: nobody reports twice with two NIKs.
                name, woman = next(people)
                identity = ReporterData(
                    name=name,
                    nik=_nik(rng, desa, woman=woman),
                    phone=_phone(rng),
                    address=_address(**places),
                    email=_email(name) if story.channel == Channel.EMAIL else "",
                )
            # Submitted `days_ago` (±15 %); the steps share 85 % of the time since, unevenly.
            clock.at = now - timedelta(days=story.days_ago * rng.uniform(0.85, 1.15))
            gaps = [
                (now - clock.at) * 0.85 / len(story.steps) * rng.uniform(0.4, 1.0)
                for _step in story.steps
            ]
            _play(story, desa, staff, resident, identity, places, clock, gaps)
    return len(STORIES)


def _play(
    story: Story,
    desa: Region,
    staff: DemoStaff,
    resident: User,
    identity: ReporterData | None,
    places: dict[str, str],
    clock: StoryClock,
    gaps: list[timedelta],
) -> None:
    """Submit the story's complaint at the clock's time, then make its steps `gaps` apart."""
    if story.reporter == ACCOUNT:
        submitter = resident
    elif story.channel == Channel.WEB:
        submitter = None
    elif story.channel == Channel.SUGGESTION_BOX:
        submitter = staff.box_team
    else:
        submitter = staff.intake
    complaint = complaint_submit(
        desa_code=desa.code,
        kind=story.kind,
        category_slug=story.category,
        channel=story.channel,
        title=story.title.format(**places),
        description=story.description.format(**places),
        anonymous=identity is None,
        reporter=identity,
        actor=submitter,
        urgency=story.urgency,
        impact=story.impact,
        location_text=story.location.format(**places),
    ).complaint

    actors: dict[str, User | None] = {
        INTAKE: staff.intake,
        HEAD: staff.head,
        HANDLER: staff.handler,
        # The resident acts from the account; anyone else with tracking code + PIN.
        REPORTER: resident if story.reporter == ACCOUNT else None,
        SYSTEM: None,
        ON_BEHALF: staff.intake,
    }
    for step, gap in zip(story.steps, gaps, strict=True):
        clock.at += gap
        by = step.by or DEFAULT_BY[step.action]
        actor, text = actors[by], step.text.format(**places)
        if step.action in (NOTE, GRANT, PUBLISH):
            assert actor is not None
            # They judge the actor's capacity from the row: it must show the last move.
            complaint.refresh_from_db()
            if step.action == NOTE:
                note_add(complaint=complaint, actor=actor, body=text, visibility=step.visibility)
            elif step.action == PUBLISH:
                title = step.title.format(**places)
                public_outcome_set(
                    complaint=complaint, actor=actor, title=title, outcome=text, approved=True
                )
            else:
                identity_grant(complaint=complaint, actor=actor, grantee=staff.handler, reason=text)
            continue
        fields: dict = {}
        if step.action in (Action.REJECT, Action.OBJECT):
            fields["reason"] = text
        elif step.action == Action.ANSWER:
            fields["answer"] = text
        elif step.action == Action.CONFIRM:
            fields.update(rating=step.rating, comment=text)
        elif step.action == Action.VERIFY:
            # The officer keeps the resident's own answer of how urgent it is.
            fields.update(note=text, urgency=story.urgency, impact=story.impact)
        elif step.action == Action.MARK_DUPLICATE:
            # `text` is the title of the earlier story it repeats, in the same desa.
            first = Complaint.objects.filter(desa=desa, title=text).first()
            assert first is not None, text
            fields["duplicate_of"] = first.tracking_code
        elif step.action == Action.FORWARD:
            kabupaten = desa.parent.parent.name if desa.parent and desa.parent.parent else ""
            fields.update(
                agency_kind=AgencyKind.AGENCY,
                agency=f"Dinas PUPR Kabupaten {kabupaten}".strip(),
                reason=text,
            )
        elif step.action in (Action.ASSIGN, Action.REASSIGN):
            fields["note"] = text
            if step.to_handler:
                fields["assignee"] = staff.handler.pk
        else:
            fields["note"] = text
        if by == ON_BEHALF:
            complaint.refresh_from_db()  # its capacities are judged from the row
            complaint_record_for_reporter(
                complaint=complaint,
                actor=actor,
                action=step.action,
                conveyed=Conveyed.IN_PERSON,
                **fields,
            )
            continue
        capacity = None
        if by == SYSTEM:
            capacity = Capacity.SYSTEM
        elif by == REPORTER and actor is None:
            capacity = Capacity.REPORTER
        complaint_transition(
            complaint=complaint, action=step.action, actor=actor, as_capacity=capacity, **fields
        )


# --- the neighbours: months of history for the kecamatan's comparison ----------------------
ANSWERS = (
    "Sudah ditindaklanjuti oleh perangkat desa bersama warga.",
    "Sudah diperbaiki; mohon kabari kami bila masih ada masalah.",
    "Sudah dikoordinasikan dengan dinas terkait dan dijadwalkan minggu ini.",
    "Informasi yang diminta sudah kami sampaikan; berkas dapat diambil di kantor desa.",
)
REJECTIONS = (
    "Laporan ganda: masalah yang sama sudah tercatat.",
    "Bukan kewenangan desa; sudah kami arahkan ke instansi yang berwenang.",
)


@dataclass(frozen=True)
class Habits:
    """How a neighbouring desa's office works, so the kecamatan sees real differences:
    how many complaints, how many still open, how fast answered, how residents rate."""

    complaints: int
    open_share: float  # still being handled
    reject_share: float
    answer_days: tuple[float, float]  # calendar days from receipt to answer, low–high
    ratings: tuple[int, ...]  # drawn from, per closed complaint


def complaints_seed_history(*, desa: Region, staff: DemoStaff, habits: Habits) -> int:
    """Months of anonymous complaints in a neighbouring desa, played through the services
    like `complaints_seed_demo` (texts borrowed from its stories, times and outcomes drawn
    from `habits`). A desa that has any complaint is left alone; returns how many were added."""
    if Complaint.objects.filter(desa=desa).exists():
        return 0
    rng = random.Random(f"history {desa.code}")  # noqa: S311 - made-up demo data
    flavour = FLAVOURS.get(desa.code[:2], JAWA)
    channels = (Channel.WEB, Channel.WALK_IN, Channel.PHONE, Channel.WHATSAPP, Channel.EMAIL)
    now = current_time()
    with story_time(now) as clock:
        for _index in range(habits.complaints):
            told = rng.choice(STORIES)
            draw = rng.random()
            answered = answer(rng.choice(ANSWERS))
            handled = (RECEIVE, *HANDLED_BY_OFFICIAL)
            if draw < habits.reject_share:
                steps: tuple[Step, ...] = (RECEIVE, Step(Action.REJECT, rng.choice(REJECTIONS)))
            elif draw < habits.reject_share + habits.open_share:
                steps = handled[: rng.randint(2, len(handled))]
            elif draw < habits.reject_share + habits.open_share + 0.15:
                steps = (*handled, answered)  # the reporter not yet back
            else:
                rating = rng.choice(habits.ratings)
                steps = (*handled, answered, confirm("", rating))
            channel = rng.choice(channels)
            if channel != Channel.WEB:
                steps = steps[1:]  # what the office types in is received as it is entered
            story = Story(
                days_ago=rng.uniform(4, 200), kind=told.kind, category=told.category,
                channel=channel, reporter=ANONYMOUS, title=told.title,
                description=told.description, steps=steps, location=told.location,
                urgency=told.urgency, impact=told.impact,
            )  # fmt: skip
            clock.at = now - timedelta(days=story.days_ago)
            # Receipt within a day or two, the answer after the desa's usual time.
            answer_after = timedelta(days=rng.uniform(*habits.answer_days))
            available = (now - clock.at) * 0.9
            gaps = [min(timedelta(hours=rng.uniform(2, 30)), available / 8) for _step in steps]
            for position, step in enumerate(steps):
                if step.action == Action.ANSWER:
                    gaps[position] = min(answer_after, available / 2)
            places = _places(rng, desa, flavour, None)
            _play(story, desa, staff, staff.intake, None, places, clock, gaps)
    return habits.complaints
