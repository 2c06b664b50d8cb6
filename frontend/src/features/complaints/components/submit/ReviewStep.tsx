import type { ComponentChildren } from "preact";
import { useI18n, type MessageKey } from "../../../../i18n/index";
import { normaliseNik, type ReporterDraft } from "../../../../lib/identity";
import type { Kind } from "../../api";
import type { Location, PhotoState, Urgent } from "./DetailsStep";

function Fact({ term, wrap = false, children }: { term: string; wrap?: boolean; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd class={wrap ? "prewrap" : undefined}>{children}</dd>
    </div>
  );
}

/** What one step asked, and the button that goes back to change it. */
function Group({ edit, onEdit, children }: { edit: MessageKey; onEdit: () => void; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="review__group">
      <dl class="facts">{children}</dl>
      <button type="button" class="link-button" onClick={onEdit}>
        {t(edit)}
      </button>
    </div>
  );
}

export interface ReviewStepProps {
  kind: Kind;
  category: string;
  title: string;
  description: string;
  urgent: Urgent | "";
  locationText: string;
  location: Location;
  photo: PhotoState;
  reporter: ReporterDraft | null;
  onEdit: (step: "kind" | "category" | "details" | "who") => void;
}

/** The last step: everything the resident is about to send, each part with its "Ubah". */
export function ReviewStep(props: ReviewStepProps) {
  const { t } = useI18n();
  const { location, photo, reporter } = props;
  const locationText = props.locationText.trim();
  return (
    <div class="review">
      <p>{t("submit.reviewHint")}</p>
      <Group edit="submit.editKind" onEdit={() => props.onEdit("kind")}>
        <Fact term={t("submit.kind")}>{t(`kind.${props.kind}`)}</Fact>
      </Group>
      <Group edit="submit.editCategory" onEdit={() => props.onEdit("category")}>
        <Fact term={t("submit.category")}>{props.category}</Fact>
      </Group>
      <Group edit="submit.editDetails" onEdit={() => props.onEdit("details")}>
        <Fact term={t("submit.titleLabel")}>{props.title.trim()}</Fact>
        <Fact term={t("submit.description")} wrap>
          {props.description.trim()}
        </Fact>
        <Fact term={t("submit.urgent")}>
          {t(props.urgent === "yes" ? "submit.urgentYes" : props.urgent === "no" ? "submit.urgentNo" : "submit.reviewEmpty")}
        </Fact>
        <Fact term={t("submit.reviewLocation")}>
          {[locationText, location ? t("submit.locationSet", { lat: location.latitude, lng: location.longitude }) : ""]
            .filter(Boolean)
            .map((line) => (
              <span class="review__line" key={line}>
                {line}
              </span>
            ))}
          {locationText === "" && !location ? t("submit.reviewEmpty") : null}
        </Fact>
        <Fact term={t("submit.reviewPhoto")}>
          {photo.kind === "ready"
            ? t("submit.reviewPhotoAttached", { kb: Math.round(photo.blob.size / 1024) })
            : photo.kind === "shrinking"
              ? t("submit.photoShrinking")
              : t("submit.reviewEmpty")}
        </Fact>
      </Group>
      <Group edit="submit.editWho" onEdit={() => props.onEdit("who")}>
        {reporter ? (
          <>
            <Fact term={t("identity.name")}>{reporter.name.trim()}</Fact>
            <Fact term={t("identity.nik")}>{normaliseNik(reporter.nik)}</Fact>
            <Fact term={t("identity.phone")}>{reporter.phone.trim()}</Fact>
            <Fact term={t("identity.address")}>{reporter.address.trim()}</Fact>
            {reporter.email.trim() ? <Fact term={t("submit.reviewEmail")}>{reporter.email.trim()}</Fact> : null}
          </>
        ) : (
          <Fact term={t("submit.reviewReporter")}>{t("submit.anonymous")}</Fact>
        )}
      </Group>
      <p class="field__hint">{t("submit.freeNote")}</p>
    </div>
  );
}
