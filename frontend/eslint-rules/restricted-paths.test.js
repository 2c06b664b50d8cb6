// @vitest-environment node
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import { restrictedPaths } from "./restricted-paths.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = "/repo/frontend";
const options = [
  {
    root,
    zones: [
      { target: "src/features/auth", from: ["src/features"], except: ["src/features/auth"], message: "features" },
      { target: "src/api", from: ["src/features", "src/app"], message: "layers" },
    ],
  },
];
const at = (file) => `${root}/${file}`;

new RuleTester().run("restricted-paths", restrictedPaths, {
  valid: [
    { code: 'import { login } from "../api";', filename: at("src/features/auth/views/LoginPage.ts"), options },
    { code: 'import { Button } from "../../../components/Button";', filename: at("src/features/auth/views/X.ts"), options },
    { code: 'import { h } from "preact";', filename: at("src/features/auth/api.ts"), options },
    { code: 'import { login } from "../features/auth/api";', filename: at("src/app/App.ts"), options },
  ],
  invalid: [
    {
      code: 'import { list } from "../complaints/api";',
      filename: at("src/features/auth/api.ts"),
      options,
      errors: [{ messageId: "restricted" }],
    },
    {
      code: 'const page = import("../../complaints/views/List");',
      filename: at("src/features/auth/views/MePage.ts"),
      options,
      errors: [{ messageId: "restricted" }],
    },
    {
      code: 'export { x } from "../features/auth/api";',
      filename: at("src/api/client.ts"),
      options,
      errors: [{ messageId: "restricted" }],
    },
    {
      code: 'import { App } from "../app/App";',
      filename: at("src/api/client.ts"),
      options,
      errors: [{ messageId: "restricted" }],
    },
  ],
});
