import { tokenStore } from "../api/tokens";
import { ResidentOf } from "../features/complaints/components/ResidentOf";
import DesaLandingPage from "../features/complaints/views/DesaLandingPage";
import SubmissionPage from "../features/complaints/views/SubmissionPage";
import SubmitPage from "../features/complaints/views/SubmitPage";
import TrackPage from "../features/complaints/views/TrackPage";
import type { MessageKey } from "../i18n/index";
import { matchPath, navigate, queryParam, Redirect, usePath } from "../lib/router";
import { routes } from "../lib/routes";
import { useStore } from "../lib/store";
import { lazyPage } from "./lazy";
import { NotFoundPage } from "./NotFoundPage";
import { Shell } from "./Shell";

// The resident's own pages (desa, form, submission, tracking; imported above) ship with the
// app: a resident opens them from a shared link on a slow phone, where a page chunk fetched
// after start-up cost a request round trip, a "Memuat…" screen rendered and painted for
// nothing, and the preload work of the dynamic import (Lighthouse, CPU x8: submit TBT median
// 334 -> 62 ms, LCP 1.87 -> 1.37 s). Everything else is a chunk fetched on first use.
const LoginPage = lazyPage(() => import("../features/auth/views/LoginPage"));
const SignupPage = lazyPage(() => import("../features/auth/views/SignupPage"));
const ForgotPasswordPage = lazyPage(() => import("../features/auth/views/ForgotPasswordPage"));
const HomePage = lazyPage(() => import("../features/complaints/views/HomePage"));
const MePage = lazyPage(() => import("../features/auth/views/MePage"));
const MyComplaintsPage = lazyPage(() => import("../features/complaints/views/MyComplaintsPage"));
const MyComplaintPage = lazyPage(() => import("../features/complaints/views/MyComplaintPage"));
const TransparencyPage = lazyPage(() => import("../features/reports/public/TransparencyPage"));
const NotificationsPage = lazyPage(() => import("../features/notifications/views/NotificationsPage"));
// Where a login lands: reads the memberships and goes to the workspace's home.
const StartPage = lazyPage(() => import("./StartPage"));
const PrivacyPage = lazyPage(() => import("./PrivacyPage"));
// Everything for village staff sits behind this one import: residents never download it.
const StaffArea = lazyPage(() => import("./staff/StaffArea"));

/** Kept for the existing callers; the full list lives in lib/routes.ts. */
export const ROUTES = { login: routes.login, me: routes.me } as const;

const goToStart = () => navigate(routes.start, { replace: true });
const goToLogin = () => navigate(routes.login, { replace: true });

/**
 * Routing and auth guards in one place. The token store decides: when the
 * session ends (logout, failed refresh, another tab) this re-renders and the
 * guard sends the user to the login page.
 */
export function App() {
  const path = usePath();
  const loggedIn = useStore(tokenStore) !== null;

  let titleKey: MessageKey;
  let page;
  let params: Record<string, string> | null;

  if (path === routes.home) {
    if (loggedIn) return <Redirect to={routes.start} />;
    titleKey = "home.pageTitle";
    page = <HomePage />;
  } else if (path === routes.login) {
    if (loggedIn) return <Redirect to={routes.start} />;
    titleKey = "login.title";
    page = <LoginPage onLoggedIn={goToStart} />;
  } else if (path === routes.signup) {
    if (loggedIn) return <Redirect to={routes.start} />;
    titleKey = "signup.title";
    const desa = queryParam("desa");
    page = <SignupPage desa={desa} desaNote={desa ? <ResidentOf desa={desa} /> : null} onSignedUp={goToStart} />;
  } else if (path === routes.forgotPassword) {
    if (loggedIn) return <Redirect to={routes.start} />;
    titleKey = "reset.title";
    page = <ForgotPasswordPage onDone={goToStart} />;
  } else if (path === routes.start) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "start.title";
    page = <StartPage />;
  } else if (path === routes.notifications) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "notices.title";
    page = <NotificationsPage />;
  } else if (path === routes.me) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "me.title";
    page = <MePage onLoggedOut={goToLogin} />;
  } else if (path === routes.myComplaints) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "mine.title";
    page = <MyComplaintsPage />;
  } else if ((params = matchPath("/saya/pengaduan/:code", path))) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "track.title";
    page = <MyComplaintPage code={params["code"] ?? ""} />;
  } else if ((params = matchPath("/d/:desa", path))) {
    titleKey = "landing.pageTitle";
    page = <DesaLandingPage desa={params["desa"] ?? ""} />;
  } else if ((params = matchPath("/d/:desa/lapor", path))) {
    titleKey = "submit.title";
    page = <SubmitPage desa={params["desa"] ?? ""} />;
  } else if ((params = matchPath("/d/:desa/transparansi", path))) {
    titleKey = "open.titleLoading";
    page = <TransparencyPage desa={params["desa"] ?? ""} />;
  } else if ((params = matchPath("/kiriman/:id", path))) {
    titleKey = "submission.pageTitle";
    page = <SubmissionPage id={params["id"] ?? ""} />;
  } else if (path === routes.privacy) {
    titleKey = "footer.privacy";
    page = <PrivacyPage />;
  } else if (path === routes.track) {
    titleKey = "track.title";
    page = <TrackPage />;
  } else if (path === routes.inbox || path.startsWith(`${routes.inbox}/`)) {
    if (!loggedIn) return <Redirect to={routes.login} />;
    titleKey = "staff.pageTitle";
    page = <StaffArea path={path} />;
  } else {
    titleKey = "notFound.title";
    page = <NotFoundPage />;
  }

  return (
    <Shell path={path} titleKey={titleKey}>
      {page}
    </Shell>
  );
}
