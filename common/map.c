#include "common/map.h"
#include "common/status.h"

#include <stdlib.h>
#include <string.h>

struct map_slot {
    const char *key;  /* NULL when the slot is free */
    uint32_t len;
    uint32_t hash;    /* the high half of the 64-bit hash: the low half picks the slot */
    int64_t value;
};

enum { MAP_CHUNK = 1 << 16 };

/*
 * FNV-1a, then MurmurHash3's 64-bit finaliser: FNV alone leaves the low bits,
 * which pick the slot, poorly mixed for keys that differ only at the end
 * ("E000123", "E000124"), and linear probing pays for every cluster.
 */
static uint64_t map_hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static struct map_slot *map_find(const struct map *m, const char *key, size_t len, uint64_t hash)
{
    size_t mask = m->cap - 1;
    uint32_t high = (uint32_t)(hash >> 32);

    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        struct map_slot *s = &m->slots[i];

        if (s->key == NULL)
            return s;
        if (s->hash == high && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

/* The slot index of a stored slot's key: its hash's low half is gone, so hash the key again. */
static uint64_t map_rehash(const struct map_slot *s)
{
    return map_hash(s->key, s->len);
}

static int map_grow(struct map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct map_slot *old = m->slots;
    size_t old_cap = m->cap;

    m->slots = calloc(cap, sizeof *m->slots);
    if (m->slots == NULL) {
        m->slots = old;
        return err_set(STATUS_NOMEM, "out of memory growing a map to %zu entries", cap);
    }
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].key != NULL)
            *map_find(m, old[i].key, old[i].len, map_rehash(&old[i])) = old[i];
    }
    free(old);
    return STATUS_OK;
}

/* A copy of the key in the map's storage. */
static const char *map_store(struct map *m, const char *key, size_t len)
{
    char *p;

    if (len > MAP_CHUNK / 4) {
        char **chunks = realloc(m->chunks, (m->nchunks + 1) * sizeof *chunks);

        if (chunks == NULL)
            return NULL;
        m->chunks = chunks;
        p = malloc(len ? len : 1);
        if (p == NULL)
            return NULL;
        /* A big key gets a chunk of its own, kept before the current one. */
        if (m->nchunks > 0) {
            m->chunks[m->nchunks] = m->chunks[m->nchunks - 1];
            m->chunks[m->nchunks - 1] = p;
        } else {
            m->chunks[0] = p;
            m->chunk_used = MAP_CHUNK;
        }
        m->nchunks++;
        memcpy(p, key, len);
        return p;
    }
    if (m->nchunks == 0 || m->chunk_used + len > MAP_CHUNK) {
        char **chunks = realloc(m->chunks, (m->nchunks + 1) * sizeof *chunks);

        if (chunks == NULL)
            return NULL;
        m->chunks = chunks;
        m->chunks[m->nchunks] = malloc(MAP_CHUNK);
        if (m->chunks[m->nchunks] == NULL)
            return NULL;
        m->nchunks++;
        m->chunk_used = 0;
    }
    p = m->chunks[m->nchunks - 1] + m->chunk_used;
    memcpy(p, key, len);
    m->chunk_used += len;
    return p;
}

int map_find_or_add(struct map *m, const char *key, size_t len, int64_t value, int *found, int64_t **stored)
{
    uint64_t hash = map_hash(key, len);
    struct map_slot *s;

    if ((m->len + 1) * 8 > m->cap * 7) {
        /*
         * Grow past seven eighths full. Linear probing with a finalised hash
         * finds a key that is there in about (1 + 1 / (1 - a)) / 2 probes at
         * load a: 4.5 at the worst, 2 to 3 on average over a map's growth;
         * the roster's index of 200,000 people fits in 2^18 slots (6 MiB)
         * where growing at three quarters would take 2^19.
         */
        int st = map_grow(m);

        if (st != STATUS_OK)
            return st;
    }
    s = map_find(m, key, len, hash);
    *found = s->key != NULL;
    if (!*found) {
        const char *copy;

        if (len > UINT32_MAX)
            return err_set(STATUS_LIMIT, "a map key of %zu bytes", len);
        copy = map_store(m, key, len);
        if (copy == NULL)
            return err_set(STATUS_NOMEM, "out of memory storing a map key");
        s->key = copy;
        s->len = (uint32_t)len;
        s->hash = (uint32_t)(hash >> 32);
        s->value = value;
        m->len++;
    }
    if (stored != NULL)
        *stored = &s->value;
    return STATUS_OK;
}

int map_put(struct map *m, const char *key, size_t len, int64_t value)
{
    int64_t *stored;
    int found;
    int st = map_find_or_add(m, key, len, value, &found, &stored);

    if (st == STATUS_OK)
        *stored = value;
    return st;
}

int map_get(const struct map *m, const char *key, size_t len, int64_t *value)
{
    const struct map_slot *s;

    if (m->cap == 0)
        return 0;
    s = map_find(m, key, len, map_hash(key, len));
    if (s->key == NULL)
        return 0;
    if (value)
        *value = s->value;
    return 1;
}

void map_free(struct map *m)
{
    for (size_t i = 0; i < m->nchunks; i++)
        free(m->chunks[i]);
    free(m->chunks);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
