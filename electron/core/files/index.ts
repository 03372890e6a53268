export * from './read';
export * from './write';
export * from './journal';
export * from './watch';
