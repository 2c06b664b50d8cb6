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
void localeReady.then(() => {
  render(<App />, root);
});

registerServiceWorker();

// Complaints kept on this phone while offline are sent as soon as the app starts again.
// The flag keeps IndexedDB closed on every other start-up.
if (somethingWaits()) startOutbox();
