/* i18n_cli: `folio i18n COMMAND ...`. */
#ifndef FOLIO_I18N_CLI_H
#define FOLIO_I18N_CLI_H

/* Runs `folio i18n` with main's arguments (argv[1] is "i18n"); returns
 * the exit status. */
int i18n_cli(int argc, char **argv);

#endif
