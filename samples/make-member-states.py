#!/usr/bin/env python3
"""Build samples/member-states.csv from published World Bank and UNCTAD files.

The sample is a self-report in the LONG layout (one observation per row) for
eight economies: the seven that proposed or supported the Hangzhou Initiative
(Argentina, Chile, China, Cuba, Indonesia, Pakistan, Serbia) and Germany as a
high-scoring point of comparison. Every value is copied from a published
file; the only computation is the yearly mean of UNCTAD's quarterly liner
shipping connectivity index, which is how the catalogue defines the yearly
value. Nothing is estimated or filled in: a series an economy has no value
for is left out, and the rules on it report the gap.

The sample describes the year SAMPLE_YEAR (2023), the latest year that most
of the series reach. For each indicator it keeps the values that the rules
still take as current in that year: those no older than the indicator's
max_age (the smallest of the catalogue's and of any rule's on it). Older
values would only be reported as stale, and later ones (UNCTAD's 2024
quarters, some 2024 R&D figures) would move the evaluation year of a few
economies to a year that the other series do not reach yet.

Sources (see samples/README.md for their published names and mirrors):
  - World Bank, Logistics Performance Index database, DataBank export of
    the seven LPI scores, editions 2007-2023 (labelled by edition year).
  - World Bank, World Development Indicators: API downloads of
    IT.NET.USER.ZS and GB.XPD.RSDV.GD.ZS, and a DataBank export with a row
    per country and year (fixed broadband, secure internet servers,
    high-technology exports).
  - UNCTADstat: liner shipping connectivity index (quarterly), container
    port throughput (annual), port calls and performance (annual).

Every series is mapped to one catalogue indicator in SERIES below, which
also states the catalogue unit the series is in; the script stops if the
catalogue no longer has that indicator with that unit, so that a series is
never fed into an indicator of another unit or scale. Values are written
as the source has them (counts as whole numbers).

Usage:
  samples/make-member-states.py [--data DIR] [--rules DIR] [-o FILE]

Defaults: --data ../../shared/data and --rules ../rules, both relative to
this script; output to samples/member-states.csv. The output is
deterministic (rows sorted by entity, indicator, year) and ends every line
with LF.
"""

import argparse
import csv
import decimal
import glob
import io
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

SAMPLE_YEAR = 2023

# The economies of the sample: ISO 3166 alpha-3 code -> UN M49 code, which
# UNCTADstat uses instead (zero-padded to three digits).
ECONOMIES = {
    "ARG": "032",
    "CHL": "152",
    "CHN": "156",
    "CUB": "192",
    "DEU": "276",
    "IDN": "360",
    "PAK": "586",
    "SRB": "688",
}

# The published files as kept under --data (their published names and
# mirrors are listed in samples/README.md).
LPI_DATABANK = "downloads/wb_databank_lpi_giftahmed_fromxlsx.csv"
WDI_INTERNET = "downloads/wb_api_internet_IT.NET.USER.ZS_plotly.csv"
WDI_RND = "downloads/wb_api_rnd_GB.XPD.RSDV.GD.ZS_zavvnr.csv"
WDI_TIME_ROWS = "downloads/wb_databank_wdi_time_rows_hcondoriq.csv"
UNCTAD_LSCI = "downloads/unctad_lsci_quarterly_hkbharti77.csv"
UNCTAD_TEU = "downloads/unctad_container_port_throughput_etorresram.csv"
UNCTAD_CALLS = "downloads/unctad_portcalls_annual_tentu.csv"

WB_LICENCE = "CC BY 4.0"
UNCTAD_LICENCE = "UNCTADstat terms of use, reuse with attribution"

# Series -> catalogue indicator: (file, series code, indicator id, the
# catalogue unit the series is published in, note). IT.NET.USER.ZS is the
# code under which the World Bank now publishes ITU's internet users (the
# former code, IT.NET.USER.P2 "per 100 people", is the catalogue's alias);
# "% of population" is the same count per 100 inhabitants, the definition
# of the catalogue entry.
SERIES = [
    (LPI_DATABANK, "LP.LPI.OVRL.XQ", "lpi_overall", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.CUST.XQ", "lpi_customs", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.INFR.XQ", "lpi_infrastructure", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.ITRN.XQ", "lpi_intl_shipments", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.LOGS.XQ", "lpi_logistics_competence", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.TRAC.XQ", "lpi_tracking", "score 1-5", "lpi"),
    (LPI_DATABANK, "LP.LPI.TIME.XQ", "lpi_timeliness", "score 1-5", "lpi"),
    (WDI_INTERNET, "IT.NET.USER.ZS", "internet_users", "per 100 people",
     "World Bank WDI, API download IT.NET.USER.ZS (data to 2023), " + WB_LICENCE),
    (WDI_RND, "GB.XPD.RSDV.GD.ZS", "rd_expenditure_gdp", "% of GDP",
     "World Bank WDI, API download GB.XPD.RSDV.GD.ZS (updated 2026-07-13), " + WB_LICENCE),
    (WDI_TIME_ROWS, "IT.NET.BBND.P2", "fixed_broadband", "per 100 people", "wdi2022"),
    (WDI_TIME_ROWS, "IT.NET.SECR.P6", "secure_servers_per_million", "per million people",
     "wdi2022"),
    (WDI_TIME_ROWS, "TX.VAL.TECH.MF.ZS", "high_tech_exports_share",
     "% of manufactured exports", "wdi2022"),
    (WDI_TIME_ROWS, "TX.VAL.TECH.CD", "high_tech_exports_usd", "US$", "wdi2022"),
    (UNCTAD_LSCI, "US.LSCI", "liner_connectivity_unctad_2023",
     "index (average economy in Q1 2023 = 100)",
     "UNCTADstat US.LSCI, mean of the year's four quarters (quarters to 2024 Q4), "
     + UNCTAD_LICENCE),
    (UNCTAD_TEU, "US.ContPortThroughput", "container_port_traffic_teu", "TEU",
     "UNCTADstat US.ContPortThroughput (annual, data to 2023), " + UNCTAD_LICENCE),
    (UNCTAD_CALLS, "US.PortCalls", "container_port_time_days", "days",
     "UNCTADstat US.PortCalls, container ships (annual, data to 2023), " + UNCTAD_LICENCE),
]

NOTE_LPI = "World Bank LPI {} edition, LPI database (DataBank export), " + WB_LICENCE
NOTE_WDI_2022 = "World Bank WDI, DataBank export (updated 2022-09-16), " + WB_LICENCE


class Catalogue:
    """Indicator id -> (unit, type) and the max_age that rules apply to it."""

    def __init__(self, rules_dir):
        with open(os.path.join(rules_dir, "indicators.yaml"), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        self.unit = {}
        self.type = {}
        self.max_age = {}
        for ind in doc["indicators"]:
            self.unit[ind["id"]] = ind["unit"]
            self.type[ind["id"]] = ind["type"]
            if "max_age" in ind:
                self.max_age[ind["id"]] = ind["max_age"]
        for path in sorted(glob.glob(os.path.join(rules_dir, "[0-9]*.yaml"))):
            with open(path, encoding="utf-8") as f:
                for rule in yaml.safe_load(f)["rules"]:
                    ind = rule.get("indicator")
                    if ind and "max_age" in rule:
                        self.max_age[ind] = min(self.max_age.get(ind, rule["max_age"]),
                                                rule["max_age"])

    def check(self, ind, unit):
        if self.unit.get(ind) != unit:
            sys.exit("make-member-states: the catalogue's '%s' is in %r, not %r"
                     % (ind, self.unit.get(ind), unit))

    def current(self, ind, year):
        """True when a value of YEAR is current as of SAMPLE_YEAR (without
        a max_age, a value never goes stale)."""
        oldest = SAMPLE_YEAR - self.max_age[ind] if ind in self.max_age else year
        return oldest <= year <= SAMPLE_YEAR


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


def wb_evidence(code):
    return "https://data.worldbank.org/indicator/" + code


def unctad_evidence(code):
    return "https://unctadstat.unctad.org/datacentre/dataviewer/" + code


def year_of(column):
    """'2023 [YR2023]' or '2023' -> 2023, else None."""
    m = re.fullmatch(r"\s*(\d{4})(?: \[YR\d{4}\])?\s*", column)
    return int(m.group(1)) if m else None


def open_csv(path, encoding="utf-8-sig"):
    return open(path, encoding=encoding, newline="")


def read_databank_series_columns(path, codes):
    """DataBank export, one row per country and series, years as columns.

    Yields (iso3, code, year, text) for the sample's economies."""
    with open_csv(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        years = [year_of(c) for c in header]
        for rec in reader:
            if len(rec) < 4 or rec[1] not in ECONOMIES or rec[3] not in codes:
                continue
            for year, text in zip(years[4:], rec[4:]):
                if year is not None and not missing(text):
                    yield rec[1], rec[3], year, text


def read_databank_time_rows(path, codes):
    """DataBank export, one row per country and year ('Time' column), one
    column per series named 'Series Name [CODE]'; footer lines padded with
    commas."""
    with open_csv(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = {}
        for i, name in enumerate(header):
            m = re.search(r"\[([^]]+)\]\s*$", name)
            if m and m.group(1) in codes:
                cols[m.group(1)] = i
        for code in codes:
            if code not in cols:
                sys.exit("make-member-states: %s: no column for %s" % (path, code))
        for rec in reader:
            if len(rec) < 4 or rec[3] not in ECONOMIES:
                continue
            year = int(rec[0])
            for code, i in cols.items():
                if not missing(rec[i]):
                    yield rec[3], code, year, rec[i]


def read_wb_api(path, codes):
    """World Bank API download (API_<CODE>_DS2_...csv), with or without its
    four preamble lines, with or without a trailing comma on every line."""
    with open_csv(path) as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if r[:2] == ["Country Name", "Country Code"])
    header = rows[start]
    years = [year_of(c) for c in header]
    for rec in rows[start + 1:]:
        if len(rec) < 4 or rec[1] not in ECONOMIES or rec[3] not in codes:
            continue
        for year, text in zip(years[4:], rec[4:]):
            if year is not None and not missing(text):
                yield rec[1], rec[3], year, text


def by_m49():
    return {m49: iso3 for iso3, m49 in ECONOMIES.items()}


def read_unctad_lsci(path):
    """UNCTADstat US.LSCI, quarterly: the yearly value is the mean of the
    year's four quarters (a year with a quarter missing is left out). The
    mean is exact: the quarterly values have five decimals, so their
    quarter has at most seven."""
    iso3 = by_m49()
    quarters = {}
    with open_csv(path) as f:
        for rec in csv.DictReader(f):
            e = iso3.get(rec["Economy"])
            text = rec["Index (Average Q1 2023 = 100)"]
            if e is None or missing(text):
                continue
            year, q = rec["Quarter"].split("Q")
            quarters.setdefault((e, int(year)), {})[q] = decimal.Decimal(text)
    for (e, year), values in sorted(quarters.items()):
        if len(values) != 4:
            continue
        mean = sum(values.values()) / 4
        text = format(mean.normalize(), "f") if mean != mean.to_integral() else str(int(mean))
        yield e, "US.LSCI", year, text


def read_unctad_annual(path, code, column, market=None):
    """UNCTADstat annual table: a row per year and economy (and, in the port
    call statistics, per market segment, of which MARKET is kept)."""
    iso3 = by_m49()
    with open_csv(path) as f:
        for rec in csv.DictReader(f):
            e = iso3.get(rec["Economy"])
            text = rec[column]
            if e is None or missing(text):
                continue
            if market is not None and rec["CommercialMarket Label"] != market:
                continue
            yield e, code, int(rec["Year"]), text


# How each file is read: file -> function(path, codes) yielding
# (iso3, series code, year, text).
READERS = {
    LPI_DATABANK: read_databank_series_columns,
    WDI_TIME_ROWS: read_databank_time_rows,
    WDI_INTERNET: read_wb_api,
    WDI_RND: read_wb_api,
    UNCTAD_LSCI: lambda path, codes: read_unctad_lsci(path),
    UNCTAD_TEU: lambda path, codes: read_unctad_annual(
        path, "US.ContPortThroughput", "TEU (Twenty foot Equivalent Unit)"),
    UNCTAD_CALLS: lambda path, codes: read_unctad_annual(
        path, "US.PortCalls", "Median time in port (days)", market="Container ships"),
}


def note_for(note, year):
    if note == "lpi":
        return NOTE_LPI.format(year)
    if note == "wdi2022":
        return NOTE_WDI_2022
    return note


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--rules", default=os.path.join(HERE, "..", "rules"))
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "member-states.csv"))
    args = ap.parse_args()

    cat = Catalogue(args.rules)
    rows = []
    files = {}
    for file, code, ind, unit, note in SERIES:
        cat.check(ind, unit)
        files.setdefault(file, {})[code] = (ind, note)
    for file, codes in files.items():
        for entity, code, year, text in READERS[file](os.path.join(args.data, file), codes):
            ind, note = codes[code]
            if not cat.current(ind, year):
                continue
            evidence = wb_evidence(code) if not code.startswith("US.") else unctad_evidence(code)
            rows.append((entity, ind, year, fmt(text, cat.type[ind]), cat.unit[ind],
                         evidence, note_for(note, year)))
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
