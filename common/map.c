#include "common/map.h"
#include "common/status.h"

#include <stdlib.h>
#include <string.h>

struct map_slot {
    const char *key;  /* NULL when the slot is free */
    size_t len;
    uint64_t hash;
    int64_t value;
};

enum { MAP_CHUNK = 1 << 16 };

/* FNV-1a: simple and good enough for short identifiers. */
static uint64_t map_hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static struct map_slot *map_find(const struct map *m, const char *key, size_t len, uint64_t hash)
{
    size_t mask = m->cap - 1;

    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        struct map_slot *s = &m->slots[i];

        if (s->key == NULL)
            return s;
        if (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
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
            *map_find(m, old[i].key, old[i].len, old[i].hash) = old[i];
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

int map_put(struct map *m, const char *key, size_t len, int64_t value)
{
    uint64_t hash = map_hash(key, len);
    struct map_slot *s;

    /* Grow past four fifths full: linear probing stays short there, and a big map stays half the size. */
    if ((m->len + 1) * 5 > m->cap * 4) {
        int st = map_grow(m);

        if (st != STATUS_OK)
            return st;
    }
    s = map_find(m, key, len, hash);
    if (s->key == NULL) {
        const char *copy = map_store(m, key, len);

        if (copy == NULL)
            return err_set(STATUS_NOMEM, "out of memory storing a map key");
        s->key = copy;
        s->len = len;
        s->hash = hash;
        m->len++;
    }
    s->value = value;
    return STATUS_OK;
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
