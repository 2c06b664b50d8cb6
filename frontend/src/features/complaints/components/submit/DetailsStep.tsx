import { useEffect, useState } from "preact/hooks";
import { Button } from "../../../../components/Button";
import { Choices } from "../../../../components/Choices";
import { TextArea } from "../../../../components/TextArea";
import { TextField } from "../../../../components/TextField";
import { useI18n } from "../../../../i18n/index";
import { shrinkPhoto } from "../../../../lib/photo";

// The resident's own "mendesak?" answer: the office starts from it when it sets urgency.
export type Urgent = "yes" | "no";
export type Location = { latitude: string; longitude: string } | null;
export type PhotoState =
  | { kind: "none" }
  | { kind: "shrinking" }
  | { kind: "ready"; blob: Blob; url: string }
  | { kind: "failed" };

/** The phone's position, asked for only when the resident presses the button. */
export function useGeolocation() {
  const [location, setLocation] = useState<Location>(null);
  const [locating, setLocating] = useState<"idle" | "busy" | "denied">("idle");
  function locate() {
    if (!("geolocation" in navigator)) {
      setLocating("denied");
      return;
    }
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
        });
        setLocating("idle");
      },
      () => setLocating("denied"),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }
  return { location, locating, locate, clear: () => setLocation(null) };
}

/** One photo, made small on the phone before it is queued (a weak signal sends ~300 KB, not 5 MB). */
export function usePhoto() {
  const [photo, setPhoto] = useState<PhotoState>({ kind: "none" });
  useEffect(
    () => () => {
      if (photo.kind === "ready") URL.revokeObjectURL(photo.url);
    },
    [photo],
  );
  async function pick(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setPhoto({ kind: "shrinking" });
    try {
      const blob = await shrinkPhoto(file);
      setPhoto({ kind: "ready", blob, url: URL.createObjectURL(blob) });
    } catch {
      setPhoto({ kind: "failed" });
    } finally {
      input.value = "";
    }
  }
  return { photo, pick, remove: () => setPhoto({ kind: "none" }) };
}

type Errors = readonly string[] | undefined;

export interface DetailsStepProps {
  title: string;
  onTitle: (value: string) => void;
  description: string;
  onDescription: (value: string) => void;
  urgent: Urgent | "";
  onUrgent: (value: Urgent) => void;
  locationText: string;
  onLocationText: (value: string) => void;
  geo: ReturnType<typeof useGeolocation>;
  photo: ReturnType<typeof usePhoto>;
  errors: { title: Errors; description: Errors; urgent: Errors; location_text: Errors };
}

/** The third step: what happened, where, whether it is urgent, and a photo. */
export function DetailsStep(props: DetailsStepProps) {
  const { t } = useI18n();
  const { location, locating, locate, clear } = props.geo;
  const { photo, pick, remove } = props.photo;
  return (
    <>
      <TextField
        label={t("submit.titleLabel")}
        hint={t("submit.titleHint")}
        name="title"
        maxLength={160}
        value={props.title}
        onValue={props.onTitle}
        errors={props.errors.title}
      />
      <TextArea
        label={t("submit.description")}
        hint={t("submit.descriptionHint")}
        name="description"
        rows={5}
        maxLength={10000}
        value={props.description}
        onValue={props.onDescription}
        errors={props.errors.description}
      />
      <Choices
        legend={t("submit.urgent")}
        hint={t("submit.urgentHint")}
        name="urgent"
        value={props.urgent}
        options={[
          { value: "yes", label: t("submit.urgentYes"), hint: t("submit.urgentYesHint") },
          { value: "no", label: t("submit.urgentNo") },
        ]}
        onValue={props.onUrgent}
        errors={props.errors.urgent}
      />
      <TextField
        label={t("submit.locationText")}
        hint={t("submit.locationTextHint")}
        name="location_text"
        maxLength={255}
        value={props.locationText}
        onValue={props.onLocationText}
        errors={props.errors.location_text}
      />
      <div class="field">
        {location ? (
          <p class="field__note" role="status">
            {t("submit.locationSet", { lat: location.latitude, lng: location.longitude })}{" "}
            <button type="button" class="link-button" onClick={clear}>
              {t("submit.locationRemove")}
            </button>
          </p>
        ) : (
          <Button variant="secondary" pending={locating === "busy"} pendingLabel={t("submit.locating")} onClick={locate}>
            {t("submit.locationUse")}
          </Button>
        )}
        {locating === "denied" ? <p class="field__hint" role="status">{t("submit.locationDenied")}</p> : null}
      </div>

      <div class="field">
        <span class="field__label">{t("submit.photo")}</span>
        <p class="field__hint" id="photo-hint">
          {t("submit.photoHint")}
        </p>
        {photo.kind === "ready" ? (
          <div class="photo">
            <img class="photo__preview" src={photo.url} alt={t("submit.photoPreview")} />
            <p class="field__hint">{t("submit.photoSize", { kb: Math.round(photo.blob.size / 1024) })}</p>
            <button type="button" class="link-button" onClick={remove}>
              {t("submit.photoRemove")}
            </button>
          </div>
        ) : (
          <label class="button button--secondary file-button">
            {photo.kind === "shrinking" ? t("submit.photoShrinking") : t("submit.photoAdd")}
            <input
              type="file"
              class="visually-hidden"
              name="photo"
              accept="image/*"
              capture="environment"
              aria-describedby="photo-hint"
              disabled={photo.kind === "shrinking"}
              onChange={(event) => void pick(event)}
            />
          </label>
        )}
        {photo.kind === "failed" ? (
          <p class="field__error" role="alert">
            {t("submit.photoFailed")}
          </p>
        ) : null}
      </div>
    </>
  );
}
