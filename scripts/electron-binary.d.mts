export function findElectronBinary(root: string): { path: string; reason?: undefined } | { path?: undefined; reason: string };
export function findPackagedApp(root: string, platform?: NodeJS.Platform, arch?: string): string | null;
