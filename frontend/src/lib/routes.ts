/**
 * Every address of the app, in one place: features link to each other's pages through
 * these builders without importing each other (app/App.tsx maps them to pages).
 */
export const routes = {
  home: "/",
  login: "/masuk",
  signup: "/daftar",
  forgotPassword: "/lupa-sandi",
  /** Sign-up from a desa's page: the account becomes a resident of that desa. */
  signupIn: (desa: string) => `/daftar?desa=${encodeURIComponent(desa)}`,
  /** Where the app sends a user after login: the home of their current workspace. */
  start: "/mulai",
  me: "/saya",
  /** The notification centre, for every role. */
  notifications: "/pemberitahuan",
  myComplaints: "/saya/pengaduan",
  myComplaint: (code: string) => `/saya/pengaduan/${encodeURIComponent(code)}`,
  desa: (code: string) => `/d/${encodeURIComponent(code)}`,
  submit: (code: string) => `/d/${encodeURIComponent(code)}/lapor`,
  submission: (id: string) => `/kiriman/${encodeURIComponent(id)}`,
  track: "/lacak",
  /** The privacy notice (UU 27/2022). */
  privacy: "/privasi",
  trackCode: (code: string) => `/lacak?kode=${encodeURIComponent(code)}`,
  inbox: "/staf",
  mine: "/staf/tugas",
  walkIn: "/staf/catat",
  /** What came by WhatsApp and e-mail, before it is a complaint. */
  drafts: "/staf/draf",
  complaint: (code: string) => `/staf/pengaduan/${encodeURIComponent(code)}`,
  overview: "/staf/ringkasan",
  report: "/staf/laporan",
  /** The kecamatan operator's home: its desa compared. */
  kecamatan: "/staf/kecamatan",
  kecamatanDesa: (code: string) => `/staf/kecamatan/desa/${encodeURIComponent(code)}`,
  /** The kecamatan operator's desa, each with its public page. */
  kecamatanList: "/staf/kecamatan/daftar",
  transparency: (code: string) => `/d/${encodeURIComponent(code)}/transparansi`,
  /** The suggestion-box team's slips. */
  box: "/staf/kotak",
  /** Openings of the suggestion box (box team, intake officer, village head), and one. */
  boxOpenings: "/staf/kotak/pembukaan",
  boxOpening: (id: number | string) => `/staf/kotak/pembukaan/${encodeURIComponent(String(id))}`,
  admin: "/staf/admin",
  /** Third-party applications and their keys (village head: their desa; admin: all). */
  clients: "/staf/aplikasi",
  /** Admins: every desa of a kabupaten, grouped by kecamatan. */
  kabupaten: "/staf/kabupaten",
  register: "/staf/register",
  daysOff: "/staf/hari-libur",
  /** The desa's canned answers (intake officer, village head). */
  cannedAnswers: "/staf/templat",
  /** A staff member's own notification settings (channels per kind, the digest). */
  noticeSettings: "/staf/pengaturan-pemberitahuan",
  /** A desa's register book read by its kecamatan (without reporters' identities). */
  kecamatanRegister: (desa: string) => `/staf/kecamatan/register/${encodeURIComponent(desa)}`,
} as const;
