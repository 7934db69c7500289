/*
 * The floor of the benchmark: a bare libcsv parse of a file (read in
 * 64 KiB blocks, strict mode as the reader uses), counting fields and
 * records and nothing else. resilience-check cannot read faster than this.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

struct counts {
	size_t fields, records;
};

static void
on_field(void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	((struct counts *)arg)->fields++;
}

static void
on_record(int c, void *arg)
{
	(void)c;
	((struct counts *)arg)->records++;
}

int
main(int argc, char **argv)
{
	static char buf[64 << 10];
	struct csv_parser p;
	struct counts n = {0, 0};
	ssize_t got;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: csvfloor FILE.csv\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "csvfloor: cannot open '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
		return 1;
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		if (csv_parse(&p, buf, (size_t)got, on_field, on_record, &n) != (size_t)got) {
			fprintf(stderr, "csvfloor: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	if (got < 0 || csv_fini(&p, on_field, on_record, &n) != 0) {
		fprintf(stderr, "csvfloor: read or parse error\n");
		return 1;
	}
	csv_free(&p);
	close(fd);
	printf("%zu records, %zu fields\n", n.records, n.fields);
	return 0;
}
