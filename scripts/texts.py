#!/usr/bin/env python3
"""Adds or replaces UI texts in a resource pair (NAME.resx = English, NAME.de.resx = German).

Usage: scripts/texts.py src/Planwerk/Infrastructure/Web/Text < lines.tsv
Each input line: key<TAB>English<TAB>German. The .resx files stay the source of truth; this only
saves typing XML. Keys are kept sorted so that merges stay small.
"""
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''


def read(path):
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        return {}
    return {d.get('name'): (d.findtext('value') or '') for d in root.findall('data')}


def write(path, texts):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        for key in sorted(texts, key=str.lower):
            f.write(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(texts[key])}</value></data>\n')
        f.write('</root>\n')


def main():
    base = sys.argv[1]
    en, de = read(base + '.resx'), read(base + '.de.resx')
    for line in sys.stdin:
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        parts = line.split('\t')
        if len(parts) != 3:
            sys.exit(f'texts.py: expected key<TAB>en<TAB>de, got: {line!r}')
        key, e, d = parts
        en[key], de[key] = e, d
    write(base + '.resx', en)
    write(base + '.de.resx', de)


if __name__ == '__main__':
    main()
