import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv";

describe("csvField", () => {
  it("leaves plain text alone and writes nothing for missing values", () => {
    expect(csvField("Ada Lovelace")).toBe("Ada Lovelace");
    expect(csvField(42)).toBe("42");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe("");
  });

  it("quotes fields with commas, quotes or line breaks, doubling the quotes", () => {
    expect(csvField("Lovelace, Ada")).toBe('"Lovelace, Ada"');
    expect(csvField('the "Tallinn" manual')).toBe('"the ""Tallinn"" manual"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField('"')).toBe('""""');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+44 20 7946 0000")).toBe("'+44 20 7946 0000");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvField("\t=cmd")).toBe("'\t=cmd");
    expect(csvField("\r=cmd")).toBe('"\'\r=cmd"');
    // Neutralised first, then quoted: the quote must not hide the formula from the check.
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    // Only the first character matters.
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField(" =1")).toBe(" =1");
  });
});

describe("csvRow", () => {
  it("joins fields with commas and ends the record with CRLF", () => {
    expect(csvRow(["id", 7, null, "a,b", "=x"])).toBe('id,7,,"a,b",\'=x\r\n');
    expect(csvRow([])).toBe("\r\n");
  });
});
