/**
 * The PDF export's Chromium launch, as launched: one `--disable-features` flag carrying
 * Playwright's own features (read from a Chromium Playwright launched with its defaults, so a
 * Playwright upgrade that adds one fails here) and ours, and so no omnibox WebUI renderer.
 * Reads the processes' command lines from /proc (Linux).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PRINTING_DISABLED_FEATURES, pdfChromiumLaunch } from './chromium-args';
import { findChromium } from './find-chromium';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly args: readonly string[];
}

function processes(): Proc[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        // Chromium's child processes rewrite their title: one string, switches split by spaces.
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/);
        return [{ pid: Number(name), ppid, args }];
      } catch {
        return []; // gone since listed
      }
    });
}

/** The processes under `root`, itself included. */
function tree(all: readonly Proc[], root: Proc): Proc[] {
  const children = all.filter((proc) => proc.ppid === root.pid);
  return [root, ...children.flatMap((child) => tree(all, child))];
}

/**
 * Launches Chromium with `options` and a marker switch, prints a page, and returns the browser's
 * process tree as it stands then.
 */
async function launched(options: LaunchOptions, marker: string): Promise<Proc[]> {
  const browser = await chromium.launch({
    ...options,
    executablePath: findChromium() ?? undefined,
    args: [...(options.args ?? []), `--${marker}`],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<p>Postmortem</p>');
    await page.pdf();
    const all = processes();
    const root = all.find(
      (proc) =>
        proc.args.includes(`--${marker}`) && !proc.args.some((a) => a.startsWith('--type=')),
    );
    expect(root).toBeDefined();
    return tree(all, root!);
  } finally {
    await browser.close();
  }
}

const disabledFeatures = (args: readonly string[]) =>
  args
    .filter((arg) => arg.startsWith('--disable-features='))
    .map((arg) => arg.slice(19).split(','));

describe.skipIf(!existsSync('/proc/self/cmdline') || !findChromium())(
  'the PDF export’s Chromium, launched',
  () => {
    it('gets one --disable-features with Playwright’s features and ours, and starts no omnibox WebUI renderer', async () => {
      const launch = pdfChromiumLaunch(process.env);
      const noSandbox = {
        chromiumSandbox: launch.chromiumSandbox,
        args: launch.args.filter((a) => a === '--no-sandbox'),
      };
      const [defaults] = await launched(noSandbox, 'ir-test-playwright-defaults');
      const playwrights = disabledFeatures(defaults!.args);
      expect(playwrights).toHaveLength(1);

      const ours = await launched(
        {
          args: [...launch.args],
          chromiumSandbox: launch.chromiumSandbox,
          ignoreDefaultArgs: [...launch.ignoreDefaultArgs],
        },
        'ir-test-pdf-export',
      );
      const flags = disabledFeatures(ours[0]!.args);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toEqual(
        expect.arrayContaining([...playwrights[0]!, ...PRINTING_DISABLED_FEATURES]),
      );
      expect(ours.filter((proc) => proc.args.includes('--top-chrome-webui'))).toEqual([]);
      expect(ours.filter((proc) => proc.args.includes('--type=renderer')).length).toBeGreaterThan(
        0,
      );
    });
  },
);
