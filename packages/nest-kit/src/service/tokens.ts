/** Injection tokens of the service kit. */
export const KIT_OPTIONS = Symbol('KIT_OPTIONS');
export const KIT_LOGGER = Symbol('KIT_LOGGER');
