"""The webhook rows of `make bench`: signed WhatsApp notifications for wrk, made in advance.

Each notification must carry a `wamid` of its own, or the webhook stores nothing and the row
measures a duplicate (`ON CONFLICT DO NOTHING`, cheaper than a message). wrk's LuaJIT has no
HMAC, so the bodies are signed here, written one a line ("<signature>\\t<body>") to a file,
and wrk's script (`LUA`) gives each of its threads every n-th line, built into a complete
request once in `init`, then sent in turn. A run that sends more requests than it was given
bodies would start over and send duplicates; `run.py` checks that every answered request
stored a message, so it would show as FAILED rather than as a faster row.

No Django here: `run.py` imports it before gunicorn starts, and tests/test_bench_webhooks.py
posts these very bodies to the product's webhook.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path

PATH = "/api/v1/channels/whatsapp/webhook/"
# The desa the bench gives a WhatsApp number of its own (`in_django.py load`).
DESA_COUNT = 10


def phone_number_id(number: int) -> str:
    """The bench's phone number id of its `number`-th desa (from 1)."""
    return f"9{number:014d}"


def notification(*, number_id: str, wamid: str, wa_id: str, timestamp: int) -> bytes:
    """One text message to `number_id`, as Meta sends it (the usual notification)."""
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6281200000010", "phone_number_id": number_id},
            "contacts": [{"profile": {"name": "Warga Bench"}, "wa_id": wa_id}],
            "messages": [{"from": wa_id, "id": wamid, "timestamp": str(timestamp),
                          "type": "text", "text": {"body": "Jalan berlubang di RT 03"}}],
        }}]}],
    }  # fmt: skip
    return json.dumps(body, separators=(",", ":")).encode()


def signature(body: bytes, secret: str) -> str:
    """`X-Hub-Signature-256` as Meta computes it (intake.whatsapp.signature_of)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed(*, secret: str, number_ids: list[str], count: int, run: str) -> Iterator[bytes]:
    """`count` lines "<signature>\\t<body>\\n", each body with a wamid of its own (`run` keeps
    runs apart), spread over `number_ids` in turn and over 1 000 senders."""
    now = int(time.time())
    for index in range(count):
        wa_id = f"62813{index % 1000:08d}"
        body = notification(
            number_id=number_ids[index % len(number_ids)],
            wamid=f"wamid.bench.{run}.{index}",
            wa_id=wa_id,
            timestamp=now,
        )
        yield signature(body, secret).encode() + b"\t" + body + b"\n"


def write(path: Path, *, secret: str, number_ids: list[str], count: int, run: str) -> Path:
    with path.open("wb") as out:
        out.writelines(signed(secret=secret, number_ids=number_ids, count=count, run=run))
    return path


# wrk runs this in each thread's own Lua state. setup() runs first, in the main state, once
# per thread: it numbers the threads, so thread k takes lines k, k + n, k + 2n, … and no two
# threads send the same body. The requests are formatted once, in init(), so request()
# costs a table read, not a string build, while wrk measures.
LUA = """
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

function init(args)
  requests, sent = {{}}, 0
  local line_number = 0
  for line in io.lines([==[{bodies}]==]) do
    if line_number % {thread_count} == thread_index then
      local tab = line:find("\\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", [==[{path}]==], {{
        ["Host"] = wrk.host .. ":" .. wrk.port,
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
      }}, line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end
"""


def lua(*, bodies: Path, thread_count: int, path: str = PATH) -> str:
    return LUA.format(bodies=bodies, thread_count=thread_count, path=path)
