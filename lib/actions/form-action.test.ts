import { redirect } from "next/navigation";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { publicAction } from "./form-action";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const schema = z.object({ title: z.string().min(1, "Title is required") });

describe("the server-action wrapper", () => {
  it("answers the form's first problem without running the work", async () => {
    let ran = false;
    const state = await publicAction({ schema, formData: form({ title: "" }) }, async () => {
      ran = true;
    });
    expect(state).toEqual({ error: "Title is required" });
    expect(ran).toBe(false);
  });

  it("hands the work the parsed form and answers what it returns", async () => {
    expect(await publicAction({ schema, formData: form({ title: "Hello" }) }, async ({ input }) => ({ success: input.title }))).toEqual({
      success: "Hello",
    });
  });

  it("turns an AppError into the form's error", async () => {
    expect(
      await publicAction(null, async () => {
        throw new AppError("forbidden", "Your role (viewer) does not allow this");
      }),
    ).toEqual({ error: "Your role (viewer) does not allow this" });
  });

  it("lets a redirect through quietly, and logs and rethrows an unexpected error", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      await expect(publicAction(null, async () => redirect("/elsewhere"))).rejects.toMatchObject({
        digest: expect.stringContaining("NEXT_REDIRECT"),
      });
      expect(logged).not.toHaveBeenCalled();
      await expect(
        publicAction(null, async () => {
          throw new TypeError("bug");
        }),
      ).rejects.toThrow("bug");
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(TypeError) }), "Server action failed");
    } finally {
      logged.mockRestore();
    }
  });
});
