export * from './vault-lock';
export * from './copy-destination';
export * from './backup-vault';
export * from './central-backup-vault';
export * from './air-gapped-vault';
export * from './restore-testing';
export * from './audit-framework';
