// Ace by DAISY over several books in one Node process and one browser:
//   node ace_batch.js NODE_MODULES OUT BOOK...   (report of the i-th book: OUT/i/report.json)
// Its command line checks one book a run, starting Node, its modules and a browser each time.
const path = require('path');
const [modules, out, ...books] = process.argv.slice(2);
const ace = require(path.join(modules, '@daisy/ace-core'));
const puppeteer = require(path.join(modules, '@daisy/ace-axe-runner-puppeteer'));
let launched;
// the browser launched for the first book and kept for the rest
const runner = {...puppeteer, launch: () => (launched ??= puppeteer.launch()), close: async () => {}};
(async () => {
  for (const [i, book] of books.entries()) {
    await ace(book, {cwd: process.cwd(), outdir: path.join(out, String(i)), silent: true, initLogger: true}, runner);
  }
  if (launched) await puppeteer.close();
})().catch((e) => { console.error(e); process.exit(1); });
