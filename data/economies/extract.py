#!/usr/bin/env python3
# Cuts the columns the economy tables need out of the published files and
# writes them as tab-separated text: data/economies/*.tsv for the build and
# tests/data/economy-names/*.tsv for the coverage test. Run by hand when a
# source is updated, never by the build:
#     python3 data/economies/extract.py DATA-DIR
# DATA-DIR holds the files as published, in the folders that README.md names.
# Names are copied byte for byte (after decoding): their quirks are the point.
import collections
import csv
import glob
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
tests = os.path.join(top, "tests", "data", "economy-names")


def records(path, skip=0):
	# utf-8-sig drops the byte order mark of the API downloads.
	with open(path, encoding="utf-8-sig", newline="") as f:
		rows = list(csv.reader(f))
	return rows[skip:]


def dicts(path, skip=0):
	rows = records(path, skip)
	return [dict(zip(rows[0], r)) for r in rows[1:]]


def clean(s):
	# A field that carried a tab or a line break would break the format;
	# none of the names does, and this says so if one ever does.
	if "\t" in s or "\n" in s or "\r" in s:
		sys.exit("extract: a tab or line break in %r" % s)
	return s.strip()


def write(path, comment, header, rows):
	with open(path, "w", encoding="utf-8", newline="\n") as f:
		for line in comment:
			f.write("# " + line + "\n")
		f.write("\t".join(header) + "\n")
		for r in rows:
			f.write("\t".join(clean(x) for x in r) + "\n")


def main():
	if len(sys.argv) != 2:
		sys.exit("usage: extract.py DATA-DIR")
	d = sys.argv[1]
	dl = os.path.join(d, "downloads")

	# World Bank economy lists: an aggregate is a row with an empty Region.
	cols = ["code", "alpha2", "wb2", "aggregate", "short", "table", "long"]
	for name, path in (("wb-wdicountry-2026.tsv", "wb_wdicountry_2026_roman.csv"),
	    ("wb-wdicountry-2019.tsv", "extra/wb_wdicountry_2019_korenmiklos.csv")):
		rows = []
		for r in dicts(os.path.join(dl, path)):
			rows.append([r["Country Code"], r["2-alpha code"], r["WB-2 code"],
			    "1" if r["Region"] == "" else "0",
			    r["Short Name"], r["Table Name"], r["Long Name"]])
		write(os.path.join(here, name), ["from " + path], cols, rows)

	seen = {}
	for path in sorted(glob.glob(os.path.join(dl, "wb_metadata_country_*.csv"))):
		for r in dicts(path):
			key = (r["Country Code"], r["TableName"])
			seen.setdefault(key, "1" if r["Region"] == "" else "0")
	write(os.path.join(here, "wb-metadata-country.tsv"),
	    ["from wb_metadata_country_*.csv, duplicates removed"],
	    ["code", "aggregate", "table"],
	    [[c, a, n] for (c, n), a in sorted(seen.items())])

	pairs = set()
	for path in glob.glob(os.path.join(d, "world-bank-wdi-2013", "*.csv")):
		for r in dicts(path):
			pairs.add((r["Country Code"], r["Country Name"]))
	write(os.path.join(here, "wb-wdi-2013.tsv"),
	    ["from world-bank-wdi-2013/*.csv (Country Code, Country Name)"],
	    ["code", "name"], sorted(pairs))

	# LPI edition tables that carry a code beside the name: the name is
	# then a spelling of the economy that the code gives.
	pairs = set()
	for ed, path, skip in (("2007", "downloads/lpi_2007_sheet_aperezace20_fromxlsx.csv", 2),
	    ("2018", "downloads/lpi_2018_sheet_aperezace20_fromxlsx.csv", 2),
	    ("2010-2016", "lpi-2010-2016/lpi.csv", 0)):
		for r in dicts(os.path.join(d, path), skip):
			pairs.add((r["Code"], r["Country"], ed))
	write(os.path.join(here, "lpi-codes.tsv"),
	    ["from the LPI edition tables with a Code column"],
	    ["code", "name", "edition"], sorted(pairs))

	pairs = set()
	for path in ("unctad_lsci_quarterly_hkbharti77.csv",
	    "unctad_container_port_throughput_etorresram.csv",
	    "unctad_portcalls_annual_tentu.csv",
	    "extra/unctad_portcalls_arrivals_tentu.csv"):
		for r in dicts(os.path.join(dl, path)):
			pairs.add((r["Economy"], r["Economy Label"]))
	write(os.path.join(here, "unctad-economies.tsv"),
	    ["from the UNCTADstat files (Economy, Economy Label)"],
	    ["code", "label"], sorted(pairs))

	# The coverage test's inputs: every distinct (code, name) of a file
	# with the number of its rows, so that the share of rows can be told.
	for out, path, skip, code, name in (
	    ("lpi-2007.tsv", "downloads/lpi_2007_sheet_aperezace20_fromxlsx.csv", 2, "Code", "Country"),
	    ("lpi-2018.tsv", "downloads/lpi_2018_sheet_aperezace20_fromxlsx.csv", 2, "Code", "Country"),
	    ("lpi-2023.tsv", "downloads/lpi_2023_economy_sbalkunde.csv", 0, None, "Economy"),
	    ("lpi-2010-2016.tsv", "lpi-2010-2016/lpi.csv", 0, "Code", "Country"),
	    ("lpi-api.tsv", "lpi-latest/worldbank_lpi_simple.csv", 0, "country_id", "country_name"),
	    ("unctad-lsci.tsv", "downloads/unctad_lsci_quarterly_hkbharti77.csv", 0, "Economy", "Economy Label"),
	    ("unctad-teu.tsv", "downloads/unctad_container_port_throughput_etorresram.csv", 0, "Economy", "Economy Label"),
	    ("unctad-portcalls.tsv", "downloads/unctad_portcalls_annual_tentu.csv", 0, "Economy", "Economy Label")):
		n = collections.Counter()
		for r in dicts(os.path.join(d, path), skip):
			n[(r[code] if code else "", r[name])] += 1
		write(os.path.join(tests, out), ["from " + path],
		    ["rows", "code", "name"],
		    [[str(c), k[0], k[1]] for k, c in sorted(n.items())])


main()
