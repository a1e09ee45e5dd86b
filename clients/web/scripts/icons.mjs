// Renders public/icons/icon.svg into the PNG icons the manifest lists, with the system's Chromium.
// Run after changing the SVG: node scripts/icons.mjs (the PNGs are committed).
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const svg = readFileSync("public/icons/icon.svg", "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
const render = async (size, file, maskable) => {
  await page.setViewportSize({ width: size, height: size });
  // A maskable icon fills its square and keeps the picture inside the safe circle (80 % of the side).
  const inner = maskable ? svg.replace('rx="112"', 'rx="0"') : svg;
  const body = maskable
    ? `<div style="width:${size}px;height:${size}px;background:#22505a;display:grid;place-items:center">
         <div style="width:${size * 0.8}px;height:${size * 0.8}px">${inner.replace("<svg ", '<svg width="100%" height="100%" ')}</div></div>`
    : inner.replace("<svg ", `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
};
await render(192, "public/icons/icon-192.png", false);
await render(512, "public/icons/icon-512.png", false);
await render(512, "public/icons/icon-maskable-512.png", true);
await browser.close();
