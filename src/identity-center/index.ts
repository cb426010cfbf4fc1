export * from './boundary';
export * from './permission-set';
