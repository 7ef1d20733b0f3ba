#include "pipeline/publish.h"
#include "pipeline/pool.h"
#include "pipeline/sha256.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Make a folder (0750) unless it exists. */
static int make_dir(const char *path)
{
    if (mkdir(path, 0750) == 0)
        return chmod(path, 0750) == 0 ? STATUS_OK : err_set(STATUS_IO, "chmod %s: %s", path, strerror(errno));
    if (errno == EEXIST)
        return STATUS_OK;
    return err_set(STATUS_IO, "create the folder %s: %s", path, strerror(errno));
}

/* Remove a file or a folder and everything in it; symbolic links are removed, never followed. */
static void remove_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;

    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    while (d != NULL && (e = readdir(d)) != NULL) {
        char child[PATH_MAX];

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (str_fmt(child, sizeof child, "%s/%s", path, e->d_name) == STATUS_OK)
            remove_tree(child);
    }
    if (d != NULL)
        closedir(d);
    rmdir(path);
}

/* Clear hidden folders that a killed run left beside the target. */
static void clear_leftovers(const struct publish *p)
{
    char prefix[128];
    size_t len;
    DIR *d = opendir(p->parent);
    struct dirent *e;

    str_fmt(prefix, sizeof prefix, ".%s.", p->name);
    len = strlen(prefix);
    while (d != NULL && (e = readdir(d)) != NULL) {
        char path[PATH_MAX];

        if (strncmp(e->d_name, prefix, len) != 0)
            continue;
        if (strncmp(e->d_name + len, "tmp-", 4) != 0 && strncmp(e->d_name + len, "old-", 4) != 0)
            continue;
        if (str_fmt(path, sizeof path, "%s/%s", p->parent, e->d_name) == STATUS_OK)
            remove_tree(path);
    }
    if (d != NULL)
        closedir(d);
}

int publish_begin(struct publish *p, const char *out, const char *programme, const char *org, const char *period)
{
    char charts[PATH_MAX], root[PATH_MAX];
    int st;

    memset(p, 0, sizeof *p);
    if (!str_is_safe_code(programme))
        return err_set(STATUS_USAGE, "programme \"%s\" cannot name a folder (use letters, digits, _ . -)", programme);
    if (org != NULL && !str_is_safe_code(org))
        return err_set(STATUS_USAGE, "--org \"%s\" cannot name a folder (use letters, digits, _ . -)", org);
    if (!str_is_safe_code(period))
        return err_set(STATUS_USAGE, "period \"%s\" cannot name a folder", period);
    str_copy(p->name, sizeof p->name, period);
    st = make_dir(out);
    /* Work with the absolute folder, so that the ledger and the messages say where it really is. */
    if (st == STATUS_OK && realpath(out, root) == NULL)
        st = err_set(STATUS_IO, "the output folder %s: %s", out, strerror(errno));
    out = root;
    if (st == STATUS_OK && str_fmt(p->parent, sizeof p->parent, "%s/%s", out, programme) != STATUS_OK)
        st = err_set(STATUS_USAGE, "the output folder %s is too long", out);
    if (st == STATUS_OK)
        st = make_dir(p->parent);
    if (st == STATUS_OK && org != NULL) {
        size_t n = strlen(p->parent);

        if (str_fmt(p->parent + n, sizeof p->parent - n, "/org-%s", org) != STATUS_OK)
            st = err_set(STATUS_USAGE, "the output folder %s is too long", out);
        if (st == STATUS_OK)
            st = make_dir(p->parent);
    }
    if (st == STATUS_OK && (str_fmt(p->final, sizeof p->final, "%s/%s", p->parent, period) != STATUS_OK ||
                            str_fmt(p->tmp, sizeof p->tmp, "%s/.%s.tmp-%ld", p->parent, period, (long)getpid())
                                != STATUS_OK ||
                            str_fmt(charts, sizeof charts, "%s/charts", p->tmp) != STATUS_OK))
        st = err_set(STATUS_USAGE, "the output folder %s is too long", out);
    if (st != STATUS_OK)
        return st;
    clear_leftovers(p);
    st = make_dir(p->tmp);
    if (st == STATUS_OK)
        st = make_dir(charts);
    return st;
}

int publish_open(const struct publish *p, const char *name, FILE **f)
{
    char path[PATH_MAX];
    int fd;

    *f = NULL;
    if (str_fmt(path, sizeof path, "%s/%s", p->tmp, name) != STATUS_OK)
        return err_set(STATUS_IO, "%s/%s: path too long", p->final, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
        return err_set(STATUS_IO, "write %s/%s: %s", p->final, name, strerror(errno));
    *f = fdopen(fd, "w");
    if (*f == NULL) {
        close(fd);
        return err_set(STATUS_IO, "write %s/%s: %s", p->final, name, strerror(errno));
    }
    return STATUS_OK;
}

int publish_close(const struct publish *p, const char *name, FILE *f)
{
    int bad = ferror(f);

    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        bad = 1;
    if (fclose(f) != 0)
        bad = 1;
    if (bad)
        return err_set(STATUS_IO, "write %s/%s: %s", p->final, name, strerror(errno ? errno : EIO));
    return STATUS_OK;
}

/* The files under `dir` (relative to `base`), sorted, into `names`. */
static int list_files(const char *base, const char *rel, char ***names, size_t *n)
{
    char path[PATH_MAX];
    struct dirent *e;
    DIR *d;
    int st = STATUS_OK;

    if (str_fmt(path, sizeof path, "%s%s%s", base, rel[0] ? "/" : "", rel) != STATUS_OK)
        return err_set(STATUS_IO, "%s: path too long", base);
    d = opendir(path);
    if (d == NULL)
        return err_set(STATUS_IO, "read the folder %s: %s", path, strerror(errno));
    while (st == STATUS_OK && (e = readdir(d)) != NULL) {
        char child[PATH_MAX], full[PATH_MAX];
        struct stat sb;

        if (e->d_name[0] == '.')
            continue;
        str_fmt(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        str_fmt(full, sizeof full, "%s/%s", base, child);
        if (lstat(full, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            st = list_files(base, child, names, n);
        } else if (S_ISREG(sb.st_mode)) {
            char **grown = realloc(*names, (*n + 1) * sizeof *grown);

            if (grown == NULL || (grown[*n] = str_dup(child)) == NULL) {
                if (grown)
                    *names = grown;
                st = err_set(STATUS_NOMEM, "out of memory listing the output");
            } else {
                *names = grown;
                (*n)++;
            }
        }
    }
    closedir(d);
    return st;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file's size and SHA-256, taken on a worker thread. */
struct hash_job {
    char path[PATH_MAX];
    char hex[65];
    long long size;
    int st;
    char message[ERR_MSG_MAX];
};

static void hash_job_run(void *arg)
{
    struct hash_job *j = arg;

    j->st = sha256_file(j->path, j->hex, &j->size);
    if (j->st != STATUS_OK)
        str_copy(j->message, sizeof j->message, err_msg());
}

int publish_manifest(const struct publish *p, const char *header)
{
    char **names = NULL;
    size_t n = 0;
    struct buf json = { 0 };
    struct hash_job *jobs = NULL;
    struct pool *pool = NULL;
    FILE *f = NULL;
    int st = list_files(p->tmp, "", &names, &n);

    if (st == STATUS_OK && (jobs = calloc(n + 1, sizeof *jobs)) == NULL)
        st = err_set(STATUS_NOMEM, "out of memory listing the files");
    if (st == STATUS_OK) {
        if (n > 1)
            qsort(names, n, sizeof *names, name_cmp);
        /* The files are hashed on both processors: some 16 MB for the large data set. */
        pool = pool_new(2, 8);
        for (size_t i = 0; i < n; i++) {
            str_fmt(jobs[i].path, sizeof jobs[i].path, "%s/%s", p->tmp, names[i]);
            if (strcmp(names[i], "manifest.json") != 0)
                pool_submit(pool, hash_job_run, &jobs[i]);
        }
        pool_wait(pool);
        pool_free(pool);
        buf_printf(&json, "{\n%s,\n  \"files\": [", header);
    }
    for (size_t i = 0, k = 0; i < n && st == STATUS_OK; i++) {
        if (strcmp(names[i], "manifest.json") == 0)
            continue;
        if (jobs[i].st != STATUS_OK) {
            st = err_set(jobs[i].st, "%s", jobs[i].message);
            break;
        }
        buf_printf(&json, "%s\n    {\"path\": \"%s\", \"size\": %lld, \"sha256\": \"%s\"}", k++ ? "," : "",
                   names[i], jobs[i].size, jobs[i].hex);
    }
    if (st == STATUS_OK) {
        buf_puts(&json, "\n  ]\n}\n");
        st = publish_open(p, "manifest.json", &f);
    }
    if (st == STATUS_OK) {
        fwrite(json.data, 1, json.len, f);
        st = publish_close(p, "manifest.json", f);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(jobs);
    buf_free(&json);
    return st;
}

/* Modes as SPEC section 8 says, whatever the writers and the umask did. */
static int fix_modes(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    int st = STATUS_OK;

    if (lstat(path, &sb) != 0)
        return err_set(STATUS_IO, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return chmod(path, 0640) == 0 ? STATUS_OK : err_set(STATUS_IO, "chmod %s: %s", path, strerror(errno));
    if (chmod(path, 0750) != 0)
        return err_set(STATUS_IO, "chmod %s: %s", path, strerror(errno));
    d = opendir(path);
    while (d != NULL && st == STATUS_OK && (e = readdir(d)) != NULL) {
        char child[PATH_MAX];

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (str_fmt(child, sizeof child, "%s/%s", path, e->d_name) == STATUS_OK)
            st = fix_modes(child);
    }
    if (d != NULL)
        closedir(d);
    return st;
}

static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int publish_commit(struct publish *p)
{
    struct stat sb;
    int st = fix_modes(p->tmp);

    if (st != STATUS_OK)
        return st;
    sync_dir(p->tmp);
    if (lstat(p->final, &sb) != 0) {
        if (rename(p->tmp, p->final) != 0)
            return err_set(STATUS_IO, "put %s in place: %s", p->final, strerror(errno));
    } else if (syscall(SYS_renameat2, AT_FDCWD, p->tmp, AT_FDCWD, p->final, RENAME_EXCHANGE) != 0) {
        /* A file system without an atomic exchange: step the old output aside, then rename. */
        char old[PATH_MAX];

        if (str_fmt(old, sizeof old, "%s/.%s.old-%ld", p->parent, p->name, (long)getpid()) != STATUS_OK ||
            rename(p->final, old) != 0)
            return err_set(STATUS_IO, "move the previous %s aside: %s", p->final, strerror(errno));
        if (rename(p->tmp, p->final) != 0) {
            int saved = errno;

            rename(old, p->final);
            return err_set(STATUS_IO, "put %s in place: %s", p->final, strerror(saved));
        }
        str_copy(p->tmp, sizeof p->tmp, old);
    }
    /* After the swap the hidden folder holds the previous output. */
    remove_tree(p->tmp);
    sync_dir(p->parent);
    p->tmp[0] = '\0';
    return STATUS_OK;
}

void publish_abort(struct publish *p)
{
    if (p->tmp[0] != '\0')
        remove_tree(p->tmp);
    p->tmp[0] = '\0';
}
