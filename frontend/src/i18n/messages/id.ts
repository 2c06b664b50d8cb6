/**
 * Bahasa Indonesia: the source catalogue. Its keys define `Messages`, which
 * every other locale must satisfy. Placeholders are `{name}`; a message is a
 * whole sentence, never a fragment to be joined with another.
 * `errors.<code>` keys follow the API's error codes ({code, message, fields});
 * the codes are listed in backend/common/errors.py `ErrorCode`. `errors.network`
 * and `errors.generic` are the client's own.
 */
export const id = {
  "app.name": "Pengaduan Desa",
  "app.pageTitle": "{page} — Pengaduan Desa",
  "app.skipToContent": "Langsung ke isi utama",
  "app.loading": "Memuat…",
  "app.loadFailed": "Halaman gagal dimuat. Periksa koneksi Anda, lalu coba lagi.",
  "app.retry": "Coba lagi",

  "lang.label": "Bahasa",
  "lang.id": "Bahasa Indonesia",
  "lang.en": "English",

  "notFound.title": "Halaman tidak ditemukan",
  "notFound.body": "Alamat yang Anda buka tidak ada atau sudah dipindahkan.",
  "notFound.home": "Kembali ke halaman awal",

  "login.title": "Masuk",
  "login.username": "Nama pengguna atau nomor HP",
  "login.usernameHint": "Warga dapat memakai nomor HP, misalnya 0812 3456 7890.",
  "login.password": "Kata sandi",
  "login.submit": "Masuk",
  "login.submitting": "Sedang masuk…",

  "field.required": "Wajib diisi.",

  "me.title": "Akun saya",
  "me.phone": "Nomor HP",
  "me.rolesHeading": "Peran dan wilayah",
  "me.noRoles": "Akun ini belum memiliki peran. Hubungi admin desa Anda.",
  "me.membership": "{role} — {region}",
  "me.position": "Jabatan: {position}",
  "me.inKecamatan": "di Kecamatan {name}",
  "me.logout": "Keluar",
  "me.loggingOut": "Sedang keluar…",

  "region.provinsi": "Provinsi {name}",
  "region.kabupaten": "Kabupaten {name}",
  "region.kecamatan": "Kecamatan {name}",
  "region.desa": "Desa {name}",

  "errors.generic": "Terjadi kesalahan. Silakan coba lagi.",
  "errors.network": "Tidak dapat terhubung ke server. Periksa koneksi internet Anda, lalu coba lagi.",
  "errors.invalid": "Periksa kembali isian yang ditandai.",
  "errors.parse_error": "Permintaan tidak dapat dibaca. Muat ulang halaman, lalu coba lagi.",
  "errors.invalid_credentials": "Nama pengguna, nomor HP, atau kata sandi salah.",
  "errors.not_authenticated": "Sesi Anda telah berakhir. Silakan masuk lagi.",
  "errors.authentication_failed": "Sesi Anda tidak berlaku lagi. Silakan masuk lagi.",
  "errors.token_not_valid": "Sesi Anda telah berakhir. Silakan masuk lagi.",
  "errors.permission_denied": "Anda tidak memiliki izin untuk tindakan ini.",
  "errors.not_found": "Data tidak ditemukan.",
  "errors.method_not_allowed": "Tindakan ini tidak tersedia.",
  "errors.not_acceptable": "Server tidak dapat mengirim jawaban dalam format yang diminta.",
  "errors.unsupported_media_type": "Jenis berkas atau data ini tidak didukung.",
  "errors.invalid_transition": "Langkah ini tidak dapat dilakukan pada status saat ini.",
  "errors.concurrent_change": "Orang lain baru saja mengubah data ini. Muat ulang, lalu coba lagi.",
  "errors.throttled": "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.",
  "errors.server_error": "Server sedang bermasalah. Silakan coba beberapa saat lagi.",
};

export type MessageKey = keyof typeof id;
export type Messages = { readonly [K in MessageKey]: string };
