#include "common/map.h"
#include "common/status.h"

#include <stdlib.h>
#include <string.h>

struct map_slot {
    const char *key;  /* NULL when the slot is free */
    uint32_t len;
    uint32_t hash;    /* the high half of the 64-bit hash: its top bits pick the slot */
    int64_t value;
};

enum { MAP_CHUNK = 1 << 16 };

/* MurmurHash3's 64-bit finaliser: every bit of the input moves every bit of the output. */
static uint64_t map_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/*
 * Eight bytes at a time: each word is folded in with a multiply and a
 * shift, then the finaliser spreads the result, so that keys which differ
 * only at the end ("E000123", "E000124") land far apart. The keys of an
 * ingest (programme, cohort, wave, person, item: some 30 bytes) hash in a
 * few cycles where a byte at a time took a hundred.
 */
static uint64_t map_hash(const char *key, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    if (i < len) {
        uint64_t w = 0;

        memcpy(&w, key + i, len - i);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return map_mix(h);
}

/*
 * The slot of a key: the top bits of the high half of its hash, which the
 * slot keeps, so that growing moves slots without hashing keys again.
 */
static size_t map_home(const struct map *m, uint32_t high)
{
    /* cap is a power of two from 64 to 2^32: its log2 is its count of trailing zeros */
    unsigned bits = (unsigned)__builtin_ctzll((unsigned long long)m->cap);

    return bits >= 32 ? (size_t)high : (size_t)(high >> (32 - bits));
}

static struct map_slot *map_find(const struct map *m, const char *key, size_t len, uint32_t high)
{
    size_t mask = m->cap - 1;

    for (size_t i = map_home(m, high);; i = (i + 1) & mask) {
        struct map_slot *s = &m->slots[i];

        if (s->key == NULL)
            return s;
        if (s->hash == high && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

/* A free slot for a key known to be absent. */
static struct map_slot *map_free_slot(const struct map *m, uint32_t high)
{
    size_t mask = m->cap - 1;
    size_t i = map_home(m, high);

    while (m->slots[i].key != NULL)
        i = (i + 1) & mask;
    return &m->slots[i];
}

/* Room for `cap` slots (a power of two, at most 2^32), moving what is there. */
static int map_resize(struct map *m, size_t cap)
{
    struct map_slot *old = m->slots;
    size_t old_cap = m->cap;

    if (cap > ((size_t)1 << 32))
        return err_set(STATUS_LIMIT, "a map of more than 2^32 slots");
    m->slots = calloc(cap, sizeof *m->slots);
    if (m->slots == NULL) {
        m->slots = old;
        return err_set(STATUS_NOMEM, "out of memory growing a map to %zu entries", cap);
    }
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].key != NULL)
            *map_free_slot(m, old[i].hash) = old[i];
    }
    free(old);
    return STATUS_OK;
}

/* The slots for n entries at most seven eighths full. */
static size_t map_cap_for(size_t n)
{
    size_t cap = 64;

    while ((n + 1) * 8 > cap * 7)
        cap *= 2;
    return cap;
}

int map_reserve(struct map *m, size_t n)
{
    size_t cap = map_cap_for(n);

    return cap > m->cap ? map_resize(m, cap) : STATUS_OK;
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
    uint32_t high = (uint32_t)(map_hash(key, len) >> 32);
    struct map_slot *s;

    if ((m->len + 1) * 8 > m->cap * 7) {
        /*
         * Grow past seven eighths full. Linear probing with a finalised hash
         * finds a key that is there in about (1 + 1 / (1 - a)) / 2 probes at
         * load a: 4.5 at the worst, 2 to 3 on average over a map's growth;
         * the roster's index of 200,000 people fits in 2^18 slots (6 MiB)
         * where growing at three quarters would take 2^19.
         */
        int st = map_resize(m, m->cap ? m->cap * 2 : 64);

        if (st != STATUS_OK)
            return st;
    }
    s = map_find(m, key, len, high);
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
        s->hash = high;
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
    s = map_find(m, key, len, (uint32_t)(map_hash(key, len) >> 32));
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
