export * from './config';
export * from './estate';
