import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../../common/contract/channels';
import type { Result } from '../../common/contract/errors';
import { dispatchWire, type Handlers } from '../core/kernel/dispatch';
import { isTrustedSender } from './security';

/**
 * One `ipcMain.handle` per contract channel, all through `dispatchWire` (request and response are
 * validated there). A message from anything but our own top frame is answered with an error and
 * never reaches a handler.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: Handlers): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, request: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'permission', message: `Refused ${channel}: the request did not come from the app's own page.` } };
      }
      return dispatchWire(handlers, channel, request);
    });
  }
}
