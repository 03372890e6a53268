// Electron fuses flipped into the packaged binary by build/after-pack.cjs. One object, read by the
// hook and by the security test; the reasons are in docs/security.md ("Fuses").
'use strict';

/** Keys are @electron/fuses' FuseV1Options names. Every fuse is set explicitly (strict mode). */
const fuses = {
  // ON on purpose: the privileged helper is the app binary run as Node (ELECTRON_RUN_AS_NODE=1)
  // under pkexec / the macOS authorization prompt / UAC. See docs/security.md before changing.
  RunAsNode: true,
  EnableCookieEncryption: true,
  // No NODE_OPTIONS and no --inspect: nobody can inject code into the app or the root helper.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // macOS and Windows check the asar against the hash in the signed binary; only the asar is loaded.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served over app://, so file:// needs none of its legacy powers.
  GrantFileProtocolExtraPrivileges: false,
};

module.exports = { fuses };
