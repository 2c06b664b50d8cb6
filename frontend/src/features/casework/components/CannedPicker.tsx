import { useId, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { listCannedAnswers, type CannedAnswer, type CannedUse } from "../api";

export interface CannedPickerProps {
  desa: string;
  /** The complaint's category slug: its templates and those for every category are offered. */
  category: string;
  use: CannedUse;
  /** Receives the text to put in the draft; the draft stays editable before sending. */
  onInsert: (text: string) => void;
}

/** Puts the draft and a template together: the template fills an empty draft or follows it. */
export function withTemplate(draft: string, template: string): string {
  return draft.trim() === "" ? template : `${draft.trimEnd()}\n\n${template}`;
}

/**
 * "Insert a canned answer": loaded on the first click only (most answers are written without
 * one), then a choice of the desa's templates for this category and this use.
 */
export function CannedPicker({ desa, category, use, onInsert }: CannedPickerProps) {
  const { t } = useStaffI18n();
  const id = useId();
  const [state, setState] = useState<
    { kind: "closed" } | { kind: "loading" } | { kind: "failed"; code: string } | { kind: "open"; items: CannedAnswer[] }
  >({ kind: "closed" });
  const [chosen, setChosen] = useState("");

  async function open() {
    setState({ kind: "loading" });
    const r = await listCannedAnswers(desa, { category, use, page_size: 100 });
    if (r.ok) {
      setState({ kind: "open", items: r.data.results });
      setChosen(r.data.results[0] ? String(r.data.results[0].id) : "");
    } else {
      setState({ kind: "failed", code: r.error.code });
    }
  }

  if (state.kind === "closed" || state.kind === "loading") {
    return (
      <div class="canned">
        <Button variant="secondary" pending={state.kind === "loading"} pendingLabel={t("app.loading")} onClick={() => void open()}>
          {t("canned.insertOpen")}
        </Button>
      </div>
    );
  }
  if (state.kind === "failed") {
    return (
      <p class="field__error" role="alert">
        {t(errorKey(state.code))}
      </p>
    );
  }
  if (state.items.length === 0) {
    return (
      <p class="field__hint canned" role="status">
        {t("canned.none")}
      </p>
    );
  }
  const selected = state.items.find((item) => String(item.id) === chosen);
  return (
    <div class="canned field">
      <label class="field__label" for={id}>
        {t("canned.choose")}
      </label>
      <select id={id} class="field__input" value={chosen} onChange={(event) => setChosen(event.currentTarget.value)}>
        {state.items.map((item) => (
          <option key={item.id} value={String(item.id)}>
            {item.category_name ? `${item.title} (${item.category_name})` : item.title}
          </option>
        ))}
      </select>
      {selected ? <p class="field__hint canned__preview">{selected.body}</p> : null}
      <Button variant="secondary" onClick={() => selected && onInsert(selected.body)}>
        {t("canned.insert")}
      </Button>
    </div>
  );
}
