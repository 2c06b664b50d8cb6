import { tokenStore } from "../api/tokens";
import type { MessageKey } from "../i18n/index";
import { useStore } from "../lib/store";
import { lazyPage } from "./lazy";
import { NotFoundPage } from "./NotFoundPage";
import { navigate, Redirect, usePath } from "./router";
import { Shell } from "./Shell";

const LoginPage = lazyPage(() => import("../features/auth/views/LoginPage"));
const MePage = lazyPage(() => import("../features/auth/views/MePage"));

export const ROUTES = {
  login: "/masuk",
  me: "/saya",
} as const;

const goToMe = () => navigate(ROUTES.me, { replace: true });
const goToLogin = () => navigate(ROUTES.login, { replace: true });

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
  switch (path) {
    case "/":
      return <Redirect to={loggedIn ? ROUTES.me : ROUTES.login} />;
    case ROUTES.login:
      if (loggedIn) return <Redirect to={ROUTES.me} />;
      titleKey = "login.title";
      page = <LoginPage onLoggedIn={goToMe} />;
      break;
    case ROUTES.me:
      if (!loggedIn) return <Redirect to={ROUTES.login} />;
      titleKey = "me.title";
      page = <MePage onLoggedOut={goToLogin} />;
      break;
    default:
      titleKey = "notFound.title";
      page = <NotFoundPage />;
  }

  return (
    <Shell path={path} titleKey={titleKey}>
      {page}
    </Shell>
  );
}
