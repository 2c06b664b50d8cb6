import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { fieldError } from "../../../testing/fields";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import SignupPage from "./SignupPage";

const SIGNUP = "/api/v1/auth/signup/";
let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set(null);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

function fill(fields: { name?: string; phone?: string; password?: string }) {
  if (fields.name !== undefined)
    fireEvent.input(screen.getByLabelText("Nama lengkap"), { target: { value: fields.name } });
  if (fields.phone !== undefined)
    fireEvent.input(screen.getByLabelText("Nomor HP"), { target: { value: fields.phone } });
  if (fields.password !== undefined)
    fireEvent.input(screen.getByLabelText("Kata sandi"), { target: { value: fields.password } });
  fireEvent.click(screen.getByRole("button", { name: "Daftar" }));
}

describe("SignupPage", () => {
  it("creates the account with the desa it came from, stores the session and hands over", async () => {
    const onSignedUp = vi.fn();
    fake.on("POST", SIGNUP, () =>
      json({ user: { id: 9, username: "+6281311112222", memberships: [] }, access: "a9", refresh: "r9" }, 201),
    );
    render(<SignupPage desa="32.07.10.2010" onSignedUp={onSignedUp} />);

    fill({ name: "  Ujang ", phone: "0813-1111-2222", password: "Sungai-Citanduy-9" });

    await waitFor(() => expect(onSignedUp).toHaveBeenCalledOnce());
    expect(await fake.requests[0]?.json()).toEqual({
      full_name: "Ujang",
      phone: "0813-1111-2222",
      password: "Sungai-Citanduy-9",
      desa: "32.07.10.2010",
    });
    expect(tokenStore.get()).toEqual({ access: "a9", refresh: "r9" });
  });

  it("names every missing or malformed field before sending anything", () => {
    render(<SignupPage desa={null} onSignedUp={vi.fn()} />);

    fill({ name: " ", phone: "0812", password: "pendek" });

    expect(fieldError("Nama lengkap")).toBe("Wajib diisi.");
    expect(fieldError("Nomor HP")).toBe("Tulis nomor HP Indonesia, misalnya 0812 3456 7890.");
    expect(fieldError("Kata sandi")).toBe("Kata sandi terlalu pendek: paling sedikit 8 karakter.");
    expect(screen.getByRole("alert").textContent).toBe("Periksa kembali isian yang ditandai.");
    expect(fake.requests).toHaveLength(0);
  });

  it("shows the server's field messages under their inputs and keeps what was typed", async () => {
    fake.on("POST", SIGNUP, () =>
      json(
        {
          code: "invalid",
          message: "server text that must not be shown",
          fields: {
            phone: ["Nomor HP ini sudah terdaftar."],
            password: ["Kata sandi ini terlalu umum."],
            desa: ["Desa tidak dikenal."],
          },
        },
        400,
      ),
    );
    render(<SignupPage desa="99.99.99.9999" onSignedUp={vi.fn()} />);

    fill({ name: "Ujang", phone: "0812 0000 1234", password: "password123" });

    await waitFor(() => expect(fieldError("Nomor HP")).toBe("Nomor HP ini sudah terdaftar."));
    expect(fieldError("Kata sandi")).toBe("Kata sandi ini terlalu umum.");
    expect(fieldError("Nama lengkap")).toBeNull();
    const alert = screen.getByRole("alert").textContent;
    expect(alert).toContain("Periksa kembali isian yang ditandai.");
    expect(alert).toContain("Desa tidak dikenal.");
    expect(alert).not.toContain("server text");
    expect(screen.getByLabelText<HTMLInputElement>("Nomor HP").value).toBe("0812 0000 1234");
    expect(tokenStore.get()).toBeNull();
  });

  it("says so when the phone has no connection", async () => {
    fake.on("POST", SIGNUP, () => Promise.reject(new TypeError("Failed to fetch")));
    render(<SignupPage desa={null} onSignedUp={vi.fn()} />);

    fill({ name: "Ujang", phone: "0813 1111 2222", password: "Sungai-Citanduy-9" });

    expect((await screen.findByRole("alert")).textContent).toContain("Tidak dapat terhubung ke server");
  });
});
