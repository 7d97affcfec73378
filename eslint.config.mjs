import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * SQL is parameterized (docs/guarantees.md, "Nothing hostile runs or takes the server down"). Values reach SQL only as bound parameters:
 * drizzle's query builder and its `sql` tag (which binds every `${value}`), or a better-sqlite3
 * statement written as one fixed string and given its values in `.run/.get/.all(params)`.
 * Building SQL text from strings is refused everywhere except in tests (which read whole tables
 * by name to prove nothing changed). tests/integration/injection.test.ts proves these selectors bite.
 */
const STATEMENT_METHODS = "/^(prepare|exec|pragma)$/";
export const sqlRules = {
  "no-restricted-syntax": [
    "error",
    {
      selector: "CallExpression[callee.object.name='sql'][callee.property.name=/^(raw|identifier)$/]",
      message: "sql.raw/sql.identifier put unescaped text into SQL; bind values with the sql`` tag or drizzle's builders instead.",
    },
    {
      selector: `CallExpression[callee.property.name=${STATEMENT_METHODS}] > TemplateLiteral[expressions.length>0]`,
      message: "SQL built with a template literal; write one fixed statement and pass values as bound parameters.",
    },
    {
      // (`exec` is left to the two rules around this one: RegExp#exec takes variables all the time.)
      selector:
        "CallExpression[callee.property.name=/^(prepare|pragma)$/][arguments.0.type=/^(BinaryExpression|Identifier|MemberExpression|CallExpression|ConditionalExpression)$/]",
      message: "SQL text must be a literal string at the call, so nothing can be concatenated into it; pass values as bound parameters.",
    },
    {
      selector: `CallExpression[callee.property.name=${STATEMENT_METHODS}] > BinaryExpression[operator='+']`,
      message: "SQL built by concatenation; write one fixed statement and pass values as bound parameters.",
    },
  ],
};

/**
 * The strand page's first paint must not load the editor (issue 17: the editor is ~200 KiB of the
 * page's script; components/editor/page-editor.tsx loads it with import() after the first paint).
 * Components, and the lib modules that page shell uses, may import these packages' types only.
 * The live modules below are the editor's own chunks, loaded on demand.
 */
const EDITOR_PACKAGES = ["@tiptap/*", "prosemirror-*", "yjs", "y-*", "@hocuspocus/*"];
const LIVE_EDITOR_MODULES = [
  "components/editor/live-editor.tsx",
  "components/editor/collab.ts",
  "components/editor/toolbar.tsx",
  "components/editor/wiki-link-picker.tsx",
  "components/comments/live-comment-ops.ts",
];
export const firstPaintRules = {
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: EDITOR_PACKAGES,
          allowTypeImports: true,
          message:
            "The page shell must not load the editor (issue 17): import its types only (`import type`), and put code that needs the editor in a live module loaded with import() (components/editor/live-editor.tsx).",
        },
        {
          // "./collab", "../editor/collab", "@/components/editor/collab"…: the file, not lib/collab/.
          regex: `(^\\.|/(editor|comments))/(${LIVE_EDITOR_MODULES.map((file) =>
            file
              .split("/")
              .at(-1)
              .replace(/\.tsx?$/, ""),
          ).join("|")})$`,
          allowTypeImports: true,
          message:
            "A live editor module is loaded with import() after the first paint (see components/editor/page-editor.tsx); import its types only.",
        },
      ],
    },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Leading underscore marks parameters a signature requires but the body does not use.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    ignores: ["tests/**"],
    rules: sqlRules,
  },
  {
    files: [
      "components/**/*.{ts,tsx}",
      "lib/citations/**/*.ts",
      "lib/comments/format.tsx",
      "lib/editor/block-id-format.ts",
      "lib/editor/safe-href.ts",
      "lib/history/restore-notice.ts",
      "lib/sources/kind-fields.ts",
    ],
    ignores: [...LIVE_EDITOR_MODULES, "**/*.test.{ts,tsx}"],
    rules: firstPaintRules,
  },
  {
    ignores: [".next/**", "node_modules/**", "data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];

export default config;
