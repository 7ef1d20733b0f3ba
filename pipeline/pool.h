/*
 * pool.h: a few worker threads for independent pieces of computation (the
 * Cox fits of a run), so that both processors work.
 *
 * A job is a function and its argument; the submitter owns the argument and
 * reads the job's results from it after pool_wait(). At most `depth` jobs are
 * queued at once: pool_submit() waits for room, which bounds the memory the
 * queued jobs hold. Workers must not touch shared state but their argument.
 */
#ifndef FLIPSIDE_PIPELINE_POOL_H
#define FLIPSIDE_PIPELINE_POOL_H

#include <pthread.h>
#include <stddef.h>

struct pool;

typedef void (*pool_fn)(void *arg);

/*
 * Start `threads` workers (0: as many as there are processors, less one for
 * the caller, at least one) with room for `depth` queued jobs. NULL when out
 * of memory or threads cannot be made; then run jobs with pool_submit on a
 * NULL pool, which runs them at once in the caller.
 */
struct pool *pool_new(size_t threads, size_t depth);

/* Queue a job (or run it now when `p` is NULL). */
void pool_submit(struct pool *p, pool_fn fn, void *arg);

/* Wait until every job submitted so far has finished. */
void pool_wait(struct pool *p);

/* Stop the workers and release the pool; NULL is fine. */
void pool_free(struct pool *p);

/* A signal that one thread opens once and others wait for (the answers are read, say). */
struct latch {
    pthread_mutex_t lock;
    pthread_cond_t opened;
    int open;
};

void latch_init(struct latch *l);
void latch_open(struct latch *l);
/* Return once the latch is open (at once when it is already). */
void latch_wait(struct latch *l);
void latch_destroy(struct latch *l);

#endif
