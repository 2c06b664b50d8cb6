import { render } from "preact";
import { App } from "./App";
import { registerServiceWorker } from "./pwa";
import "./styles.css";

const root = document.getElementById("app");
if (!root) throw new Error("index.html must contain <div id=\"app\">");
render(<App />, root);

registerServiceWorker();

// Complaints kept on this phone while offline are sent as soon as the app starts again.
// The flag keeps the outbox code (and IndexedDB) out of every other start-up.
try {
  if (localStorage.getItem("pd.outbox.pending")) {
    void import("../features/complaints/outbox").then((module) => {
      module.startOutbox();
    });
  }
} catch {
  // Storage blocked: nothing can be waiting either.
}
