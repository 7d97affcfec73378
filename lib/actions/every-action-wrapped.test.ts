import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every server action runs inside the one wrapper (form-action.ts): its body's first statement
 * hands the work to sessionAction or publicAction, so the session, the form's validation and the
 * error handling cannot be forgotten or written again by hand. Sign-out alone has nothing to
 * validate or refuse.
 */
const UNWRAPPED = new Set(["signOutAction"]);

function actionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    return entry.name === "actions.ts" ? [full] : [];
  });
}

/** Each exported action's name and the first statement of its body. */
function actions(source: string): { name: string; firstStatement: string }[] {
  const found: { name: string; firstStatement: string }[] = [];
  const pattern = /export async function (\w+)\([^)]*\)[^{]*\{\s*([^\n]*)/g;
  for (const match of source.matchAll(pattern)) found.push({ name: match[1], firstStatement: match[2] });
  return found;
}

describe("server actions", () => {
  const files = actionFiles(path.resolve("app"));

  it("are found in app/**/actions.ts", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it("each run inside sessionAction or publicAction", () => {
    const unwrapped = files.flatMap((file) =>
      actions(fs.readFileSync(file, "utf8"))
        .filter(
          ({ name, firstStatement }) => !UNWRAPPED.has(name) && !/^(return|await) (sessionAction|publicAction)\(/.test(firstStatement),
        )
        .map(({ name }) => `${path.relative(process.cwd(), file)}: ${name}`),
    );
    expect(unwrapped).toEqual([]);
  });
});
