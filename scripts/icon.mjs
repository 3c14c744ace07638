// Draws images/icon.png (the Marketplace icon, 128×128) from images/icon.svg with headless Chromium.
// `node scripts/icon.mjs` after changing the SVG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, root } from './e2e/rig.mjs';

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
const svg = readFileSync(join(root, 'images', 'icon.svg'), 'utf8');
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: join(root, 'images', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await browser.close();
console.log('images/icon.png written');
