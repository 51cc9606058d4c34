/** Evidence is stored in chunks of this size (1 MiB), so a large exhibit never sits in memory whole. */
export const CHUNK_SIZE = 1024 * 1024;
