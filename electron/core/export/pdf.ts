import { chromium } from 'playwright-core';
import { NitkaError } from '../../../shared/result';

/** Where Chromium is: NITKA_CHROMIUM, else the Debian package's binary. */
export function chromiumPath(): string {
  return process.env.NITKA_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Prints the self-contained report HTML to PDF with headless Chromium, offline: every request
 * the page might make is refused (the report needs none), so the PDF shows exactly the HTML.
 */
export async function htmlToPdf(html: string, footer: string): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  } catch (e) {
    throw new NitkaError('io', `cannot start Chromium at ${executablePath} to print the PDF (set NITKA_CHROMIUM to its path): ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const esc = footer.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '18mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:7pt;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${esc}</span><span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
