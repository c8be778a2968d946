// Package numbering numbers houses by Circular 08/2024/TT-BXD: it orients
// streets and alleys by the Circular's direction rules, locates each house
// on its street's centreline, numbers odd on the left and even on the
// right, names alleys after the house before their entrance (130/20/2),
// letters housing groups (A10), keeps numbers stable as houses are added
// (20A, 20-1), and audits the numbers already on the walls.
//
// A [Numberer] is built once from the streets ([New], each a [Street]) and
// is then immutable and safe for concurrent use: [Numberer.Assign] numbers
// houses and lots (each a [Frontage]) into a [Result], [Numberer.Renumber]
// plans a full renumbering, and [Numberer.Audit] checks existing numbers
// ([Numbered]) into a [Report], each [Finding] with its [finding.Reason].
// [NumberFlats] numbers the flats of an apartment building; address/osm
// reads the streets and numbers of an OpenStreetMap file for an audit.
// [Options] tune the numbering: the infill style and metric reservation.
//
// Results are deterministic: the same input gives the same numbers, in the
// same order, whatever the number of cores. The rules as decided (direction,
// sides, corners, growth, alleys, groups, apartments) are in the
// [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressnumbering
package numbering
