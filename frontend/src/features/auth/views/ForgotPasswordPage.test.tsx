import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { fieldError } from "../../../testing/fields";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import ForgotPasswordPage from "./ForgotPasswordPage";

const RESET = "/api/v1/auth/password-reset/";
const CONFIRM = "/api/v1/auth/password-reset/confirm/";
let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set(null);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function reachCodeStep() {
  fake.on("POST", RESET, () => json({ minutes: 15 }, 202));
  render(<ForgotPasswordPage onDone={vi.fn()} />);
  type("Nomor HP", "0812 0000 1234");
  fireEvent.click(screen.getByRole("button", { name: "Kirim kode" }));
  await screen.findByLabelText("Kode 6 angka");
}

describe("ForgotPasswordPage", () => {
  it("sends a code to the number, then sets the new password with it and logs in", async () => {
    const onDone = vi.fn();
    fake.on("POST", RESET, () => json({ minutes: 15 }, 202));
    fake.on("POST", CONFIRM, () => json({ access: "a7", refresh: "r7" }));
    render(<ForgotPasswordPage onDone={onDone} />);

    type("Nomor HP", " 0812 0000 1234 ");
    fireEvent.click(screen.getByRole("button", { name: "Kirim kode" }));
    expect((await screen.findByRole("status")).textContent).toBe(
      "Jika nomor 0812 0000 1234 terdaftar, kode 6 angka sudah dikirim lewat WhatsApp. Kode berlaku 15 menit dan hanya sekali pakai.",
    );
    type("Kode 6 angka", "667990");
    type("Kata sandi baru", "Sawah-Ciamis-2027");
    fireEvent.click(screen.getByRole("button", { name: "Simpan kata sandi baru" }));

    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(await fake.requests[0]?.json()).toEqual({ phone: "0812 0000 1234" });
    expect(await fake.requests[1]?.json()).toEqual({
      phone: "0812 0000 1234",
      code: "667990",
      password: "Sawah-Ciamis-2027",
    });
    expect(tokenStore.get()).toEqual({ access: "a7", refresh: "r7" });
  });

  it("checks the number before sending", () => {
    render(<ForgotPasswordPage onDone={vi.fn()} />);
    type("Nomor HP", "0812");
    fireEvent.click(screen.getByRole("button", { name: "Kirim kode" }));
    expect(fieldError("Nomor HP")).toBe("Tulis nomor HP Indonesia, misalnya 0812 3456 7890.");
    expect(fake.requests).toHaveLength(0);
    screen.getByRole("heading", { level: 1, name: "Lupa kata sandi" });
  });

  it("shows a wrong code under its field and keeps the step", async () => {
    await reachCodeStep();
    fake.on("POST", CONFIRM, () =>
      json({ code: "invalid", message: "x", fields: { code: ["Kode salah atau sudah tidak berlaku."] } }, 400),
    );

    type("Kode 6 angka", "12345");
    type("Kata sandi baru", "pendek");
    fireEvent.click(screen.getByRole("button", { name: "Simpan kata sandi baru" }));
    expect(fieldError("Kode 6 angka")).toBe("Tulis 6 angka dari pesan WhatsApp.");
    expect(fieldError("Kata sandi baru")).toBe("Kata sandi terlalu pendek: paling sedikit 8 karakter.");

    type("Kode 6 angka", "123456");
    type("Kata sandi baru", "Sawah-Ciamis-2027");
    fireEvent.click(screen.getByRole("button", { name: "Simpan kata sandi baru" }));

    await waitFor(() => expect(fieldError("Kode 6 angka")).toBe("Kode salah atau sudah tidak berlaku."));
    expect(fieldError("Kata sandi baru")).toBeNull();
    expect(tokenStore.get()).toBeNull();
  });

  it("goes back to the number to send another code", async () => {
    await reachCodeStep();

    fireEvent.click(screen.getByRole("button", { name: "Kirim kode lagi atau ganti nomor" }));

    expect(screen.getByLabelText<HTMLInputElement>("Nomor HP").value).toBe("0812 0000 1234");
  });

  it("says so when too many codes were asked for", async () => {
    fake.on("POST", RESET, () => json({ code: "throttled", message: "x", fields: {} }, 429));
    render(<ForgotPasswordPage onDone={vi.fn()} />);

    type("Nomor HP", "0812 0000 1234");
    fireEvent.click(screen.getByRole("button", { name: "Kirim kode" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.");
    expect(screen.queryByLabelText("Kode 6 angka")).toBeNull();
  });
});
