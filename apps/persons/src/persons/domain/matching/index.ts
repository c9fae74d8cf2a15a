export * from './blocking-keys';
export * from './partial-date';
export * from './person';
export * from './score';
