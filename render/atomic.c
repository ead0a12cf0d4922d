/* render/atomic.c - temporary file + rename, so outputs appear whole. */
#include "render/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pm_atomic_begin(pm_atomic *a, const char *path, pm_diag *diag)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path) + 1 : 0;
    a->final_path = strdup(path);
    if (!a->final_path ||
        asprintf(&a->tmp_path, "%.*s.%s.XXXXXX", dirlen, path,
                 slash ? slash + 1 : path) < 0) {
        free(a->final_path);
        a->final_path = a->tmp_path = NULL;
        return PM_ENOMEM;
    }
    int fd = mkstemp(a->tmp_path);
    if (fd < 0) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", path,
                      strerror(errno));
        free(a->final_path);
        free(a->tmp_path);
        a->final_path = a->tmp_path = NULL;
        return PM_EIO;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    return PM_OK;
}

int pm_atomic_commit(pm_atomic *a, pm_diag *diag)
{
    int rc = PM_OK;
    int fd = open(a->tmp_path, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", a->final_path,
                      strerror(errno));
        rc = PM_EIO;
    }
    if (fd >= 0) {
        close(fd);
    }
    if (rc == PM_OK && rename(a->tmp_path, a->final_path) != 0) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", a->final_path,
                      strerror(errno));
        rc = PM_EIO;
    }
    if (rc != PM_OK) {
        unlink(a->tmp_path);
    }
    free(a->final_path);
    free(a->tmp_path);
    a->final_path = a->tmp_path = NULL;
    return rc;
}

void pm_atomic_abort(pm_atomic *a)
{
    if (a->tmp_path) {
        unlink(a->tmp_path);
    }
    free(a->final_path);
    free(a->tmp_path);
    a->final_path = a->tmp_path = NULL;
}

int pm_atomic_finish(pm_atomic *a, int rc, pm_atomic *pending, pm_diag *diag)
{
    if (rc != PM_OK) {
        pm_atomic_abort(a);
        return rc;
    }
    if (pending) {
        *pending = *a;
        return PM_OK;
    }
    return pm_atomic_commit(a, diag);
}

int pm_atomic_ensure_dir(const char *dir, pm_diag *diag)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            pm_diag_error(diag, NULL, "'%s' is not a folder", dir);
            return PM_EIO;
        }
        return PM_OK;
    }
    if (mkdir(dir, 0777) != 0) {
        pm_diag_error(diag, NULL, "cannot create folder '%s': %s", dir,
                      strerror(errno));
        return PM_EIO;
    }
    return PM_OK;
}
