import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { setLocale } from "../../../i18n/index";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import LoginPage from "./LoginPage";

const TOKEN = "/api/v1/auth/token/";
let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

function fillAndSubmit(username: string, password: string) {
  fireEvent.input(screen.getByLabelText("Nama pengguna atau nomor HP"), { target: { value: username } });
  fireEvent.input(screen.getByLabelText("Kata sandi"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Masuk" }));
}

describe("LoginPage", () => {
  it("logs in, stores the token pair and hands over to the app", async () => {
    const onLoggedIn = vi.fn();
    fake.on("POST", TOKEN, () => json({ access: "a1", refresh: "r1" }));
    render(<LoginPage onLoggedIn={onLoggedIn} />);

    expect(screen.getByRole("heading", { level: 1, name: "Masuk" })).toBeTruthy();
    fillAndSubmit("  petugas.jagabaya ", "rahasia");

    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledOnce());
    expect(await fake.requests[0]?.json()).toEqual({ username: "petugas.jagabaya", password: "rahasia" });
    expect(fake.requests[0]?.headers.get("Accept-Language")).toBe("id");
    expect(tokenStore.get()).toEqual({ access: "a1", refresh: "r1" });
  });

  it("shows the field errors of a 400 body under their inputs", async () => {
    fake.on("POST", TOKEN, () =>
      json(
        {
          code: "invalid",
          message: "server text that must not be shown",
          fields: { username: ["Nomor HP tidak valid."], password: ["Terlalu pendek."] },
        },
        400,
      ),
    );
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("0812", "x");

    const username = screen.getByLabelText("Nama pengguna atau nomor HP");
    await waitFor(() => expect(username.getAttribute("aria-invalid")).toBe("true"));
    const usernameError = document.getElementById(username.getAttribute("aria-describedby")?.split(" ").pop() ?? "");
    expect(usernameError?.textContent).toBe("Nomor HP tidak valid.");
    const password = screen.getByLabelText("Kata sandi");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(password.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Terlalu pendek.",
    );
    expect(screen.getByRole("alert").textContent).toContain("Periksa kembali isian yang ditandai.");
    expect(document.body.textContent).not.toContain("server text");
  });

  it("shows its own wrong-credentials message on a 401, not the server's text", async () => {
    fake.on("POST", TOKEN, () =>
      json({ code: "invalid_credentials", message: "Salah (server)", fields: {} }, 401),
    );
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("petugas.jagabaya", "salah");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Nama pengguna, nomor HP, atau kata sandi salah.");
    expect(tokenStore.get()).toBeNull();
  });

  it("falls back to the wrong-credentials message for a 401 with an unknown code", async () => {
    fake.on("POST", TOKEN, () => json({ code: "no_active_account", message: "x", fields: {} }, 401));
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("petugas.jagabaya", "salah");

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Nama pengguna, nomor HP, atau kata sandi salah.",
    );
  });

  it("reads a 401 with a session code as wrong credentials on the login form", async () => {
    fake.on("POST", TOKEN, () => json({ code: "not_authenticated", message: "x", fields: {} }, 401));
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("petugas.jagabaya", "salah");

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Nama pengguna, nomor HP, atau kata sandi salah.",
    );
  });

  it("shows the throttling message on a 429", async () => {
    fake.on("POST", TOKEN, () => json({ code: "throttled", message: "x", fields: {} }, 429));
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("petugas.jagabaya", "salah");

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.",
    );
  });

  it("speaks English after the switch", async () => {
    await setLocale("en");
    fake.on("POST", TOKEN, () => json({ code: "invalid_credentials", message: "x", fields: {} }, 401));
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fireEvent.input(screen.getByLabelText("Username or phone number"), { target: { value: "u" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "p" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Wrong username, phone number or password.");
    expect(fake.requests[0]?.headers.get("Accept-Language")).toBe("en");
  });

  it("disables the button with a pending label and sends only once on a double submit", async () => {
    let answer: (response: Response) => void = () => undefined;
    fake.on("POST", TOKEN, () => new Promise<Response>((resolve) => (answer = resolve)));
    const onLoggedIn = vi.fn();
    render(<LoginPage onLoggedIn={onLoggedIn} />);

    fillAndSubmit("petugas.jagabaya", "rahasia");
    const form = screen.getByRole("button", { name: /Masuk|Sedang masuk/ }).closest("form");
    if (!form) throw new Error("the button is not in a form");
    fireEvent.submit(form);
    fireEvent.submit(form);

    const button = await screen.findByRole("button", { name: "Sedang masuk…" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(fake.requests).toHaveLength(1));
    answer(json({ access: "a1", refresh: "r1" }));
    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledOnce());
    expect(fake.requests).toHaveLength(1);
  });

  it("asks for empty fields without calling the server", async () => {
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fireEvent.click(screen.getByRole("button", { name: "Masuk" }));

    expect(await screen.findAllByText("Wajib diisi.")).toHaveLength(2);
    expect(fake.requests).toHaveLength(0);
  });

  it("says the server cannot be reached when the network fails", async () => {
    fake.on("POST", TOKEN, () => Promise.reject(new TypeError("Failed to fetch")));
    render(<LoginPage onLoggedIn={vi.fn()} />);

    fillAndSubmit("petugas.jagabaya", "rahasia");

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Tidak dapat terhubung ke server. Periksa koneksi internet Anda, lalu coba lagi.",
    );
  });
});
