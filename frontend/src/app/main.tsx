import { render } from "preact";
import { startOutbox } from "../features/complaints/outbox";
import { somethingWaits } from "../features/complaints/pending";
import { localeReady } from "../i18n/index";
import { App } from "./App";
import { registerServiceWorker } from "./pwa";
import "./styles.css";

const root = document.getElementById("app");
if (!root) throw new Error("index.html must contain <div id=\"app\">");
// Indonesian is ready at once; a remembered English is fetched first, so no flash.
// The first render runs in a task of its own: in the module's task it would also pay for the
// layout Chrome does at DOMContentLoaded, one long task where a slow phone can take three
// short ones (evaluate; render; lay out and paint).
void localeReady.then(() => {
  setTimeout(() => render(<App />, root), 0);
});

registerServiceWorker();

// Complaints kept on this phone while offline are sent as soon as the app starts again.
// The flag keeps IndexedDB closed on every other start-up.
if (somethingWaits()) startOutbox();
