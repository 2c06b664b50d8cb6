"""Formatting the printables share beyond the PDF helpers of `common.pdf`."""


def phone_display(e164: str) -> str:
    """+6281234567890 → 0812-3456-7890, as residents write a number."""
    if not e164.startswith("+62"):
        return e164
    local = "0" + e164[3:]
    return "-".join([local[:4], local[4:8], local[8:]]).strip("-")
