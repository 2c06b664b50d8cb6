import path from "node:path";

/**
 * `local/restricted-paths`: which folders may import which, like
 * eslint-plugin-import's `no-restricted-paths`. A local rule because
 * eslint-plugin-import does not support ESLint 10 and eslint-plugin-import-x
 * needs native resolver bindings that this project's npm registry does not
 * carry for every platform, which breaks `npm ci`.
 *
 * Only relative specifiers are checked: the app has no path aliases, and
 * package imports cannot cross our own folders.
 *
 * Options: { root, zones: [{ target, from: string[], except?: string[], message }] }
 * with paths relative to `root` (an absolute directory).
 */

const inside = (file, dir) => file === dir || file.startsWith(dir + path.sep);

/** @type {import("eslint").Rule.RuleModule} */
export const restrictedPaths = {
  meta: {
    type: "problem",
    docs: { description: "Forbid imports between folders that must stay independent." },
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          zones: {
            type: "array",
            items: {
              type: "object",
              properties: {
                target: { type: "string" },
                from: { type: "array", items: { type: "string" } },
                except: { type: "array", items: { type: "string" } },
                message: { type: "string" },
              },
              required: ["target", "from", "message"],
              additionalProperties: false,
            },
          },
        },
        required: ["root", "zones"],
        additionalProperties: false,
      },
    ],
    messages: { restricted: "'{{specifier}}' is not allowed here: {{message}}" },
  },
  create(context) {
    const { root, zones } = context.options[0];
    const filename = path.resolve(context.filename);
    const abs = (p) => path.resolve(root, p);
    const active = zones
      .filter((zone) => inside(filename, abs(zone.target)))
      .map((zone) => ({
        from: zone.from.map(abs),
        except: (zone.except ?? []).map(abs),
        message: zone.message,
      }));
    if (active.length === 0) return {};

    function check(sourceNode) {
      if (!sourceNode || sourceNode.type !== "Literal" || typeof sourceNode.value !== "string") return;
      const specifier = sourceNode.value;
      if (!specifier.startsWith(".")) return;
      const resolved = path.resolve(path.dirname(filename), specifier);
      for (const zone of active) {
        const hit = zone.from.some((dir) => inside(resolved, dir));
        const excused = zone.except.some((dir) => inside(resolved, dir));
        if (hit && !excused) {
          context.report({ node: sourceNode, messageId: "restricted", data: { specifier, message: zone.message } });
          return;
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export const localPlugin = { rules: { "restricted-paths": restrictedPaths } };
