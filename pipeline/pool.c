#include "pipeline/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct job {
    pool_fn fn;
    void *arg;
};

struct pool {
    pthread_t *threads;
    size_t nthreads;
    struct job *queue;      /* a ring of `depth` jobs */
    size_t depth, head, count;
    size_t running;
    int stopping;
    pthread_mutex_t lock;
    pthread_cond_t work;    /* a job was queued, or the pool stops */
    pthread_cond_t room;    /* a job left the queue */
    pthread_cond_t idle;    /* a job finished */
};

static void *pool_worker(void *arg)
{
    struct pool *p = arg;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        struct job j;

        while (p->count == 0 && !p->stopping)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->count == 0 && p->stopping)
            break;
        j = p->queue[p->head];
        p->head = (p->head + 1) % p->depth;
        p->count--;
        p->running++;
        pthread_cond_signal(&p->room);
        pthread_mutex_unlock(&p->lock);
        j.fn(j.arg);
        pthread_mutex_lock(&p->lock);
        p->running--;
        pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

struct pool *pool_new(size_t threads, size_t depth)
{
    struct pool *p = calloc(1, sizeof *p);

    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);

        threads = cpus > 1 ? (size_t)cpus - 1 : 1;
    }
    if (depth == 0)
        depth = threads;
    if (p == NULL)
        return NULL;
    p->threads = calloc(threads, sizeof *p->threads);
    p->queue = calloc(depth, sizeof *p->queue);
    p->depth = depth;
    if (p->threads == NULL || p->queue == NULL) {
        pool_free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->room, NULL);
    pthread_cond_init(&p->idle, NULL);
    for (size_t i = 0; i < threads; i++) {
        if (pthread_create(&p->threads[i], NULL, pool_worker, p) != 0)
            break;
        p->nthreads++;
    }
    if (p->nthreads == 0) {
        pool_free(p);
        return NULL;
    }
    return p;
}

void pool_submit(struct pool *p, pool_fn fn, void *arg)
{
    if (p == NULL) {
        fn(arg);
        return;
    }
    pthread_mutex_lock(&p->lock);
    while (p->count == p->depth)
        pthread_cond_wait(&p->room, &p->lock);
    p->queue[(p->head + p->count) % p->depth] = (struct job){ fn, arg };
    p->count++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void pool_wait(struct pool *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    while (p->count > 0 || p->running > 0)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pool_free(struct pool *p)
{
    if (p == NULL)
        return;
    if (p->nthreads > 0) {
        pthread_mutex_lock(&p->lock);
        p->stopping = 1;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
        for (size_t i = 0; i < p->nthreads; i++)
            pthread_join(p->threads[i], NULL);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->work);
        pthread_cond_destroy(&p->room);
        pthread_cond_destroy(&p->idle);
    }
    free(p->threads);
    free(p->queue);
    free(p);
}

void latch_init(struct latch *l)
{
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->opened, NULL);
    l->open = 0;
}

void latch_open(struct latch *l)
{
    pthread_mutex_lock(&l->lock);
    l->open = 1;
    pthread_cond_broadcast(&l->opened);
    pthread_mutex_unlock(&l->lock);
}

void latch_wait(struct latch *l)
{
    pthread_mutex_lock(&l->lock);
    while (!l->open)
        pthread_cond_wait(&l->opened, &l->lock);
    pthread_mutex_unlock(&l->lock);
}

void latch_destroy(struct latch *l)
{
    pthread_cond_destroy(&l->opened);
    pthread_mutex_destroy(&l->lock);
}
