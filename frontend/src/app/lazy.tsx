import type { ComponentType, FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Button } from "../components/Button";
import { useI18n } from "../i18n/index";

/**
 * A page whose code is fetched on first use (a separate chunk), so a resident
 * who only logs in does not download every screen.
 */
export function lazyPage<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;

  return function LazyPage(props: P) {
    const { t } = useI18n();
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);

    useEffect(() => {
      if (loaded || failed) return;
      let current = true;
      loading ??= load().then((module) => {
        loaded = module.default;
      });
      loading.then(
        () => current && setReady(true),
        () => {
          loading = null;
          if (current) setFailed(true);
        },
      );
      return () => {
        current = false;
      };
    }, [failed]);

    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (failed) {
      return (
        <div class="page">
          <div class="alert alert--error" role="alert">
            <p>{t("app.loadFailed")}</p>
          </div>
          <Button variant="secondary" onClick={() => setFailed(false)}>
            {t("app.retry")}
          </Button>
        </div>
      );
    }
    return (
      <div class="page" aria-busy="true">
        <p role="status">{t("app.loading")}</p>
      </div>
    );
  };
}
