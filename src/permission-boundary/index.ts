export * from './permission-boundary';
