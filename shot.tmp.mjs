import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1440, height: 900 } });
await p.goto(process.argv[2]);
await p.waitForTimeout(Number(process.argv[4] ?? 3000));
await p.screenshot({ path: process.argv[3], fullPage: false });
const info = await p.evaluate(() => [...document.querySelectorAll('[data-editor="monaco"], textarea')].map((e) => [e.closest('[data-field]')?.getAttribute('data-field'), e.getBoundingClientRect().height, e.querySelector?.('.view-lines')?.children.length]));
console.log(JSON.stringify(info));
await b.close();
