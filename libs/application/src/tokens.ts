/** Injection tokens for what the apps share. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DE_AN_DECIDER = Symbol('DE_AN_DECIDER');
export const SQL_CLIENT = Symbol('SQL_CLIENT');
export const STORAGE = Symbol('STORAGE');
export const DEADLINE_RULES = Symbol('DEADLINE_RULES');
export const COMMAND_HANDLER = Symbol('COMMAND_HANDLER');
