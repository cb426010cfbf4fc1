export * from './access-map';
