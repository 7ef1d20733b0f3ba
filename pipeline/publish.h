/*
 * publish.h: writing a run's folder so that it appears whole or not at all
 * (SPEC sections 5 and 8).
 *
 * Everything is written into a hidden folder beside the target
 * (OUT/PROGRAMME/.PERIOD.tmp-PID); at the end the two are swapped in one
 * atomic rename (renameat2 RENAME_EXCHANGE, or a plain rename when there is
 * no previous output) and the previous output is removed. A failed or killed
 * run leaves the previous output untouched; the next run clears what a killed
 * one left behind. Files end up 0640 and folders 0750. Paths are built only
 * from checked codes.
 */
#ifndef FLIPSIDE_PIPELINE_PUBLISH_H
#define FLIPSIDE_PIPELINE_PUBLISH_H

#include <limits.h>
#include <stdio.h>

struct publish {
    char parent[PATH_MAX];  /* OUT/PROGRAMME or OUT/PROGRAMME/org-ORG */
    char final[PATH_MAX];   /* parent/PERIOD */
    char tmp[PATH_MAX];     /* parent/.PERIOD.tmp-PID, where the run writes */
    char name[80];          /* PERIOD */
};

/*
 * Prepare the hidden folder (and its charts/ folder) for OUT, a programme
 * code, an org code (NULL for none) and a period folder name. Codes must be
 * safe (str_is_safe_code): STATUS_USAGE otherwise.
 */
int publish_begin(struct publish *p, const char *out, const char *programme, const char *org, const char *period);

/* Open `name` (a path under the hidden folder) for writing. */
int publish_open(const struct publish *p, const char *name, FILE **f);

/* Close a file opened with publish_open, reporting a full disk as an error naming it. */
int publish_close(const struct publish *p, const char *name, FILE *f);

/*
 * Write manifest.json: `header` (JSON members without braces, written
 * first) and every file under the folder with its size and SHA-256, by path.
 */
int publish_manifest(const struct publish *p, const char *header);

/* Set the modes, make it durable and swap it into place. */
int publish_commit(struct publish *p);

/* Remove the hidden folder (after a failure). */
void publish_abort(struct publish *p);

#endif
