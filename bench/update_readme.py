#!/usr/bin/env python3
"""Put the latest peers table into bench/README.md between the LOAD markers."""
import sys, datetime, pathlib

results, readme = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
begin, end = "<!-- LOAD:BEGIN -->", "<!-- LOAD:END -->"
table = results.read_text()
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
block = f"{begin}\n_Run of {stamp} (bench/load.sh)._\n\n{table}\n{end}"
text = readme.read_text() if readme.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = head + block + tail
else:
    text += "\n" + block + "\n"
readme.write_text(text)
