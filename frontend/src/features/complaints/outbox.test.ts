import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../testing/fakeFetch";
import type { SubmitBody } from "./api";
import { createOutbox, memoryStorage } from "./outbox";
import { PENDING_FLAG } from "./pending";

const BODY: SubmitBody = {
  desa: "32.07.10.2010",
  kind: "complaint",
  category: "infrastruktur",
  channel: "web",
  title: "Jalan berlubang",
  description: "Di depan balai desa.",
  anonymous: true,
  reporter: null,
  urgency: "medium",
  impact: "medium",
  location_text: "",
};
const SUBMITTED = { tracking_code: "7K3M9QPX2A", pin: "123456", complaint: {} };
const offline = () => Promise.reject(new TypeError("Failed to fetch"));

let fake: FakeFetch;
beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
});
afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("outbox", () => {
  it("keeps a submission without a signal and sends it later with the same key and body", async () => {
    const box = createOutbox(memoryStorage());
    fake.once("POST", "/api/v1/complaints/", offline);
    fake.once("POST", "/api/v1/complaints/", () => json(SUBMITTED, 201));

    const item = await box.add(BODY, null);
    expect(await box.send(item.id)).toEqual({ kind: "waiting" });
    expect(box.get(item.id)?.state).toBe("waiting");
    expect(localStorage.getItem(PENDING_FLAG)).toBe("1");

    await box.flush();

    const [first, second] = fake.requests;
    expect(first?.headers.get("Idempotency-Key")).toBe(item.id);
    expect(second?.headers.get("Idempotency-Key")).toBe(item.id);
    expect(await second?.json()).toEqual(BODY);
    expect(box.get(item.id)).toMatchObject({ state: "sent", trackingCode: "7K3M9QPX2A", pin: "123456" });
    expect(localStorage.getItem(PENDING_FLAG)).toBeNull();
  });

  it("uploads the photo with the code and PIN after the complaint is filed", async () => {
    const box = createOutbox(memoryStorage());
    fake.on("POST", "/api/v1/complaints/", () => json(SUBMITTED, 201));
    fake.once("POST", "/api/v1/track/attachments/", offline);
    fake.once("POST", "/api/v1/track/attachments/", () =>
      json({ token: "t", content_type: "image/jpeg", size: 3, at: "2026-01-01T00:00:00Z" }, 201),
    );

    const item = await box.add(BODY, new Blob(["jpg"], { type: "image/jpeg" }));
    expect(await box.send(item.id)).toEqual({ kind: "waiting" });
    expect(box.get(item.id)).toMatchObject({ state: "sent", photoState: "waiting" });
    await box.flush();

    expect(fake.requests.filter((r) => r.url.endsWith("/api/v1/complaints/"))).toHaveLength(1);
    const upload = fake.requests.at(-1);
    const form = await upload?.formData();
    expect(form?.get("code")).toBe("7K3M9QPX2A");
    expect(form?.get("pin")).toBe("123456");
    expect(box.get(item.id)).toMatchObject({ photoState: "sent", photo: null });
  });

  it("gives up on a body the server refuses (400) and keeps the field errors", async () => {
    const box = createOutbox(memoryStorage());
    fake.on("POST", "/api/v1/complaints/", () =>
      json({ code: "invalid", message: "x", fields: { "reporter.nik": ["16 digits"] } }, 400),
    );
    const item = await box.add(BODY, null);

    const result = await box.send(item.id);

    expect(result).toMatchObject({ kind: "failed", failure: { status: 400, fields: { "reporter.nik": ["16 digits"] } } });
    expect(box.get(item.id)?.state).toBe("failed");
  });

  it("retries later on 409 (the first attempt is still running), 429 and 5xx", async () => {
    const box = createOutbox(memoryStorage());
    for (const status of [409, 429, 503]) {
      fake.once("POST", "/api/v1/complaints/", () => json({ code: "x", message: "", fields: {} }, status));
    }
    const item = await box.add(BODY, null);
    for (let i = 0; i < 3; i++) expect(await box.send(item.id)).toEqual({ kind: "waiting" });
    expect(box.get(item.id)?.state).toBe("waiting");
  });

  it("sends one request when a flush and a send race for the same item", async () => {
    const box = createOutbox(memoryStorage());
    fake.on("POST", "/api/v1/complaints/", () => json(SUBMITTED, 201));
    const item = await box.add(BODY, null);

    await Promise.all([box.send(item.id), box.flush(), box.send(item.id)]);

    expect(fake.requests).toHaveLength(1);
  });
});
