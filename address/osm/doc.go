// Package osm reads an OpenStreetMap XML file into what the audit of
// house numbers needs: the named streets and alleys as [numbering.Street]
// values (ways of one name joined into chains, a dual carriageway merged
// into its middle line, an alley given its number and its parent street)
// and every addressed node or way as a [numbering.Numbered] house matched
// to the nearest chain of the street it names.
//
// [Read] reads a file within fixed limits into a [Data]; what it reads but
// cannot use as given (a way referencing a node the extract lacks, an
// element given twice) is listed for the caller to report, each missing
// node as a [MissingNode]. A file it cannot read gives an error wrapping
// [ErrInvalid], never a panic.
//
// Why the reader is diachi's own rather than a general OpenStreetMap
// library, and the rules it reads by, are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressosm
package osm
