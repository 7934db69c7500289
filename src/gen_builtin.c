/*
 * Build-time generator: turns the rule files named on the command line into
 * a C source file holding their bytes, so the program carries its default
 * rules. Usage: gen-builtin SRCDIR FILE... > builtin_rules.c
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
emit(const char *srcdir, const char *name, size_t idx)
{
	char path[4096];
	FILE *fp;
	int c;
	size_t n = 0;

	if (snprintf(path, sizeof(path), "%s/%s", srcdir, name) >= (int)sizeof(path)) {
		fprintf(stderr, "gen-builtin: path too long: %s\n", name);
		return -1;
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "gen-builtin: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	printf("static const char rule_text_%zu[] = {\n", idx);
	while ((c = getc(fp)) != EOF) {
		printf("%d,", c);
		if (++n % 20 == 0)
			putchar('\n');
	}
	printf("0};\n");
	if (ferror(fp)) {
		fprintf(stderr, "gen-builtin: read error on '%s'\n", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

int
main(int argc, char **argv)
{
	/* The array's name: builtin_rules, or another with --name (the maps). */
	const char *array = "builtin_rules";

	if (argc >= 3 && strcmp(argv[1], "--name") == 0) {
		array = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fputs("usage: gen-builtin [--name ARRAY] SRCDIR FILE...\n", stderr);
		return 2;
	}
	printf("/* Generated from data files by gen-builtin; do not edit. */\n");
	printf("#include \"config.h\"\n#include \"rulebook.h\"\n\n");
	for (int i = 2; i < argc; i++)
		if (emit(argv[1], argv[i], (size_t)(i - 2)) != 0)
			return 1;
	printf("\nextern const struct rule_source %s[];\n", array);
	printf("extern const size_t %s_count;\n", array);
	printf("\nconst struct rule_source %s[] = {\n", array);
	for (int i = 2; i < argc; i++)
		printf("\t{\"%s\", rule_text_%d, sizeof(rule_text_%d) - 1},\n",
		    argv[i], i - 2, i - 2);
	printf("};\nconst size_t %s_count = %d;\n", array, argc - 2);
	if (fflush(stdout) != 0 || ferror(stdout))
		return 1;
	return 0;
}
