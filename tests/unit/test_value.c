/*
 * Unit tests of value parsing: decimal numbers without locale guessing,
 * missing markers and booleans.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>

#include "value.h"

static enum numparse
num(const char *s, bool pct, double *out)
{
	*out = -12345;
	return value_parse_number(s, strlen(s), pct, out);
}

static void
test_numbers_exact(void **state)
{
	double v;

	(void)state;
	assert_int_equal(num("0.1", false, &v), NUM_OK);
	assert_true(v == 0.1);
	assert_int_equal(num("0.3", false, &v), NUM_OK);
	assert_true(v == 0.3);
	assert_int_equal(num("2.7", false, &v), NUM_OK);
	assert_true(v == 2.7);
	assert_int_equal(num("123456.789", false, &v), NUM_OK);
	assert_true(v == 123456.789);
	assert_int_equal(num("-2.50", false, &v), NUM_OK);
	assert_true(v == -2.5);
	assert_int_equal(num("+4", false, &v), NUM_OK);
	assert_true(v == 4);
	assert_int_equal(num("  7 ", false, &v), NUM_OK);
	assert_true(v == 7);
	assert_int_equal(num("\t3.25\r", false, &v), NUM_OK);
	assert_true(v == 3.25);
	assert_int_equal(num("0", false, &v), NUM_OK);
	assert_true(v == 0);
	assert_int_equal(num(".5", false, &v), NUM_OK);
	assert_true(v == 0.5);
	assert_int_equal(num("5.", false, &v), NUM_OK);
	assert_true(v == 5);
}

static void
test_numbers_exponent_and_long(void **state)
{
	double v;

	(void)state;
	assert_int_equal(num("1e3", false, &v), NUM_OK);
	assert_true(v == 1000);
	assert_int_equal(num("1.5E-2", false, &v), NUM_OK);
	assert_true(v == 0.015);
	assert_int_equal(num("-2e+2", false, &v), NUM_OK);
	assert_true(v == -200);
	assert_int_equal(num("55739422.457", false, &v), NUM_OK);
	assert_true(v == 55739422.457);
	assert_int_equal(num("2.61818181818182", false, &v), NUM_OK);
	assert_true(v == 2.61818181818182);
	assert_int_equal(num("12345678901234567890", false, &v), NUM_OK);
	assert_true(v == 12345678901234567890.0);
}

static void
test_numbers_percent(void **state)
{
	double v;

	(void)state;
	assert_int_equal(num("5%", true, &v), NUM_OK);
	assert_true(v == 5);
	assert_int_equal(num(" 12.5 % ", true, &v), NUM_OK);
	assert_true(v == 12.5);
	assert_int_equal(num("5%", false, &v), NUM_PERCENT);
	assert_int_equal(num("%", true, &v), NUM_BAD);
}

static void
test_numbers_rejected(void **state)
{
	double v;

	(void)state;
	assert_int_equal(num("1,234", false, &v), NUM_THOUSANDS);
	assert_int_equal(num("1,5", false, &v), NUM_THOUSANDS);
	assert_int_equal(num("1.234,5", false, &v), NUM_THOUSANDS);
	assert_int_equal(num("-12,000,000", false, &v), NUM_THOUSANDS);
	assert_int_equal(num("0x10", false, &v), NUM_BAD);
	assert_int_equal(num("inf", false, &v), NUM_BAD);
	assert_int_equal(num("-Infinity", false, &v), NUM_BAD);
	assert_int_equal(num("nan", false, &v), NUM_BAD);
	assert_int_equal(num("", false, &v), NUM_BAD);
	assert_int_equal(num("   ", false, &v), NUM_BAD);
	assert_int_equal(num("abc", false, &v), NUM_BAD);
	assert_int_equal(num("3 4", false, &v), NUM_BAD);
	assert_int_equal(num("1e", false, &v), NUM_BAD);
	assert_int_equal(num("e5", false, &v), NUM_BAD);
	assert_int_equal(num("-", false, &v), NUM_BAD);
	assert_int_equal(num(".", false, &v), NUM_BAD);
	assert_int_equal(num("4.2 days", false, &v), NUM_BAD);
	/* The value is left alone on failure. */
	assert_true(v == -12345);
}

/* A valid decimal has its value however many digits it is written with. */
static void
test_numbers_any_length(void **state)
{
	char buf[512], tail[600];
	double v;

	(void)state;
	assert_int_equal(num("3.14159265358979323846264338327950288419716939937510"
	    "58209749445923078164062862089986", false, &v), NUM_OK);
	assert_true(v == 3.141592653589793);
	assert_int_equal(num("0.100000000000000000000000000000000000000000000000000"
	    "00000000000000000001", false, &v), NUM_OK);
	assert_true(v == 0.1);
	/* 400 leading zeros, then 42. */
	memset(buf, '0', 400);
	snprintf(buf + 400, sizeof(buf) - 400, "42");
	assert_int_equal(num(buf, false, &v), NUM_OK);
	assert_true(v == 42);
	/* 1 and 300 zeros. */
	buf[0] = '1';
	memset(buf + 1, '0', 300);
	buf[301] = '\0';
	assert_int_equal(num(buf, false, &v), NUM_OK);
	assert_true(v == 1e300);
	/* Long, percent, and not terminated where it ends: the 9s are not read. */
	snprintf(tail, sizeof(tail), " 12.5%0100d %%99999", 0);
	assert_int_equal(value_parse_number(tail, strlen(tail) - 5, true, &v), NUM_OK);
	assert_true(v == 12.5);
	assert_int_equal(value_parse_number(tail, strlen(tail) - 5, false, &v), NUM_PERCENT);
	/* Far below the smallest double: the nearest double, zero. */
	assert_int_equal(num("1e-400", false, &v), NUM_OK);
	assert_true(v == 0);
	assert_int_equal(num("4.9406564584124654e-324", false, &v), NUM_OK);
	assert_true(v > 0);
	assert_int_equal(num("1.7976931348623157e308", false, &v), NUM_OK);
	assert_true(v == 1.7976931348623157e308);
}

/* A valid decimal beyond the largest double is out of range, not garbage. */
static void
test_numbers_out_of_range(void **state)
{
	char buf[512];
	double v;

	(void)state;
	assert_int_equal(num("1e999", false, &v), NUM_RANGE);
	assert_int_equal(num("-1e400", false, &v), NUM_RANGE);
	assert_int_equal(num("1.8e308", false, &v), NUM_RANGE);
	assert_int_equal(num("1e99999999999999999999", false, &v), NUM_RANGE);
	assert_int_equal(num("1e400%", true, &v), NUM_RANGE);
	buf[0] = '9';
	memset(buf + 1, '0', 400);
	buf[401] = '\0';
	assert_int_equal(num(buf, false, &v), NUM_RANGE);
	/* The value is left alone. */
	assert_true(v == -12345);
}

static void
test_numbers_not_nul_terminated(void **state)
{
	double v;
	const char buf[] = "3.59999";

	(void)state;
	assert_int_equal(value_parse_number(buf, 3, false, &v), NUM_OK);
	assert_true(v == 3.5);
}

static void
test_missing(void **state)
{
	static const char *const yes[] = { "", " ", "\t", "NA", "na", "N/A", "n/a",
		"..", " .. ", " NA " };
	static const char *const no[] = { "0", "-", ".", "...", "NAN", "none",
		"N.A.", "null" };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(value_is_missing(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(value_is_missing(no[i], strlen(no[i])));
}

static void
test_booleans(void **state)
{
	static const char *const t[] = { "yes", "YES", " True ", "true", "Yes" };
	static const char *const f[] = { "no", "NO", "false", " False\t" };
	static const char *const bad[] = { "", "y", "n", "1", "0", "maybe", "yess",
		"on", "off" };
	bool b;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b = false;
		assert_int_equal(value_parse_bool(t[i], strlen(t[i]), &b), 0);
		assert_true(b);
	}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		b = true;
		assert_int_equal(value_parse_bool(f[i], strlen(f[i]), &b), 0);
		assert_false(b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(value_parse_bool(bad[i], strlen(bad[i]), &b), -1);
}

static void
test_trim_and_format(void **state)
{
	const char *s = "  a b \r\n";
	size_t len = strlen(s);
	char buf[32];

	(void)state;
	value_trim(&s, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a b", 3);
	value_format_num(3.1, buf, sizeof(buf));
	assert_string_equal(buf, "3.1");
	value_format_num(-0.0, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	value_format_num(1e12, buf, sizeof(buf));
	assert_string_equal(buf, "1e+12");
	value_format_num(0.1 + 0.2, buf, sizeof(buf));
	assert_string_equal(buf, "0.3");
}

static void
test_types(void **state)
{
	(void)state;
	assert_string_equal(ind_type_names[IT_PERCENT], "percent");
	assert_null(ind_type_names[IT_TEXT + 1]);
	assert_true(ind_type_is_numeric(IT_COUNT));
	assert_false(ind_type_is_numeric(IT_BOOLEAN));
	assert_false(ind_type_is_numeric(IT_TEXT));
}

/*
 * value_format_g15 either declines or writes exactly what printf's "%.15g"
 * writes: checked on edge values, on a million short decimals of every
 * scale, on a million doubles spread over its range and on a million
 * arbitrary bit patterns. In range it declines only exact ties.
 */
static size_t g15_declined;

static void
check_g15(double v, bool must_handle)
{
	char want[64], got[32];
	size_t n = value_format_g15(v, got);

	snprintf(want, sizeof(want), "%.15g", v);
	if (n == 0) {
		char exact[128], *p;

		if (!must_handle)
			return;
		/* Declined in range: v must lie exactly halfway at the 15th digit. */
		snprintf(exact, sizeof(exact), "%.80e", v < 0 ? -v : v);
		memmove(exact + 1, exact + 2, strlen(exact + 2) + 1);  /* drop the point */
		p = strchr(exact, 'e');
		assert_non_null(p);
		*p = '\0';
		if (exact[15] != '5' || strspn(exact + 16, "0") != strlen(exact + 16))
			fail_msg("declined %.17g, which is not a tie (%s)", v, exact);
		g15_declined++;
		return;
	}
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("%.17g: got '%s', %%.15g gives '%s'", v, got, want);
}

static uint64_t
xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
test_format_g15(void **state)
{
	static const double edges[] = {
		1e-4, 0.000123, 0.1, 0.2, 0.3, 0.1 + 0.2, 1, 1.5, 2.675, 10, 100.25,
		3.14159, 123456789.123456, 999999999999999, 1e14, 12345678901234.5,
		-0.5, -42, -1e-4, 5e-5, 1e15, 1e16, 1.0 / 3, 2.0 / 3, 1e300,
		4.35, 0.0001, 9.999999999, 1234.5678, 7.0e-4, 3.28 - 2.7,
		999999999999999.9, 99999999999999.99, 0.00099999999999999999,
		9.9999999999999995e-5, 0.5799999999999996, 1e-4 * 3, 0.125,
		2.5e-4, 123456789012345.5, 0.30000000000000004,
	};
	static const double scale[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	uint64_t x = 88172645463325252u;

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_g15(edges[i], false);
	g15_declined = 0;
	check_g15(2.5, true);
	check_g15(-0.25, true);
	check_g15(0.001, true);
	check_g15(123456789012345, true);
	check_g15(0.5799999999999996, true);
	check_g15(1.0 / 3, true);
	assert_int_equal(g15_declined, 0);
	assert_int_equal(value_format_g15(0.0, (char[32]){0}), 0);
	assert_int_equal(value_format_g15(1e15, (char[32]){0}), 0);
	assert_int_equal(value_format_g15(5e-5, (char[32]){0}), 0);
	for (int i = 0; i < 1000000; i++) {
		uint64_t y = xorshift(&x);
		int64_t m = (int64_t)((y >> 8) % 1000000000000000u);
		double v;

		/* A short decimal of up to 15 digits, 0 to 9 after the point. */
		if (y & 0x80)
			m = (int64_t)((y >> 8) % 100000);
		if (y & 0x40)
			m = -m;
		v = (double)m / scale[y % 10];
		check_g15(v, (v < 0 ? -v : v) >= 1e-4);
		/* A double anywhere in range, with all of its bits. */
		v = ldexp((double)(xorshift(&x) >> 11) / 9007199254740992.0 + 1,
		    (int)(xorshift(&x) % 63) - 13);
		check_g15(v, v >= 1e-4 && v < 1e15);
		/* Any bit pattern. */
		memcpy(&v, &y, sizeof(v));
		if (v == v)
			check_g15(v, false);
	}
	/* Exact ties are rare among values of real reports; here under 1 %. */
	assert_true(g15_declined < 20000);
}

/* Whole numbers in decimal, to both ends of long long. */
static void
test_format_int(void **state)
{
	static const long long vs[] = { 0, 7, -7, 2024, -10, LLONG_MAX, LLONG_MIN };
	char a[32], b[32];

	(void)state;
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		size_t n = value_format_int(vs[i], a);

		a[n] = '\0';
		snprintf(b, sizeof(b), "%lld", vs[i]);
		assert_string_equal(a, b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_exact),
		cmocka_unit_test(test_numbers_exponent_and_long),
		cmocka_unit_test(test_numbers_percent),
		cmocka_unit_test(test_numbers_rejected),
		cmocka_unit_test(test_numbers_any_length),
		cmocka_unit_test(test_numbers_out_of_range),
		cmocka_unit_test(test_numbers_not_nul_terminated),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_trim_and_format),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_format_g15),
		cmocka_unit_test(test_format_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
