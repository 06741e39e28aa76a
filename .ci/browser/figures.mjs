// The pages as a reader sees them, in Debian's Chromium driven by Playwright: axe-core
// (WCAG 2.1 A and AA, and best practice) must find nothing; every figure is photographed at
// desktop width and at A4 print width; and what a reader would lose is asserted from the DOM:
// a figure that does not load, a figure or a table wider than the page (cut in print), a
// caption missing. Usage: node figures.mjs OUT_DIR NAME=PAGE.html ...
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [out, ...pages] = process.argv.slice(2);
mkdirSync(out, { recursive: true });

// Desktop, and A4 portrait at 96 dpi less 2 cm margins (the stylesheet's print width).
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900, media: "screen" },
  { name: "a4", width: 718, height: 1047, media: "print" },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"],
});
const failures = [];
for (const spec of pages) {
  const [name, path] = spec.split("=");
  for (const view of WIDTHS) {
    const page = await browser.newPage({ viewport: { width: view.width, height: view.height } });
    await page.emulateMedia({ media: view.media });
    await page.goto(`file://${path}`);
    await page.waitForLoadState("load");
    const found = await page.evaluate(() => {
      const problems = [];
      const width = document.documentElement.clientWidth;
      const figures = [...document.querySelectorAll("figure")];
      for (const figure of figures) {
        const img = figure.querySelector("img");
        const id = figure.id || "(a figure)";
        if (img && !(img.complete && img.naturalWidth > 0)) problems.push(`${id}: the image does not load`);
        if (!figure.querySelector("figcaption")) problems.push(`${id}: no caption`);
        if (img && img.getBoundingClientRect().right > width + 1) problems.push(`${id}: wider than the page`);
        if (img && !img.getAttribute("alt")) problems.push(`${id}: no alt text`);
      }
      for (const table of document.querySelectorAll("table")) {
        const box = table.getBoundingClientRect();
        const scroller = table.closest("div.table");
        const cut = box.right > width + 1 || (scroller && scroller.scrollWidth > scroller.clientWidth + 1);
        if (cut) problems.push(`table ${table.id || table.closest("[id]")?.id}: wider than the page (${Math.round(box.width)} px of ${width})`);
      }
      return { problems, figures: figures.map((f) => f.id).filter(Boolean) };
    });
    for (const problem of found.problems) failures.push(`${name} (${view.name}): ${problem}`);
    for (const id of found.figures) {
      const figure = page.locator(`[id="${id}"]`);
      await figure.screenshot({ path: `${out}/${name}-${view.name}-${id}.png` });
    }
    if (view.media === "screen") {
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
      );
      for (const v of result.violations) {
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
        failures.push(`${name}: axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ${where}`);
      }
      console.log(`browser-check: ${name}: axe ran ${result.passes.length + result.violations.length} rules, ${result.violations.length} violated`);
    }
    console.log(`browser-check: ${name} (${view.name}, ${view.width} px): ${found.figures.length} figures photographed`);
    await page.close();
  }
}
await browser.close();
if (failures.length) {
  console.error(failures.map((f) => `browser-check: ${f}`).join("\n"));
  process.exit(1);
}
