import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "@/lib/admin/csv";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("Ceramic Mug × 2, Linen Tote × 1")).toBe('"Ceramic Mug × 2, Linen Tote × 1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvLine(["a", 1, "b,c"])).toBe('a,1,"b,c"\r\n');
  });

  it.each(["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])("defuses a formula: %j", (text) => {
    const cell = csvCell(text);
    expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("leaves numbers alone, negative ones included", () => {
    expect(csvCell(-1800)).toBe("-1800");
    expect(csvCell(0)).toBe("0");
  });
});
