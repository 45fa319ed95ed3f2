/*
 * i18n — the console's words in the user's language (gettext).
 *
 * Every string a user reads is written in English in the code and marked:
 * _("...") is translated where it is used; N_("...") marks a string kept in
 * a table, translated by _() where it is shown; P_(one, many, n) picks the
 * plural form.  The catalogue is po/zh_CN.po (`make update-po` gathers the
 * marked strings).  The language follows the locale (LANG=zh_CN.UTF-8:
 * Chinese, C.UTF-8: English) unless `set language` says otherwise.
 */
#ifndef GOVDX_I18N_H
#define GOVDX_I18N_H

#include <libintl.h>
#include <stddef.h>

#define _(s) gettext(s)
#define N_(s) s
#define P_(one, many, n) ngettext(one, many, (unsigned long)(n))

/* Binds the catalogue: $GOVDX_LOCALEDIR (a build tree's locale/) or the
 * installed one.  Call after setlocale. */
void i18n_init(void);
/* Sets the language: "zh" (or "zh_CN"), "en", or "auto" (the locale's).
 * Returns 0, or -1 with a reason in err. */
int i18n_set_language(const char *lang, char *err, size_t errlen);
/* The language in use: "zh" or "en". */
const char *i18n_language(void);

#endif /* GOVDX_I18N_H */
