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
    ignores: [".next/**", "node_modules/**", "data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];

export default config;
