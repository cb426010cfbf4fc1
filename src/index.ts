export * from './github-oidc';
export * from './permission-boundary';
export * from './tiered-deploy-role';
export * from './hub-spoke';
export * from './access-map';
export * from './landing-zone-checks';
export * from './backup-vault';
export * from './delegated-subdomain';
