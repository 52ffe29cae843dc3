// Audits web editions in headless Chromium: axe-core (WCAG 2.1 A/AA and
// best practice) at 1280 and 390 px, and in dark mode at 1280 px; at both
// widths the page's layout: nothing wider than the screen, chart text at
// least 12 px as rendered, every scroll container that overflows showing a
// cue and reachable by keyboard, contents links landing below the sticky
// bar; at 1280 px every web font loaded. Usage: node web_audit.js
// CHROMIUM index.html...
// Prints one line per finding and a summary per page; exits 1 on any.
'use strict';
const path = require('path');
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');

const WIDTHS = [1280, 390];
// WCAG 2.1 A/AA and best practice; 2.2's target size (footnote calls) too
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const MIN_CHART_TEXT = 12;

// Runs in the page: the layout findings at the current width.
async function layoutFindings(minChartText) {
  const found = [];
  const vw = window.innerWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.className && typeof el.className === 'string') s += '.' + el.className.split(' ')[0];
    const t = (el.closest('[id]') || {}).id;
    return t && t !== el.id ? `${s} in #${t}` : s;
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // a reader can scroll it sideways
  const scroller = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  // what it holds past its edge is cut off or scrolls (checked below)
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  const insideScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (clips(p)) return true;
    return false;
  };

  // nothing wider than the screen
  const sw = document.documentElement.scrollWidth;
  if (sw > vw) found.push(`page is ${sw} px wide in a ${vw} px screen`);
  let past = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || insideScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 0.5 && past++ < 5)
      found.push(`${describe(el)} ends at ${Math.round(r.right)} px, past the ${vw} px screen`);
  }

  // chart text as rendered: the font size in SVG units times the SVG's scale
  for (const svg of document.querySelectorAll('.chart svg')) {
    if (!shown(svg)) continue;
    const box = svg.getBoundingClientRect();
    if (box.right > vw + 0.5 || insideScroller(svg))
      found.push(`chart ${svg.id || describe(svg)} does not fit the screen`);
    const scale = box.width / svg.viewBox.baseVal.width;
    let smallest = Infinity;
    for (const t of svg.querySelectorAll('text'))
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
    if (smallest < minChartText)
      found.push(`chart ${svg.id || describe(svg)} has text of ${smallest.toFixed(1)} px`);
  }

  // a container that scrolls sideways shows it and takes the keyboard
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || !scroller(el) || el.scrollWidth <= el.clientWidth + 1) continue;
    const cs = getComputedStyle(el);
    const name = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.tabIndex !== 0 || !el.getAttribute('role') || !name)
      found.push(`${describe(el)} scrolls but is not focusable with a role and a name`);
    // the cue: shadows drawn by the container's own background, not covered
    // by an opaque background of what it holds
    const covered = [...el.children].some((c) => getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)');
    if (!cs.backgroundImage.includes('gradient') || covered)
      found.push(`${describe(el)} is cut with no visible scroll cue`);
  }

  // contents links: the heading lands below the sticky bar
  const bar = document.querySelector('.bar');
  for (const a of document.querySelectorAll('.contents a[href^="#"]')) {
    const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!target) {
      found.push(`contents link ${a.hash} has no target`);
      continue;
    }
    a.click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const heading = /^H[1-6]$/.test(target.tagName) ? target : target.querySelector('h1,h2,h3,h4,h5,h6');
    const top = (heading || target).getBoundingClientRect().top;
    const barBottom = bar ? bar.getBoundingClientRect().bottom : 0;
    if (top < barBottom - 0.5)
      found.push(`contents link ${a.hash}: heading at ${Math.round(top)} px, under the bar (${Math.round(barBottom)} px)`);
  }
  window.scrollTo(0, 0);
  return found;
}

// runOnly: { type: 'tag' | 'rule', values: [...] }
async function axe(page, runOnly) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (runOnly) => {
    const r = await window.axe.run(document, { runOnly, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.help}; first: ${v.nodes[0].target.join(' ')}`);
  }, runOnly);
}

async function main() {
  const [chromium, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  let failures = 0;
  try {
    const page = await browser.newPage();
    for (const file of files) {
      const url = 'file://' + path.resolve(file);
      const name = path.relative(process.cwd(), file);
      for (const width of WIDTHS) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
        await page.setViewport({ width, height: 900 });
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const findings = (await axe(page, { type: 'tag', values: TAGS })).map((f) => 'axe ' + f);
        findings.push(...(await page.evaluate(layoutFindings, MIN_CHART_TEXT)));
        if (width === WIDTHS[0]) {
          // every web font of the page decodes (Chromium's font sanitizer
          // refuses a malformed WOFF2) and the text is set in them
          findings.push(...(await page.evaluate(async () => {
            const faces = [...document.fonts];
            await Promise.allSettled(faces.map((f) => f.load()));
            const found = faces.filter((f) => f.status !== 'loaded')
              .map((f) => `web font ${f.family} ${f.weight} ${f.style} did not load (${f.status})`);
            if (faces.length === 0) found.push('no web fonts');
            const body = getComputedStyle(document.body).fontFamily.split(',')[0].replace(/"/g, '');
            if (!document.fonts.check(`16px "${body}"`)) found.push(`the text font ${body} is not loaded`);
            return found;
          })));
          // dark mode: the rules on colour, on the other palette
          await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
          const colour = { type: 'rule', values: ['color-contrast', 'link-in-text-block'] };
          findings.push(...(await axe(page, colour)).map((f) => 'axe dark ' + f));
        }
        for (const f of findings) console.log(`${name} @${width}px: ${f}`);
        console.log(`${name} @${width}px: ${findings.length} findings`);
        failures += findings.length;
      }
    }
  } finally {
    await browser.close();
  }
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
