export * from './errors';
export * from './hosts';
export * from './keepalive';
export * from './channels';
export * from './server';
export * from './probe';
