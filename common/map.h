/*
 * map.h: a hash map from byte strings to 64-bit values.
 *
 * Keys are copied into the map's own storage. Open addressing with linear
 * probing; it grows as it fills. A zeroed `struct map` is an empty map.
 */
#ifndef FLIPSIDE_COMMON_MAP_H
#define FLIPSIDE_COMMON_MAP_H

#include <stddef.h>
#include <stdint.h>

struct map_slot;

struct map {
    struct map_slot *slots;
    size_t cap;       /* a power of two, or 0 */
    size_t len;
    char **chunks;    /* key storage */
    size_t nchunks;
    size_t chunk_used;
};

/* Insert or replace the value of `len` bytes at `key`. STATUS_NOMEM on failure. */
int map_put(struct map *m, const char *key, size_t len, int64_t value);

/*
 * Find the key, adding it with `value` when it is new, in one search.
 * *found is 1 when it was there already; *stored points at its value (valid
 * until the next change to the map). STATUS_NOMEM on failure.
 */
int map_find_or_add(struct map *m, const char *key, size_t len, int64_t value, int *found, int64_t **stored);

/* Make room for n entries, so that filling the map to n never grows it. STATUS_NOMEM on failure. */
int map_reserve(struct map *m, size_t n);

/* 1 and *value (may be NULL) when the key is present, else 0. */
int map_get(const struct map *m, const char *key, size_t len, int64_t *value);

/* Release everything; the map is empty and usable afterwards. */
void map_free(struct map *m);

#endif
