/*
 * The public header stands alone: <govdx.h> is included here first, with
 * nothing but include/ on the include path (no config.h, no private header
 * of backend-client/, no common/), as a program using the installed
 * library would.  Compiling is the test; running it says so in TAP.
 */
#include <govdx.h>

#include <stdio.h>

int main(void)
{
	struct govdx_error err = { 0 };

	puts("1..1");
	printf("ok 1 - <govdx.h> compiles alone (error kind %s)\n",
	       govdx_error_kind_name(err.kind));
	return 0;
}
