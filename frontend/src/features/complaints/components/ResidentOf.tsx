import { useI18n } from "../../../i18n/index";
import { useRegion } from "../desa";

/** "As a resident of Desa Jagabaya." once the desa's name has arrived (sign-up from its page). */
export function ResidentOf({ desa }: { desa: string }) {
  const { t } = useI18n();
  const region = useRegion(desa);
  // One line kept before the name arrives, so the form below does not move.
  return <p class="signup__desa">{region.kind === "loaded" ? t("signup.desa", { desa: region.data.name }) : "\u00a0"}</p>;
}
