import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import { queryParam } from "../../../lib/router";
import { track, trackTransition, type PublicComplaint } from "../api";
import { TrackedComplaint } from "../components/TrackedComplaint";

function failureKey(error: Pick<ApiFailure, "status" | "code">): MessageKey {
  if (error.status === 0) return "errors.network";
  // "Not found" for a wrong PIN too: the server does not say which part was wrong.
  if (error.status === 404) return "track.notFound";
  return errorKey(error.code);
}

export default function TrackPage() {
  const { t } = useI18n();
  const [code, setCode] = useState(queryParam("kode") ?? "");
  const [pin, setPin] = useState("");
  const [complaint, setComplaint] = useState<PublicComplaint | null>(null);
  const [credentials, setCredentials] = useState<{ code: string; pin: string } | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const busy = useRef(false);

  async function lookUp(event: SubmitEvent) {
    event.preventDefault();
    setAttempted(true);
    if (busy.current || code.trim() === "" || pin.trim() === "") return;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const wanted = { code: code.trim().toUpperCase(), pin: pin.trim() };
      const result = await track(wanted.code, wanted.pin);
      if (result.ok) {
        setComplaint(result.data);
        setCredentials(wanted);
      } else {
        setError(failureKey(result.error));
      }
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  if (complaint && credentials) {
    return (
      <TrackedComplaint
        complaint={complaint}
        send={(move) => trackTransition({ ...credentials, ...move })}
        failure={failureKey}
        onChange={setComplaint}
      >
        <Button
          variant="secondary"
          onClick={() => {
            setComplaint(null);
            setCredentials(null);
            setPin("");
          }}
        >
          {t("track.another")}
        </Button>
      </TrackedComplaint>
    );
  }

  return (
    <section class="page page--narrow" aria-labelledby="track-title">
      <h1 id="track-title">{t("track.title")}</h1>
      <p class="lead">{t("track.intro")}</p>
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(error)}</p>
        </div>
      ) : null}
      <form class="form" noValidate onSubmit={(event) => void lookUp(event)}>
        <TextField
          label={t("track.code")}
          hint={t("track.codeHint")}
          name="code"
          autoCapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          maxLength={20}
          value={code}
          onValue={setCode}
          errors={attempted && code.trim() === "" ? [t("field.required")] : undefined}
        />
        <TextField
          label={t("track.pin")}
          name="pin"
          inputMode="numeric"
          autocomplete="off"
          maxLength={6}
          value={pin}
          onValue={setPin}
          errors={attempted && pin.trim() === "" ? [t("field.required")] : undefined}
        />
        <Button type="submit" pending={pending} pendingLabel={t("track.looking")}>
          {t("track.submit")}
        </Button>
      </form>
    </section>
  );
}
