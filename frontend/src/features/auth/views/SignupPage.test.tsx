import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { fieldError } from "../../../testing/fields";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import SignupPage from "./SignupPage";

const SIGNUP = "/api/v1/auth/signup/";
const VERIFY = "/api/v1/auth/signup/verify/";
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
  it("asks for the WhatsApp code, then opens the account, stores the session and hands over", async () => {
    const onSignedUp = vi.fn();
    fake.on("POST", SIGNUP, () => json({ phone: "+6281311112222", minutes: 15 }, 202));
    fake.on("POST", VERIFY, () => json({ access: "a9", refresh: "r9" }));
    render(<SignupPage desa="32.07.10.2010" onSignedUp={onSignedUp} />);

    fill({ name: "  Ujang ", phone: "0813-1111-2222", password: "Sungai-Citanduy-9" });

    const sent = await screen.findByRole("status");
    expect(sent.textContent).toContain("Kode 6 angka sudah dikirim lewat WhatsApp ke +6281311112222");
    expect(sent.textContent).toContain("15 menit");
    expect(sent.textContent).toContain("Lupa kata sandi?");
    expect(await fake.requests[0]?.json()).toEqual({
      full_name: "Ujang",
      phone: "0813-1111-2222",
      password: "Sungai-Citanduy-9",
      desa: "32.07.10.2010",
    });
    // Not logged in before the code.
    expect(tokenStore.get()).toBeNull();
    expect(onSignedUp).not.toHaveBeenCalled();

    fireEvent.input(screen.getByLabelText("Kode 6 angka"), { target: { value: " 123456 " } });
    fireEvent.click(screen.getByRole("button", { name: "Aktifkan akun" }));

    await waitFor(() => expect(onSignedUp).toHaveBeenCalledOnce());
    expect(await fake.requests[1]?.json()).toEqual({ phone: "+6281311112222", code: "123456" });
    expect(tokenStore.get()).toEqual({ access: "a9", refresh: "r9" });
  });

  it("checks the code's shape before sending, and shows a wrong code under its field", async () => {
    fake.on("POST", SIGNUP, () => json({ phone: "+6281311112222", minutes: 15 }, 202));
    fake.on("POST", VERIFY, () =>
      json({ code: "invalid", message: "x", fields: { code: ["Kode salah atau sudah tidak berlaku."] } }, 400),
    );
    const onSignedUp = vi.fn();
    render(<SignupPage desa={null} onSignedUp={onSignedUp} />);
    fill({ name: "Ujang", phone: "0813-1111-2222", password: "Sungai-Citanduy-9" });
    await screen.findByRole("status");

    fireEvent.input(screen.getByLabelText("Kode 6 angka"), { target: { value: "12ab" } });
    fireEvent.click(screen.getByRole("button", { name: "Aktifkan akun" }));
    expect(fieldError("Kode 6 angka")).toBe("Tulis 6 angka dari pesan WhatsApp.");
    expect(fake.requests).toHaveLength(1);

    fireEvent.input(screen.getByLabelText("Kode 6 angka"), { target: { value: "654321" } });
    fireEvent.click(screen.getByRole("button", { name: "Aktifkan akun" }));
    await waitFor(() => expect(fieldError("Kode 6 angka")).toBe("Kode salah atau sudah tidak berlaku."));
    expect(onSignedUp).not.toHaveBeenCalled();
    expect(tokenStore.get()).toBeNull();
  });

  it("goes back to the form, keeping what was typed, to send the code again", async () => {
    fake.on("POST", SIGNUP, () => json({ phone: "+6281311112222", minutes: 15 }, 202));
    render(<SignupPage desa={null} onSignedUp={vi.fn()} />);
    fill({ name: "Ujang", phone: "0813-1111-2222", password: "Sungai-Citanduy-9" });
    await screen.findByRole("status");

    fireEvent.click(screen.getByRole("button", { name: "Kirim kode lagi atau ganti nomor" }));

    expect(screen.getByLabelText<HTMLInputElement>("Nomor HP").value).toBe("0813-1111-2222");
    expect(screen.getByLabelText<HTMLInputElement>("Nama lengkap").value).toBe("Ujang");
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
            phone: ["Masukkan nomor HP Indonesia yang valid."],
            password: ["Kata sandi ini terlalu umum."],
            desa: ["Desa tidak dikenal."],
          },
        },
        400,
      ),
    );
    render(<SignupPage desa="99.99.99.9999" onSignedUp={vi.fn()} />);

    fill({ name: "Ujang", phone: "0812 0000 1234", password: "password123" });

    await waitFor(() => expect(fieldError("Nomor HP")).toBe("Masukkan nomor HP Indonesia yang valid."));
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
