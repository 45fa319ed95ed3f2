/*
 * i18n — binding the catalogue and choosing the language (see i18n.h).
 *
 * `set language` works through gettext's LANGUAGE variable, which glibc
 * reads whenever the messages locale is not "C" (C.UTF-8 counts as not C);
 * a change is seen by the next gettext call once the catalogue cache is
 * told (_nl_msg_cat_cntr, as GNU gettext's own documentation does).
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

extern int _nl_msg_cat_cntr;

void i18n_init(void)
{
	const char *dir = getenv("GOVDX_LOCALEDIR");

	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

int i18n_set_language(const char *lang, char *err, size_t errlen)
{
	if (!strcmp(lang, "auto")) {
		unsetenv("LANGUAGE");
	} else if (!strcmp(lang, "zh") || !strcmp(lang, "zh_CN")) {
		/* No messages locale but C: LANGUAGE would be ignored. */
		const char *m = setlocale(LC_MESSAGES, NULL);
		if (m && !strcmp(m, "C") && !setlocale(LC_MESSAGES, "C.UTF-8")) {
			snprintf(err, errlen, "%s", _("language zh needs a UTF-8 locale"));
			return -1;
		}
		setenv("LANGUAGE", "zh_CN", 1);
	} else if (!strcmp(lang, "en")) {
		setenv("LANGUAGE", "en", 1);
	} else {
		snprintf(err, errlen, _("language: zh, en or auto, not %s"), lang);
		return -1;
	}
	++_nl_msg_cat_cntr;
	return 0;
}

const char *i18n_language(void)
{
	/* A string every catalogue translates: its own language's code. */
	const char *code = gettext(N_("en"));

	return strcmp(code, "en") ? "zh" : "en";
}
