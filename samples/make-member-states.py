#!/usr/bin/env python3
"""Build samples/member-states.csv from real World Bank data.

The sample is a self-report in the LONG layout (one observation per row) for
eight economies: the seven that proposed or supported the Hangzhou Initiative
(Argentina, Chile, China, Cuba, Indonesia, Pakistan, Serbia) and Germany as a
high-scoring point of comparison. Every value is copied from a World Bank
file under the shared data directory (CC BY 4.0); nothing is estimated or
filled in, and indicators an economy has no value for are left out.

Sources, in the order they are read:
  1. world-bank-wdi-2013/*_WDI.csv  World Development Indicators, December
     2013 edition (mirror: ronnywang/worldbank). Years 2005-2013. For the
     Logistics Performance Index series only the 2007 edition is taken from
     here; later editions come from the two LPI files below.
  2. lpi-2010-2016/lpi.csv  LPI editions 2010, 2012, 2014, 2016 (mirror:
     bradleyboehmke/LPI-Rankings).
  3. lpi-latest/worldbank_lpi_simple.csv  the latest LPI value per economy
     from the World Bank API (mirror: PMachete2005/Supply_Chain_Optimization);
     used only when its year is after 2016 (2022 = the 2023 edition; Pakistan's
     latest is 2018). That file has no "international shipments" column.

Indicator names and units are those of rules/indicators.yaml: a World Bank
code is turned into the catalogue id whose `aliases` list it, so the sample
always agrees with the catalogue. Counts are written as integers ("6", not
"6.0"); every other value is written exactly as the source file has it.

Usage:
  samples/make-member-states.py [--data DIR] [--rules FILE] [-o FILE]

Defaults: --data ../../shared/data and --rules ../rules/indicators.yaml,
both relative to this script; output to samples/member-states.csv. The
output is deterministic (rows sorted by entity, indicator, year) and ends
every line with LF.
"""

import argparse
import csv
import glob
import io
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# The economies of the sample: ISO 3166 alpha-3 code -> alpha-2 code used by
# the lpi-latest file.
ECONOMIES = {
    "ARG": "AR",
    "CHL": "CL",
    "CHN": "CN",
    "CUB": "CU",
    "DEU": "DE",
    "IDN": "ID",
    "PAK": "PK",
    "SRB": "RS",
}

WDI_YEARS = range(2005, 2014)          # 2005 .. 2013 inclusive
LPI_FROM_WDI_YEARS = {2007}            # later editions come from the LPI files

# Column of the LPI files -> World Bank code of the same LPI dimension.
LPI_2010_2016_COLUMNS = {
    "Overall LPI Score": "LP.LPI.OVRL.XQ",
    "Customs": "LP.LPI.CUST.XQ",
    "Infrastructure": "LP.LPI.INFR.XQ",
    "International Shipments": "LP.LPI.ITRN.XQ",
    "Logistics Quality & Competence": "LP.LPI.LOGS.XQ",
    "Tracking & Tracing": "LP.LPI.TRAC.XQ",
    "Timeliness": "LP.LPI.TIME.XQ",
}
LPI_LATEST_COLUMNS = {
    "LPI_Overall": "LP.LPI.OVRL.XQ",
    "LPI_Customs": "LP.LPI.CUST.XQ",
    "LPI_Infrastructure": "LP.LPI.INFR.XQ",
    "LPI_Logistics": "LP.LPI.LOGS.XQ",
    "LPI_Tracking": "LP.LPI.TRAC.XQ",
    "LPI_Timeliness": "LP.LPI.TIME.XQ",
}

NOTE_WDI = "World Bank WDI Dec 2013 (ronnywang/worldbank mirror), CC BY 4.0"
NOTE_LPI = "World Bank LPI {} edition (bradleyboehmke/LPI-Rankings mirror), CC BY 4.0"
NOTE_LPI_LATEST = ("World Bank LPI via API, latest value "
                   "(PMachete2005/Supply_Chain_Optimization mirror), CC BY 4.0")


def load_catalogue(path):
    """Map upper-case World Bank code -> (indicator id, unit, type)."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    codes = {}
    for ind in doc["indicators"]:
        for alias in ind.get("aliases", []):
            codes[alias.upper()] = (ind["id"], ind["unit"], ind["type"])
    return codes


def missing(text):
    return text.strip() in ("", "..")


def fmt(text, typ):
    """The value as written in the source, counts as whole numbers."""
    text = text.strip()
    if typ == "count":
        number = float(text)
        if number != int(number):
            sys.exit("make-member-states: count with a fraction: %r" % text)
        return str(int(number))
    return text


def evidence_url(code):
    return "https://data.worldbank.org/indicator/" + code


def read_wdi(data, codes, rows):
    for path in sorted(glob.glob(os.path.join(data, "world-bank-wdi-2013", "*_WDI.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for rec in reader:
                if len(rec) < 4 or rec[1] not in ECONOMIES:
                    continue
                code = rec[3].upper()
                if code not in codes:
                    sys.exit("make-member-states: %s: no catalogue entry has alias %s"
                             % (path, code))
                ind, unit, typ = codes[code]
                for col, text in zip(header[4:], rec[4:]):
                    year = int(col)
                    if year not in WDI_YEARS or missing(text):
                        continue
                    if code.startswith("LP.LPI.") and year not in LPI_FROM_WDI_YEARS:
                        continue
                    rows.append((rec[1], ind, year, fmt(text, typ), unit,
                                 evidence_url(code), NOTE_WDI))


def read_lpi_2010_2016(data, codes, rows):
    path = os.path.join(data, "lpi-2010-2016", "lpi.csv")
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            if rec["Code"] not in ECONOMIES:
                continue
            year = int(rec["Year"])
            for col, code in LPI_2010_2016_COLUMNS.items():
                if missing(rec[col]):
                    continue
                ind, unit, typ = codes[code]
                rows.append((rec["Code"], ind, year, fmt(rec[col], typ), unit,
                             evidence_url(code), NOTE_LPI.format(year)))


def read_lpi_latest(data, codes, rows):
    path = os.path.join(data, "lpi-latest", "worldbank_lpi_simple.csv")
    iso3 = {v: k for k, v in ECONOMIES.items()}
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            if rec["country_id"] not in iso3:
                continue
            year = int(rec["year"])
            if year <= 2016:
                continue
            for col, code in LPI_LATEST_COLUMNS.items():
                if missing(rec[col]):
                    continue
                ind, unit, typ = codes[code]
                rows.append((iso3[rec["country_id"]], ind, year, fmt(rec[col], typ),
                             unit, evidence_url(code), NOTE_LPI_LATEST))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--rules", default=os.path.join(HERE, "..", "rules", "indicators.yaml"))
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "member-states.csv"))
    args = ap.parse_args()

    codes = load_catalogue(args.rules)
    rows = []
    read_wdi(args.data, codes, rows)
    read_lpi_2010_2016(args.data, codes, rows)
    read_lpi_latest(args.data, codes, rows)
    rows.sort(key=lambda r: (r[0], r[1], r[2]))

    seen = set()
    for r in rows:
        key = r[:3]
        if key in seen:
            sys.exit("make-member-states: two values for %s %s %d" % key)
        seen.add(key)

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["entity", "subject", "indicator", "value", "year", "unit", "evidence", "note"])
    for entity, ind, year, value, unit, evidence, note in rows:
        w.writerow([entity, "state", ind, value, year, unit, evidence, note])
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    print("make-member-states: wrote %d rows for %d economies to %s"
          % (len(rows), len({r[0] for r in rows}), args.output), file=sys.stderr)


if __name__ == "__main__":
    main()
