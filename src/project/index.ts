export * from './config';
export * from './estate';
export * from './landing-zone-project';
