import { useI18n, type Locale } from "../i18n/index";

interface Section {
  title: string;
  points: readonly string[];
}

interface PrivacyText {
  title: string;
  intro: string;
  sections: readonly Section[];
}

// The notice's text lives with the page, in both languages, rather than in the resident
// catalogue: it is read rarely, and the landing → submit → success download stays small.
// What it says must stay true of the code: identity encrypted and opened on purpose with a
// log (complaints/services.py), kecamatan and public see aggregates only, the register book
// is append-only, spam is purged after SPAM_RETENTION_DAYS (docs/domain.md).
const TEXT: Readonly<Record<Locale, PrivacyText>> = {
  id: {
    title: "Pemberitahuan privasi",
    intro:
      "Layanan ini dijalankan oleh pemerintah desa untuk menerima dan menindaklanjuti pengaduan warga. Pemerintah desa adalah pengendali data pribadi Anda menurut Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.",
    sections: [
      {
        title: "Data yang dikumpulkan",
        points: [
          "Isi pengaduan: jenis, kategori, judul, cerita, tempat (teks dan titik peta bila Anda memberikannya), dan foto.",
          "Identitas pelapor bila tidak anonim: nama, NIK, nomor HP/WhatsApp, alamat, dan e-mail bila diisi.",
          "Untuk akun warga: nomor HP dan kata sandi (disimpan tersandi). Kode lacak dan PIN disimpan tersandi; PIN tidak dapat dilihat petugas.",
        ],
      },
      {
        title: "Untuk apa",
        points: [
          "Menerima, mencatat di buku register, meneruskan, dan menjawab pengaduan sesuai prosedur desa.",
          "Menghubungi Anda bila petugas membutuhkan keterangan tambahan, dan mengirim pemberitahuan perkembangan.",
          "NIK dipakai untuk memastikan pelapor adalah orang yang jelas dan dapat dihubungi; tidak dipakai untuk keperluan lain.",
          "Laporan statistik tanpa identitas (jumlah, waktu jawab) untuk desa, kecamatan, dan publik.",
        ],
      },
      {
        title: "Siapa yang melihat",
        points: [
          "Identitas: hanya petugas pengaduan dan kepala desa, dengan sengaja membukanya; setiap pembukaan dicatat. Pejabat yang menangani hanya bila diberi izin.",
          "Isi pengaduan: petugas desa yang menanganinya. Jawaban dan perkembangan: Anda, lewat kode lacak dan PIN atau akun.",
          "Kecamatan, publik, dan aplikasi pihak ketiga hanya melihat data tanpa identitas; identitas tidak pernah ditulis di catatan sistem (log).",
        ],
      },
      {
        title: "Berapa lama disimpan",
        points: [
          "Pengaduan yang diterima tercatat di buku register desa, yang merupakan arsip desa dan tidak dihapus; identitas disimpan bersamanya, tersandi.",
          "Kiriman yang disisihkan sebagai spam dihapus beserta identitas dan fotonya setelah 90 hari.",
          "Data yang tersimpan di HP Anda (pengaduan yang menunggu sinyal, kode lacak, PIN) tetap di HP itu sampai Anda menghapusnya.",
        ],
      },
      {
        title: "Hak Anda",
        points: [
          "Anda dapat melapor tanpa nama. Anda berhak mengetahui, memperbaiki, dan meminta penghapusan data pribadi Anda sepanjang tidak bertentangan dengan kewajiban kearsipan desa.",
          "Sampaikan permintaan atau pertanyaan ke kantor desa; kontaknya ada di halaman desa.",
        ],
      },
    ],
  },
  en: {
    title: "Privacy notice",
    intro:
      "This service is run by the village government to receive and follow up residents' complaints. The village government is the controller of your personal data under Law No. 27 of 2022 on Personal Data Protection.",
    sections: [
      {
        title: "What is collected",
        points: [
          "The complaint: kind, category, title, story, place (text and a map point if you give one), and a photo.",
          "The reporter's identity unless anonymous: name, NIK, mobile/WhatsApp number, address, and e-mail if given.",
          "For a resident account: mobile number and password (stored hashed). Tracking code and PIN are stored hashed; officers cannot see the PIN.",
        ],
      },
      {
        title: "Why",
        points: [
          "To receive, record in the register book, pass on and answer the complaint according to the village's procedure.",
          "To contact you when officers need more information, and to send progress notifications.",
          "The NIK makes sure the reporter is an identifiable person who can be contacted; it is used for nothing else.",
          "Statistics without identities (counts, answer times) for the village, the kecamatan and the public.",
        ],
      },
      {
        title: "Who sees it",
        points: [
          "Identity: only the intake officers and the village head, opening it on purpose; every opening is logged. A handling official only when granted.",
          "The complaint: the village officers handling it. Answers and progress: you, with the tracking code and PIN or your account.",
          "The kecamatan, the public and third-party applications see data without identities; identities are never written to the system's logs.",
        ],
      },
      {
        title: "How long it is kept",
        points: [
          "A received complaint is entered in the village's register book, which is the village's archive and is not deleted; the identity is kept with it, encrypted.",
          "Submissions set aside as spam are deleted with their identity and photos after 90 days.",
          "What is kept on your phone (a complaint waiting for a signal, tracking code, PIN) stays there until you delete it.",
        ],
      },
      {
        title: "Your rights",
        points: [
          "You may report without your name. You may learn, correct and ask for the deletion of your personal data, as far as the village's archiving duties allow.",
          "Send requests or questions to the village office; its contact is on the village's page.",
        ],
      },
    ],
  },
};

/** The privacy notice (UU 27/2022): what is collected, why, who sees it, how long it is kept. */
export default function PrivacyPage() {
  const { locale } = useI18n();
  const text = TEXT[locale];
  return (
    <section class="page" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{text.title}</h1>
      <p class="lead">{text.intro}</p>
      {text.sections.map((section) => (
        <section key={section.title} aria-label={section.title}>
          <h2>{section.title}</h2>
          <ul>
            {section.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
