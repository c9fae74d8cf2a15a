import { type en } from './locales/en';

/** A language's strings: every key of English, each a string. */
export type Translation = { [S in keyof typeof en]: { [K in keyof (typeof en)[S]]: string } };
