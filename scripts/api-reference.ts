import fs from "node:fs";
import path from "node:path";
import { renderApiReference } from "@/lib/api/reference";

/** Writes docs/api.md from the endpoint declarations (`npm run docs:api`). */
const target = path.resolve(import.meta.dirname, "../docs/api.md");
fs.writeFileSync(target, renderApiReference());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
