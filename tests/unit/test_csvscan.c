/*
 * The record scanner's fast path for plain lines against libcsv alone, on
 * a fixed corpus (what the fuzz target fuzz_scan does on any bytes): each
 * input is scanned both ways, whole and in pieces of several sizes, and
 * the records, fields, lines and diagnostics must be the same. A few
 * inputs are also checked against the records they must give, so that
 * agreement cannot come from both ways reading nothing.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/scan_diff.h"

struct input {
	const char *name;
	const char *data;
	size_t len;             /* 0: strlen(data) */
};

#define IN(name, s) { name, s, sizeof(s) - 1 }

static const struct input corpus[] = {
	IN("plain", "entity,indicator,value\nDEU,a,1\nFRA,b,2\n"),
	IN("no final line feed", "a,b,c\n1,2,3"),
	IN("empty fields", ",,\n,\n\n1,,3\n"),
	IN("blanks", "  a ,\tb\t, c  \n   \n \t \n x , y \n"),
	IN("lines of blanks and commas", " , , \n,\n a\n"),
	IN("crlf", "a,b\r\n1,2\r\n\r\n3,4\r\n"),
	IN("bare cr", "a,b\r1,2\n3\r\r4\n"),
	IN("cr before blanks", "a,b \r \n1\r\n"),
	IN("quoted", "\"a\",\"b,c\",\"d\"\"e\"\n\"\",x\n"),
	IN("quoted with line feeds", "a,\"b\nc\nd\",e\nf,g\n"),
	IN("quoted crlf", "\"x\r\ny\"\r\n1,2\r\n"),
	IN("blanks around quotes", "  \"a\"  ,b\n\"c\" ,\"d\"\t\n"),
	IN("quote inside an unquoted field", "a,b\"c,d\ne,f\n"),
	IN("text after a closing quote", "\"a\"b,c\nd\n"),
	IN("quote after a closing quote and blanks", "\"a\"  \",c\nd\n"),
	IN("unterminated", "a,b\n\"c,d\ne\n"),
	{ "nul", "a,b\n1,\0002\n3,4\n", 13 },
	{ "nul first", "\0a,b\n", 5 },
	IN("utf-8", "caf\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80\n\xc3\xa9\xc3\xa9,x\n"),
	IN("high bytes not utf-8", "a,\xe9t\xe9\nb,c\n"),
	IN("overlong utf-8", "a,\xc0\xaf\n"),
	IN("high bytes in quotes", "\"\xc3\xa9\",\"\xff\"\n"),
	IN("many fields", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z\n"),
	IN("fields across words", "abcdefghijklmnop,qrstuvwxyz012345,6789abcdefghijklm\n"
	    "abcdefg,hijklmnopq,rstuvwxyz0123456789,,x\n"),
	IN("only a line feed", "\n"),
	IN("empty", ""),
	IN("tab and quote", "\t\"a\"\t,\t\n"),
};

/* The input with a long field (longer than any block the fast path reads). */
static char *
long_input(size_t *len)
{
	size_t n = 70000;
	char *s = malloc(2 * n + 64);

	assert_non_null(s);
	memcpy(s, "a,", 2);
	memset(s + 2, 'x', n);
	memcpy(s + 2 + n, ",b\n\"", 4);
	memset(s + 6 + n, 'y', n);
	memcpy(s + 6 + 2 * n, "\",c\n", 4);
	*len = 10 + 2 * n;
	return s;
}

static void
expect_agree(const char *name, const char *data, size_t len)
{
	static const size_t pieces[] = { 0, 1, 2, 3, 7, 16, 17, 64 };

	for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
		char *fast = NULL, *ref = NULL;

		if (!scan_agree(data, len, pieces[k], &fast, &ref)) {
			fprintf(stderr, "%s, pieces of %zu bytes:\n--- fast path:\n%s"
			    "--- libcsv:\n%s", name, pieces[k], fast, ref);
			free(fast);
			free(ref);
			fail();
		}
	}
}

static void
test_corpus_agrees(void **state)
{
	size_t len;
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		expect_agree(corpus[i].name, corpus[i].data, corpus[i].len);
	s = long_input(&len);
	expect_agree("long fields", s, len);
	free(s);
}

/* Both ways give these records, not merely the same ones. */
static void
test_records_are_right(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ " a ,\"b,c\"\r\n\n \n1,\"x\ny\"\n",
		  "record at 1, 2 fields: [1 1 a] [1 3 b,c]\n"
		  "record at 4, 2 fields: [4 1 1] [4 3 x\ny]\n"
		  "ended at line 6\n" },
		{ "a,b\"c\nd\n",
		  "a record did not parse\n"
		  "record at 2, 1 fields: [2 1 d]\n"
		  "diagnostic 0 at 1:2: a quote inside an unquoted field (quote the "
		  "whole field and double the quote): error parsing data while strict "
		  "checking enabled\n"
		  "ended at line 3\n" },
		{ "x,\"a\"   \"\nd\n",
		  "a record did not parse\n"
		  "record at 2, 1 fields: [2 1 d]\n"
		  "diagnostic 0 at 1:2: text after the closing quote of a field (double "
		  "a quote inside a quoted field): error parsing data while strict "
		  "checking enabled\n"
		  "ended at line 3\n" },
		{ "x,a   \"\nd\n",
		  "a record did not parse\n"
		  "record at 2, 1 fields: [2 1 d]\n"
		  "diagnostic 0 at 1:2: a quote inside an unquoted field (quote the "
		  "whole field and double the quote): error parsing data while strict "
		  "checking enabled\n"
		  "ended at line 3\n" },
		{ "\"a\"  \"\nd\n",
		  "a record did not parse\n"
		  "record at 2, 1 fields: [2 1 d]\n"
		  "diagnostic 0 at 1:1: text after the closing quote of a field (double "
		  "a quote inside a quoted field): error parsing data while strict "
		  "checking enabled\n"
		  "ended at line 3\n" },
	};

	/* In pieces too: the hint must not depend on where a piece ends. */
	static const size_t pieces[] = { 0, 1, 2, 3, 5 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
			for (int plain = 0; plain <= 1; plain++) {
				char *log = scan_log_run(cases[i].in, strlen(cases[i].in),
				    pieces[k], plain);

				if (strcmp(log, cases[i].want) != 0)
					fprintf(stderr, "case %zu, pieces of %zu, plain %d:\n%s",
					    i, pieces[k], plain, log);
				assert_string_equal(log, cases[i].want);
				free(log);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_agrees),
		cmocka_unit_test(test_records_are_right),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
