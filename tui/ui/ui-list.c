/*
 * ui-list — list cursor arithmetic and filtering (see ui-list.h).
 */
#include "config.h"

#include <string.h>

#include "ui-list.h"

void ui_list_fix(struct ui_list *l, int height)
{
	if (height < 1)
		height = 1;
	l->height = height;
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (l->top > l->cur)
		l->top = l->cur;
	if (l->cur >= l->top + height)
		l->top = l->cur - height + 1;
	if (l->top > l->n - height)
		l->top = l->n - height;
	if (l->top < 0)
		l->top = 0;
}

bool ui_list_request(struct ui_list *l, enum view_req req)
{
	int page = l->height > 1 ? l->height - 1 : 1;

	switch (req) {
	case REQ_UP:
		l->cur--;
		break;
	case REQ_DOWN:
		l->cur++;
		break;
	case REQ_PAGE_UP:
		l->cur -= page;
		l->top -= page;
		break;
	case REQ_PAGE_DOWN:
		l->cur += page;
		l->top += page;
		break;
	case REQ_TOP:
		l->cur = 0;
		break;
	case REQ_BOTTOM:
		l->cur = l->n - 1;
		break;
	default:
		return false;
	}
	ui_list_fix(l, l->height);
	return true;
}

bool ui_list_match(const char *filter, const char *a, const char *b)
{
	if (!filter || !*filter)
		return true;
	return (a && strcasestr(a, filter)) || (b && strcasestr(b, filter));
}
