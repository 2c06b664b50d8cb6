// The resident's download budget (issue #6), measured on the built dist/:
//   JS for landing → submit → success ≤ 35 KB gzipped;
//   first load of a desa's landing page (HTML, CSS, JS, manifest, icon) ≤ 100 KB compressed.
// Chunks are followed through Vite's manifest (dist/.vite/manifest.json), static imports
// and the route's own dynamic import, exactly as the browser would fetch them.
// Prints one line per figure; exits 1 when a budget is exceeded. `--json` prints JSON instead.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const DIST = path.resolve(import.meta.dirname, "..", "dist");
const BUDGET = { residentJs: 35 * 1024, firstLoad: 100 * 1024 };
const RESIDENT_PAGES = [
  "src/features/complaints/views/DesaLandingPage.tsx",
  "src/features/complaints/views/SubmitPage.tsx",
  "src/features/complaints/views/SubmissionPage.tsx",
];

const manifest = JSON.parse(readFileSync(path.join(DIST, ".vite", "manifest.json"), "utf8"));
const gz = (file) => gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;

/** Every file one manifest entry loads: itself, its static imports (transitively), its CSS. */
function closure(key, files = new Set()) {
  const entry = manifest[key];
  if (!entry || files.has(entry.file)) return files;
  files.add(entry.file);
  for (const css of entry.css ?? []) files.add(css);
  for (const imported of entry.imports ?? []) closure(imported, files);
  return files;
}

const sum = (files) => [...files].reduce((total, file) => total + gz(file), 0);
const js = (files) => new Set([...files].filter((f) => f.endsWith(".js")));

const shell = closure("index.html");
const resident = new Set(shell);
// A page that is not a chunk of its own ships with the app (in the shell's files).
for (const page of RESIDENT_PAGES) {
  if (!existsSync(path.resolve(import.meta.dirname, "..", page))) throw new Error(`${page} does not exist: was it renamed?`);
  closure(page, resident);
}
const landing = closure(RESIDENT_PAGES[0], new Set(shell));
const firstLoadFiles = new Set([...landing, "index.html", "manifest.webmanifest", "icons/favicon-32.png"]);
const staffFiles = Object.values(manifest).map((e) => e.file).filter((f) => path.basename(f).startsWith("staff-"));

const figures = {
  resident_flow_js_gz: sum(js(resident)),
  landing_first_load_gz: sum(firstLoadFiles),
  shell_js_gz: sum(js(shell)),
  staff_js_gz: staffFiles.reduce((t, f) => t + gz(f), 0),
  resident_flow_downloads_staff_code: [...resident].some((f) => path.basename(f).startsWith("staff-")),
};
const over = [];
if (figures.resident_flow_js_gz > BUDGET.residentJs) over.push("resident_flow_js_gz");
if (figures.landing_first_load_gz > BUDGET.firstLoad) over.push("landing_first_load_gz");
if (figures.resident_flow_downloads_staff_code) over.push("resident_flow_downloads_staff_code");

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ ...figures, budget: BUDGET, over }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`resident flow JS (landing → submit → success), gzip  ${kb(figures.resident_flow_js_gz)}  (budget ${kb(BUDGET.residentJs)})`);
  console.log(`landing first load, compressed                        ${kb(figures.landing_first_load_gz)}  (budget ${kb(BUDGET.firstLoad)})`);
  console.log(`  of which app shell JS                               ${kb(figures.shell_js_gz)}`);
  console.log(`staff JS (never loaded by residents)                  ${kb(figures.staff_js_gz)}`);
  if (over.length) console.log(`OVER BUDGET: ${over.join(", ")}`);
}
process.exitCode = over.length ? 1 : 0;
