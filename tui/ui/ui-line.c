/*
 * ui-line — the `:` command line widget (see ui-line.h).
 *
 * The edit buffer is a wchar_t array so that the cursor always sits between
 * whole characters and a Chinese character is deleted in one key press.
 * libedit provides only history(3): its readline layer and el_gets write to
 * the terminal behind curses' back and block the loop.
 *
 * State kept besides the buffer:
 *   - the history walk: hist_pos is -1 while the user edits their own line,
 *     k while showing the k-th newest entry; the own line is kept in `typed`
 *     so that walking back down returns to it.  libedit's H_FIRST is the
 *     newest entry and H_NEXT goes older, so entry k is H_FIRST + k H_NEXT.
 *   - completion: after an ambiguous Tab the candidates are kept (for the
 *     drawing code, and for cycling on the next Tab) until any other key.
 *   - the horizontal scroll `first` of ui_line_visible, so that the view
 *     does not jump while the cursor moves inside it.
 *
 * Invariants: cur <= len < cap; buf[len] == L'\0'; hist_pos == -1 iff typed
 * == NULL; cands != NULL iff ncands >= 2.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <histedit.h>

#include "edit-core.h"
#include "ui-keys.h"
#include "ui-line.h"
#include "ui-width.h"
#include "width.h"

#define DEFAULT_HISTORY 500

struct ui_line {
	History *hist;
	int hist_size;
	char **fresh;           /* entered since the last save, oldest first */
	size_t n_fresh;
	struct edit_core ed;    /* the text being edited and its cursor */
	wchar_t *prompt;        /* drawn before the buffer */
	char *text;             /* UTF-8 of buf, handed out by ui_line_text */
	int hist_pos;           /* -1, or which history entry is shown */
	wchar_t *typed;         /* the user's own line during a history walk */
	ui_line_completer complete;
	void *complete_arg;
	char **cands;           /* last ambiguous completion, NULL-terminated */
	size_t ncands;
	size_t cycle_start;     /* where the completed word starts */
	size_t cycle_next;      /* candidate the next Tab inserts */
	size_t first;           /* first visible character of prompt+buf */
};

static void *
line_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("govdx: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *
line_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(line_alloc(n), s, n);
}

static wchar_t *
line_wcsndup(const wchar_t *s, size_t n)
{
	wchar_t *d = line_alloc((n + 1) * sizeof(*d));

	wmemcpy(d, s, n);
	d[n] = L'\0';
	return d;
}

/* ---- buffer --------------------------------------------------------------- */

static void
buf_replace(struct ui_line *l, size_t from, size_t to, const wchar_t *s,
            size_t n)
{
	edit_core_replace(&l->ed, from, to, s, n);
}

static void
buf_set_utf8(struct ui_line *l, const char *s)
{
	edit_core_set_utf8(&l->ed, s);
}

static int
is_blank_line(const wchar_t *s)
{
	for (; *s != L'\0'; s++)
		if (*s != L' ' && *s != L'\t')
			return 0;
	return 1;
}

/* ---- life cycle ------------------------------------------------------------ */

struct ui_line *
ui_line_new(int history_size)
{
	struct ui_line *l = line_alloc(sizeof(*l));
	HistEvent ev;

	memset(l, 0, sizeof(*l));
	l->hist = history_init();
	if (l->hist == NULL) {
		free(l);
		return NULL;
	}
	l->hist_size = history_size > 0 ? history_size : DEFAULT_HISTORY;
	history(l->hist, &ev, H_SETSIZE, l->hist_size);
	history(l->hist, &ev, H_SETUNIQUE, 1);
	edit_core_init(&l->ed, false, 0);
	l->prompt = line_wcsndup(L"", 0);
	l->hist_pos = -1;
	return l;
}

static void
clear_candidates(struct ui_line *l)
{
	size_t i;

	for (i = 0; i < l->ncands; i++)
		free(l->cands[i]);
	free(l->cands);
	l->cands = NULL;
	l->ncands = 0;
	l->cycle_next = 0;
}

static void
drop_fresh(struct ui_line *l)
{
	size_t i;

	for (i = 0; i < l->n_fresh; i++)
		free(l->fresh[i]);
	free(l->fresh);
	l->fresh = NULL;
	l->n_fresh = 0;
}

static void
end_history_walk(struct ui_line *l)
{
	free(l->typed);
	l->typed = NULL;
	l->hist_pos = -1;
}

void
ui_line_free(struct ui_line *l)
{
	if (l == NULL)
		return;
	clear_candidates(l);
	end_history_walk(l);
	history_end(l->hist);
	drop_fresh(l);
	edit_core_free(&l->ed);
	free(l->prompt);
	free(l->text);
	free(l);
}

void
ui_line_start(struct ui_line *l, const char *prompt_utf8,
              const char *initial_utf8)
{
	free(l->prompt);
	l->prompt = ui_width_from_utf8(prompt_utf8);
	buf_set_utf8(l, initial_utf8);
	clear_candidates(l);
	end_history_walk(l);
	l->first = 0;
}

const char *
ui_line_text(struct ui_line *l)
{
	free(l->text);
	l->text = ui_width_to_utf8(l->ed.buf);
	return l->text;
}

/* ---- history ---------------------------------------------------------------- */

/* The k-th newest history entry (0 = newest), or NULL. */
static const char *
history_entry(struct ui_line *l, int k)
{
	HistEvent ev;

	if (history(l->hist, &ev, H_FIRST) < 0)
		return NULL;
	while (k-- > 0)
		if (history(l->hist, &ev, H_NEXT) < 0)
			return NULL;
	return ev.str;
}

static void
history_older(struct ui_line *l)
{
	const char *s = history_entry(l, l->hist_pos + 1);
	char *line;
	size_t n;

	if (s == NULL)
		return;
	if (l->hist_pos == -1)
		l->typed = line_wcsndup(l->ed.buf, l->ed.len);
	l->hist_pos++;
	/* libedit keeps the newline of entries entered with one. */
	line = line_strdup(s);
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	buf_set_utf8(l, line);
	free(line);
}

static void
history_newer(struct ui_line *l)
{
	const char *s;
	char *line;
	size_t n;

	if (l->hist_pos < 0)
		return;
	if (l->hist_pos == 0) {
		wchar_t *typed = l->typed;

		l->typed = NULL;
		l->hist_pos = -1;
		l->ed.len = 0;
		l->ed.buf[0] = L'\0';
		buf_replace(l, 0, 0, typed, wcslen(typed));
		free(typed);
		return;
	}
	s = history_entry(l, l->hist_pos - 1);
	if (s == NULL)
		return;
	l->hist_pos--;
	line = line_strdup(s);
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	buf_set_utf8(l, line);
	free(line);
}

static void
history_add_current(struct ui_line *l)
{
	const char *text, *newest;
	HistEvent ev;

	if (is_blank_line(l->ed.buf))
		return;
	text = ui_line_text(l);
	newest = history_entry(l, 0);
	if (newest != NULL && strcmp(newest, text) == 0)
		return;
	history(l->hist, &ev, H_ENTER, text);
	/* Kept apart too: a save adds them to what the file holds then. */
	l->fresh = realloc(l->fresh, (l->n_fresh + 1) * sizeof(*l->fresh));
	if (l->fresh == NULL) {
		fputs("govdx: out of memory\n", stderr);
		abort();
	}
	l->fresh[l->n_fresh++] = line_strdup(text);
}

/* mkdir -p of the directories above path, new ones with mode 0700. */
static int
make_parents(const char *path)
{
	char *dir = line_strdup(path), *p;
	int rc = 0;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

int
ui_line_history_load(struct ui_line *l, const char *path)
{
	HistEvent ev;
	struct stat st;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	history(l->hist, &ev, H_CLEAR);
	return history(l->hist, &ev, H_LOAD, path);
}

/* The directory of path, locked (flock) while the history is merged, so
 * two consoles saving at once take turns; -1 when it cannot be opened (the
 * save goes on unlocked). */
static int
lock_dir_of(const char *path)
{
	char *dir = line_strdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* What the file holds now (other consoles may have saved since this one
 * loaded it) with this console's new entries after it. */
static History *
merged_history(struct ui_line *l, const char *path)
{
	History *h = history_init();
	HistEvent ev;
	struct stat st;
	size_t i;

	if (h == NULL)
		return NULL;
	history(h, &ev, H_SETSIZE, l->hist_size);
	history(h, &ev, H_SETUNIQUE, 1);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		history(h, &ev, H_LOAD, path);
	for (i = 0; i < l->n_fresh; i++)
		history(h, &ev, H_ENTER, l->fresh[i]);
	return h;
}

int
ui_line_history_save(struct ui_line *l, const char *path)
{
	size_t n = strlen(path);
	char *tmp;
	FILE *fp;
	HistEvent ev;
	History *merged = NULL;
	int fd, lock = -1, saved_errno;

	if (make_parents(path) != 0)
		return -1;
	lock = lock_dir_of(path);
	merged = merged_history(l, path);
	if (merged == NULL) {
		saved_errno = ENOMEM;
		tmp = NULL;
		goto out;
	}
	/* Write a temporary file beside the real one and rename it over, so a
	 * crash or a full disk never leaves half a history. mkstemp creates
	 * it with mode 0600. */
	tmp = line_alloc(n + sizeof(".XXXXXX"));
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved_errno = errno;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		saved_errno = errno;
		close(fd);
		goto fail;
	}
	if (fchmod(fd, 0600) != 0 ||
	    history(merged, &ev, H_SAVE_FP, fp) < 0 ||
	    fflush(fp) != 0 || ferror(fp)) {
		saved_errno = errno ? errno : EIO;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		saved_errno = errno;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		saved_errno = errno;
		goto fail;
	}
	free(tmp);
	history_end(merged);
	drop_fresh(l); /* in the file now */
	if (lock >= 0)
		close(lock);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
out:
	if (merged != NULL)
		history_end(merged);
	if (lock >= 0)
		close(lock);
	errno = saved_errno;
	return -1;
}

/* ---- completion -------------------------------------------------------------- */

void
ui_line_set_completer(struct ui_line *l, ui_line_completer fn, void *arg)
{
	l->complete = fn;
	l->complete_arg = arg;
}

const char *const *
ui_line_candidates(struct ui_line *l, size_t *n)
{
	if (n != NULL)
		*n = l->cands != NULL ? l->ncands : 0;
	return (const char *const *)l->cands;
}

/* Bytes of the UTF-8 form of s[0..n), as ui_width_to_utf8 encodes it. */
static size_t
utf8_length(const wchar_t *s, size_t n)
{
	size_t bytes = 0, i;

	for (i = 0; i < n; i++) {
		unsigned long c = (unsigned long)s[i];

		bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 :
		         c <= 0x10FFFF ? 4 : 3;
	}
	return bytes;
}

/* Replaces [from, to) with the UTF-8 word s (plus a space if asked). */
static void
replace_word(struct ui_line *l, size_t from, size_t to, const char *s,
             int add_space)
{
	wchar_t *w = ui_width_from_utf8(s);

	buf_replace(l, from, to, w, wcslen(w));
	free(w);
	if (add_space) {
		if (l->ed.cur < l->ed.len && l->ed.buf[l->ed.cur] == L' ')
			l->ed.cur++;
		else
			buf_replace(l, l->ed.cur, l->ed.cur, L" ", 1);
	}
}

static void
complete_word(struct ui_line *l)
{
	size_t ws = l->ed.cur, we = l->ed.cur, n = 0, i, j, lcp;
	wchar_t *first, *other;
	char **cands;

	if (l->cands != NULL) {
		/* Tab again after an ambiguous completion: cycle. */
		replace_word(l, l->cycle_start, l->ed.cur, l->cands[l->cycle_next], 0);
		l->cycle_next = (l->cycle_next + 1) % l->ncands;
		return;
	}
	if (l->complete == NULL)
		return;
	while (ws > 0 && l->ed.buf[ws - 1] != L' ')
		ws--;
	while (we < l->ed.len && l->ed.buf[we] != L' ')
		we++;
	cands = l->complete(l->complete_arg, ui_line_text(l),
	                    utf8_length(l->ed.buf, ws));
	if (cands == NULL)
		return;
	/* Drop adjacent duplicates (completers give sorted lists). */
	for (i = 0; cands[i] != NULL; i++) {
		if (n > 0 && strcmp(cands[n - 1], cands[i]) == 0)
			free(cands[i]);
		else
			cands[n++] = cands[i];
	}
	cands[n] = NULL;
	if (n == 0) {
		free(cands);
		return;
	}
	if (n == 1) {
		replace_word(l, ws, we, cands[0], 1);
		free(cands[0]);
		free(cands);
		return;
	}
	/* Longest common prefix, in characters so that a Chinese character
	 * is never cut in half. */
	first = ui_width_from_utf8(cands[0]);
	lcp = wcslen(first);
	for (i = 1; i < n && lcp > 0; i++) {
		other = ui_width_from_utf8(cands[i]);
		for (j = 0; j < lcp && other[j] == first[j]; j++)
			;
		lcp = j;
		free(other);
	}
	/* A completer may match inside names; a prefix shorter than what was
	 * typed would throw the user's text away, so keep the word then. */
	if (lcp >= we - ws)
		buf_replace(l, ws, we, first, lcp);
	else
		l->ed.cur = we;
	free(first);
	l->cands = cands;
	l->ncands = n;
	l->cycle_start = ws;
	l->cycle_next = 0;
}

/* ---- keys ------------------------------------------------------------------- */

enum ui_line_result
ui_line_do(struct ui_line *l, enum edit_op op)
{
	/* Any key but Tab ends a completion: its candidates are stale. */
	if (op != EDIT_COMPLETE)
		clear_candidates(l);
	switch (op) {
	case EDIT_HIST_PREV:
		history_older(l);
		break;
	case EDIT_HIST_NEXT:
		history_newer(l);
		break;
	case EDIT_COMPLETE:
		complete_word(l);
		break;
	case EDIT_ENTER:
		history_add_current(l);
		end_history_walk(l);
		return UI_LINE_DONE;
	case EDIT_CANCEL:
		end_history_walk(l);
		return UI_LINE_CANCEL;
	default:
		/* The shared ops; a field's (new line, next field) do nothing. */
		edit_core_do(&l->ed, op);
		break;
	}
	return UI_LINE_EDITING;
}

void
ui_line_insert(struct ui_line *l, wint_t ch)
{
	clear_candidates(l);
	if (edit_core_printable(ch))
		edit_core_insert(&l->ed, (wchar_t)ch);
}

enum ui_line_result
ui_line_key(struct ui_line *l, bool is_key, wint_t ch)
{
	enum edit_op op = edit_core_default_op("line", ui_keys_from_curses(is_key, ch));

	if (op != EDIT_NONE)
		return ui_line_do(l, op);
	/* A function key that is not ours (KEY_RESIZE, F-keys...) changes
	 * nothing, not even the candidate list being shown. */
	if (!is_key)
		ui_line_insert(l, ch);
	return UI_LINE_EDITING;
}

/* ---- layout ----------------------------------------------------------------- */

/* Character i of prompt+buffer. */
static wchar_t
char_at(const struct ui_line *l, size_t plen, size_t i)
{
	return i < plen ? l->prompt[i] : l->ed.buf[i - plen];
}

/* Columns of characters [from, to) of prompt+buffer. */
static int
span_width(const struct ui_line *l, size_t plen, size_t from, size_t to)
{
	int w = 0;

	for (; from < to; from++)
		w += ui_width_wchar(char_at(l, plen, from));
	return w;
}

/* Whether everything from character `first` on, and the cursor cell (cw
 * columns; a cursor at the end needs a column after the text), fits. */
static int
view_fits(const struct ui_line *l, size_t plen, size_t first, int cw, int cols)
{
	size_t total = plen + l->ed.len, cpos = plen + l->ed.cur;
	int text = span_width(l, plen, first, total);
	int cursor_end = span_width(l, plen, first, cpos) + cw;

	return text <= cols && cursor_end <= cols;
}

int
ui_line_visible(struct ui_line *l, int cols, wchar_t *out, size_t outcap,
                int *cursor_col)
{
	size_t plen = wcslen(l->prompt), total = plen + l->ed.len;
	size_t cpos = plen + l->ed.cur, first = l->first, i, o = 0;
	int cw = l->ed.cur == l->ed.len ? 1 : ui_width_wchar(l->ed.buf[l->ed.cur]);
	int col = 0;

	if (cursor_col != NULL)
		*cursor_col = 0;
	if (out == NULL || outcap == 0)
		return 0;
	out[0] = L'\0';
	if (cols <= 0)
		return 0;
	if (cw < 1)
		cw = 1;

	if (view_fits(l, plen, 0, cw, cols)) {
		first = 0;
	} else {
		if (first > cpos) {
			/* Scrolling back: show a third of the width before
			 * the cursor, not just the cursor at the left edge. */
			first = cpos;
			while (first > 0 &&
			       span_width(l, plen, first - 1, cpos) + cw <= cols / 3)
				first--;
		}
		while (first < cpos && span_width(l, plen, first, cpos) + cw > cols)
			first++;
		/* Text deleted at the end: pull the view back to stay full. */
		while (first > 0 && view_fits(l, plen, first - 1, cw, cols))
			first--;
	}
	l->first = first;

	for (i = first; i < total; i++) {
		wchar_t c = char_at(l, plen, i);
		int w = ui_width_wchar(c);
		char esc[WIDTH_ESCAPE_SIZE];

		/* A wide character that would straddle the edge is left out
		 * whole; the padding below fills its column. */
		if (col + w > cols || o + 1 >= outcap)
			break;
		if (width_escape((uint32_t)c, esc) > 0) {
			/* shown as its escape, w columns of ASCII */
			size_t k;

			for (k = 0; esc[k] && o + 1 < outcap; k++)
				out[o++] = (wchar_t)esc[k];
			col += w;
			continue;
		}
		if (wcwidth(c) < 0)
			c = L'?';
		out[o++] = c;
		col += w;
	}
	while (col < cols && o + 1 < outcap) {
		out[o++] = L' ';
		col++;
	}
	out[o] = L'\0';
	if (cursor_col != NULL)
		*cursor_col = span_width(l, plen, first, cpos);
	return col;
}
