// electron-builder afterPack hook: flips the Electron fuses (build/fuses.cjs) in the packed binary
// before signing, so what ships is what docs/security.md describes.
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { fuses } = require('./fuses.cjs');

/** The Electron executable electron-builder just packed, per platform. */
function electronBinary(context) {
  const { appOutDir, packager, electronPlatformName } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

function fuseConfig(isMac) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: true, resetAdHocDarwinSignature: isMac };
  for (const [key, value] of Object.entries(fuses)) {
    if (!(key in FuseV1Options)) throw new Error(`build/fuses.cjs: unknown fuse ${key}`);
    config[FuseV1Options[key]] = value;
  }
  return config;
}

exports.default = async function afterPack(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(electronBinary(context), fuseConfig(isMac));
};
exports.fuseConfig = fuseConfig;
exports.electronBinary = electronBinary;
