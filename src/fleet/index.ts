export * from './baseline-fleet';
export * from './targets';
