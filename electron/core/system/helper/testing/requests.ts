import { systemLayout } from '../../../openssh/system-layout';
import type { SystemTarget } from '../../../openssh/system-keywords';
import { planSystemChange, type KeywordChange, type SystemPlan } from '../../../openssh/system-plan';
import { encodeChange } from '../request';
import { fixtureIo } from './fixture-io';

/** What the app does before asking the helper: plan (preview) and send the hashes it saw. */
export async function previewAndRequest(
  dir: string,
  target: SystemTarget,
  changes: KeywordChange[],
  reload = false,
): Promise<{ plan: SystemPlan; request: string }> {
  const plan = await planSystemChange(target, systemLayout(target), fixtureIo(dir), changes);
  const request = JSON.stringify({ version: 1, op: 'apply', target, changes: changes.map(encodeChange), seen: plan.inputs, reload });
  return { plan, request };
}
