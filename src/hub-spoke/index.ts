export * from './environment';
export * from './hub-role';
export * from './hub-trust-options';
export * from './spoke-role';
export * from './spoke-fleet';
