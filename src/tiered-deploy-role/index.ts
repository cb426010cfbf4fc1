export * from './tiered-deploy-role';
