import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * The page (or the parts `include` names) has no axe violation; with `schemes`, checked in each
 * colour scheme and left in light. A violation is listed as `where (scheme): rule: nodes`.
 */
export async function expectAxeClean(page: Page, where: string, opts: { include?: string[]; schemes?: readonly ('light' | 'dark')[] } = {}): Promise<void> {
  for (const scheme of opts.schemes ?? [null]) {
    if (scheme) await page.emulateMedia({ colorScheme: scheme });
    let builder = new AxeBuilder({ page });
    for (const selector of opts.include ?? []) builder = builder.include(selector);
    const result = await builder.analyze();
    const label = scheme ? `${where} (${scheme})` : where;
    expect(result.violations.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  if (opts.schemes) await page.emulateMedia({ colorScheme: 'light' });
}
