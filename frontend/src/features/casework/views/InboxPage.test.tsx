import { fireEvent, render, screen, within } from "@testing-library/preact";
import axe from "axe-core";
import { beforeEach, describe, expect, it } from "vitest";
import { setLocale } from "../../../i18n/index";
import { navigate } from "../../../lib/router";
import { workspaceStore, type Role } from "../../../lib/workspace";
import { DESA, complaintRow } from "../../../testing/complaints";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import InboxPage from "./InboxPage";

const fake = loggedInFakeApi();

const ROWS = [
  complaintRow("PD-AAAA1111", { spam_flagged: true }),
  complaintRow("PD-BBBB2222"),
  complaintRow("PD-CCCC3333", { status: "received", status_label: "Diterima" }),
];

function as(role: Role) {
  const workspace = { key: `desa:${DESA}`, kind: "desa" as const, region: { code: DESA, name: "Jagabaya" }, roles: [role] };
  workspaceStore.set({ list: [workspace], active: workspace.key });
}

beforeEach(() => {
  as("intake_officer");
  fake.on("GET", `/api/v1/desa/${DESA}/categories/`, () => json([]));
  fake.on("GET", `/api/v1/desa/${DESA}/complaint-counts/`, () =>
    json({ code: "not_found", message: "", fields: {} }, 404),
  );
  fake.on("GET", "/api/v1/complaints/", () => json({ next: null, previous: null, results: ROWS }));
});

async function pickAndConfirm() {
  fireEvent.click(await screen.findByRole("button", { name: /kemungkinan spam|possible spam/i }));
  fireEvent.click(screen.getByRole("checkbox", { name: /PD-BBBB2222/ }));
  fireEvent.click(screen.getByRole("button", { name: /^(Abaikan sebagai spam|Dismiss as spam)$/ }));
}

describe("InboxPage: dismissing several complaints as spam", () => {
  it("picks the possible spam, asks first, and names the one that moved meanwhile", async () => {
    let sent: unknown = null;
    fake.on("POST", `/api/v1/desa/${DESA}/complaints/dismiss-spam/`, async (request) => {
      sent = await request.json();
      return json(
        { code: "invalid_transition", message: "Langkah ini tidak diizinkan.", fields: {}, tracking_code: "PD-BBBB2222" },
        409,
      );
    });
    const { container } = render(<InboxPage mine={false} desa={DESA} />);

    // Only submitted complaints can be picked.
    await screen.findByText("Judul PD-CCCC3333");
    expect(screen.getAllByRole("checkbox")).toHaveLength(2);
    await pickAndConfirm();
    expect(screen.getByText("2 pengaduan dipilih")).toBeTruthy();
    const confirm = screen.getByRole("group", { name: /Abaikan 2 pengaduan sebagai spam\?/ });
    expect(sent).toBeNull(); // nothing is sent before the confirmation
    const audit = await axe.run(container, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    expect(audit.passes.map((rule) => rule.id)).toContain("label"); // the checkboxes were checked
    expect(audit.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    fireEvent.click(within(confirm).getByRole("button", { name: "Ya, abaikan" }));

    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      expect.stringContaining("Pengaduan PD-BBBB2222 sudah tidak berstatus Diajukan"),
    );
    expect(sent).toEqual({ codes: ["PD-AAAA1111", "PD-BBBB2222"] });
  });

  it("says how many were set aside, in English too", async () => {
    await setLocale("en");
    fake.on("POST", `/api/v1/desa/${DESA}/complaints/dismiss-spam/`, () =>
      json({ dismissed: ["PD-AAAA1111", "PD-BBBB2222"] }),
    );
    render(<InboxPage mine={false} desa={DESA} />);

    await pickAndConfirm();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("button", { name: "Yes, dismiss" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Dismiss as spam" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, dismiss" }));

    expect(await screen.findByText("2 complaints dismissed as spam.")).toBeTruthy();
  });

  it("offers no picking to the village head", async () => {
    as("village_head");
    render(<InboxPage mine={false} desa={DESA} />);

    await screen.findByText("Judul PD-AAAA1111");
    expect(screen.queryAllByRole("checkbox")).toEqual([]);
    expect(screen.queryByRole("button", { name: /kemungkinan spam/i })).toBeNull();
  });
});

describe("InboxPage: one page at a time", () => {
  it("asks for 50 rows in the address's order and adds the next page on request", async () => {
    const asked: URLSearchParams[] = [];
    fake.on("GET", "/api/v1/complaints/", (request) => {
      const query = new URL(request.url).searchParams;
      asked.push(query);
      return query.get("cursor") === "bmV4dA=="
        ? json({ next: null, previous: null, results: [complaintRow("PD-DDDD4444")] })
        : json({ next: "http://127.0.0.1/api/v1/complaints/?cursor=bmV4dA%3D%3D", previous: null, results: ROWS });
    });
    navigate("/staf?sort=-priority&unassigned=1", { replace: true });
    render(<InboxPage mine={false} desa={DESA} />);

    await screen.findByText("Judul PD-CCCC3333");
    expect(asked[0]?.get("sort")).toBe("-priority");
    expect(asked[0]?.get("page_size")).toBe("50");
    expect(asked[0]?.get("unassigned")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Muat lebih banyak" }));

    await screen.findByText("Judul PD-DDDD4444");
    expect(asked[1]?.get("cursor")).toBe("bmV4dA==");
    expect(asked[1]?.get("sort")).toBe("-priority");
    expect(screen.getAllByText(/^Judul PD-/)).toHaveLength(4);
    expect(screen.queryByRole("button", { name: "Muat lebih banyak" })).toBeNull();
    navigate("/", { replace: true });
  });
});

describe("InboxPage: the filters", () => {
  it("draws the list without asking for counts or categories, and asks once they are opened", async () => {
    const counts = { submitted: 2, received: 1, needs_info: 0, verified: 0, rejected: 0, assigned: 0, in_progress: 0, answered: 0, closed: 4, reopened: 0, spam: 0, duplicate: 0, forwarded: 0, open: 3, overdue: 0, escalated: 0, unassignable: 0, most_reported: [] };
    fake.on("GET", `/api/v1/desa/${DESA}/complaint-counts/`, () => json(counts));
    fake.on("GET", `/api/v1/desa/${DESA}/categories/`, () => json([{ slug: "jalan", name: "Jalan dan jembatan", icon: "road", description: "" }]));
    const asked = () => fake.requests.map((request) => new URL(request.url).pathname);
    render(<InboxPage mine={false} desa={DESA} />);

    await screen.findByText("Judul PD-AAAA1111");
    expect(asked()).toEqual(["/api/v1/complaints/"]);
    expect(screen.queryByLabelText("Status")).toBeNull();

    const details = screen.getByText("Saring").closest("details") as HTMLDetailsElement;
    details.open = true;
    fireEvent(details, new Event("toggle"));

    const status = await screen.findByLabelText("Status");
    expect(await within(status).findByRole("option", { name: "Diajukan (2)" })).toBeTruthy();
    expect(await within(screen.getByLabelText("Kategori")).findByRole("option", { name: "Jalan dan jembatan" })).toBeTruthy();
    expect(asked().sort()).toEqual(["/api/v1/complaints/", `/api/v1/desa/${DESA}/categories/`, `/api/v1/desa/${DESA}/complaint-counts/`]);
  });
});
