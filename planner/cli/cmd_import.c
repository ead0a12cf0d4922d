/* planner/cli/cmd_import.c - 'planner import FILE -o project.yaml': another
 * tool's file as the native project file, with the fidelity report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "planner/cli/cli.h"
#include "render/render.h"

void cli_print_fidelity(FILE *f, const pm_fidelity *fid, const char *path,
                        bool json)
{
    if (json) {
        fputs("{\"file\": ", f);
        pm_json_string(f, path);
        fputs(", \"items\": [", f);
        for (int i = 0; i < fid->n; i++) {
            const pm_fid_item *it = &fid->items[i];
            fprintf(f, "%s\n  {\"kind\": \"%s\", \"what\": ", i ? "," : "",
                    pm_fid_kind_name(it->kind));
            pm_json_string(f, it->what);
            fprintf(f, ", \"count\": %d, \"examples\": [", it->count);
            for (int k = 0; k < it->n_examples; k++) {
                fputs(k ? ", " : "", f);
                pm_json_string(f, it->examples[k]);
            }
            fputs("]}", f);
        }
        fputs(fid->n ? "\n]}\n" : "]}\n", f);
        return;
    }
    for (int kind = PM_FID_KEPT; kind <= PM_FID_DROPPED; kind++) {
        for (int i = 0; i < fid->n; i++) {
            const pm_fid_item *it = &fid->items[i];
            if ((int)it->kind != kind) {
                continue;
            }
            fprintf(f, "%s: %-12s %5d  %s", path, pm_fid_kind_name(it->kind),
                    it->count, it->what);
            for (int k = 0; k < it->n_examples; k++) {
                fprintf(f, "%s%s", k ? "; " : " (e.g. ", it->examples[k]);
            }
            fputs(it->n_examples ? ")\n" : "\n", f);
        }
    }
}

/* Writes text through a temporary file renamed into place. */
static int write_file(const char *path, const pm_project *p,
                      const char *source, bool progress, pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    FILE *f = fopen(a.tmp_path, "w");
    if (!f) {
        pm_atomic_abort(&a);
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        return PM_EIO;
    }
    rc = progress ? pm_write_progress_csv(f, p)
                  : pm_write_yaml(f, p, source);
    if (fclose(f) != 0 || rc != PM_OK) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        pm_atomic_abort(&a);
        return PM_EIO;
    }
    return pm_atomic_commit(&a, diag);
}

int cmd_import(const char *path, const cli_opts *o, pm_diag *diag)
{
    if (!o->import_to) {
        pm_diag_error(diag, NULL,
                      "give the file to write: planner import FILE -o "
                      "project.yaml");
        return PM_EINPUT;
    }
    pm_project *p = NULL;
    pm_fidelity fid = {0};
    int rc = pm_import_file_fid(&p, path, &fid, diag);
    char *progress = NULL;
    if (rc == PM_OK) {
        rc = write_file(o->import_to, p, path, false, diag);
    }
    if (rc == PM_OK && p->tracked) {
        const char *dot = strrchr(o->import_to, '.');
        int stem = dot ? (int)(dot - o->import_to)
                       : (int)strlen(o->import_to);
        if (asprintf(&progress, "%.*s-progress.csv", stem, o->import_to) <
            0) {
            progress = NULL;
            rc = PM_ENOMEM;
        } else {
            rc = write_file(progress, p, path, true, diag);
        }
    }
    if (rc == PM_OK) {
        cli_print_fidelity(stdout, &fid, path, o->json);
        if (!o->json && !o->quiet) {
            printf("wrote %s (%d tasks, %d links, %d resources)%s%s\n",
                   o->import_to, p->n_tasks, p->n_deps, p->n_resources,
                   progress ? " and its progress table " : "",
                   progress ? progress : "");
        }
    }
    free(progress);
    pm_fidelity_reset(&fid);
    pm_project_free(p);
    return rc;
}
