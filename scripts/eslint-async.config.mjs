import path from "node:path";
// The async data layer's check (docs/architecture.md, "Data layer"): no promise left unawaited or used
// as a truthy value. Type-aware, so slower than the project lint; run it on the files a conversion touches:
//   npx eslint --no-config-lookup -c scripts/eslint-async.config.mjs FILE…
import tseslint from "typescript-eslint";
const config = [
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: path.dirname(import.meta.dirname) },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
];

export default config;
