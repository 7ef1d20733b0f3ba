#include "pipeline/cluster.h"
#include "pipeline/db.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where one cluster's pieces are, and whom it runs as. */
struct cluster {
    char dir[PATH_MAX];     /* the cluster folder, resolved */
    char data[PATH_MAX];    /* PGDATA */
    char sock[PATH_MAX];    /* unix_socket_directories */
    char log[PATH_MAX];     /* the server log */
    char bindir[PATH_MAX];  /* initdb, pg_ctl */
    int drop;               /* 1 when children run as `uid` instead of root */
    uid_t uid;
    gid_t gid;
};

/* A socket path must fit sun_path (107 bytes) with "/.s.PGSQL.5432". */
enum { SOCK_DIR_MAX = 90 };

static unsigned long path_hash(const char *s)
{
    unsigned long h = 5381;

    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h & 0xffffffffUL;
}

static int file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* Find the folder holding initdb and pg_ctl. */
static int cluster_find_bindir(char *out, size_t size)
{
    char path[PATH_MAX];
    FILE *p;
    int best = 0;

    p = popen("pg_config --bindir 2>/dev/null", "r");
    if (p != NULL) {
        if (fgets(out, (int)size, p) != NULL)
            out[strcspn(out, "\n")] = '\0';
        else
            out[0] = '\0';
        pclose(p);
        str_fmt(path, sizeof path, "%s/initdb", out);
        if (out[0] != '\0' && access(path, X_OK) == 0)
            return STATUS_OK;
    }
    for (int v = 30; v >= 9 && !best; v--) {
        str_fmt(path, sizeof path, "/usr/lib/postgresql/%d/bin/initdb", v);
        if (access(path, X_OK) == 0) {
            str_fmt(out, size, "/usr/lib/postgresql/%d/bin", v);
            best = v;
        }
    }
    if (best)
        return STATUS_OK;
    if (access("/usr/bin/initdb", X_OK) == 0)
        return str_copy(out, size, "/usr/bin");
    return err_set(STATUS_USAGE, "cannot find PostgreSQL's initdb (install the postgresql package: make deps)");
}

/*
 * Run argv[0] from the bindir as the cluster's user, output appended to
 * `logfile`. Returns the exit status (or -1 when it could not run).
 */
static int cluster_run(const struct cluster *c, const char *const argv[], const char *logfile)
{
    char prog[PATH_MAX];
    pid_t pid;
    int status;

    str_fmt(prog, sizeof prog, "%s/%s", c->bindir, argv[0]);
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd;

        if (c->drop && (setgid(c->gid) != 0 || setgroups(0, NULL) != 0 || setuid(c->uid) != 0))
            _exit(126);
        if (chdir(c->dir) != 0 && chdir("/") != 0)
            _exit(126);
        fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        fd = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, STDIN_FILENO);
            close(fd);
        }
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* 1 when the cluster's user can write into `path` (tested in a child as that user). */
static int cluster_user_can_write(const struct cluster *c, const char *path)
{
    pid_t pid;
    int status;

    if (!c->drop)
        return access(path, W_OK | X_OK) == 0;
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        if (setgid(c->gid) != 0 || setgroups(0, NULL) != 0 || setuid(c->uid) != 0)
            _exit(1);
        _exit(access(path, W_OK | X_OK) == 0 ? 0 : 1);
    }
    if (waitpid(pid, &status, 0) < 0)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int mkdir_parents(const char *path, mode_t mode)
{
    char tmp[PATH_MAX];

    if (str_copy(tmp, sizeof tmp, path) != STATUS_OK)
        return err_set(STATUS_IO, "path too long: %s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return err_set(STATUS_IO, "create %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, mode) != 0 && errno != EEXIST)
        return err_set(STATUS_IO, "create %s: %s", tmp, strerror(errno));
    return STATUS_OK;
}

/* Give the folder to the cluster's user, private to it. */
static int cluster_own(const struct cluster *c, const char *path)
{
    if (c->drop && chown(path, c->uid, c->gid) != 0)
        return err_set(STATUS_IO, "give %s to the cluster's user: %s", path, strerror(errno));
    if (chmod(path, 0700) != 0)
        return err_set(STATUS_IO, "chmod %s: %s", path, strerror(errno));
    return STATUS_OK;
}

/*
 * Resolve the folder: create it, settle whom the cluster runs as, and when
 * that user cannot reach the folder move the cluster to /var/tmp behind a
 * symbolic link.
 */
static int cluster_prepare(const char *dir, int create, struct cluster *c)
{
    char resolved[PATH_MAX];
    int st;

    memset(c, 0, sizeof *c);
    if (geteuid() == 0) {
        const char *name = getenv("FLIPSIDE_CLUSTER_USER");
        struct passwd *pw = getpwnam(name && *name ? name : "postgres");

        if (pw == NULL)
            return err_set(STATUS_USAGE, "running as root, but there is no user \"%s\" to run PostgreSQL as "
                           "(install postgresql, or set FLIPSIDE_CLUSTER_USER)", name && *name ? name : "postgres");
        c->drop = 1;
        c->uid = pw->pw_uid;
        c->gid = pw->pw_gid;
    }
    if (create) {
        st = mkdir_parents(dir, 0700);
        if (st != STATUS_OK)
            return st;
    }
    if (realpath(dir, resolved) == NULL)
        return err_set(STATUS_USAGE, "cluster folder %s: %s", dir, strerror(errno));
    str_copy(c->dir, sizeof c->dir, resolved);
    if (create && c->drop && !cluster_user_can_write(c, c->dir)) {
        st = cluster_own(c, c->dir);
        if (st != STATUS_OK)
            return st;
    }
    if (create && !cluster_user_can_write(c, c->dir)) {
        char elsewhere[PATH_MAX];

        str_fmt(elsewhere, sizeof elsewhere, "/var/tmp/flipside-cluster-%08lx", path_hash(c->dir));
        if (mkdir(elsewhere, 0700) != 0 && errno != EEXIST)
            return err_set(STATUS_IO, "create %s: %s", elsewhere, strerror(errno));
        st = cluster_own(c, elsewhere);
        if (st != STATUS_OK)
            return st;
        if (rmdir(c->dir) != 0 || symlink(elsewhere, c->dir) != 0)
            return err_set(STATUS_IO, "%s cannot be reached by the cluster's user and cannot be replaced "
                           "by a link to %s: %s", c->dir, elsewhere, strerror(errno));
        str_copy(c->dir, sizeof c->dir, elsewhere);
    }
    str_fmt(c->data, sizeof c->data, "%s/data", c->dir);
    str_fmt(c->log, sizeof c->log, "%s/postgres.log", c->dir);
    if (strlen(c->dir) < SOCK_DIR_MAX)
        str_copy(c->sock, sizeof c->sock, c->dir);
    else
        str_fmt(c->sock, sizeof c->sock, "/tmp/flipside-sock-%08lx", path_hash(c->dir));
    return cluster_find_bindir(c->bindir, sizeof c->bindir);
}

/* Append a conninfo value in single quotes, escaping ' and \. */
static void conninfo_quote(struct buf *b, const char *value)
{
    buf_putc(b, '\'');
    for (; *value; value++) {
        if (*value == '\'' || *value == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *value);
    }
    buf_putc(b, '\'');
}

static int cluster_make_conninfo(const struct cluster *c, const char *dbname, char *out, size_t size)
{
    struct buf b = { 0 };
    int st;

    buf_puts(&b, "host=");
    conninfo_quote(&b, c->sock);
    buf_printf(&b, " port=5432 dbname=%s user=flipside connect_timeout=10", dbname);
    st = str_copy(out, size, buf_str(&b));
    buf_free(&b);
    if (st != STATUS_OK)
        return err_set(STATUS_LIMIT, "the cluster's conninfo is too long");
    return STATUS_OK;
}

static int cluster_initdb(const struct cluster *c, int verbose)
{
    static const char settings[] =
        "\n# flipside private cluster: no TCP, its own socket, tuned for scratch use.\n"
        "listen_addresses = ''\n"
        "port = 5432\n"
        "unix_socket_permissions = 0700\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
        "shared_buffers = 256MB\n"
        "work_mem = 32MB\n"
        "maintenance_work_mem = 256MB\n"
        "max_wal_size = 4GB\n"
        "log_min_messages = warning\n";
    const char *argv[] = { "initdb", "-D", c->data, "-U", "flipside", "-A", "trust", "-E", "UTF8",
                           "--locale=C", "--no-sync", NULL };
    char conf[PATH_MAX + 32];
    FILE *f;
    int rc;

    if (verbose)
        fprintf(stderr, "flipside: creating a private PostgreSQL cluster in %s\n", c->dir);
    rc = cluster_run(c, argv, c->log);
    if (rc != 0)
        return err_set(STATUS_DB, "initdb failed with status %d (see %s)", rc, c->log);
    str_fmt(conf, sizeof conf, "%s/postgresql.conf", c->data);
    f = fopen(conf, "a");
    if (f == NULL)
        return err_set(STATUS_IO, "open %s: %s", conf, strerror(errno));
    fputs(settings, f);
    fprintf(f, "unix_socket_directories = '%s'\n", c->sock);
    if (fclose(f) != 0)
        return err_set(STATUS_IO, "write %s: %s", conf, strerror(errno));
    return STATUS_OK;
}

static int cluster_running(const struct cluster *c)
{
    const char *argv[] = { "pg_ctl", "-D", c->data, "status", NULL };

    return cluster_run(c, argv, "/dev/null") == 0;
}

/* Create the database "flipside" unless it exists. */
static int cluster_create_database(const struct cluster *c)
{
    char conninfo[PATH_MAX + 128];
    struct db *db = NULL;
    struct db_result *r = NULL;
    int st;

    st = cluster_make_conninfo(c, "postgres", conninfo, sizeof conninfo);
    if (st != STATUS_OK)
        return st;
    st = db_open(conninfo, &db);
    if (st != STATUS_OK)
        goto out;
    st = db_query(db, "look for the flipside database",
                  "SELECT 1 FROM pg_catalog.pg_database WHERE datname = 'flipside'", 0, NULL, &r);
    if (st == STATUS_OK && db_result_rows(r) == 0)
        st = db_exec(db, "create the flipside database", "CREATE DATABASE flipside");
out:
    db_result_free(r);
    db_close(db);
    return st;
}

int cluster_start(const char *dir, int verbose, char *conninfo, size_t size)
{
    struct cluster c;
    char pgversion[PATH_MAX + 16];
    int st;

    st = cluster_prepare(dir, 1, &c);
    if (st != STATUS_OK)
        return err_prefix(st, "start the private cluster");
    str_fmt(pgversion, sizeof pgversion, "%s/PG_VERSION", c.data);
    if (!file_exists(pgversion)) {
        st = cluster_initdb(&c, verbose);
        if (st != STATUS_OK)
            return err_prefix(st, "start the private cluster");
    }
    if (strcmp(c.sock, c.dir) != 0) {
        if (mkdir(c.sock, 0700) != 0 && errno != EEXIST)
            return err_set(STATUS_IO, "create %s: %s", c.sock, strerror(errno));
        st = cluster_own(&c, c.sock);
        if (st != STATUS_OK)
            return st;
    }
    if (!cluster_running(&c)) {
        const char *argv[] = { "pg_ctl", "-D", c.data, "-l", c.log, "-w", "-t", "120", "start", NULL };
        int rc;

        if (verbose)
            fprintf(stderr, "flipside: starting the private cluster (log: %s)\n", c.log);
        rc = cluster_run(&c, argv, "/dev/null");
        if (rc != 0)
            return err_set(STATUS_DB, "start the private cluster: pg_ctl failed with status %d (see %s)", rc, c.log);
    }
    st = cluster_create_database(&c);
    if (st != STATUS_OK)
        return err_prefix(st, "start the private cluster");
    return cluster_make_conninfo(&c, "flipside", conninfo, size);
}

int cluster_stop(const char *dir)
{
    struct cluster c;
    int st;

    st = cluster_prepare(dir, 0, &c);
    if (st != STATUS_OK)
        return err_prefix(st, "stop the private cluster");
    if (!cluster_running(&c))
        return STATUS_OK;
    const char *argv[] = { "pg_ctl", "-D", c.data, "-m", "fast", "-w", "-t", "60", "stop", NULL };
    if (cluster_run(&c, argv, "/dev/null") != 0)
        return err_set(STATUS_DB, "stop the private cluster in %s: pg_ctl failed (see %s)", c.dir, c.log);
    return STATUS_OK;
}

int cluster_conninfo(const char *dir, char *conninfo, size_t size)
{
    struct cluster c;
    int st = cluster_prepare(dir, 0, &c);

    if (st != STATUS_OK)
        return err_prefix(st, "find the private cluster");
    return cluster_make_conninfo(&c, "flipside", conninfo, size);
}
