import { describe, expect, it } from "vitest";
import { formatDate, formatDueDate, formatPhone, whatsappLink } from "./format";

describe("formatPhone", () => {
  it("writes a mobile number as people dial it", () => {
    expect(formatPhone("+6281200000010")).toBe("0812-0000-0010");
    expect(formatPhone("+62812345678901")).toBe("0812-3456-78901");
  });

  it("writes a landline as one national run, since area codes differ in length", () => {
    expect(formatPhone("+622657000010")).toBe("02657000010");
  });

  it("leaves a number that is not Indonesian as it is", () => {
    expect(formatPhone("+12025550100")).toBe("+12025550100");
  });
});

describe("whatsappLink", () => {
  it("opens a chat with the number, digits only", () => {
    expect(whatsappLink("+6281200000010")).toBe("https://wa.me/6281200000010");
  });
});

describe("formatDueDate", () => {
  it("writes the last working day with its weekday, in either language", () => {
    expect(formatDueDate("2026-12-09", "id")).toBe("Rabu, 9 Desember 2026");
    expect(formatDueDate("2026-12-09", "en")).toBe("Wednesday, 9 December 2026");
  });

  it("keeps the date whatever the phone's time zone (no instant, no shift)", () => {
    expect(formatDueDate("2027-01-01", "en")).toBe("Friday, 1 January 2027");
  });
});

describe("formatDate", () => {
  it("writes each instant's own day, in the language asked, however often it is asked", () => {
    const morning = new Date(2026, 10, 3, 8, 0).toISOString();
    const evening = new Date(2026, 10, 3, 21, 30).toISOString();
    const next = new Date(2026, 10, 4, 0, 5).toISOString();
    expect(formatDate(morning, "id")).toBe("3 November 2026");
    expect(formatDate(evening, "en")).toBe("3 November 2026");
    expect(formatDate(next, "id")).toBe("4 November 2026");
    expect(formatDate(evening, "id")).toBe(formatDate(morning, "id"));
    expect(formatDate("not a date", "id")).toBe("not a date");
  });
});
