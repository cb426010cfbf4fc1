export * from './delegated-subdomain';
export * from './delegation-role';
export * from './dnssec-signing';
export * from './parent-zone';
