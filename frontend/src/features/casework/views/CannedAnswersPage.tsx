import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { ActionOutcome } from "../../../components/ActionOutcome";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { useLoad } from "../../../lib/useLoad";
import {
  createCannedAnswer,
  deleteCannedAnswer,
  fetchCategories,
  listCannedAnswers,
  updateCannedAnswer,
  type CannedAnswer,
  type CannedUse,
} from "../api";

type Fields = Readonly<Record<string, readonly string[]>>;

const USES: readonly CannedUse[] = ["answer", "request_info"];
const EMPTY = { title: "", body: "", use: "answer" as CannedUse, category: "" };

/**
 * The desa's canned answers (intake officer, village head): ready-made texts for answers and
 * information requests, per category or for all. On a complaint's page they are inserted into
 * the draft and edited there before sending.
 */
export default function CannedAnswersPage({ desa }: { desa: { code: string; name: string } }) {
  const { locale, t } = useStaffI18n();
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [fields, setFields] = useState<Fields>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const { state: categoryList } = useLoad(() => fetchCategories(desa.code), [desa.code, locale]);
  const categories = categoryList.kind === "loaded" ? categoryList.data : [];
  const { state: list, retry: reload } = useLoad(() => listCannedAnswers(desa.code, { page_size: 100 }), [desa.code, locale], {
    blank: true,
  });

  function edit(item: CannedAnswer) {
    setEditing(item.id);
    setForm({ title: item.title, body: item.body, use: item.use, category: item.category ?? "" });
    setFields({});
    setDone(null);
  }

  function reset() {
    setEditing(null);
    setForm(EMPTY);
    setFields({});
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    const missing: Record<string, string[]> = {};
    if (!form.title.trim()) missing["title"] = [t("field.required")];
    if (!form.body.trim()) missing["body"] = [t("field.required")];
    setFields(missing);
    setDone(null);
    setFailure(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    const body = { title: form.title.trim(), body: form.body.trim(), use: form.use, category: form.category || null };
    const result = editing === null ? await createCannedAnswer(desa.code, body) : await updateCannedAnswer(desa.code, editing, body);
    setPending(false);
    if (result.ok) {
      setDone(t(editing === null ? "canned.added" : "canned.changed", { title: result.data.title }));
      reset();
      reload();
    } else if (Object.keys(result.error.fields).length > 0) {
      setFields(result.error.fields);
    } else {
      setFailure(result.error);
    }
  }

  async function remove(item: CannedAnswer) {
    if (!window.confirm(t("canned.removeConfirm", { title: item.title }))) return;
    setDone(null);
    setFailure(null);
    const result = await deleteCannedAnswer(desa.code, item.id);
    if (result.ok) {
      setDone(t("canned.removed", { title: item.title }));
      if (editing === item.id) reset();
      reload();
    } else {
      setFailure(result.error);
    }
  }

  return (
    <section class="page" aria-labelledby="canned-title">
      <h1 id="canned-title">{t("canned.title", { desa: desa.name })}</h1>
      <p class="lead">{t("canned.intro")}</p>

      <form class="form" noValidate onSubmit={(event) => void save(event)} aria-labelledby="canned-form">
        <h2 id="canned-form">{t(editing === null ? "canned.new" : "canned.edit")}</h2>
        <TextField label={t("canned.fieldTitle")} maxLength={80} value={form.title} onValue={(title) => setForm({ ...form, title })} errors={fields["title"]} />
        <div class="field">
          <label class="field__label" for="canned-use">
            {t("canned.use")}
          </label>
          <select id="canned-use" class="field__input" value={form.use} onChange={(event) => setForm({ ...form, use: event.currentTarget.value as CannedUse })}>
            {USES.map((use) => (
              <option key={use} value={use}>
                {t(`canned.useLabel.${use}`)}
              </option>
            ))}
          </select>
        </div>
        <div class={fields["category"] ? "field field--invalid" : "field"}>
          <label class="field__label" for="canned-category">
            {t("canned.category")}
          </label>
          <select id="canned-category" class="field__input" value={form.category} onChange={(event) => setForm({ ...form, category: event.currentTarget.value })}>
            <option value="">{t("canned.everyCategory")}</option>
            {categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
          {fields["category"] ? <p class="field__error">{fields["category"].join(" ")}</p> : null}
        </div>
        <TextArea label={t("canned.body")} hint={t("canned.bodyHint")} rows={6} maxLength={4000} value={form.body} onValue={(body) => setForm({ ...form, body })} errors={fields["body"]} />
        <div class="actions actions--row">
          <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
            {t(editing === null ? "canned.add" : "canned.save")}
          </Button>
          {editing !== null ? (
            <Button variant="secondary" onClick={reset}>
              {t("canned.cancel")}
            </Button>
          ) : null}
        </div>
      </form>

      <ActionOutcome done={done} failure={failure && t(errorKey(failure.code))} />

      <h2 id="canned-list">{t("canned.listTitle")}</h2>
      {list.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : list.kind === "failed" ? (
        <ErrorBox error={list.error} />
      ) : list.data.results.length === 0 ? (
        <p>{t("canned.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="canned-list">
          {list.data.results.map((item) => (
            <li class="card" key={item.id}>
              <p class="card__title">{item.title}</p>
              <p class="card__meta">
                {t(`canned.useLabel.${item.use}`)} · {item.category_name ?? t("canned.everyCategory")}
              </p>
              <p class="canned__preview">{item.body}</p>
              <div class="actions actions--row">
                <Button variant="secondary" onClick={() => edit(item)}>
                  {t("canned.editOne")}
                  <span class="visually-hidden"> {item.title}</span>
                </Button>
                <Button variant="danger" onClick={() => void remove(item)}>
                  {t("canned.remove")}
                  <span class="visually-hidden"> {item.title}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
