import type { Messages } from "./id";

// `satisfies Messages`: a key missing here (or one id.ts does not have) fails tsc.
export const en = {
  "app.name": "Pengaduan Desa",
  "app.pageTitle": "{page} — Pengaduan Desa",
  "app.skipToContent": "Skip to main content",
  "app.loading": "Loading…",
  "app.loadFailed": "The page could not be loaded. Check your connection and try again.",
  "app.retry": "Try again",

  "lang.label": "Language",
  "lang.id": "Bahasa Indonesia",
  "lang.en": "English",

  "notFound.title": "Page not found",
  "notFound.body": "The address you opened does not exist or has moved.",
  "notFound.home": "Back to the start page",

  "login.title": "Log in",
  "login.username": "Username or phone number",
  "login.usernameHint": "Residents can use their phone number, for example 0812 3456 7890.",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.submitting": "Logging in…",

  "field.required": "Required.",

  "me.title": "My account",
  "me.phone": "Phone number",
  "me.rolesHeading": "Roles and areas",
  "me.noRoles": "This account has no roles yet. Contact your village admin.",
  "me.membership": "{role} — {region}",
  "me.position": "Position: {position}",
  "me.inKecamatan": "in {name} District",
  "me.logout": "Log out",
  "me.loggingOut": "Logging out…",

  "region.provinsi": "{name} Province",
  "region.kabupaten": "{name} Regency",
  "region.kecamatan": "{name} District",
  "region.desa": "{name} Village",

  "errors.generic": "Something went wrong. Please try again.",
  "errors.network": "Cannot reach the server. Check your internet connection and try again.",
  "errors.invalid": "Please check the highlighted fields.",
  "errors.parse_error": "The request could not be read. Reload the page and try again.",
  "errors.invalid_credentials": "Wrong username, phone number or password.",
  "errors.not_authenticated": "Your session has ended. Please log in again.",
  "errors.authentication_failed": "Your session is no longer valid. Please log in again.",
  "errors.token_not_valid": "Your session has ended. Please log in again.",
  "errors.permission_denied": "You are not allowed to do this.",
  "errors.not_found": "Not found.",
  "errors.method_not_allowed": "This action is not available.",
  "errors.not_acceptable": "The server cannot answer in the requested format.",
  "errors.unsupported_media_type": "This type of file or data is not supported.",
  "errors.invalid_transition": "This step is not possible in the current status.",
  "errors.concurrent_change": "Someone else just changed this. Reload and try again.",
  "errors.throttled": "Too many attempts. Wait a moment, then try again.",
  "errors.server_error": "The server has a problem. Please try again in a moment.",
} satisfies Messages;
