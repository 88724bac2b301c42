// Lighthouse over several pages with one browser: node lighthouse_batch.mjs NODE_MODULES OUT URL...
// writes OUT/<i>.json for the i-th page. Its command line starts a browser for every page.
// A URL written CATEGORY,...|URL is scored in those categories only (each takes seconds).
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [modules, out, ...urls] = process.argv.slice(2);
const load = (name, file) => import(pathToFileURL(path.join(modules, name, file)).href);
const { default: lighthouse } = await load('lighthouse', 'core/index.js');
const chromeLauncher = await load('chrome-launcher', 'dist/index.js');

// a static page on localhost: no throttling, no screenshot
// (this run scores accessibility, best practices and SEO, which do not depend on timing)
const CONFIG = {
  extends: 'lighthouse:default',
  settings: { pauseAfterFcpMs: 0, pauseAfterLoadMs: 0, networkQuietThresholdMs: 0, cpuQuietThresholdMs: 0, disableFullPageScreenshot: true },
};
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  fs.mkdirSync(out, { recursive: true });
  for (const [i, arg] of urls.entries()) {
    const [categories, url] = arg.includes('|') ? arg.split('|') : ['accessibility,best-practices,seo', arg];
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories.split(',') };
    const result = await lighthouse(url, flags, CONFIG);
    fs.writeFileSync(path.join(out, `${i}.json`), result.report);
  }
} finally {
  await chrome.kill();
}
