// Draws media/icon.png (128×128): a claim form with a squiggly "problem" underline and a check mark.
// Rendered by the same headless Chromium the integration tests use: `node scripts/make-icon.js`.
const path = require('path');
const { chromium } = require('playwright-core');

const svg = `
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <rect x="4" y="4" width="120" height="120" rx="22" fill="#0f5c63"/>
  <path d="M34 18 h46 l16 16 v74 a4 4 0 0 1 -4 4 h-58 a4 4 0 0 1 -4 -4 v-86 a4 4 0 0 1 4 -4 z" fill="#f4f7f7"/>
  <path d="M80 18 v12 a4 4 0 0 0 4 4 h12 z" fill="#c9d8d9"/>
  <rect x="42" y="42" width="36" height="6" rx="3" fill="#7a9a9d"/>
  <rect x="42" y="56" width="44" height="6" rx="3" fill="#7a9a9d"/>
  <rect x="42" y="70" width="28" height="6" rx="3" fill="#7a9a9d"/>
  <path d="M42 86 q4 -5 8 0 t8 0 t8 0 t8 0" fill="none" stroke="#e0533d" stroke-width="4" stroke-linecap="round"/>
  <circle cx="92" cy="94" r="20" fill="#2fb36d" stroke="#0f5c63" stroke-width="4"/>
  <path d="M82 94 l7 7 l13 -14" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: path.join(__dirname, '../media/icon.png'), omitBackground: true });
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
