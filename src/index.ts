export * from './github-oidc';
