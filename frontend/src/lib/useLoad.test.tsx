import { act, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { ApiResult } from "../api/errors";
import { useLoad } from "./useLoad";
import { useSubmit } from "./useSubmit";

/** A request whose answer the test gives when it chooses. */
function deferred<T>() {
  let answer: (result: ApiResult<T>) => void = () => undefined;
  const promise = new Promise<ApiResult<T>>((resolve) => (answer = resolve));
  return { promise, answer };
}

type Requests = Record<"a" | "b", ReturnType<typeof deferred<string>>>;

function Reader({ id, requests }: { id: "a" | "b"; requests: Requests }) {
  const { state, retry } = useLoad(() => requests[id].promise, [id]);
  return (
    <p>
      {state.kind === "loaded" ? state.data : state.kind}
      <button onClick={retry}>retry</button>
    </p>
  );
}

describe("useLoad", () => {
  it("shows the answer of the newest request, never a slower older one", async () => {
    const requests = { a: deferred<string>(), b: deferred<string>() };
    const { rerender } = render(<Reader id="a" requests={requests} />);
    rerender(<Reader id="b" requests={requests} />);
    await act(async () => {
      requests.b.answer({ ok: true, data: "Jagabaya" });
      await requests.b.promise;
    });
    await act(async () => {
      requests.a.answer({ ok: true, data: "Klero" });
      await requests.a.promise;
    });
    expect(screen.getByText("Jagabaya")).toBeTruthy();
    expect(screen.queryByText("Klero")).toBeNull();
  });

  it("acts on the kept answer only, never on one that arrived after the page moved on", async () => {
    const requests = { a: deferred<string>(), b: deferred<string>() };
    const acted: string[] = [];
    function Acting({ id }: { id: "a" | "b" }) {
      const { state } = useLoad(() => requests[id].promise, [id], { onLoad: (data) => acted.push(data) });
      return <p>{state.kind === "loaded" ? state.data : state.kind}</p>;
    }
    const { rerender } = render(<Acting id="a" />);
    rerender(<Acting id="b" />);
    await act(async () => {
      requests.a.answer({ ok: true, data: "Klero" });
      await requests.a.promise;
    });
    await act(async () => {
      requests.b.answer({ ok: true, data: "Jagabaya" });
      await requests.b.promise;
    });
    expect(acted).toEqual(["Jagabaya"]);
  });

  it("shows loading while reading again with blank, and keeps the old data without", async () => {
    const requests = { a: deferred<string>(), b: deferred<string>() };
    function Page({ id, blank }: { id: "a" | "b"; blank: boolean }) {
      const { state } = useLoad(() => requests[id].promise, [id], { blank });
      return <p>{state.kind === "loaded" ? state.data : state.kind}</p>;
    }
    const kept = render(<Page id="a" blank={false} />);
    await act(async () => {
      requests.a.answer({ ok: true, data: "Klero" });
      await requests.a.promise;
    });
    kept.rerender(<Page id="b" blank={false} />);
    expect(screen.getByText("Klero")).toBeTruthy();
    kept.unmount();

    const blanked = render(<Page id="a" blank={true} />);
    await screen.findByText("Klero");
    blanked.rerender(<Page id="b" blank={true} />);
    expect(screen.getByText("loading")).toBeTruthy();
  });

  it("reads again on retry after a failure", async () => {
    let calls = 0;
    const failed: ApiResult<string> = { ok: false, error: { status: 0, code: "network", fields: {} } };
    const read: ApiResult<string> = { ok: true, data: "dibaca" };
    function Page() {
      const { state, retry } = useLoad(() => Promise.resolve(calls++ === 0 ? failed : read), []);
      return <button onClick={retry}>{state.kind === "loaded" ? state.data : state.kind}</button>;
    }
    render(<Page />);
    const button = await screen.findByText("failed");
    await act(async () => {
      button.click();
      await Promise.resolve();
    });
    expect(await screen.findByText("dibaca")).toBeTruthy();
    expect(calls).toBe(2);
  });
});

describe("useSubmit", () => {
  it("sends once when pressed twice while the first request is on its way", async () => {
    const request = deferred<string>();
    let sent = 0;
    function Form() {
      const { pending, run } = useSubmit();
      return (
        <button
          onClick={() => {
            void run(() => {
              sent += 1;
              return request.promise;
            });
          }}
        >
          {pending ? "mengirim" : "kirim"}
        </button>
      );
    }
    render(<Form />);
    const button = screen.getByText("kirim");
    await act(async () => {
      button.click();
      button.click();
      await Promise.resolve();
    });
    expect(sent).toBe(1);
    expect(screen.getByText("mengirim")).toBeTruthy();
    await act(async () => {
      request.answer({ ok: true, data: "ok" });
      await request.promise;
    });
    expect(screen.getByText("kirim")).toBeTruthy();
  });
});
