/* cli: what the command-line modules share: exit codes, usage. */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* Says "folio: <fmt with arg>" and where help is, on stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);

/* Prints the usage text on stdout; returns EXIT_OK. */
int cli_help(void);

#endif
