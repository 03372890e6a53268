export * from './errors';
export * from './hosts';
export * from './keepalive';
export * from './channels';
export * from './system';
export * from './probe';
