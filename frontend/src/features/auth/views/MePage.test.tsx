import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { setLocale } from "../../../i18n/index";
import { createFakeFetch, json, noContent, type FakeFetch } from "../../../testing/fakeFetch";
import type { Me } from "../api";
import MePage from "./MePage";

const jagabaya = { code: "32.07.10.2010", name: "Jagabaya", level: "desa" } as const;
const panawangan = { code: "32.07.10", name: "Panawangan", level: "kecamatan" } as const;

function meIn(locale: "id" | "en"): Me {
  return {
    id: 3,
    username: "petugas.jagabaya",
    full_name: "Siti Rahmawati",
    phone: null,
    memberships: [
      {
        id: 10,
        role: "intake_officer",
        role_label: locale === "id" ? "Petugas pengelola pengaduan" : "Complaint intake officer",
        region: jagabaya,
        kecamatan: panawangan,
        position: "kasi_pelayanan",
        position_label: locale === "id" ? "Kasi Pelayanan" : "Head of services section",
        position_title: "",
      },
      {
        id: 11,
        role: "kecamatan_operator",
        role_label: locale === "id" ? "Operator kecamatan" : "Kecamatan operator",
        region: panawangan,
        kecamatan: panawangan,
        position: "",
        position_label: "",
      },
    ],
  };
}

let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set({ access: "a1", refresh: "r1" });
  fake.on("GET", "/api/v1/me/", (request) =>
    json(meIn(request.headers.get("Accept-Language") === "en" ? "en" : "id")),
  );
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("MePage", () => {
  it("shows the user's name and each role with its region and position", async () => {
    render(<MePage onLoggedOut={vi.fn()} />);

    expect(await screen.findByRole("heading", { level: 1, name: "Siti Rahmawati" })).toBeTruthy();
    const roles = screen.getByRole("list", { name: "Peran dan wilayah" });
    const items = [...roles.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual([
      "Petugas pengelola pengaduan — Desa Jagabaya" + "di Kecamatan Panawangan" + "Jabatan: Kasi Pelayanan",
      "Operator kecamatan — Kecamatan Panawangan",
    ]);
    expect(fake.requests[0]?.headers.get("Authorization")).toBe("Bearer a1");
  });

  it("reloads the server's labels in the new language after a switch", async () => {
    render(<MePage onLoggedOut={vi.fn()} />);
    await screen.findByText("Petugas pengelola pengaduan — Desa Jagabaya", { selector: "p" });

    await setLocale("en");

    expect(await screen.findByText("Complaint intake officer — Jagabaya Village", { selector: "p" })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2, name: "Roles and areas" })).toBeTruthy();
    expect(fake.requests.at(-1)?.headers.get("Accept-Language")).toBe("en");
  });

  it("offers the user's workspaces and goes to the home of the one chosen", async () => {
    render(<MePage onLoggedOut={vi.fn()} />);
    const select = await screen.findByLabelText<HTMLSelectElement>("Ruang kerja");
    const options = Array.from(select.options, (o) => o.textContent);
    expect(options[0]).toBe("Petugas pengelola pengaduan — Desa Jagabaya");
    expect(options).toContain("Operator kecamatan — Kecamatan Panawangan");

    select.value = "kecamatan:32.07.10";
    select.dispatchEvent(new Event("change", { bubbles: true }));

    expect(window.location.pathname).toBe("/staf/kecamatan");
    expect(JSON.parse(localStorage.getItem("pd.workspace") ?? "null")).toMatchObject({ active: "kecamatan:32.07.10" });
  });

  it("logs out: revokes the refresh token, clears the session and hands over", async () => {
    const onLoggedOut = vi.fn();
    fake.on("POST", "/api/v1/auth/logout/", noContent);
    render(<MePage onLoggedOut={onLoggedOut} />);

    fireEvent.click(await screen.findByRole("button", { name: "Keluar" }));

    await waitFor(() => expect(onLoggedOut).toHaveBeenCalledOnce());
    const logout = fake.requests.find((r) => r.url.endsWith("/auth/logout/"));
    expect(await logout?.json()).toEqual({ refresh: "r1" });
    expect(tokenStore.get()).toBeNull();
  });

  it("still ends the local session when the logout call cannot reach the server", async () => {
    const onLoggedOut = vi.fn();
    fake.on("POST", "/api/v1/auth/logout/", () => Promise.reject(new TypeError("offline")));
    render(<MePage onLoggedOut={onLoggedOut} />);

    fireEvent.click(await screen.findByRole("button", { name: "Keluar" }));

    await waitFor(() => expect(onLoggedOut).toHaveBeenCalledOnce());
    expect(tokenStore.get()).toBeNull();
  });

  it("shows the dictionary message and a retry button when loading fails", async () => {
    fake.on("GET", "/api/v1/me/", () => json({ code: "server_error", message: "Traceback…", fields: {} }, 500));
    render(<MePage onLoggedOut={vi.fn()} />);

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Server sedang bermasalah. Silakan coba beberapa saat lagi.",
    );
    expect(screen.getByRole("button", { name: "Coba lagi" })).toBeTruthy();
  });
});
