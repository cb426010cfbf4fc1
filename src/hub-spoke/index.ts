export * from './environment';
export * from './hub-role';
export * from './spoke-role';
export * from './spoke-fleet';
