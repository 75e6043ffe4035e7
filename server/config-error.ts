/** A bad flag, environment variable or configuration file: the relay says why and exits 2. */
export class ConfigError extends Error {}
