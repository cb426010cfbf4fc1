export * from './issuer';
export * from './provider';
export * from './subject';
export * from './principal';
export * from './role';
export * from './perimeter';
