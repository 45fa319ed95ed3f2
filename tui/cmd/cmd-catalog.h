/*
 * cmd-catalog — the commands of catalog maintenance (issue 15), named by
 * the action table (cmd-table.c): an entry's history (H), the changes a
 * revision makes (d), drafting a revision of an entry (E) or a new entry
 * (N), changing one field of a draft (:revise FIELD VALUE), and retiring
 * an entry (:retire).  The queue and the decisions (submit, withdraw,
 * publish, return) are the case commands' (cmd-cases.c), a revision being
 * a case kind.
 */
#ifndef GOVDX_CMD_CATALOG_H
#define GOVDX_CMD_CATALOG_H

#include "cmd-names.h"

int cmd_entry_history(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx);
int cmd_revision_diff(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx);
int cmd_entry_edit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx);
int cmd_entry_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx);
int cmd_revision_edit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx);
int cmd_revise(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx);
int cmd_retire(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx);

#endif
