export * from './provider';
export * from './project';
export * from './principal';
