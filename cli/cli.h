/*
 * cli.h: what the subcommands of the jixiao tool share.  The tool uses only
 * the public header; everything here is presentation.
 */
#ifndef JX_CLI_H
#define JX_CLI_H

#include "jixiao.h"

#include <stdio.h>
#include <string.h>

#include "../src/banned.h"

/* Exit codes of every subcommand. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* Open FILE for reading, "-" = stdin; prints the reason and returns NULL. */
FILE *cli_open(const char *path);
void cli_close(FILE *fp);

/* file:line: severity: project: message [id] */
void cli_print_diag(FILE *out, const struct jx_diag *d);

/* --check ID=SEV; prints the problem and returns false when malformed. */
int cli_set_check(struct jx_ctx *ctx, const char *spec);

/* --layout NAME; prints the problem and returns false when unknown. */
int cli_layout(const char *cmd, const char *name, enum jx_layout *out);

/* The --layout line of a command's help. */
#define CLI_LAYOUT_HELP \
	"  --layout 版式   指定文本版式，不自动识别：tab、pipe、markdown、html、cells、\n" \
	"                  paragraph、space 或 oneline（默认 auto，逐表自动识别）\n"

/* Print a usage error and the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
