export * from './databases';
export * from './infrastructure';
export * from './keycloak';
export * from './service-env';
export * from './events';
export * from './key-access';
export * from './search';
