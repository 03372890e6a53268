export * from './bounds';
export * from './clock';
export * from './run-probe';
export * from './session';
export * from './ssh-session';
