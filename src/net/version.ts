/** The protocol and program version every process reports; bumped with incompatible RPC changes. */
export const VERSION = '0.1.0';
