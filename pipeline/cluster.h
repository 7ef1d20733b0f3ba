/*
 * cluster.h: a private PostgreSQL cluster for the demo and the tests.
 *
 * The cluster lives in one folder (by default var/cluster under the current
 * directory): the data directory, its log and its Unix socket. It listens on
 * no TCP address, trusts only its own socket (the folder is 0700) and has one
 * database and superuser, both named "flipside". PostgreSQL's binaries are
 * found through `pg_config --bindir`, then the Debian layout
 * /usr/lib/postgresql/N/bin, then PATH.
 *
 * initdb refuses to run as root, so when flipside runs as root the cluster
 * runs as the unprivileged `postgres` user (FLIPSIDE_CLUSTER_USER to choose
 * another). When that user cannot reach the folder (a checkout under /root),
 * the cluster is kept under /var/tmp/flipside-cluster-* and the folder becomes
 * a symbolic link to it.
 */
#ifndef FLIPSIDE_PIPELINE_CLUSTER_H
#define FLIPSIDE_PIPELINE_CLUSTER_H

#include <stddef.h>

#define CLUSTER_DEFAULT_DIR "var/cluster"

/*
 * Create the cluster in `dir` when it does not exist, start it when it is not
 * running, and make sure the database "flipside" exists. `conninfo` receives
 * the libpq conninfo that reaches it. Progress lines go to stderr when
 * `verbose`.
 */
int cluster_start(const char *dir, int verbose, char *conninfo, size_t size);

/* Stop the cluster in `dir` if it runs (fast shutdown). */
int cluster_stop(const char *dir);

/* The conninfo of the cluster in `dir` (whether or not it runs). */
int cluster_conninfo(const char *dir, char *conninfo, size_t size);

#endif
